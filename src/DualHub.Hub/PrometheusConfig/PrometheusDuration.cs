using System.Diagnostics.CodeAnalysis;

namespace DualHub.Hub.PrometheusConfig;

/// <summary>Prometheus duration strings: <c>1y2w3d4h5m6s7ms</c> in that unit order, or <c>0</c>.</summary>
public static class PrometheusDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000L),
        ("ms", 1L),
    ];

    public static bool TryParse(string? text, [NotNullWhen(true)] out TimeSpan? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            value = TimeSpan.Zero;
            return true;
        }

        long total = 0;
        var pos = 0;
        var nextUnit = 0;
        while (pos < text.Length)
        {
            var start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            if (pos == start || pos - start > 15)
            {
                return false;
            }

            var number = long.Parse(text.AsSpan(start, pos - start), System.Globalization.CultureInfo.InvariantCulture);
            var unitStart = pos;
            while (pos < text.Length && char.IsAsciiLetterLower(text[pos]))
            {
                pos++;
            }

            var unit = text.AsSpan(unitStart, pos - unitStart);
            var index = -1;
            for (var i = nextUnit; i < Units.Length; i++)
            {
                if (unit.SequenceEqual(Units[i].Unit))
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                return false;
            }

            try
            {
                total = checked(total + checked(number * Units[index].Ms));
            }
            catch (OverflowException)
            {
                return false;
            }

            nextUnit = index + 1;
        }

        if (total > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
