using DualHub.Core.Security;

namespace DualHub.Hub.Http;

/// <summary>
/// One connection pool per distinct <c>tls_config</c> of a hub's outgoing side (scrape jobs, remote_write upstreams):
/// certificates apply only to the jobs or upstreams that name them. After a reload, <see cref="Retain"/> disposes the
/// pools no running job or upstream uses any more. Not thread-safe: used from construction and reload, which the hub
/// runs one at a time.
/// </summary>
internal sealed class TlsHandlerPool(Func<SocketsHttpHandler> newHandler) : IDisposable
{
    private readonly Dictionary<ClientTlsConfig, HttpMessageHandler> _handlers = [];

    /// <summary>The pool for <paramref name="tls"/>, made on first use; its files are read then (a bad one throws naming <paramref name="key"/>).</summary>
    public HttpMessageHandler For(ClientTlsConfig tls, string key)
    {
        if (!_handlers.TryGetValue(tls, out var handler))
        {
            handler = SecureHttpHandler.Create(newHandler(), tls, basicAuth: null, key);
            _handlers.Add(tls, handler);
        }

        return handler;
    }

    /// <summary>Disposes every pool whose config is not in <paramref name="inUse"/>.</summary>
    public void Retain(IEnumerable<ClientTlsConfig?> inUse)
    {
        var keep = inUse.OfType<ClientTlsConfig>().ToHashSet();
        foreach (var tls in _handlers.Keys.Where(k => !keep.Contains(k)).ToList())
        {
            _handlers.Remove(tls, out var handler);
            handler?.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var handler in _handlers.Values)
        {
            handler.Dispose();
        }

        _handlers.Clear();
    }
}
