using System.Globalization;

namespace DualHub.Testing;

/// <summary>Reads /proc (Linux) to find a process's children and see whether a process is gone.</summary>
public static class ProcessTable
{
    /// <summary>The processes whose parent is <paramref name="pid"/>, with their command names.</summary>
    public static IReadOnlyList<(int Pid, string Command)> ChildrenOf(int pid)
    {
        var children = new List<(int, string)>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && Stat(child) is { } s && s.Parent == pid)
            {
                children.Add((child, s.Command));
            }
        }

        return children;
    }

    /// <summary>True when <paramref name="pid"/> no longer runs: absent, or a zombie nobody has reaped yet.</summary>
    public static bool IsGone(int pid) => Stat(pid) is not { } s || s.State == 'Z';

    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split at the last ')'.
    private static (string Command, char State, int Parent)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        var rest = text[(close + 2)..].Split(' ');
        return (text[(open + 1)..close], rest[0][0], int.Parse(rest[1], CultureInfo.InvariantCulture));
    }
}
