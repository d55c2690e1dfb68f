namespace DualHub.Nats.Supervision;

/// <summary>How servers are started and awaited.</summary>
public sealed class NatsSupervisorOptions
{
    /// <summary>nats-server executable; null = /usr/sbin/nats-server, /usr/bin/nats-server, then PATH.</summary>
    public string? ServerBinary { get; set; }

    /// <summary>Deadline for all servers of a topology to become healthy (default 30 s).</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Grace period between SIGTERM and SIGKILL on stop (default 10 s).</summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Servers get SIGKILL from the kernel when this process dies, even by SIGKILL (default true; needs util-linux
    /// <c>setpriv</c>, else a warning is logged and they are started plainly).
    /// </summary>
    public bool KillWithParent { get; set; } = true;

    /// <summary>
    /// Optional command that wraps a node's nats-server (e.g. <c>ip netns exec NS</c> for partition tests); it must exec the
    /// server so the process id stays the server's (and the parent-death signal, which exec keeps, reaches it). Null or empty = run the server directly.
    /// </summary>
    public Func<string, IReadOnlyList<string>>? LaunchPrefix { get; set; }

    /// <summary>Resolves <see cref="ServerBinary"/>; throws naming the places searched.</summary>
    public string ResolveBinary()
    {
        if (!string.IsNullOrEmpty(ServerBinary))
        {
            return File.Exists(ServerBinary) ? ServerBinary : throw new FileNotFoundException($"nats-server binary '{ServerBinary}' not found", ServerBinary);
        }

        var candidates = new List<string> { "/usr/sbin/nats-server", "/usr/bin/nats-server" };
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        candidates.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(p => Path.Combine(p, "nats-server")));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("nats-server not found in /usr/sbin, /usr/bin or PATH (Debian package: nats-server)");
    }
}
