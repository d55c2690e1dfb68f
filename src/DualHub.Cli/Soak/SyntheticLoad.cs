using System.Globalization;
using System.Net;
using System.Text;

namespace DualHub.Cli.Soak;

/// <summary>
/// The soak's own load, once a second: a numbered push to EdgeHub (<c>soak_pusher_sequence</c>, whose arrival in
/// CentralHub's journal is the cross-machine delivery figure) and <c>ScrapeSeries</c> series pushed to PC2's Pushgateway,
/// which EdgeHub scrapes. Every answer is timed; answers during an injected fault on that hub are kept apart.
/// </summary>
internal sealed class SyntheticLoad(HttpClient http, Uri edge, Uri pushgateway, int scrapeSeries, TimeProvider time, Func<string, bool> faulted)
{
    public const string SequenceFamily = "soak_pusher_sequence";
    private readonly Lock _lock = new();
    private readonly List<double> _latencies = [];
    private readonly Dictionary<string, List<double>> _perHub = new(StringComparer.Ordinal);
    private readonly List<long> _accepted = [];
    private long _sequence;

    public long Failed { get; private set; }

    public IReadOnlyList<long> Accepted
    {
        get
        {
            lock (_lock)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>p50 and p99 of every answer outside faults, and the worst hub's p50 (ms).</summary>
    public (double P50, double P99, double WorstHubP50, int Count) Latency()
    {
        lock (_lock)
        {
            var all = _latencies.Order().ToArray();
            var worst = _perHub.Values.Where(v => v.Count > 0).Select(v => Percentile([.. v.Order()], 0.5)).DefaultIfEmpty(0).Max();
            return all.Length == 0 ? (0, 0, 0, 0) : (Percentile(all, 0.5), Percentile(all, 0.99), worst, all.Length);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var load = new StringBuilder("# TYPE soak_scrape_load gauge\n");
        for (var i = 0; i < scrapeSeries; i++)
        {
            load.Append(CultureInfo.InvariantCulture, $"soak_scrape_load{{series=\"{i}\"}} {i}\n");
        }

        var loadBody = load.ToString();
        while (!ct.IsCancellationRequested)
        {
            var tick = time.GetTimestamp();
            var seq = ++_sequence;
            var ok = await PutAsync("edge-hub", new Uri(edge, "/metrics/job/soak_pusher/instance/soak"), $"# TYPE {SequenceFamily} gauge\n{SequenceFamily} {seq.ToString(CultureInfo.InvariantCulture)}\n", ct);
            if (ok)
            {
                lock (_lock)
                {
                    _accepted.Add(seq);
                }
            }

            if (scrapeSeries > 0)
            {
                await PutAsync("pushgateway-pc2", new Uri(pushgateway, "/metrics/job/soak_scrape_load/instance/soak"), loadBody, ct);
            }

            var wait = TimeSpan.FromSeconds(1) - time.GetElapsedTime(tick);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> PutAsync(string hub, Uri url, string body, CancellationToken ct)
    {
        var start = time.GetTimestamp();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            using var content = new StringContent(body, Encoding.UTF8, "text/plain");
            using var response = await http.PutAsync(url, content, cts.Token);
            var ms = time.GetElapsedTime(start).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Failed++;
                return false;
            }

            if (!faulted(hub))
            {
                lock (_lock)
                {
                    _latencies.Add(ms);
                    (_perHub.TryGetValue(hub, out var l) ? l : _perHub[hub] = []).Add(ms);
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            Failed++;
            return false;
        }
    }

    private static double Percentile(double[] sorted, double q) => Math.Round(sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1))], 2);
}
