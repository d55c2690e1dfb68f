using System.Globalization;

namespace DualHub.Agents.Linux;

/// <summary>MemTotal and MemAvailable from /proc/meminfo, in bytes.</summary>
internal static class MemInfo
{
    public static bool TryRead(string path, out ulong total, out ulong available)
    {
        total = available = 0;
        try
        {
            return TryParse(File.ReadLines(path), out total, out available);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static bool TryParse(IEnumerable<string> lines, out ulong total, out ulong available)
    {
        total = available = 0;
        ulong free = 0, buffers = 0, cached = 0;
        var haveAvailable = false;
        foreach (var line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                continue;
            }

            var bytes = kb * 1024;
            switch (parts[0])
            {
                case "MemTotal:": total = bytes; break;
                case "MemAvailable:": available = bytes; haveAvailable = true; break;
                case "MemFree:": free = bytes; break;
                case "Buffers:": buffers = bytes; break;
                case "Cached:": cached = bytes; break;
            }
        }

        if (!haveAvailable)
        {
            available = free + buffers + cached; // kernels before 3.14
        }

        return total > 0;
    }
}
