using NATS.Client.Core;

namespace DualHub.Nats.Messaging;

/// <summary>Connection options every DualHub NATS client uses.</summary>
public static class NatsConnectionFactory
{
    /// <summary>Default client ping interval: a silent (hung, partitioned) server is noticed after 2 missed pings, ~6 s.</summary>
    public static readonly TimeSpan DefaultPingInterval = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Options listing every server URL (the client fails over between them and to gossiped ones), a ping interval of a
    /// few seconds instead of the library's 2 min, retries of the first connect, and a bounded request timeout; with
    /// <paramref name="auth"/>, its credentials and TLS.
    /// </summary>
    public static NatsOpts CreateOptions(IEnumerable<string> urls, string name, TimeSpan? pingInterval = null, TimeSpan? requestTimeout = null, NatsClientAuth? auth = null)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var list = urls.Select(u => u.Trim()).Where(u => u.Length > 0).ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("at least one NATS server URL is required", nameof(urls));
        }

        foreach (var u in list)
        {
            if (!Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls" or "ws" or "wss") || u.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{u}' is not a NATS URL (nats://host:port)", nameof(urls));
            }
        }

        var opts = NatsOpts.Default with
        {
            Url = string.Join(',', list),
            Name = name,
            PingInterval = pingInterval ?? DefaultPingInterval,
            MaxPingOut = 2,
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ReconnectWaitMin = TimeSpan.FromMilliseconds(250),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            MaxReconnectRetry = -1,
        };
        return auth is null ? opts : auth.Apply(opts);
    }

    /// <summary>A connection with <see cref="CreateOptions"/>; not yet connected (the first request connects).</summary>
    public static NatsConnection Create(IEnumerable<string> urls, string name, TimeSpan? pingInterval = null, TimeSpan? requestTimeout = null, NatsClientAuth? auth = null) =>
        new(CreateOptions(urls, name, pingInterval, requestTimeout, auth));
}
