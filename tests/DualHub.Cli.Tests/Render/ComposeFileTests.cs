using System.Text.Json;
using DualHub.Cli.Render;
using DualHub.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Cli.Tests.Render;

public sealed class ComposeFileTests
{
    [Fact]
    public void Compose_services_run_the_systemd_units_command_lines_in_their_order()
    {
        var dir = TempDir.Create();
        try
        {
            var files = DeploymentRenderer.Render(DeploymentRenderer.DefaultNats(), DeploymentRenderer.DefaultExecutable);
            Write(dir, files);

            foreach (var machine in new[] { "mainpc", "pc2" })
            {
                var services = Services(File.ReadAllText(Path.Combine(dir, machine, ComposeFile.FileName)));
                var units = Directory.GetFiles(Path.Combine(dir, machine), "*.service").ToDictionary(
                    f => Path.GetFileNameWithoutExtension(f)["dualhub-".Length..], f => File.ReadAllLines(f), StringComparer.Ordinal);
                Assert.Equal(units.Keys.Order(StringComparer.Ordinal), services.Keys.Order(StringComparer.Ordinal));

                foreach (var (name, unit) in units)
                {
                    var service = services[name];
                    var execStart = unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
                    Assert.Equal(execStart, Strings(service, "command"));

                    // depends_on: the unit's After= (the units of the same machine), in the same order.
                    var after = unit.Single(l => l.StartsWith("After=", StringComparison.Ordinal))["After=".Length..].Split(' ')
                        .Where(u => u != "network-online.target")
                        .Select(u => u["dualhub-".Length..^".service".Length]);
                    Assert.Equal(after, service.Children.ContainsKey("depends_on") ? Strings(service, "depends_on") : []);

                    Assert.Equal("host", Scalar(service, "network_mode"));
                    Assert.Equal("on-failure", Scalar(service, "restart"));
                    Assert.Equal(ComposeFile.Image, Scalar(service, "image"));
                    Assert.Equal(".", Scalar((YamlMappingNode)service["build"], "context"));
                    var volumes = ((YamlSequenceNode)service["volumes"]).Cast<YamlMappingNode>()
                        .Select(v => (Scalar(v, "type"), Scalar(v, "source"), Scalar(v, "target"), v.Children.ContainsKey("read_only") ? Scalar(v, "read_only") : "false"));
                    Assert.Equal([("bind", ".", "/etc/dualhub", "true"), ("volume", "state", "/var/lib/dualhub", "false")], volumes);
                }
            }

            // The edge machine starts its NATS server first, then applies its streams, then the hubs, then the agents.
            var pc2 = Services(File.ReadAllText(Path.Combine(dir, "pc2", ComposeFile.FileName)));
            Assert.Equal(["nats-pc2", "streams-pc2", "edge-hub", "pushgateway-pc2"], Strings(pc2["resource-manager"], "depends_on"));
            Assert.Equal(["/usr/sbin/nats-server", "-c", "/etc/dualhub/nats-pc2.conf"], Strings(pc2["nats-pc2"], "command"));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public void Compose_and_Dockerfile_keep_an_unusual_executable_path_one_literal_word()
    {
        // '$' would be expanded by docker-compose, '#' starts a YAML comment, '"' ends a quoted scalar.
        const string Exec = "/opt/a$HOME\"#x/dual-hub";
        var files = DeploymentRenderer.Render(DeploymentRenderer.DefaultNats(), Exec);

        var compose = files.Single(f => f.Machine == "pc2" && f.Name == ComposeFile.FileName).Content;
        Assert.Contains("\"/opt/a$$HOME\\\"#x/dual-hub\"", compose, StringComparison.Ordinal);
        var command = Strings(Services(compose)["edge-hub"], "command");
        Assert.Equal(["/opt/a$$HOME\"#x/dual-hub", "hub", "--config", "/etc/dualhub/edge-hub.yml"], command);

        // Every value is double-quoted, so a YAML 1.1 reader (docker-compose's PyYAML) cannot take one for a boolean.
        var stream = new YamlStream();
        stream.Load(new StringReader(compose));
        var values = stream.Documents[0].AllNodes.OfType<YamlScalarNode>().Where(n => n.Style == ScalarStyle.Plain).Select(n => n.Value);
        Assert.DoesNotContain(values, v => v is "host" or "on-failure" or "." or "/etc/dualhub");

        var dockerfile = files.Single(f => f.Machine == "pc2" && f.Name == ComposeFile.DockerfileName).Content.Split('\n');
        var copy = dockerfile.Single(l => l.StartsWith("COPY ", StringComparison.Ordinal));
        Assert.Equal(["dualhub", "libe_sqlite3.so", "/opt/a$HOME\"#x/"], JsonSerializer.Deserialize<string[]>(copy["COPY ".Length..])!);
        var move = dockerfile.Single(l => l.StartsWith("RUN [", StringComparison.Ordinal));
        Assert.Equal(["mv", "/opt/a$HOME\"#x/dualhub", Exec], JsonSerializer.Deserialize<string[]>(move["RUN ".Length..])!);
    }

    private static void Write(string dir, IEnumerable<RenderedFile> files)
    {
        foreach (var f in files)
        {
            Directory.CreateDirectory(Path.Combine(dir, f.Machine));
            File.WriteAllText(Path.Combine(dir, f.Machine, f.Name), f.Content);
        }
    }

    private static Dictionary<string, YamlMappingNode> Services(string compose)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(compose));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal("3.8", Scalar(root, "version"));
        return ((YamlMappingNode)root["services"]).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => (YamlMappingNode)kv.Value, StringComparer.Ordinal);
    }

    private static string Scalar(YamlMappingNode map, string key) => ((YamlScalarNode)map[key]).Value!;

    private static string[] Strings(YamlMappingNode map, string key) => [.. ((YamlSequenceNode)map[key]).Cast<YamlScalarNode>().Select(n => n.Value!)];
}
