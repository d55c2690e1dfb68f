using System.Collections.Concurrent;
using System.Net;
using Snappier;

namespace DualHub.Hub.Tests.Upstreams;

/// <summary>An in-memory remote-write upstream: records each request and answers from a script (default 204).</summary>
internal sealed class FakeUpstream : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _script = new();

    public ConcurrentQueue<(HttpRequestMessage Request, byte[] Body)> Requests { get; } = new();

    /// <summary>When set, every request waits on it (a hung upstream).</summary>
    public TaskCompletionSource? Hang { get; set; }

    public void Then(HttpStatusCode status, Action<HttpResponseMessage>? configure = null) =>
        _script.Enqueue(() =>
        {
            var r = new HttpResponseMessage(status) { Content = new StringContent("scripted") };
            configure?.Invoke(r);
            return r;
        });

    public void ThenThrow() => _script.Enqueue(() => throw new HttpRequestException("connection refused"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var compressed = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        Requests.Enqueue((request, Snappy.DecompressToArray(compressed)));
        if (Hang is { } hang)
        {
            await hang.Task.WaitAsync(cancellationToken);
        }

        return _script.TryDequeue(out var next) ? next() : new HttpResponseMessage(HttpStatusCode.NoContent);
    }
}
