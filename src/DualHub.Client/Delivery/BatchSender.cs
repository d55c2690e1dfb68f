using DualHub.Client.Agent;
using DualHub.Client.Events;
using DualHub.Client.Failover;
using DualHub.Client.Options;
using DualHub.Client.Telemetry;
using Microsoft.Extensions.Logging;

namespace DualHub.Client.Delivery;

/// <summary>
/// Delivers one batch: to the first healthy hub with <c>max_retries</c> attempts <c>retry_backoff</c> apart; when they
/// all fail the hub is reported unhealthy (passive health) and the same batch goes to the next hub. With no healthy hub
/// every hub gets one attempt. Each attempt's timeout is the hub's own (<see cref="HubTimeouts"/>). Returns <see cref="PushStatus.Failed"/> when no hub accepted (the caller spools).
/// </summary>
internal sealed class BatchSender(
    HubSelector selector,
    IHubTransport transport,
    HubTimeouts timeouts,
    ResolvedFailoverOptions options,
    IReadOnlyList<Uri> pushUrls,
    AgentCounters counters,
    TimeProvider time,
    ILogger logger,
    Action<ActiveHubChange, long> onChange,
    Action<BatchAcceptedEventArgs> onAccepted)
{
    public async Task<PushStatus> SendAsync(Batch batch, bool fromSpool, CancellationToken ct)
    {
        var firstAttempt = time.GetUtcNow();
        var order = selector.DeliveryOrder(out var panic);
        var attemptsPerHub = panic ? 1 : options.MaxRetries;
        var total = 0;
        foreach (var hub in order)
        {
            PushOutcome outcome = default;
            for (var attempt = 1; attempt <= attemptsPerHub; attempt++)
            {
                total++;
                var started = time.GetTimestamp();
                outcome = await transport.PushAsync(pushUrls[hub], batch.Body, batch.TimeMs, timeouts.For(hub, healthy: !panic), ct);
                if (outcome.Answered)
                {
                    timeouts.Record(hub, time.GetElapsedTime(started));
                }

                if (outcome.Status == PushStatus.Accepted)
                {
                    Interlocked.Increment(ref counters.Accepted[hub]);
                    if (selector.ReportPushSuccess(hub) is { } change)
                    {
                        onChange(change, batch.Sequence);
                    }

                    onAccepted(new BatchAcceptedEventArgs(hub, selector.NameOf(hub), selector.UrlOf(hub), batch.Sequence, total, fromSpool, firstAttempt, time.GetUtcNow()));
                    return PushStatus.Accepted;
                }

                if (outcome.Status == PushStatus.Rejected)
                {
                    Interlocked.Increment(ref counters.Rejected);
                    Log.BatchRejected(logger, selector.NameOf(hub), batch.Sequence, outcome.Error);
                    return PushStatus.Rejected;
                }

                Interlocked.Increment(ref counters.Failed[hub]);
                Log.PushAttemptFailed(logger, batch.Sequence, selector.NameOf(hub), attempt, attemptsPerHub, outcome.Error);
                if (attempt < attemptsPerHub && options.RetryBackoff > TimeSpan.Zero)
                {
                    await Task.Delay(options.RetryBackoff, time, ct);
                }
            }

            if (selector.ReportPushFailure(hub, outcome.Error ?? "failed") is { } failover)
            {
                onChange(failover, batch.Sequence);
            }
        }

        return PushStatus.Failed;
    }
}
