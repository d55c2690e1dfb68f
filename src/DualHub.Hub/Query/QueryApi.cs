using System.Buffers;
using DualHub.Hub.CentralIngest;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Query;

/// <summary>
/// <c>/api/v1/query</c> (instant vector selectors only) and <c>/api/v1/series</c> over the newest-sample store,
/// answering with Prometheus' JSON; bad input gives 400 <c>bad_data</c> naming the problem.
/// </summary>
public sealed class QueryApi
{
    private readonly LatestSampleStore _store;
    private readonly TimeProvider _time;

    public QueryApi(LatestSampleStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Prometheus' default lookback: a series without a sample in the last 5 minutes is absent.</summary>
    public TimeSpan Lookback { get; } = TimeSpan.FromMinutes(5);

    public int Query(string? query, string? time, string? lookbackDelta, IBufferWriter<byte> output) => Query(query, time, lookbackDelta, output, warning: null);

    /// <summary>As <see cref="Query(string?, string?, string?, IBufferWriter{byte})"/>, with a <c>warnings</c> entry in a successful answer.</summary>
    public int Query(string? query, string? time, string? lookbackDelta, IBufferWriter<byte> output, string? warning)
    {
        try
        {
            var matchers = SelectorParser.Parse(query);
            var evalMs = ApiParameters.ParseTime(time, "time") ?? _time.GetUtcNow().ToUnixTimeMilliseconds();
            var lookback = Lookback;
            if (!string.IsNullOrEmpty(lookbackDelta))
            {
                lookback = ApiParameters.ParseDuration(lookbackDelta, "lookback_delta");
            }

            var samples = _store.Select(matchers, evalMs, (long)lookback.TotalMilliseconds);
            samples.Sort((a, b) => CompareLabels(a.Labels, b.Labels));
            PromJson.Vector(output, samples, evalMs, warning);
            return 200;
        }
        catch (SelectorParseException ex)
        {
            PromJson.Error(output, "bad_data", ex.Message);
            return 400;
        }
    }

    public int Series(IReadOnlyList<string> matches, string? start, string? end, IBufferWriter<byte> output)
    {
        try
        {
            if (matches.Count == 0)
            {
                throw new SelectorParseException("no match[] parameter provided");
            }

            var endMs = ApiParameters.ParseTime(end, "end") ?? _time.GetUtcNow().ToUnixTimeMilliseconds();
            var startMs = ApiParameters.ParseTime(start, "start") ?? long.MinValue / 2;
            var seen = new Dictionary<string, Label[]>(StringComparer.Ordinal);
            foreach (var m in matches)
            {
                var matchers = SelectorParser.Parse(m);
                foreach (var s in _store.Select(matchers, endMs, endMs - startMs + 1))
                {
                    seen.TryAdd(string.Join('\xff', s.Labels.Select(l => l.Name + "\xfe" + l.Value)), s.Labels);
                }
            }

            var list = seen.Values.ToList();
            list.Sort(CompareLabels);
            PromJson.Series(output, list);
            return 200;
        }
        catch (SelectorParseException ex)
        {
            PromJson.Error(output, "bad_data", ex.Message);
            return 400;
        }
    }

    private static int CompareLabels(Label[] a, Label[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = string.CompareOrdinal(a[i].Name, b[i].Name);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
