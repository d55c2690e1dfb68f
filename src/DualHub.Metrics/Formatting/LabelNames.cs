namespace DualHub.Metrics.Formatting;

/// <summary>Prometheus name rules (legacy validation, as Pushgateway 1.5.1 and Prometheus 2.42 apply them).</summary>
public static class LabelNames
{
    /// <summary>True when <paramref name="name"/> matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !IsLabelStart(name[0]))
        {
            return false;
        }

        foreach (var c in name[1..])
        {
            if (!IsLabelContinuation(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="name"/> matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(IsLabelStart(name[0]) || name[0] == ':'))
        {
            return false;
        }

        foreach (var c in name[1..])
        {
            if (!(IsLabelContinuation(c) || c == ':'))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsLabelStart(int c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_';

    internal static bool IsLabelContinuation(int c) => IsLabelStart(c) || (uint)(c - '0') <= 9;

    internal static bool IsMetricStart(int c) => IsLabelStart(c) || c == ':';

    internal static bool IsMetricContinuation(int c) => IsLabelContinuation(c) || c == ':';
}
