using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace DualHub.IntegrationTests.Nats;

/// <summary>
/// A network namespace for the edge server with two veth links to the host: A carries clients, B the leafnode link.
/// <see cref="Cut"/> downs B only, so both servers and their clients keep running while the machines are apart.
/// </summary>
internal sealed class NetnsPartition : IDisposable
{
    private static readonly Lazy<string?> Probe = new(ProbeUnavailable);
    private static readonly Lazy<string?> NetemProbe = new(ProbeNetemUnavailable);

    private readonly string _hostA;
    private readonly string _peerA;
    private readonly string _hostB;

    private NetnsPartition(string id, int second, int third)
    {
        Namespace = "dh" + id;
        _hostA = "dhA" + id;
        _peerA = "dnA" + id;
        _hostB = "dhB" + id;
        var prefix = string.Create(CultureInfo.InvariantCulture, $"10.{second}.{third}.");
        HostSideB = prefix + "5";
        EdgeAddress = prefix + "2";
        try
        {
            Ip("netns", "add", Namespace);
            Link(_hostA, _peerA, prefix + "1", prefix + "2");
            Link(_hostB, "dnB" + id, prefix + "5", prefix + "6");
            Ip("netns", "exec", Namespace, "ip", "link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why partition tests cannot run here, or null.</summary>
    public static string? UnavailableReason => Probe.Value;

    /// <summary>Why <see cref="Impair"/> cannot work here (no namespaces, or a kernel without the netem qdisc), or null.</summary>
    public static string? NetemUnavailableReason => Probe.Value ?? NetemProbe.Value;

    public string Namespace { get; }

    /// <summary>The edge's address on the client link.</summary>
    public string EdgeAddress { get; }

    /// <summary>The host's address on the leafnode link (the hub's leafnode listener binds here).</summary>
    public string HostSideB { get; }

    public static NetnsPartition Create()
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        return new NetnsPartition(id, 200 + RandomNumberGenerator.GetInt32(50), RandomNumberGenerator.GetInt32(256));
    }

    /// <summary>Both ends of the client link through <c>tc netem</c> (e.g. <c>delay 100ms 20ms loss 5%</c>): each way slow and lossy.</summary>
    public void Impair(params string[] netem)
    {
        Run("tc", ["qdisc", "add", "dev", _hostA, "root", "netem", .. netem], "tc");
        Run("ip", ["netns", "exec", Namespace, "tc", "qdisc", "add", "dev", _peerA, "root", "netem", .. netem], "tc");
    }

    public void Cut() => Ip("link", "set", _hostB, "down");

    public void Heal() => Ip("link", "set", _hostB, "up");

    public void Dispose()
    {
        TryIp("link", "del", _hostA);
        TryIp("link", "del", _hostB);
        TryIp("netns", "del", Namespace);
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

        var name = "dhprobe" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var (code, output) = Run("ip", "netns", "add", name);
        if (code != 0)
        {
            return $"`ip netns add` failed here: {output.Trim()}";
        }

        Run("ip", "netns", "del", name);
        return null;
    }

    private static string? ProbeNetemUnavailable()
    {
        var name = "dhnetem" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        Run("ip", "netns", "add", name);
        try
        {
            var (code, output) = Run("ip", "netns", "exec", name, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms");
            return code == 0 ? null : $"`tc qdisc add ... netem` failed here (a kernel without sch_netem?): {output.Trim()}";
        }
        finally
        {
            Run("ip", "netns", "del", name);
        }
    }

    private void Link(string host, string peer, string hostAddress, string peerAddress)
    {
        Ip("link", "add", host, "type", "veth", "peer", "name", peer);
        Ip("link", "set", peer, "netns", Namespace);
        Ip("addr", "add", hostAddress + "/30", "dev", host);
        Ip("link", "set", host, "up");
        Ip("netns", "exec", Namespace, "ip", "addr", "add", peerAddress + "/30", "dev", peer);
        Ip("netns", "exec", Namespace, "ip", "link", "set", peer, "up");
    }

    private static void Ip(params string[] args) => Run("ip", args, "ip");

    private static void Run(string file, string[] args, string what)
    {
        var (code, output) = Run(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{what} {string.Join(' ', args)} failed ({code}): {output}");
        }
    }

    private static void TryIp(params string[] args) => Run("ip", args);

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}

/// <summary>A fact that is skipped, with the reason, where network namespaces are not available.</summary>
internal sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (NetnsPartition.UnavailableReason is { } reason)
        {
            Skip = "partition test skipped: " + reason;
        }
    }
}
