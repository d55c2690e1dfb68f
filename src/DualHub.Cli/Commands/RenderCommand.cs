using System.CommandLine;
using DualHub.Cli.Render;
using DualHub.Cli.Up;
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
        var retention = new Option<string>("--store-retention") { Description = $"How long the store on MainPC (VictoriaMetrics single node) keeps samples (default {UpStore.DefaultRetention}).", DefaultValueFactory = _ => UpStore.DefaultRetention };
        var writeUrl = new Option<string?>("--store-write-url") { Description = "Another store instead of the single node on MainPC: its remote-write URL (with --store-query-url)." };
        var queryUrl = new Option<string?>("--store-query-url") { Description = "Another store's Prometheus query API base, the part before /api/v1/... (with --store-write-url)." };
        var vminsert = new Option<string?>("--vminsert") { Description = "A VictoriaMetrics cluster as the store: vminsert's base URL, e.g. http://HOST:8480 (with --vmselect)." };
        var vmselect = new Option<string?>("--vmselect") { Description = "The cluster's vmselect base URL, e.g. http://HOST:8481 (with --vminsert)." };
        var tenant = new Option<string>("--vm-tenant") { Description = "The cluster tenant CentralHub writes and queries: ACCOUNT or ACCOUNT:PROJECT (default 0).", DefaultValueFactory = _ => "0" };
        var secure = new Option<bool>("--secure") { Description = $"Generate a CA, certificates and passwords once into DIR/{SecureDeployment.FolderName} (installed as {SecureDeployment.InstallDirectory}) and render TLS with client certificates and basic auth on every hub, agent health port and NATS port, and every client with the CA and credentials (docs/security.md)." };
        var secureDays = new Option<int>("--secure-days") { Description = "With --secure: how many days the generated certificates are valid (default 365).", DefaultValueFactory = _ => 365 };
        var cmd = new Command("render", $"Render per-machine configs: hub YAMLs, NATS confs, agent YAMLs, the store, vmalert and Alertmanager on MainPC, systemd units, docker-compose.yml and its Dockerfile (installed configs go to {DeploymentRenderer.ConfigDirectory}, state to {DeploymentRenderer.DataRoot}).")
        {
            topology, output, force, executable, retention, writeUrl, queryUrl, vminsert, vmselect, tenant, secure, secureDays,
        };
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
                var store = StoreSelection.From(parse.GetValue(writeUrl), parse.GetValue(queryUrl), parse.GetValue(vminsert), parse.GetValue(vmselect), parse.GetValue(tenant)!, parse.GetValue(retention)!);
                if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any() && !parse.GetValue(force))
                {
                    Console.Error.WriteLine($"dualhub render: {outDir} is not empty; use --force to write into it");
                    return 2;
                }

                // The material first: the NATS confs hold its password's hash (and the edge's leafnode URL the password).
                var days = parse.GetValue(secureDays);
                if (days is < 1 or > 3650)
                {
                    Console.Error.WriteLine($"dualhub render: --secure-days {days} is not between 1 and 3650");
                    return 2;
                }

                var material = parse.GetValue(secure) ? SecureDeployment.Create(Path.Combine(outDir, SecureDeployment.FolderName), nats, TimeProvider.System, TimeSpan.FromDays(days)) : null;
                var files = DeploymentRenderer.Render(nats, exec, store, material);
                foreach (var f in files)
                {
                    var dir = Path.Combine(outDir, f.Machine);
                    Directory.CreateDirectory(dir);
                    Write(Path.Combine(dir, f.Name), f);
                }

                foreach (var machine in files.GroupBy(f => f.Machine))
                {
                    Console.WriteLine($"{Path.Combine(outDir, machine.Key)}: {string.Join(' ', machine.Select(f => f.Name))}");
                }

                Console.WriteLine($"{files.Count} files; on each machine copy *.yml, *.yaml and *.conf to {DeploymentRenderer.ConfigDirectory}, *.service to /etc/systemd/system (or copy the native dualhub and libe_sqlite3.so into the directory and run docker-compose up -d --build there)");
                if (material is not null)
                {
                    Console.WriteLine(material.InstallStep(outDir));
                }

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

    private static void Write(string path, RenderedFile file)
    {
        if (!file.Private)
        {
            File.WriteAllText(path, file.Content);
            return;
        }

        DualHub.Core.Security.ThrowawayPki.WritePrivate(path, file.Content);
        if (!OperatingSystem.IsWindows())
        {
            // --force over an older file: the mode of a file that already existed is not set by its creation.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
