using System.Globalization;
using System.Net;
using System.Text;
using DualHub.Cli.Up;
using DualHub.Core.Processes;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// The store SIGKILLed under load, restarted by <c>up</c>'s supervisor: a gauge pushed to CentralHub every 50 ms
/// (each push one sample in its journal, forwarded to the store) before, during and after the outage; afterwards the
/// store, asked through CentralHub, must hold exactly as many samples as CentralHub accepted (none missing, none twice).
/// </summary>
internal sealed class StoreOutageDrill(UpSystem system, TimeProvider time) : ICheck
{
    private const string Metric = "dualhub_store_drill_probe";
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(60);

    public string Name => "store outage (SIGKILL): samples lost";

    public string Id => CheckIds.StoreOutage;

    public string Target => "every sample central accepted is in the store once after the supervisor restarts it";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var store = system.Supervisor.Get(UpStore.Name).Process;
        var central = system.Topology.Get("central-hub").BaseUrl;
        var run = Random.Shared.Next(1, int.MaxValue).ToString("x", CultureInfo.InvariantCulture);
        var group = new Uri(central, $"/metrics/job/dualhub_store_drill/run/{run}");
        using var stop = new CancellationTokenSource();
        var pushing = PushAsync(group, stop.Token, ct);

        await Task.Delay(Before, time, ct);
        var restartsBefore = store.Restarts;
        if (store.ProcessId is not { } pid || !ProcessSignal.Send(pid, ProcessSignal.Kill))
        {
            await stop.CancelAsync();
            await pushing;
            return new CheckResult(Name, false, "the store is not running");
        }

        var killed = time.GetTimestamp();
        var ready = await store.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        var restartedAfter = time.GetElapsedTime(killed);
        var restarted = store.Restarts > restartsBefore && ready.IsReady;
        await Task.Delay(After, time, ct);
        await stop.CancelAsync();
        var accepted = await pushing;

        // Central re-sends what the killed store had acknowledged but not persisted; poll until the count settles there.
        var query = $"sum(count_over_time({Metric}{{run=\"{run}\"}}[10m]))";
        var settled = time.GetTimestamp();
        long inStore = 0;
        while (time.GetElapsedTime(settled) < CatchUpLimit)
        {
            var result = await CentralQuery.RunAsync(system.Http, central, query, time, ct);
            if (result.Count > 0 && double.TryParse(result[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                inStore = (long)n;
                if (inStore >= accepted)
                {
                    break;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
        }

        var catchUp = time.GetElapsedTime(settled);
        var missing = Math.Max(0, accepted - inStore);
        var extra = Math.Max(0, inStore - accepted);
        var passed = restarted && accepted > 0 && missing == 0 && extra == 0;
        return new CheckResult(Name, passed, string.Create(
            CultureInfo.InvariantCulture,
            $"store SIGKILLed (pid {pid}), restarted by the supervisor: {(restarted ? "yes" : "no")}, ready {restartedAfter.TotalSeconds:0.0} s after the kill; central accepted {accepted} samples, in the store {inStore}: missing {missing}, extra {extra}; counted {catchUp.TotalSeconds:0.0} s after the last push"))
        {
            Values =
            [
                Measurement.Ms("restart", restartedAfter), new Measurement("accepted", accepted, "samples"), new Measurement("in_store", inStore, "samples"),
                new Measurement("missing", missing, "samples"), new Measurement("extra", extra, "samples"), Measurement.Ms("catch_up", catchUp),
            ],
        };
    }

    // Pushes a new value every 50 ms until stopped; returns how many CentralHub accepted (200). Stopping only ends the
    // wait between pushes: a push cancelled in flight may have been journaled without its 200 being counted, so the
    // store would hold one sample more than the drill counted.
    private async Task<long> PushAsync(Uri group, CancellationToken stop, CancellationToken ct)
    {
        long accepted = 0;
        while (!stop.IsCancellationRequested)
        {
            using (var body = new StringContent($"# TYPE {Metric} gauge\n{Metric} {accepted + 1}\n", Encoding.UTF8, "text/plain"))
            using (var put = await system.Http.PutAsync(group, body, ct))
            {
                if (put.StatusCode == HttpStatusCode.OK)
                {
                    accepted++;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The drill's end.
            }
        }

        return accepted;
    }
}
