using System.Security.Cryptography;
using System.Text;
using DualHub.Core.Security;
using DualHub.Hub.Receive;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DualHub.Hub.Http;

/// <summary>
/// Routes every request the way prometheus-pushgateway 1.5.1 (Go ServeMux + httprouter) does: the path is
/// percent-decoded before routing (<c>%2F</c> is a separator), unclean paths get 301 to the cleaned one,
/// <c>/metrics/job/</c> gets 307, a wrong method 405 with <c>Allow</c>, OPTIONS 200, unknown paths
/// <c>404 page not found</c>. ASP.NET routing differs on each point, hence this dispatcher.
/// </summary>
internal sealed partial class HubRequestHandler(HubRuntime hub)
{
    private const string PushAllow = "DELETE, OPTIONS, POST, PUT";
    private const string GetAllow = "GET, OPTIONS";

    private readonly QueryEndpoints _queries = new(hub.Samples.Query, hub.Query, hub.Options.Query.MaxConcurrent);
    private readonly BasicAuthGate _webAuth = new(hub.Options.Web.BasicAuthUsers);

    public async Task HandleAsync(HttpContext ctx)
    {
        // basic_auth_users of --web.config.file guard every route, reads, health and the console included, as in Prometheus.
        if (!await _webAuth.AllowsAsync(ctx.Request.Headers.Authorization.ToString(), ctx.RequestAborted))
        {
            ctx.Response.Headers.WWWAuthenticate = BasicAuthGate.Challenge;
            await Text(ctx, 401, "Unauthorized");
            Count(ctx, "unauthorized");
            return;
        }

        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ctx.Request.Path.Value ?? "/";
        if (!raw.StartsWith('/'))
        {
            raw = Uri.TryCreate(raw, UriKind.Absolute, out var abs) ? abs.PathAndQuery : "/";
        }

        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q < 0 ? raw : raw[..q];
        var query = q < 0 ? string.Empty : raw[q..];
        if (!GoPath.TryUnescape(rawPath, out var path))
        {
            await Text(ctx, 400, "400 Bad Request", nosniff: false);
            return;
        }

        var clean = GoPath.Clean(path);
        if (clean != path)
        {
            ctx.Response.StatusCode = 301;
            ctx.Response.Headers.Location = GoPath.Escape(clean) + query;
            return;
        }

        var method = ctx.Request.Method;
        switch (path)
        {
            case "/metrics":
                await Only(ctx, "GET", GetAllow, () => ScrapeAsync(ctx));
                return;
            case "/-/healthy":
                await Only(ctx, "GET", GetAllow, () => HealthyAsync(ctx));
                return;
            case "/-/ready":
                await Only(ctx, "GET", GetAllow, () => ReadyAsync(ctx));
                return;
            case "/-/quit":
                await QuitAsync(ctx);
                return;
            case "/-/reload":
                await ReloadAsync(ctx);
                return;
            case "/health":
                await Only(ctx, "GET", GetAllow, () => HealthJsonAsync(ctx));
                return;
            case AlertWebhookEndpoint.Path:
                // Only a call whose body is read takes room in the budget: the rest is answered at once.
                await (hub.AlertWebhook.Reads(ctx.Request)
                    ? AdmittedWriteAsync(ctx, hub.AlertWebhook.ReserveFor(ctx.Request.ContentLength), hub.AlertWebhook.MaxBytes, () => hub.AlertWebhook.HandleAsync(ctx))
                    : hub.AlertWebhook.HandleAsync(ctx));
                Count(ctx, "alerts_webhook");
                return;
            case "/api/v1/status":
                await ApiAsync(ctx, () => StatusAsync(ctx));
                return;
            case "/api/v1/metrics":
                await ApiAsync(ctx, () => ApiMetricsAsync(ctx));
                return;
            case "/api/v1/write":
                if (await AuthorizeWriteAsync(ctx))
                {
                    await (SampleEndpoints.Reads(ctx.Request)
                        ? AdmittedWriteAsync(ctx, RemoteWriteReceiver.ReserveFor(ctx.Request.ContentLength), RemoteWriteReceiver.MaxCompressedBytes, () => hub.Samples.Endpoints.WriteAsync(ctx))
                        : hub.Samples.Endpoints.WriteAsync(ctx));
                }

                Count(ctx, "remote_write");
                return;
            case "/api/v1/admin/wipe" when hub.Options.EnableAdminApi:
                await Only(ctx, "PUT", "OPTIONS, PUT", () => WipeAsync(ctx));
                return;
        }

        if (_queries.TryRoute(path, out var queryRoute))
        {
            await _queries.HandleAsync(ctx, queryRoute);
            Count(ctx, "query");
            return;
        }

        if (path is "/metrics/job/" or "/metrics/job@base64/")
        {
            if (method is "PUT" or "POST" or "DELETE")
            {
                // httprouter's trailing-slash redirect: 307 keeps the method.
                ctx.Response.StatusCode = 307;
                ctx.Response.Headers.Location = path[..^1] + query;
                Count(ctx, "push");
                return;
            }
        }
        else if (path.StartsWith("/metrics/job/", StringComparison.Ordinal) || path.StartsWith("/metrics/job@base64/", StringComparison.Ordinal))
        {
            switch (method)
            {
                case "PUT" or "POST":
                    await PushAsync(ctx, new KeyPath(rawPath, path), replace: method == "PUT");
                    Count(ctx, "push");
                    return;
                case "DELETE":
                    await DeleteAsync(ctx, new KeyPath(rawPath, path));
                    Count(ctx, "delete");
                    return;
                case "OPTIONS":
                    ctx.Response.Headers.Allow = PushAllow;
                    return;
                default:
                    ctx.Response.Headers.Allow = PushAllow;
                    await Text(ctx, 405, "Method Not Allowed");
                    return;
            }
        }

        if (WebConsole.ConsoleEndpoints.Handles(path) || path == WebConsole.ConsoleEndpoints.DeletePath)
        {
            await ConsoleAsync(ctx, path);
            return;
        }

        if (method is "PUT" or "POST" or "DELETE" && GoPath.FixPushPathCase(path) is { } fixedPath)
        {
            // httprouter redirects a push path that differs only in case (307 keeps the method), as the Pushgateway does.
            ctx.Response.StatusCode = 307;
            ctx.Response.Headers.Location = GoPath.Escape(fixedPath) + query;
            Count(ctx, "push");
            return;
        }

        await Text(ctx, 404, "404 page not found");
    }

    /// <summary>Go's http.Error: the message plus a newline, text/plain, nosniff.</summary>
    private static Task Text(HttpContext ctx, int status, string message, bool nosniff = true)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        if (nosniff)
        {
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
        }

        return ctx.Response.WriteAsync(message + "\n");
    }

    private static async Task Only(HttpContext ctx, string method, string allow, Func<Task> handler)
    {
        var m = ctx.Request.Method;
        if (m == method)
        {
            await handler();
        }
        else if (m == "OPTIONS")
        {
            ctx.Response.Headers.Allow = allow;
        }
        else
        {
            ctx.Response.Headers.Allow = allow;
            await Text(ctx, 405, "Method Not Allowed");
        }
    }

    private void Count(HttpContext ctx, string handler) => hub.Self.CountRequest(ctx.Response.StatusCode, handler, ctx.Request.Method);

    /// <summary>Bearer or basic auth on write endpoints when configured; writes 401 and returns false otherwise.</summary>
    private async Task<bool> AuthorizeWriteAsync(HttpContext ctx)
    {
        var auth = hub.Options.Auth;
        if (!auth.Enabled)
        {
            return true;
        }

        var header = ctx.Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(auth.BearerToken) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && FixedEquals(header[7..].Trim(), auth.BearerToken))
        {
            return true;
        }

        if (!string.IsNullOrEmpty(auth.Username) && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && FixedEquals(decoded[..colon], auth.Username) & FixedEquals(decoded[(colon + 1)..], auth.Password ?? string.Empty))
                {
                    return true;
                }
            }
            catch (FormatException)
            {
                // falls through to 401
            }
        }

        ctx.Response.Headers.WWWAuthenticate = !string.IsNullOrEmpty(auth.BearerToken) ? "Bearer realm=\"dualhub\"" : "Basic realm=\"dualhub\"";
        await Text(ctx, 401, "Unauthorized");
        return false;
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
