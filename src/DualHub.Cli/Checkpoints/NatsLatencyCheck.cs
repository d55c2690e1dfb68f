using DualHub.Nats.Checks;
using DualHub.Nats.Messaging;
using NATS.Client.Core;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// NATS message latency from one machine's server to another's stream (<see cref="NatsChecks.MeasureLatencyAsync"/>):
/// 500 check messages paced like hub traffic. The plan: p99 &lt; 100 ms (target &lt; 50 ms).
/// </summary>
internal static class NatsLatencyCheck
{
    public static ICheck Create(string fromName, string fromUrl, string toName, string toUrl, NatsClientAuth? auth = null)
    {
        var name = $"nats {fromName} -> {toName} latency";
        return new DelegateCheck(name, async ct =>
        {
            try
            {
                // Paced like hub traffic (a 5 ms pause after each ack): back to back, the check saturates 2 cores by itself and
                // measures scheduling delay instead (docs/benchmarks.md, NATS).
                var r = await NatsChecks.MeasureLatencyAsync(fromUrl, toUrl, count: 500, interval: TimeSpan.FromMilliseconds(5), auth: auth, ct: ct);
                return new CheckResult(name, r.P99Ms < 100, r.ToString())
                {
                    Values = [new("p50", r.P50Ms, "ms"), new("p99", r.P99Ms, "ms"), new("max", r.MaxMs, "ms"), new("messages", r.Count, "messages")],
                };
            }
            catch (NatsException ex)
            {
                return new CheckResult(name, false, $"{fromUrl} -> {toUrl}: {ex.GetType().Name}: {ex.Message}");
            }
        }).Describe(CheckIds.NatsLatency, "p99 < 100 ms (plan: message latency < 100 ms, target < 50 ms)");
    }
}
