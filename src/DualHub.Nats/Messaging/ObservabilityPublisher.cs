using DualHub.Core.Retry;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace DualHub.Nats.Messaging;

internal sealed class ObservabilityPublisher : IObservabilityPublisher
{
    private const int ServiceUnavailable = 503;

    private readonly INatsJSContext _js;
    private readonly NatsPublisherOptions _options;
    private readonly TimeProvider _time;
    private readonly Backoff _retryBackoff;

    public ObservabilityPublisher(INatsJSContext js, NatsPublisherOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _js = js;
        _options = options;
        _time = time;
        _retryBackoff = new Backoff(options.RetryDelay, options.MaxRetryDelay);
    }

    public Task<NatsPublishResult> PublishMetricsAsync(string node, ReadOnlyMemory<byte> payload, string msgId, CancellationToken ct = default) =>
        PublishAsync(NatsSubjects.Metrics(node), payload, msgId, ct);

    public Task<NatsPublishResult> PublishHealthAsync(string node, ReadOnlyMemory<byte> json, string msgId, CancellationToken ct = default) =>
        PublishAsync(NatsSubjects.Health(node), json, msgId, ct);

    public Task<NatsPublishResult> PublishAlertAsync(AlertSeverity severity, ReadOnlyMemory<byte> json, string msgId, CancellationToken ct = default) =>
        PublishAsync(NatsSubjects.Alerts(severity), json, msgId, ct);

    public async Task<NatsPublishResult> PublishAsync(string subject, ReadOnlyMemory<byte> payload, string msgId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(msgId);
        // RetryAttempts = 1: retries are ours, so each one is bounded by AttemptTimeout and keeps the msg id.
        var opts = new NatsJSPubOpts { MsgId = msgId, RetryAttempts = 1 };
        for (var attempt = 1; ; attempt++)
        {
            using var attemptTimeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, attemptTimeout.Token);
            Exception error;
            try
            {
                var ack = await _js.PublishAsync(subject, payload, opts: opts, cancellationToken: cts.Token);
                if (ack.Error is { Code: ServiceUnavailable } e503)
                {
                    error = new NatsJSApiException(e503);
                }
                else if (ack.Duplicate)
                {
                    // Stored earlier (by a send whose ack we missed, or by the caller): success, not an error.
                    NatsTelemetry.PublishDuplicates.Add(1);
                    return new NatsPublishResult(ack.Stream ?? string.Empty, ack.Seq, true, attempt);
                }
                else
                {
                    ack.EnsureSuccess();
                    return new NatsPublishResult(ack.Stream ?? string.Empty, ack.Seq, false, attempt);
                }
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
            {
                error = new TimeoutException($"no ack for {subject} (msg id {msgId}) within {_options.AttemptTimeout.TotalMilliseconds:0} ms", ex);
            }
            catch (TimeoutException ex) when (!ct.IsCancellationRequested)
            {
                // The client's own request timeout, where it fires before ours: the same case, retried the same way.
                error = ex;
            }
            catch (NatsJSApiException ex) when (ex.Error.Code == ServiceUnavailable)
            {
                error = ex;
            }
            catch (NatsException ex) when (ex is not NatsJSApiException and not NatsPayloadTooLargeException)
            {
                // A message over the server's max_payload is refused the same way every time: not retried.
                error = ex;
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw new NatsPublishException($"publish to {subject} (msg id {msgId}) failed after {attempt} attempts: {error.Message}", error);
            }

            NatsTelemetry.PublishRetries.Add(1);
            _options.OnRetry?.Invoke(subject, msgId, attempt, error);
            await Task.Delay(_retryBackoff.Delay(attempt - 1), _time, ct);
        }
    }
}
