using System.Globalization;
using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Soak;

/// <summary>
/// Which numbered values reached the long-term store behind CentralHub: the soak pusher's sequence and every agent's
/// <c>dualhub_push_sequence</c>, read through CentralHub's query API. Not CentralHub's sample journal: it deletes what
/// the store acknowledged every retention interval, so a reader of the journal races that deletion. Each read asks for
/// the raw samples since the previous read plus a margin (samples reach the store a little after they are accepted).
/// </summary>
internal sealed class DeliveryLedger(HttpClient http, Uri central, TimeProvider time)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);
    private readonly Dictionary<string, HashSet<long>> _seen = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _start = time.GetUtcNow();
    private DateTimeOffset? _lastRead;

    /// <summary>Reads the samples stored since the last read; a series the query could not read keeps the window for next time.</summary>
    public async Task ReadAsync(IEnumerable<(string Key, string Family, string Job)> series, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = now - (_lastRead ?? _start) + Margin;
        var all = true;
        foreach (var (key, family, job) in series)
        {
            var selector = string.Create(CultureInfo.InvariantCulture, $"{family}{{job=\"{job}\"}}[{(long)Math.Ceiling(window.TotalSeconds)}s]");
            var values = await CentralQuery.RawValuesAsync(http, central, selector, time, ct);
            if (values is null)
            {
                all = false;
                continue;
            }

            var set = _seen.TryGetValue(key, out var s) ? s : _seen[key] = [];
            foreach (var v in values)
            {
                if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    set.Add((long)d);
                }
            }
        }

        if (all)
        {
            _lastRead = now;
        }
    }

    public IReadOnlySet<long> Seen(string key) => _seen.TryGetValue(key, out var s) ? s : new HashSet<long>();

    /// <summary>The sequence numbers of <paramref name="key"/> absent between the lowest and the highest seen.</summary>
    public long Missing(string key)
    {
        var got = Seen(key);
        return got.Count > 0 ? got.Max() - got.Min() + 1 - got.Count : 0;
    }
}
