using System.Buffers;
using DualHub.Hub.Options;
using DualHub.Metrics.Durations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Query;

/// <summary>
/// Forwards the query API to the long-term store (<c>query.url</c>): the answer is streamed through as it arrives
/// (status, content type and encoding, body), never held whole; a store error is put into Prometheus' shape
/// (<see cref="StoreErrors"/>). At most <c>query.max_concurrent</c> requests run at once and none longer than
/// <c>query.timeout</c>, so heavy queries cannot starve the hub's ingest. When the store cannot be reached or does
/// not answer in time, an instant query that is a plain vector selector is answered from the newest-sample view
/// with a warning naming the store; everything else gets 503 naming it.
/// </summary>
internal sealed partial class QueryProxy : IDisposable
{
    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly QueryOptions _options;
    private readonly QueryApi? _view;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _storeDown;

    /// <param name="options">The resolved <c>query:</c> section; its url must be set.</param>
    /// <param name="view">The newest-sample view's query API (central role), or null: no fallback.</param>
    /// <param name="time">Clock of the timeouts and the latency histogram.</param>
    /// <param name="logger">Store down and back, answers cut off.</param>
    /// <param name="handler">The HTTP handler to the store; null = a pooled <see cref="SocketsHttpHandler"/>.</param>
    public QueryProxy(QueryOptions options, QueryApi? view, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.Url ?? throw new ArgumentException("query.url is not set", nameof(options));
        _options = options;
        _view = view;
        _time = time;
        _logger = logger;
        Store = url.AbsoluteUri.TrimEnd('/');
        handler ??= new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout < MaxConnectTimeout ? options.Timeout : MaxConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            MaxConnectionsPerServer = options.MaxConcurrent,
            UseCookies = false,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _slots = new SemaphoreSlim(options.MaxConcurrent, options.MaxConcurrent);
    }

    /// <summary>The store's query API base URL, as error messages and warnings name it.</summary>
    public string Store { get; }

    public QueryProxyMetrics Metrics { get; } = new();

    public async Task ForwardAsync(QueryRequest request, HttpResponse response, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var started = _time.GetTimestamp();
        var outcome = await ForwardCoreAsync(request, response, aborted);
        Metrics.Observe(request.Route, outcome, _time.GetElapsedTime(started));
    }

    /// <summary>Writes the <c>query</c> member of <c>/health</c>.</summary>
    public void WriteHealth(System.Text.Json.Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject("query");
        w.WriteString("store", Store);
        w.WriteBoolean("store_answering", Volatile.Read(ref _storeDown) == 0);
        w.WriteNumber("in_flight", Metrics.InFlight);
        w.WriteNumber("max_concurrent", _options.MaxConcurrent);
        w.WriteNumber("timeout_seconds", _options.Timeout.TotalSeconds);
        w.WriteEndObject();
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    private async Task<QueryOutcome> ForwardCoreAsync(QueryRequest request, HttpResponse response, CancellationToken aborted)
    {
        if (!request.Route.HasValidLabelName)
        {
            return await WriteErrorAsync(response, new ApiError(400, "bad_data", $"invalid label name: \"{request.Route.LabelName}\""), aborted);
        }

        TimeSpan timeout;
        try
        {
            timeout = TimeoutOf(request);
        }
        catch (SelectorParseException ex)
        {
            return await WriteErrorAsync(response, new ApiError(400, "bad_data", ex.Message), aborted);
        }

        if (!_slots.Wait(0, CancellationToken.None))
        {
            return await WriteErrorAsync(response, new ApiError(503, "unavailable", $"too many concurrent queries (query.max_concurrent is {_options.MaxConcurrent})"), aborted, QueryOutcome.Rejected);
        }

        Metrics.Enter();
        try
        {
            using var deadline = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token);
            HttpResponseMessage answer;
            try
            {
                using var message = StoreRequest(request, timeout);
                answer = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                return QueryOutcome.Canceled;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return await StoreDownAsync(request, response, $"did not answer within {DurationText.Format(timeout, DurationSyntax.Prometheus)}", QueryOutcome.Timeout, aborted);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Refused, reset, no route, or the connect timeout: the store is not there.
                return await StoreDownAsync(request, response, $"unreachable: {ex.Message}", QueryOutcome.Unavailable, aborted);
            }

            using (answer)
            {
                StoreAnswered();
                return answer.IsSuccessStatusCode
                    ? await StreamAsync(answer, response, deadline, linked.Token, aborted)
                    : await WriteErrorAsync(response, await StoreErrorAsync(answer, linked.Token, aborted), aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return QueryOutcome.Canceled;
        }
        finally
        {
            Metrics.Leave();
            _slots.Release();
        }
    }

    /// <summary>The answer for the store's error: its message, or, when its body cannot be read, its status alone.</summary>
    private async Task<ApiError> StoreErrorAsync(HttpResponseMessage answer, CancellationToken ct, CancellationToken aborted)
    {
        byte[] body;
        try
        {
            body = await StoreAnswerBody.ReadAsync(answer, ct);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !aborted.IsCancellationRequested)
        {
            body = System.Text.Encoding.UTF8.GetBytes("its body could not be read: " + ex.Message);
        }

        return StoreErrors.Map((int)answer.StatusCode, body, Store);
    }

    /// <summary><c>query.timeout</c>, or the request's smaller <c>timeout</c> parameter.</summary>
    private TimeSpan TimeoutOf(QueryRequest request)
    {
        var timeout = _options.Timeout;
        if (request.Get("timeout") is { Length: > 0 } text)
        {
            var asked = ApiParameters.ParseDuration(text, "timeout");
            if (asked > TimeSpan.Zero && asked < timeout)
            {
                timeout = asked;
            }
        }

        return timeout;
    }

    private HttpRequestMessage StoreRequest(QueryRequest request, TimeSpan timeout)
    {
        // A client's timeout goes to the store as the hub's effective deadline, so the store stops evaluating when the
        // hub stops waiting. Without one the store gets none: its own limit (VictoriaMetrics -search.maxQueryDuration,
        // Prometheus --query.timeout) applies, and the parameter is not free (VictoriaMetrics answers an instant query
        // about 10 % slower with timeout=2m than without it).
        var parameters = request.Route.Endpoint is QueryEndpoint.Query or QueryEndpoint.QueryRange && request.Get("timeout") is { Length: > 0 }
            ? request.Encode(new("timeout", DurationText.Format(timeout, DurationSyntax.Prometheus)))
            : request.Encode();
        var target = Store + request.Route.Path;
        var message = request.IsPost
            ? new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(parameters, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") }
            : new HttpRequestMessage(HttpMethod.Get, parameters.Length == 0 ? target : target + "?" + parameters);
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (!string.IsNullOrEmpty(request.AcceptEncoding))
        {
            message.Headers.TryAddWithoutValidation("Accept-Encoding", request.AcceptEncoding);
        }

        return message;
    }

    private async Task<QueryOutcome> StreamAsync(HttpResponseMessage answer, HttpResponse response, CancellationTokenSource deadline, CancellationToken ct, CancellationToken aborted)
    {
        response.StatusCode = (int)answer.StatusCode;
        var headers = answer.Content.Headers;
        response.ContentType = headers.ContentType?.ToString() ?? "application/json";
        if (headers.ContentEncoding.Count > 0)
        {
            response.Headers.ContentEncoding = string.Join(", ", headers.ContentEncoding);
        }

        response.ContentLength = headers.ContentLength;
        try
        {
            await using var body = await answer.Content.ReadAsStreamAsync(ct);
            await body.CopyToAsync(response.Body, 64 * 1024, ct);
            return QueryOutcome.Success;
        }
        catch (Exception ex) when ((ex is IOException or HttpRequestException or OperationCanceledException) && aborted.IsCancellationRequested)
        {
            return QueryOutcome.Canceled;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            // The status line is out: cut the connection, so the client sees a broken answer rather than a short one.
            Log.StreamBroken(_logger, Store, ex.Message);
            response.HttpContext.Abort();
            return deadline.IsCancellationRequested ? QueryOutcome.Timeout : QueryOutcome.StoreError;
        }
    }

    private async Task<QueryOutcome> StoreDownAsync(QueryRequest request, HttpResponse response, string reason, QueryOutcome outcome, CancellationToken aborted)
    {
        StoreDown(reason);

        var query = request.Get("query");
        if (request.Route.Endpoint == QueryEndpoint.Query && _view is not null && IsPlainSelector(query))
        {
            var output = new ArrayBufferWriter<byte>(4096);
            var status = _view.Query(query, request.Get("time"), request.Get("lookback_delta"), output, $"store {Store} {reason}; answered from the hub's newest-sample view");
            response.StatusCode = status;
            response.ContentType = "application/json";
            await response.Body.WriteAsync(output.WrittenMemory, aborted);
            return status == 200 ? QueryOutcome.ViewFallback : QueryOutcome.BadData;
        }

        return await WriteErrorAsync(response, new ApiError(503, outcome == QueryOutcome.Timeout ? "timeout" : "unavailable", $"store {Store} {reason}"), aborted, outcome);
    }

    private void StoreDown(string reason)
    {
        if (Interlocked.Exchange(ref _storeDown, 1) == 0)
        {
            Log.StoreDown(_logger, Store, reason);
        }
    }

    private void StoreAnswered()
    {
        if (Interlocked.Exchange(ref _storeDown, 0) == 1)
        {
            Log.StoreBack(_logger, Store);
        }
    }

    private static bool IsPlainSelector(string? query)
    {
        try
        {
            SelectorParser.Parse(query);
            return true;
        }
        catch (SelectorParseException)
        {
            return false;
        }
    }

    private static async Task<QueryOutcome> WriteErrorAsync(HttpResponse response, ApiError error, CancellationToken ct, QueryOutcome? outcome = null)
    {
        var output = new ArrayBufferWriter<byte>(256);
        PromJson.Error(output, error.ErrorType, error.Message);
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(output.WrittenMemory, ct);
        return outcome ?? (error.ErrorType == "bad_data" ? QueryOutcome.BadData : QueryOutcome.StoreError);
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Warning, "Query store {Store} {Reason}; instant selectors are answered from the newest-sample view, other queries get 503 until it answers")]
        public static partial void StoreDown(ILogger logger, string store, string reason);

        [LoggerMessage(41, LogLevel.Information, "Query store {Store} answers again")]
        public static partial void StoreBack(ILogger logger, string store);

        [LoggerMessage(42, LogLevel.Warning, "Query store {Store}: answer cut off while streaming ({Reason}); the client's connection was closed")]
        public static partial void StreamBroken(ILogger logger, string store, string reason);
    }
}
