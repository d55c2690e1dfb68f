using System.Globalization;

namespace DualHub.Hub.PrometheusConfig;

/// <summary>Byte sizes: a plain integer or one with a unit (KB, MB, GB, KiB, MiB, GiB).</summary>
public static class ByteSize
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        var i = 0;
        while (i < t.Length && char.IsAsciiDigit(t[i]))
        {
            i++;
        }

        if (i == 0 || !long.TryParse(t.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        long unit = t[i..].Trim() switch
        {
            "" or "B" => 1,
            "KB" => 1000,
            "MB" => 1000_000,
            "GB" => 1000_000_000,
            "KiB" => 1L << 10,
            "MiB" => 1L << 20,
            "GiB" => 1L << 30,
            _ => 0,
        };
        if (unit == 0 || n > long.MaxValue / unit)
        {
            return false;
        }

        bytes = n * unit;
        return true;
    }
}
