using System.Globalization;

namespace DualHub.Agents.Linux;

/// <summary>Per-interface received and transmitted bytes from /proc/net/dev.</summary>
internal static class NetDev
{
    public static List<(string Device, ulong Received, ulong Transmitted)> Read(string path)
    {
        try
        {
            return Parse(File.ReadLines(path));
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    public static List<(string Device, ulong Received, ulong Transmitted)> Parse(IEnumerable<string> lines)
    {
        var result = new List<(string, ulong, ulong)>();
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 9
                && ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rx)
                && ulong.TryParse(fields[8], NumberStyles.None, CultureInfo.InvariantCulture, out var tx))
            {
                result.Add((line[..colon].Trim(), rx, tx));
            }
        }

        return result;
    }
}
