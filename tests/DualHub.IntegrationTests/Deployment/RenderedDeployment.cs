using DualHub.Testing;
using DualHub.Testing.Netns;

namespace DualHub.IntegrationTests.Deployment;

/// <summary>
/// What <c>dualhub render --topology</c> writes for MainPC (namespace A) and PC2 (namespace B), with
/// <c>/etc/dualhub</c> and <c>/var/lib/dualhub</c> moved into a temp directory per machine, run the way systemd runs
/// the units: each unit's <c>ExecStart</c> word for word inside its machine's namespace, in <c>After=</c> order, a
/// oneshot unit retried until it succeeds before the units after it start. With <c>--secure</c> the generated folder
/// is installed on each machine as the install step says (<c>/etc/dualhub/secure</c>, moved like the rest).
/// </summary>
internal sealed class RenderedDeployment : IAsyncDisposable
{
    private static readonly TimeSpan OneShotDeadline = TimeSpan.FromSeconds(90);
    private readonly Dictionary<(string Machine, string Unit), ExternalProcess> _running = [];
    private readonly Dictionary<string, string> _namespaces;

    private RenderedDeployment(string directory, Dictionary<string, string> namespaces, Dictionary<string, IReadOnlyList<RenderedUnit>> units)
    {
        Directory = directory;
        _namespaces = namespaces;
        Units = units;
    }

    public string Directory { get; }

    /// <summary>Each machine's units in start order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RenderedUnit>> Units { get; }

    /// <summary>Renders the deployment for the pair's addresses: MainPC on A, PC2 on B (<paramref name="secure"/>: <c>render --secure</c>).</summary>
    public static async Task<RenderedDeployment> RenderAsync(NetnsPair pair, string directory, bool secure = false)
    {
        var exec = Path.Combine(directory, "bin", "dualhub");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(exec)!);
        var target = DualHubProcess.Native is { } native ? $"'{native}'" : $"dotnet '{DualHubProcess.Dll}'";
        await File.WriteAllTextAsync(exec, $"#!/bin/sh\nexec {target} \"$@\"\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(exec, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var topology = Path.Combine(directory, "topology.yaml");
        await File.WriteAllTextAsync(topology, $$"""
            nats:
              topology: leaf
              nodes:
                - { name: mainpc, host: {{pair.AddressA}}, client_port: 4222, monitor_port: 8222, leaf_port: 7422, store_dir: /var/lib/dualhub/nats/mainpc, role: central }
                - { name: pc2, host: {{pair.AddressB}}, client_port: 4223, monitor_port: 8223, leaf_hub: mainpc, store_dir: /var/lib/dualhub/nats/pc2, role: edge }
            """);
        var rendered = Path.Combine(directory, "rendered");
        string[] render = ["render", "--topology", topology, "--out", rendered, "--exec", exec];
        var (code, output) = await DualHubProcess.RunAsync(secure ? [.. render, "--secure"] : render, TimeSpan.FromSeconds(120));
        if (code != 0)
        {
            throw new InvalidOperationException($"dualhub render failed ({code}): {output}");
        }

        var namespaces = new Dictionary<string, string> { ["mainpc"] = pair.NamespaceA, ["pc2"] = pair.NamespaceB };
        var units = new Dictionary<string, IReadOnlyList<RenderedUnit>>();
        foreach (var machine in namespaces.Keys)
        {
            var etc = Path.Combine(directory, machine, "etc");
            var state = Path.Combine(directory, machine, "var");
            System.IO.Directory.CreateDirectory(etc);
            System.IO.Directory.CreateDirectory(state);
            foreach (var file in System.IO.Directory.GetFiles(Path.Combine(rendered, machine)))
            {
                var text = (await File.ReadAllTextAsync(file)).Replace("/etc/dualhub", etc, StringComparison.Ordinal).Replace("/var/lib/dualhub", state, StringComparison.Ordinal);
                await File.WriteAllTextAsync(Path.Combine(etc, Path.GetFileName(file)), text);
            }

            if (secure)
            {
                CopyTree(Path.Combine(rendered, "secure"), Path.Combine(etc, "secure"));
            }

            units[machine] = InStartOrder(System.IO.Directory.GetFiles(etc, "dualhub-*.service").Select(RenderedUnit.Parse).ToList());
        }

        return new RenderedDeployment(directory, namespaces, units);
    }

    /// <summary>The config directory of a machine (what <c>/etc/dualhub</c> became).</summary>
    public string EtcOf(string machine) => Path.Combine(Directory, machine, "etc");

    /// <summary>The state directory of a machine (what <c>/var/lib/dualhub</c> became).</summary>
    public string StateOf(string machine) => Path.Combine(Directory, machine, "var");

    /// <summary>Boots a machine: every unit not running, in order.</summary>
    public async Task StartAsync(string machine)
    {
        foreach (var unit in Units[machine])
        {
            await StartAsync(machine, unit.Name);
        }
    }

    /// <summary>Starts one unit (a oneshot runs to success first, retried as <c>Restart=on-failure</c> does).</summary>
    public async Task StartAsync(string machine, string unitName)
    {
        var unit = Units[machine].Single(u => u.Name == unitName);
        if (_running.TryGetValue((machine, unit.Name), out var old))
        {
            if (!old.HasExited)
            {
                return;
            }

            await old.DisposeAsync();
            _running.Remove((machine, unit.Name));
        }

        var command = NetnsPair.Exec(_namespaces[machine], unit.ExecStart);
        if (!unit.OneShot)
        {
            _running[(machine, unit.Name)] = ExternalProcess.Start(command[0], command[1..], Path.Combine(Directory, machine));
            return;
        }

        var outputs = new List<string>();
        await Poll.UntilAsync(
            async () =>
            {
                await using var p = ExternalProcess.Start(command[0], command[1..], Path.Combine(Directory, machine));
                await p.WaitForExitAsync();
                outputs.Add(p.Output);
                return p.ExitCode == 0;
            },
            OneShotDeadline,
            $"{machine} {unit.Name} to succeed (its outputs: {string.Join(" | ", outputs)})");
    }

    /// <summary>SIGKILLs the named units of a machine together (all of them when none is named), as a power loss does.</summary>
    public async Task KillAsync(string machine, params string[] unitNames)
    {
        var victims = _running.Where(r => r.Key.Machine == machine && (unitNames.Length == 0 || unitNames.Contains(r.Key.Unit))).ToList();
        foreach (var (_, p) in victims)
        {
            p.Signal(9);
        }

        foreach (var (key, p) in victims)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await p.WaitForExitAsync(cts.Token);
            await p.DisposeAsync();
            _running.Remove(key);
        }
    }

    /// <summary>Output of a running unit, for failure messages.</summary>
    public string OutputOf(string machine, string unitName) =>
        _running.TryGetValue((machine, unitName), out var p) ? p.Output : "(not running)";

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _running.Values)
        {
            await p.DisposeAsync();
        }

        _running.Clear();
    }

    // A copy keeping each file's mode (keys and passwords stay owner-only).
    private static void CopyTree(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var sub in System.IO.Directory.GetDirectories(from))
        {
            CopyTree(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    private static List<RenderedUnit> InStartOrder(List<RenderedUnit> units)
    {
        var ordered = new List<RenderedUnit>();
        while (units.Count > 0)
        {
            var next = units.Where(u => u.After.All(a => ordered.Any(o => o.Name == a) || units.All(x => x.Name != a))).OrderBy(u => u.Name, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new InvalidOperationException($"After= cycle among {string.Join(", ", units.Select(u => u.Name))}");
            ordered.Add(next);
            units.Remove(next);
        }

        return ordered;
    }
}
