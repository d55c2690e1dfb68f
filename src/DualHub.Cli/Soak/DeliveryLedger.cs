using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Soak;

/// <summary>
/// Which numbered values reached CentralHub's sample journal: the soak pusher's sequence and every agent's
/// <c>dualhub_push_sequence</c>, read incrementally (the journal keeps only <c>max_age</c>, so a long soak reads it as it goes).
/// </summary>
internal sealed class DeliveryLedger(string journal)
{
    private readonly Dictionary<string, HashSet<long>> _seen = new(StringComparer.Ordinal);
    private long _cursor;

    /// <summary>Reads the records appended since the last read.</summary>
    public void Read(IEnumerable<(string Key, string Family, string Job)> series)
    {
        var samples = SampleJournalFile.Read(journal, "seq > $from", ("$from", _cursor));
        if (samples.Count == 0)
        {
            return;
        }

        _cursor = samples.Max(s => s.Sequence);
        foreach (var (key, family, job) in series)
        {
            var name = $"__name__=\"{family}\",";
            var label = $"job=\"{job}\",";
            var set = _seen.TryGetValue(key, out var s) ? s : _seen[key] = [];
            foreach (var sample in samples)
            {
                if (sample.Series.StartsWith(name, StringComparison.Ordinal) && sample.Series.Contains(label, StringComparison.Ordinal))
                {
                    set.Add((long)BitConverter.Int64BitsToDouble(sample.ValueBits));
                }
            }
        }
    }

    public IReadOnlySet<long> Seen(string key) => _seen.TryGetValue(key, out var s) ? s : new HashSet<long>();
}
