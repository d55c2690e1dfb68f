using System.Net;
using DualHub.Core.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace DualHub.Hub.Http;

/// <summary>
/// The one Kestrel listener setup of a hub: HOST:PORT, with TLS from <c>--web.config.file</c>'s
/// <c>tls_server_config</c> (the same <see cref="ServerTls"/> options the agents' health listener uses). Basic auth is
/// checked by <see cref="HubRequestHandler"/> on every route.
/// </summary>
internal static class WebListener
{
    public static void Listen(KestrelServerOptions kestrel, string host, int port, WebConfig web)
    {
        Action<ListenOptions> configure = web.Tls is { } tls ? l => UseTls(l, tls) : _ => { };
        if (host is "0.0.0.0" or "*" or "")
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else if (host == "localhost")
        {
            kestrel.ListenLocalhost(port, configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host), port, configure);
        }
    }

    private static void UseTls(ListenOptions listen, TlsServerConfig tls)
    {
        var options = ServerTls.Options(tls);
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(options),
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
    }
}
