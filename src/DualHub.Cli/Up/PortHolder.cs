using System.Globalization;

namespace DualHub.Cli.Up;

/// <summary>
/// Which process listens on a TCP port, read from /proc (Linux), so "port in use" can name a server left over from
/// an earlier run. Best effort: null when unknown (another OS, another user's process, or it exited meanwhile).
/// </summary>
internal static class PortHolder
{
    private const string Listen = "0A";

    /// <summary>"pid 1234 nats-server", or null.</summary>
    public static string? Describe(int port)
    {
        var inodes = ListeningInodes(port);
        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var dir in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            foreach (var fd in SafeEnumerate(Path.Combine(dir, "fd")))
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                {
                    return $"pid {pid.ToString(CultureInfo.InvariantCulture)} {Command(dir)}";
                }
            }
        }

        return null;
    }

    // /proc/net/tcp{,6}: "sl local_address rem_address st ... uid timeout inode"; the port is the hex after ':'.
    private static HashSet<string> ListeningInodes(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(table);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var line in lines.Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == Listen
                    && int.TryParse(f[1].AsSpan(f[1].LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p)
                    && p == port && f[9] != "0")
                {
                    inodes.Add(f[9]);
                }
            }
        }

        return inodes;
    }

    private static string Command(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "comm")).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "(unknown command)";
        }
    }

    private static string[] SafeEnumerate(string directory)
    {
        try
        {
            return Directory.GetFileSystemEntries(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
