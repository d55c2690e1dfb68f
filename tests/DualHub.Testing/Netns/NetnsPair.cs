using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace DualHub.Testing.Netns;

/// <summary>
/// Two machines as network namespaces, A and B, joined by one veth pair (the link between the machines), each with a
/// second veth pair to the test's own namespace (the test's way in, never cut) and a route to the other end, so the
/// test reaches every address the machines listen on. Nothing else: no default route, so the machines reach only each
/// other and themselves. <see cref="Partition"/> takes the link down at both ends; <see cref="Impair"/> slows it (tc netem). Namespaces are named
/// <c>dhx-PID-ID-a|b</c>: <see cref="SweepStale"/> (run by <see cref="Create"/>) deletes those of dead test processes,
/// killing what still runs in them, so a crashed run leaves nothing behind for long.
/// </summary>
public sealed class NetnsPair : IDisposable
{
    public const string Prefix = "dhx-";

    private const string LinkA = "dhlink-a";
    private const string LinkB = "dhlink-b";
    private const string MgmtInside = "dhmgmt";
    private static readonly Lazy<string?> Probe = new(ProbeUnavailable);

    private readonly string _mgmtA;
    private readonly string _mgmtB;
    private readonly Lazy<string?> _netemProbe;
    private string _linkQdisc = string.Empty;

    private NetnsPair(string id, int second, int third)
    {
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        NamespaceA = $"{Prefix}{pid}-{id}-a";
        NamespaceB = $"{Prefix}{pid}-{id}-b";
        _mgmtA = "dhma" + id;
        _mgmtB = "dhmb" + id;
        var net = string.Create(CultureInfo.InvariantCulture, $"10.{second}.{third}.");
        AddressA = net + "1";
        AddressB = net + "2";
        _netemProbe = new Lazy<string?>(ProbeNetem);
        try
        {
            Ip("netns", "add", NamespaceA);
            Ip("netns", "add", NamespaceB);
            InNamespace(NamespaceA, "ip", "link", "set", "lo", "up");
            InNamespace(NamespaceB, "ip", "link", "set", "lo", "up");

            // The link between the machines: one /30, no other route.
            Ip("link", "add", LinkA, "netns", NamespaceA, "type", "veth", "peer", "name", LinkB, "netns", NamespaceB);
            InNamespace(NamespaceA, "ip", "addr", "add", AddressA + "/30", "dev", LinkA);
            InNamespace(NamespaceB, "ip", "addr", "add", AddressB + "/30", "dev", LinkB);
            InNamespace(NamespaceA, "ip", "link", "set", LinkA, "up");
            InNamespace(NamespaceB, "ip", "link", "set", LinkB, "up");

            // The test's way in: a /30 to each machine and a host route to the machine's link address through it.
            Management(NamespaceA, _mgmtA, net + "5", net + "6", AddressA);
            Management(NamespaceB, _mgmtB, net + "9", net + "10", AddressB);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why namespaces cannot be used here (not Linux, not root, no <c>ip</c> or <c>tc</c>), or null.</summary>
    public static string? UnavailableReason => Probe.Value;

    public string NamespaceA { get; }

    public string NamespaceB { get; }

    /// <summary>Machine A's address on the link (what it listens on and B dials).</summary>
    public string AddressA { get; }

    /// <summary>Machine B's address on the link.</summary>
    public string AddressB { get; }

    /// <summary>A pair with addresses in 10.200-249.x.0/28; sweeps what crashed runs left first.</summary>
    public static NetnsPair Create()
    {
        SweepStale();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();
        return new NetnsPair(id, 200 + RandomNumberGenerator.GetInt32(50), RandomNumberGenerator.GetInt32(256));
    }

    /// <summary>
    /// The command line that runs <paramref name="command"/> inside <paramref name="ns"/> (same pid: <c>ip netns exec</c>
    /// execs it). No <c>setpriv --pdeathsig</c>: the signal follows the thread that started the child, and a .NET
    /// thread-pool thread may retire while the test runs; what a crashed run leaves is killed by <see cref="SweepStale"/>.
    /// </summary>
    public static string[] Exec(string ns, IEnumerable<string> command) => ["ip", "netns", "exec", ns, .. command];

    /// <summary>
    /// Why <see cref="Impair"/> cannot run here (the kernel has no netem qdisc, e.g. a VM kernel without sch_netem), or null.
    /// </summary>
    public string? NetemUnavailableReason => _netemProbe.Value;

    /// <summary>
    /// Both ends of the link down until <see cref="Heal"/>, as if the cable were pulled at both machines: nothing
    /// crosses, open connections stay open (their packets go nowhere), new ones fail.
    /// </summary>
    public void Partition()
    {
        InNamespace(NamespaceA, "ip", "link", "set", LinkA, "down");
        InNamespace(NamespaceB, "ip", "link", "set", LinkB, "down");
    }

    /// <summary>The link up again, without impairment.</summary>
    public void Heal()
    {
        if (_linkQdisc.Length > 0)
        {
            InNamespace(NamespaceA, "tc", "qdisc", "del", "dev", LinkA, "root");
            InNamespace(NamespaceB, "tc", "qdisc", "del", "dev", LinkB, "root");
            _linkQdisc = string.Empty;
        }

        InNamespace(NamespaceA, "ip", "link", "set", LinkA, "up");
        InNamespace(NamespaceB, "ip", "link", "set", LinkB, "up");
    }

    /// <summary>A netem impairment on both ends, e.g. <c>delay 100ms 20ms loss 5%</c>; see <see cref="NetemUnavailableReason"/>.</summary>
    public void Impair(params string[] netem) => SetLink(netem);

    /// <summary>Every pid in <paramref name="ns"/> (what <c>ip netns pids</c> lists).</summary>
    public static IReadOnlyList<int> Pids(string ns)
    {
        var (_, output) = Run("ip", "netns", "pids", ns);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).Where(p => p > 0)];
    }

    /// <summary>Deletes namespaces named by <see cref="Prefix"/> whose test process is gone, killing what runs in them.</summary>
    public static void SweepStale()
    {
        var (code, output) = Run("ip", "netns", "list");
        if (code != 0)
        {
            return;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var pidText = name[Prefix.Length..].Split('-')[0];
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                Delete(name);
            }
        }
    }

    public void Dispose()
    {
        Delete(NamespaceA);
        Delete(NamespaceB);
        Run("ip", "link", "del", _mgmtA);
        Run("ip", "link", "del", _mgmtB);
    }

    private static void Delete(string ns)
    {
        foreach (var pid in Pids(ns))
        {
            Run("kill", "-9", pid.ToString(CultureInfo.InvariantCulture));
        }

        Run("ip", "netns", "del", ns);
    }

    private void SetLink(params string[] netem)
    {
        var verb = _linkQdisc.Length > 0 ? "change" : "add";
        InNamespace(NamespaceA, ["tc", "qdisc", verb, "dev", LinkA, "root", "netem", .. netem]);
        InNamespace(NamespaceB, ["tc", "qdisc", verb, "dev", LinkB, "root", "netem", .. netem]);
        _linkQdisc = string.Join(' ', netem);
    }

    // On the test's own management link, which nothing else uses.
    private string? ProbeNetem()
    {
        var (code, output) = Run("ip", "netns", "exec", NamespaceA, "tc", "qdisc", "add", "dev", MgmtInside, "root", "netem", "delay", "1ms");
        if (code != 0)
        {
            return $"`tc qdisc add ... netem` fails here: {output.Trim()}";
        }

        Run("ip", "netns", "exec", NamespaceA, "tc", "qdisc", "del", "dev", MgmtInside, "root");
        return null;
    }

    private static void Management(string ns, string outside, string outsideAddress, string insideAddress, string linkAddress)
    {
        Ip("link", "add", outside, "type", "veth", "peer", "name", MgmtInside, "netns", ns);
        Ip("addr", "add", outsideAddress + "/30", "dev", outside);
        Ip("link", "set", outside, "up");
        InNamespace(ns, "ip", "addr", "add", insideAddress + "/30", "dev", MgmtInside);
        InNamespace(ns, "ip", "link", "set", MgmtInside, "up");
        Ip("route", "add", linkAddress + "/32", "via", insideAddress);
    }

    private static string? ProbeUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (Environment.UserName != "root")
        {
            return $"`ip netns add` needs root (running as {Environment.UserName})";
        }

        foreach (var tool in new[] { "/usr/sbin/ip", "/usr/sbin/tc" })
        {
            if (!File.Exists(tool) && !File.Exists("/sbin/" + Path.GetFileName(tool)) && !File.Exists("/bin/" + Path.GetFileName(tool)))
            {
                return $"{Path.GetFileName(tool)} is not installed (Debian iproute2; ./test.sh installs it)";
            }
        }

        var name = $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-probe";
        var (code, output) = Run("ip", "netns", "add", name);
        if (code != 0)
        {
            return $"`ip netns add` failed here: {output.Trim()}";
        }

        Run("ip", "netns", "del", name);
        return null;
    }

    private static void InNamespace(string ns, params string[] command) => Ip(["netns", "exec", ns, .. command]);

    private static void Ip(params string[] args)
    {
        var (code, output) = Run("ip", args);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({code}): {output}");
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd() + stderr.GetAwaiter().GetResult();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
