using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>What <see cref="Text004Core"/> carries from one piece of an exposition to the next (see <see cref="TextStreamParser"/>).</summary>
internal sealed class Text004State
{
    public Text004State(ITextSeriesSink? sink)
    {
        Sink = sink;
        ByNameLookup = ByName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public ITextSeriesSink? Sink { get; }

    /// <summary>The most series the exposition may hold; one more ends the parse (see <see cref="MetricsParseException.SeriesLimit"/>).</summary>
    public int MaxSeries { get; init; } = int.MaxValue;

    /// <summary>Series made so far.</summary>
    public int SeriesCount { get; set; }

    public StringTable Strings { get; } = new();

    public Dictionary<string, FamilyState> ByName { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FamilyState>.AlternateLookup<ReadOnlySpan<char>> ByNameLookup { get; }

    public List<FamilyState> Order { get; } = [];

    public List<Label> Labels { get; } = [];

    public DuplicateLabelCheck Duplicates { get; } = new();

    public ArrayBufferWriterLite Token { get; } = new();

    public byte[]? LastName { get; set; }

    public int LastNameLength { get; set; }

    public int Line { get; set; }

    public FamilyState? Family { get; set; }

    public bool IsSummaryCount { get; set; }

    public bool IsSummarySum { get; set; }

    public bool IsHistogramCount { get; set; }

    public bool IsHistogramSum { get; set; }
}
