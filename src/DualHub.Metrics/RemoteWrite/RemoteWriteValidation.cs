using DualHub.Metrics.Formatting;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>The remote-write label rules a receiver enforces before accepting a batch.</summary>
public static class RemoteWriteValidation
{
    /// <summary>
    /// Null when every series is valid, else the reason for the first invalid one (for a 400):
    /// labels sorted by name and unique, names valid and non-empty, values non-empty, <c>__name__</c>
    /// present and a valid metric name.
    /// </summary>
    public static string? Validate(WriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var i = 0; i < request.Series.Count; i++)
        {
            if (Validate(request.Series[i]) is { } reason)
            {
                return $"series {i}: {reason}";
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="series"/> is valid, else the reason.</summary>
    public static string? Validate(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        string? metricName = null;
        for (var i = 0; i < series.Labels.Length; i++)
        {
            var (name, value) = series.Labels[i];
            if (name.Length == 0)
            {
                return "empty label name";
            }

            if (!LabelNames.IsValidLabelName(name))
            {
                return $"invalid label name {GoQuote.Quote(name)}";
            }

            if (value.Length == 0)
            {
                return $"empty value for label {GoQuote.Quote(name)}";
            }

            if (i > 0)
            {
                var order = string.CompareOrdinal(series.Labels[i - 1].Name, name);
                if (order == 0)
                {
                    return $"duplicate label name {GoQuote.Quote(name)}";
                }

                if (order > 0)
                {
                    return $"labels not sorted: {GoQuote.Quote(name)} after {GoQuote.Quote(series.Labels[i - 1].Name)}";
                }
            }

            if (name == "__name__")
            {
                metricName = value;
            }
        }

        if (metricName is null)
        {
            return "no __name__ label";
        }

        if (!LabelNames.IsValidMetricName(metricName))
        {
            return $"invalid metric name {GoQuote.Quote(metricName)}";
        }

        return null;
    }
}
