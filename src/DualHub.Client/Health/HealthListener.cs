using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DualHub.Client.Agent;
using DualHub.Client.Telemetry;
using Microsoft.Extensions.Logging;

namespace DualHub.Client.Health;

/// <summary>
/// A small standalone HTTP listener (no ASP.NET) for agents: <c>GET /health</c> (JSON, 503 when no hub accepts),
/// <c>GET /-/healthy</c> (<c>OK</c>) and <c>GET /metrics</c> (the last batch pushed, text 0.0.4).
/// </summary>
internal sealed class HealthListener : IDisposable
{
    private readonly HttpListener _http;
    private readonly DualHubAgent _agent;
    private readonly ILogger _logger;
    private readonly Task _loop;

    private HealthListener(HttpListener http, DualHubAgent agent, Uri url, ILogger logger)
    {
        _http = http;
        _agent = agent;
        Url = url;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public static HealthListener Start(DualHubAgent agent, string host, int port, ILogger logger)
    {
        if (port == 0)
        {
            // HttpListener cannot bind port 0: take a free one from the OS.
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var p = port.ToString(CultureInfo.InvariantCulture);
        var any = host is "0.0.0.0" or "*" or "+" or "::";
        var prefix = $"http://{(any ? "+" : host)}:{p}/";
        var http = new HttpListener();
        http.Prefixes.Add(prefix);
        if (host is "127.0.0.1" or "localhost")
        {
            // HttpListener matches the Host header: accept both spellings of loopback
            http.Prefixes.Add($"http://{(host == "localhost" ? "127.0.0.1" : "localhost")}:{p}/");
        }
        try
        {
            http.Start();
        }
        catch (HttpListenerException ex)
        {
            throw new InvalidOperationException($"health_port: cannot listen on {prefix}: {ex.Message}", ex);
        }

        return new HealthListener(http, agent, new Uri($"http://{(any ? "127.0.0.1" : host)}:{p}/health"), logger);
    }

    public void Dispose()
    {
        _http.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_http.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _http.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(ctx);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                Log.ListenerError(_logger, ex);
            }
            finally
            {
                ctx.Response.Close();
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        var request = ctx.Request;
        var response = ctx.Response;
        if (request.HttpMethod is not ("GET" or "HEAD"))
        {
            response.StatusCode = 405;
            response.AddHeader("Allow", "GET, HEAD");
            return;
        }

        byte[] body;
        switch (request.Url?.AbsolutePath)
        {
            case "/health":
                var report = _agent.GetHealth();
                response.StatusCode = report.Status == AgentHealthStatus.Unhealthy ? 503 : 200;
                response.ContentType = "application/json";
                body = System.Text.Encoding.UTF8.GetBytes(report.ToJson());
                break;
            case "/-/healthy":
            case "/-/ready":
                response.ContentType = "text/plain; charset=utf-8";
                body = "OK\n"u8.ToArray();
                break;
            case "/metrics":
                response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                body = _agent.LastBody.ToArray();
                break;
            default:
                response.StatusCode = 404;
                body = "404 page not found\n"u8.ToArray();
                break;
        }

        response.ContentLength64 = body.Length;
        if (request.HttpMethod == "GET")
        {
            await response.OutputStream.WriteAsync(body);
        }
    }
}
