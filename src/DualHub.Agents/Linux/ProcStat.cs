using System.Globalization;

namespace DualHub.Agents.Linux;

/// <summary>Reads the aggregate <c>cpu</c> line of /proc/stat: busy and total jiffies since boot.</summary>
internal static class ProcStat
{
    public static bool TryRead(string path, out ulong busy, out ulong total)
    {
        busy = total = 0;
        string? line;
        try
        {
            using var reader = new StreamReader(path);
            line = reader.ReadLine();
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        return TryParse(line, out busy, out total);
    }

    /// <summary>Parses <c>cpu user nice system idle iowait irq softirq steal ...</c>; idle and iowait are not busy.</summary>
    public static bool TryParse(string? line, out ulong busy, out ulong total)
    {
        busy = total = 0;
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return false;
        }

        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // guest and guest_nice (fields 9, 10) are already counted in user and nice
        for (var i = 1; i < fields.Length && i <= 8; i++)
        {
            if (!ulong.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                return false;
            }

            total += v;
            if (i != 4 && i != 5)
            {
                busy += v;
            }
        }

        return total > 0;
    }
}
