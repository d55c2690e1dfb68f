namespace DualHub.Metrics.Text;

/// <summary>
/// The only exception the parsers of this assembly throw for bad input. <see cref="Exception.Message"/>
/// is what a client should see (for text 0.0.4 exactly Go expfmt's, e.g.
/// <c>text format parsing error in line 3: expected float as value, got "x"</c>).
/// </summary>
public sealed class MetricsParseException : FormatException
{
    public MetricsParseException()
    {
    }

    public MetricsParseException(string message)
        : base(message)
    {
    }

    public MetricsParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MetricsParseException(string message, int line)
        : base(message)
    {
        Line = line;
    }

    /// <summary>1-based line of the error for the text formats; 0 when the format has no lines (protobuf).</summary>
    public int Line { get; }

    /// <summary>
    /// Set when the input is well formed so far but holds more series than the caller's limit (the parse stopped at the
    /// first one over it, so a huge input costs no more than the limit): the limit.
    /// </summary>
    public int? SeriesLimit { get; init; }

    /// <summary>The error for an input with more than <paramref name="limit"/> series.</summary>
    public static MetricsParseException TooManySeries(int limit) =>
        new($"the body has more than {limit} series") { SeriesLimit = limit };
}
