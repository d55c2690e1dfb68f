using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>
/// <see cref="TextParser.Parse(ReadOnlySpan{byte}, ITextSeriesSink)"/> over an exposition read in pieces, so a scrape
/// needs a buffer of a few lines rather than of its whole body. Gives the same samples, families and errors (with
/// the same line numbers) as the one-span parse, however the body is cut.
/// </summary>
public sealed class TextStreamParser
{
    private readonly Text004State _state;

    public TextStreamParser(ITextSeriesSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _state = new Text004State(sink);
    }

    /// <summary>Parses whole lines: <paramref name="lines"/> is empty or ends with LF.</summary>
    /// <exception cref="MetricsParseException">A line is not valid text 0.0.4.</exception>
    public void Feed(ReadOnlySpan<byte> lines)
    {
        if (lines.IsEmpty)
        {
            return;
        }

        if (lines[^1] != (byte)'\n')
        {
            throw new ArgumentException("a piece must end with a line feed", nameof(lines));
        }

        new Text004Core(lines, _state).RunLines(final: false);
    }

    /// <summary>Parses the rest of the exposition (after the last LF fed) and returns the non-plain families.</summary>
    /// <exception cref="MetricsParseException">The input is not valid text 0.0.4.</exception>
    public List<MetricFamily> Complete(ReadOnlySpan<byte> rest) => new Text004Core(rest, _state).RunLines(final: true)!;
}
