using System.Diagnostics.Metrics;
using System.Text;

namespace DualHub.Client.Collection;

/// <summary>OpenTelemetry instrument names and units to Prometheus names (as the OTel Prometheus exporter does, simplified).</summary>
internal static class PrometheusNames
{
    public static string Metric(Instrument instrument, bool counter)
    {
        var name = Sanitize(instrument.Name, allowColon: true);
        var unit = UnitSuffix(instrument.Unit);
        if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal) && !(counter && name.EndsWith("_" + unit + "_total", StringComparison.Ordinal)))
        {
            name += "_" + unit;
        }

        if (counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    public static string Label(string name) => Sanitize(name, allowColon: false);

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => string.Empty,
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "%" => "percent",
        _ when unit.StartsWith('{') => string.Empty, // annotations like {request} carry no unit
        _ => Sanitize(unit, allowColon: false).Trim('_'),
    };

    private static string Sanitize(string name, bool allowColon)
    {
        var sb = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        if (sb.Length == 0 || char.IsAsciiDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }

        return sb.ToString();
    }
}
