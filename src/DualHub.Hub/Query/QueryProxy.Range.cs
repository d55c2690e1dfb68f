using System.Globalization;
using DualHub.Metrics.Durations;

namespace DualHub.Hub.Query;

internal sealed partial class QueryProxy
{
    /// <summary>Largest answer the hub reads for its own range queries (the console's charts).</summary>
    public const int MaxRangeAnswerBytes = 4 << 20;

    /// <summary>
    /// A <c>query_range</c> the hub asks itself (the console's charts of the last hour), through the same client,
    /// concurrency slots, deadline and self-metrics as forwarded queries: the store's JSON answer, or why there is none.
    /// <paramref name="query"/> must be the hub's own expression, never a client's text.
    /// </summary>
    public async Task<(byte[]? Body, string? Error)> QueryRangeAsync(string query, long start, long end, long step, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        timeout = timeout < _options.Timeout ? timeout : _options.Timeout;
        var request = new QueryRequest(new QueryRoute(QueryEndpoint.QueryRange), false,
        [
            new("query", query),
            new("start", start.ToString(CultureInfo.InvariantCulture)),
            new("end", end.ToString(CultureInfo.InvariantCulture)),
            new("step", step.ToString(CultureInfo.InvariantCulture)),
            new("timeout", DurationText.Format(timeout, DurationSyntax.Prometheus)),
        ]);
        if (!_slots.Wait(0, CancellationToken.None))
        {
            Metrics.Observe(request.Route, QueryOutcome.Rejected, TimeSpan.Zero);
            return (null, $"too many concurrent queries (query.max_concurrent is {_options.MaxConcurrent})");
        }

        var started = _time.GetTimestamp();
        Metrics.Enter();
        var (outcome, body, error) = (QueryOutcome.Success, (byte[]?)null, (string?)null);
        try
        {
            using var deadline = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            try
            {
                using var message = StoreRequest(request, timeout);
                using var answer = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                StoreAnswered();
                body = await StoreAnswerBody.ReadAsync(answer, linked.Token, MaxRangeAnswerBytes);
                if (!answer.IsSuccessStatusCode)
                {
                    (outcome, error, body) = (QueryOutcome.StoreError, StoreErrors.Map((int)answer.StatusCode, body, Store).Message, null);
                }
                else if (body.Length >= MaxRangeAnswerBytes)
                {
                    (outcome, error, body) = (QueryOutcome.StoreError, $"answer larger than {MaxRangeAnswerBytes} bytes", null);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                (outcome, error) = (QueryOutcome.Canceled, "canceled");
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                (outcome, error) = (QueryOutcome.Timeout, $"did not answer within {DurationText.Format(timeout, DurationSyntax.Prometheus)}");
                StoreDown(error);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                (outcome, error) = (QueryOutcome.Unavailable, $"unreachable: {ex.Message}");
                StoreDown(error);
            }
        }
        finally
        {
            Metrics.Leave();
            _slots.Release();
        }

        Metrics.Observe(request.Route, outcome, _time.GetElapsedTime(started));
        return (body, error is null ? null : $"store {Store} {error}");
    }
}
