using System.Globalization;

namespace DualHub.Hub.WebConsole.Html;

/// <summary>Human forms of the figures the console shows: sizes, durations, times.</summary>
internal static class Units
{
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var i = 0;
        while (Math.Abs(bytes) >= 1024 && i < units.Length - 1)
        {
            bytes /= 1024;
            i++;
        }

        return bytes.ToString(i == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " " + units[i];
    }

    public static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1))
        {
            return Math.Round(d.TotalMilliseconds, 1).ToString(CultureInfo.InvariantCulture) + " ms";
        }

        if (d < TimeSpan.FromMinutes(1))
        {
            return d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
        }

        if (d < TimeSpan.FromHours(1))
        {
            return $"{(int)d.TotalMinutes}m {d.Seconds}s";
        }

        return d < TimeSpan.FromDays(2) ? $"{(int)d.TotalHours}h {d.Minutes}m" : $"{(int)d.TotalDays}d {d.Hours}h";
    }

    public static string Seconds(double seconds) => Duration(TimeSpan.FromSeconds(Math.Max(0, seconds)));

    /// <summary>UTC time to the second, ISO style.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string TimeFromNanos(long unixNanos) =>
        unixNanos <= 0 ? "never" : Time(DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100));

    /// <summary>"12 s ago" style, from <paramref name="now"/>.</summary>
    public static string Ago(DateTimeOffset? t, DateTimeOffset now) => t is { } v ? Duration(now - v) + " ago" : "never";
}
