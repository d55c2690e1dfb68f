using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace DualHub.Client.Delivery;

/// <summary>
/// Pushes with <c>PUT</c> (Pushgateway API) and probes <c>GET /-/healthy</c> over one pooled <see cref="HttpClient"/>.
/// Every request has its own timeout on the agent's <see cref="TimeProvider"/>; connects time out at the same value.
/// </summary>
internal sealed class HttpHubTransport : IHubTransport, IDisposable
{
    private static readonly MediaTypeHeaderValue TextFormat = MediaTypeHeaderValue.Parse("text/plain; version=0.0.4; charset=utf-8");
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public HttpHubTransport(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<PushOutcome> PushAsync(Uri url, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = TextFormat;
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        return await SendAsync(request, ct);
    }

    public async Task<PushOutcome> ProbeAsync(Uri url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var r = await SendAsync(request, ct);
        return r.Status == PushStatus.Rejected ? r with { Status = PushStatus.Failed } : r;
    }

    public void Dispose() => _http.Dispose();

    private async Task<PushOutcome> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return PushOutcome.Ok(code);
            }

            var text = await ReadErrorAsync(response, linked.Token);
            var status = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge
                or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity
                ? PushStatus.Rejected
                : PushStatus.Failed;
            return new PushOutcome(status, code, $"HTTP {code}: {text}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new PushOutcome(PushStatus.Failed, 0, $"timeout after {_timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException ex)
        {
            var inner = ex.InnerException is SocketException se ? se.SocketErrorCode.ToString() : ex.Message;
            return new PushOutcome(PushStatus.Failed, 0, inner);
        }
        catch (IOException ex)
        {
            return new PushOutcome(PushStatus.Failed, 0, ex.Message);
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var s = await response.Content.ReadAsStringAsync(ct);
            return s.Length > 200 ? s[..200] : s.TrimEnd();
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
        catch (OperationCanceledException)
        {
            return string.Empty;
        }
    }
}
