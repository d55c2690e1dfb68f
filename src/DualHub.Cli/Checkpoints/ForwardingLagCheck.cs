using System.Globalization;
using System.Net;
using System.Text;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Forwarding lag EdgeHub -> CentralHub, end to end: a push to EdgeHub (journaled there as a sample, remote-written by its
/// forwarder) until CentralHub's <c>/api/v1/query</c> returns the pushed value. Repeated <paramref name="probes"/> times;
/// also reports EdgeHub's own view of the upstream (state, <c>lag_seconds</c>, pending samples).
/// </summary>
internal sealed class ForwardingLagCheck(Uri edge, Uri central, HttpClient http, TimeProvider time, int probes, TimeSpan limit) : ICheck
{
    private const string Job = "dualhub_forwarding_probe";

    public string Name => "forwarding lag edge -> central";

    public string Id => CheckIds.ForwardingLag;

    public string Target => string.Create(CultureInfo.InvariantCulture, $"every probe on central within {limit.TotalMilliseconds:0} ms");

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var group = new Uri(edge, $"/metrics/job/{Job}/instance/edge-hub");
        var lags = new List<TimeSpan>();
        try
        {
            // A warm-up value first, not timed: the first sample of a new series shows in a long-term store only once the
            // store has indexed the series (seconds in VictoriaMetrics), which is the store's latency, not forwarding's.
            if (await PushAndWaitAsync(group, 0, limit * 6, ct) is not { } warm)
            {
                return new CheckResult(Name, false, $"warm-up value pushed to edge-hub not on central's /api/v1/query after {(limit * 6).TotalSeconds:0} s");
            }

            if (warm.Failure is { } failure)
            {
                return new CheckResult(Name, false, failure);
            }

            for (var i = 0; i < probes; i++)
            {
                var probe = await PushAndWaitAsync(group, Random.Shared.Next(1, 999_999), limit * 2, ct);
                if (probe is null)
                {
                    return new CheckResult(Name, false, $"probe {i + 1}: value pushed to edge-hub not on central's /api/v1/query after {(limit * 2).TotalSeconds:0} s");
                }

                if (probe.Value.Failure is { } probeFailure)
                {
                    return new CheckResult(Name, false, probeFailure);
                }

                lags.Add(probe.Value.Lag);
            }
        }
        finally
        {
            using var delete = await http.DeleteAsync(group, CancellationToken.None);
        }

        var status = await EdgeForwardingStatus.ReadAsync(http, edge, "central", time, ct);
        lags.Sort();
        var p50 = lags[lags.Count / 2];
        var max = lags[^1];
        var passed = max < limit && status is not null;
        var values = new List<Measurement> { Measurement.Ms("lag_p50", p50), Measurement.Ms("lag_max", max) };
        if (status is not null)
        {
            values.Add(new Measurement("pending", status.PendingSamples, "samples"));
            values.Add(new Measurement("dropped", status.SamplesDropped, "samples"));
        }

        return new CheckResult(Name, passed, string.Create(
            CultureInfo.InvariantCulture,
            $"{probes} pushes to edge-hub on central's /api/v1/query after p50 {p50.TotalMilliseconds:0} ms, max {max.TotalMilliseconds:0} ms (limit {limit.TotalMilliseconds:0} ms); edge upstream \"central\": {(status is null ? "not in /health" : $"{status.State}, lag_seconds {status.LagSeconds:0.###}, pending {status.PendingSamples}, sent {status.SamplesSent}, dropped {status.SamplesDropped}")}"))
        {
            Values = values,
        };
    }

    // Pushes value n to EdgeHub and polls CentralHub until it answers it: the time taken, a failure, or null past the deadline.
    private async Task<(TimeSpan Lag, string? Failure)?> PushAndWaitAsync(Uri group, int n, TimeSpan deadline, CancellationToken ct)
    {
        var start = time.GetTimestamp();
        using var body = new StringContent($"# TYPE {Job} gauge\n{Job} {n.ToString(CultureInfo.InvariantCulture)}\n", Encoding.UTF8, "text/plain");
        using var put = await http.PutAsync(group, body, ct);
        if (put.StatusCode != HttpStatusCode.OK)
        {
            return (TimeSpan.Zero, $"PUT {group} answered {(int)put.StatusCode}");
        }

        while (true)
        {
            var result = await CentralQuery.RunAsync(http, central, $"{Job}{{job=\"{Job}\"}}", time, ct);
            if (result.Any(r => double.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v == n))
            {
                return (time.GetElapsedTime(start), null);
            }

            if (time.GetElapsedTime(start) > deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), time, ct);
        }
    }
}
