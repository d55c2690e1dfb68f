using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using DualHub.Core.Protocol;
using DualHub.Core.Security;

namespace DualHub.Client.Delivery;

/// <summary>
/// Pushes with <c>PUT</c> (Pushgateway API) and probes <c>GET /-/healthy</c> over one pooled <see cref="HttpClient"/>.
/// Every request has its own timeout on the agent's <see cref="TimeProvider"/> (the caller's, see <see cref="HubTimeouts"/>);
/// a connect gives up at the longest timeout any request may have.
/// </summary>
internal sealed class HttpHubTransport : IHubTransport, IDisposable
{
    private static readonly MediaTypeHeaderValue TextFormat = MediaTypeHeaderValue.Parse("text/plain; version=0.0.4; charset=utf-8");
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public HttpHubTransport(TimeSpan longestTimeout, TimeProvider time, ClientTlsConfig? tls = null, ClientBasicAuth? basicAuth = null)
    {
        _time = time;
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = longestTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(SecureHttpHandler.Create(sockets, tls, basicAuth))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<PushOutcome> PushAsync(Uri url, ReadOnlyMemory<byte> body, long batchTimeMs, TimeSpan timeout, CancellationToken ct)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = TextFormat;
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        if (batchTimeMs > 0)
        {
            request.Headers.TryAddWithoutValidation(PushHeaders.BatchTime, batchTimeMs.ToString(CultureInfo.InvariantCulture));
        }

        return await SendAsync(request, timeout, ct);
    }

    public async Task<PushOutcome> ProbeAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var r = await SendAsync(request, timeout, ct);
        return r.Status == PushStatus.Rejected ? r with { Status = PushStatus.Failed } : r;
    }

    public void Dispose() => _http.Dispose();

    private async Task<PushOutcome> SendAsync(HttpRequestMessage request, TimeSpan after, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(after, _time);
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
            return new PushOutcome(PushStatus.Failed, 0, $"timeout after {after.TotalMilliseconds:0} ms");
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
