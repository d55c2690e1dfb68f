using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using DualHub.Core.Security;
using DualHub.Client.Agent;
using DualHub.Client.Telemetry;
using Microsoft.Extensions.Logging;

namespace DualHub.Client.Health;

/// <summary>
/// A small standalone HTTP/1.1 server (no ASP.NET, no HttpListener) for agents: <c>GET /health</c> (JSON, 503 when no
/// hub accepts), <c>GET /-/healthy</c> (<c>OK</c>) and <c>GET /metrics</c> (the last batch pushed, text 0.0.4).
/// One request per connection, requests over 8 KiB or slower than 5 s are refused, and at most 64 connections are served
/// at once (the rest wait in the listen backlog, so a flood cannot use up the agent's file descriptors). The port is bound exclusively
/// (HttpListener sets SO_REUSEPORT on Linux, so two agents with the same health_port would silently share it).
/// With a web config (<c>web_config_file</c>) it speaks TLS with the hubs' <see cref="ServerTls"/> options and asks
/// every request for basic auth, as a hub does.
/// </summary>
internal sealed class HealthListener : IDisposable
{
    private const int MaxRequestBytes = 8192;
    private const int MaxConnections = 64;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private readonly TcpListener _tcp;
    private readonly DualHubAgent _agent;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly BasicAuthGate _auth;

    // Not disposed: a connection still being served releases its slot after Dispose.
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);

    private HealthListener(TcpListener tcp, DualHubAgent agent, Uri url, WebConfig web, ILogger logger)
    {
        _tcp = tcp;
        _agent = agent;
        Url = url;
        _logger = logger;
        _tls = web.Tls is { } tls ? ServerTls.Options(tls) : null;
        _auth = new BasicAuthGate(web.BasicAuthUsers);
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public static HealthListener Start(DualHubAgent agent, string host, int port, WebConfig web, ILogger logger)
    {
        var address = host switch
        {
            "0.0.0.0" or "*" or "+" => IPAddress.Any,
            "::" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(host, out var a) => a,
            _ => throw new InvalidOperationException($"health_host: '{host}' is not an IP address"),
        };
        var tcp = new TcpListener(address, port) { ExclusiveAddressUse = true };
        try
        {
            tcp.Start();
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"health_port: cannot listen on {host}:{port.ToString(CultureInfo.InvariantCulture)}: {ex.Message}", ex);
        }

        var bound = ((IPEndPoint)tcp.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var shown = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : address.ToString();
        return new HealthListener(tcp, agent, new Uri($"{web.Scheme}://{shown}:{bound}/health"), web, logger);
    }

    public void Dispose()
    {
        _cts.Cancel();
        _tcp.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _cts.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                await _slots.WaitAsync(_cts.Token);
                socket = await _tcp.AcceptSocketAsync(_cts.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(socket);
                }
                finally
                {
                    _slots.Release();
                }
            });
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                using var deadline = new CancellationTokenSource(RequestTimeout, _agent.Time);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token, deadline.Token);
                await using var network = new NetworkStream(socket, ownsSocket: false);
                await using var ssl = _tls is null ? null : new SslStream(network, leaveInnerStreamOpen: true);
                if (ssl is not null)
                {
                    await ssl.AuthenticateAsServerAsync(_tls!, timeout.Token);
                }

                Stream stream = ssl is null ? network : ssl;
                var (method, path, authorization) = await ReadRequestAsync(stream, timeout.Token);
                var (status, type, body) = method.Length > 0 && !await _auth.AllowsAsync(authorization, timeout.Token)
                    ? (401, "text/plain; charset=utf-8", "Unauthorized\n"u8.ToArray())
                    : Respond(method, path);
                var head = $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {Reason(status)}\r\nContent-Type: {type}\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n"
                    + (status == 405 ? "Allow: GET, HEAD\r\n" : string.Empty)
                    + (status == 401 ? $"WWW-Authenticate: {BasicAuthGate.Challenge}\r\n" : string.Empty) + "\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
                if (method != "HEAD")
                {
                    await stream.WriteAsync(body, timeout.Token);
                }

                await stream.FlushAsync(timeout.Token);
                if (ssl is not null)
                {
                    await ssl.ShutdownAsync();
                }

                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException or AuthenticationException)
            {
                Log.ListenerError(_logger, ex);
            }
        }
    }

    /// <summary>Reads up to the end of the headers; returns the method, path and Authorization header ("" when the request is malformed or too big).</summary>
    private static async Task<(string Method, string Path, string? Authorization)> ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestBytes];
        var n = 0;
        while (n < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(n), ct);
            if (read == 0)
            {
                break;
            }

            n += read;
            var end = buffer.AsSpan(0, n).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
                var parts = lines[0].Split(' ');
                var authorization = lines.Skip(1)
                    .Where(l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => l["Authorization:".Length..].Trim())
                    .FirstOrDefault();
                return parts.Length == 3 && parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) ? (parts[0], parts[1], authorization) : (string.Empty, string.Empty, null);
            }
        }

        return (string.Empty, string.Empty, null);
    }

    private (int Status, string Type, byte[] Body) Respond(string method, string target)
    {
        const string Text = "text/plain; charset=utf-8";
        if (method.Length == 0)
        {
            return (400, Text, "400 bad request\n"u8.ToArray());
        }

        if (method is not ("GET" or "HEAD"))
        {
            return (405, Text, "405 method not allowed\n"u8.ToArray());
        }

        var q = target.IndexOf('?', StringComparison.Ordinal);
        switch (q < 0 ? target : target[..q])
        {
            case "/health":
                var report = _agent.GetHealth();
                return (report.Status == AgentHealthStatus.Unhealthy ? 503 : 200, "application/json", Encoding.UTF8.GetBytes(report.ToJson()));
            case "/-/healthy":
            case "/-/ready":
                return (200, Text, "OK\n"u8.ToArray());
            case "/metrics":
                return (200, "text/plain; version=0.0.4; charset=utf-8", _agent.LastBody.ToArray());
            default:
                return (404, Text, "404 page not found\n"u8.ToArray());
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
}
