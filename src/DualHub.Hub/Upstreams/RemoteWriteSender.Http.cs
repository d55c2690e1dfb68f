using System.Net;
using System.Net.Http.Headers;

namespace DualHub.Hub.Upstreams;

/// <summary>One remote-write request and the retry policy of the remote-write spec.</summary>
internal sealed partial class RemoteWriteSender
{
    /// <summary>One POST of <paramref name="batch"/>: 2xx sent; 5xx, 429, 401, 403, timeouts and network errors retried; other statuses dropped.</summary>
    public async ValueTask<SendResult> SendAsync(UpstreamBatch batch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _config.Url);
        var content = new ReadOnlyMemoryContent(batch.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        request.Content = content;
        foreach (var (k, v) in _config.Headers)
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }

        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        request.Headers.Authorization = _config.BasicAuth?.Header() ?? _auth; // password_file read at each request, as Prometheus does

        using var timeout = new CancellationTokenSource(_config.RemoteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return SendResult.Sent;
            }

            var text = await ReadSnippetAsync(response, linked.Token);
            var error = $"HTTP {status}: {text}";
            if (status >= 500)
            {
                return SendResult.Retry(error);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Always retried (zero loss); Retry-After honoured when retry_on_http_429 is set, as in Prometheus.
                return SendResult.Retry(error, _config.QueueConfig.RetryOnHttp429 ? RetryAfter(response) : null);
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                // Wrong or missing credentials say nothing about the batch (Prometheus drops it): retried until an
                // operator fixes them, e.g. in password_file, which is read again at every request.
                return SendResult.Retry(error);
            }

            return SendResult.Dropped(error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return SendResult.Retry($"timeout after {_config.RemoteTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return SendResult.Retry(ex.Message);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } delta)
        {
            return delta;
        }

        if (ra?.Date is { } date)
        {
            var d = date - _time.GetUtcNow();
            return d > TimeSpan.Zero ? d : TimeSpan.Zero;
        }

        return null;
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            text = text.Trim();
            return text.Length > 256 ? text[..256] : text;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }
}
