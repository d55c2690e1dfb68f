using System.CommandLine;
using DualHub.Cli.Render;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub render [--topology FILE] --out DIR</c>: the deployment's files, one directory per machine.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var topology = new Option<FileInfo?>("--topology") { Description = "Topology file (YAML with a 'nats:' section, e.g. deploy/nats/topology.yaml): each machine's host and NATS layout. Default: the plan's leaf pair on 127.0.0.1." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write (one subdirectory per machine); must be empty or missing unless --force.", Required = true };
        var force = new Option<bool>("--force") { Description = "Write into a non-empty --out, replacing files of the same names." };
        var executable = new Option<string>("--exec") { Description = $"Absolute path of dualhub on the machines, for the systemd units (default {DeploymentRenderer.DefaultExecutable}).", DefaultValueFactory = _ => DeploymentRenderer.DefaultExecutable };
        var cmd = new Command("render", $"Render per-machine configs: hub YAMLs, NATS confs, agent YAMLs, systemd units, docker-compose.yml and its Dockerfile (installed configs go to {DeploymentRenderer.ConfigDirectory}, state to {DeploymentRenderer.DataRoot}).") { topology, output, force, executable };
        cmd.SetAction(parse =>
        {
            var outDir = parse.GetValue(output)!.FullName;
            var exec = parse.GetValue(executable)!;
            try
            {
                if (!Path.IsPathFullyQualified(exec) || exec.Any(char.IsWhiteSpace))
                {
                    Console.Error.WriteLine($"dualhub render: --exec '{exec}' must be an absolute path without spaces");
                    return 2;
                }

                var file = parse.GetValue(topology);
                var nats = file is null ? DeploymentRenderer.DefaultNats() : NatsTopologyLoader.LoadFile(file.FullName);
                var files = DeploymentRenderer.Render(nats, exec);
                if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any() && !parse.GetValue(force))
                {
                    Console.Error.WriteLine($"dualhub render: {outDir} is not empty; use --force to write into it");
                    return 2;
                }

                foreach (var f in files)
                {
                    var dir = Path.Combine(outDir, f.Machine);
                    Directory.CreateDirectory(dir);
                    File.WriteAllText(Path.Combine(dir, f.Name), f.Content);
                }

                foreach (var machine in files.GroupBy(f => f.Machine))
                {
                    Console.WriteLine($"{Path.Combine(outDir, machine.Key)}: {string.Join(' ', machine.Select(f => f.Name))}");
                }

                Console.WriteLine($"{files.Count} files; on each machine copy *.yml, *.yaml and *.conf to {DeploymentRenderer.ConfigDirectory}, *.service to /etc/systemd/system (or copy the native dualhub and libe_sqlite3.so into the directory and run docker-compose up -d --build there)");
                return 0;
            }
            catch (Exception ex) when (ex is NatsTopologyException or InvalidOperationException or IOException or UnauthorizedAccessException or DualHub.Client.Options.AgentConfigException)
            {
                Console.Error.WriteLine($"dualhub render: {ex.Message}");
                return 2;
            }
        });
        return cmd;
    }
}
