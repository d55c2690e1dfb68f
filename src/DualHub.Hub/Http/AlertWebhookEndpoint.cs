using System.Text.Json;
using DualHub.Hub.Alerts;
using DualHub.Nats.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Http;

/// <summary>
/// <c>POST /api/v1/alerts/webhook</c>, Alertmanager's webhook receiver: every alert of the call (firing and resolved)
/// goes to NATS by its severity, and the answer is 200 only once JetStream has acked them all, so Alertmanager retries
/// (503) whatever did not get through; the msg ids make its retry a duplicate. A body that is not Alertmanager's
/// version-4 JSON gets 400 naming the problem, one over the limit 413.
/// </summary>
internal sealed class AlertWebhookEndpoint(AlertPublisher? publisher, long maxBytes, ILogger logger)
{
    public const string Path = "/api/v1/alerts/webhook";

    /// <summary>The largest body read (<c>alerts.webhook_max_bytes</c>).</summary>
    public long MaxBytes => maxBytes;

    /// <summary>
    /// The memory a call of <paramref name="contentLength"/> bytes can take: its body, the alerts read from it (strings
    /// of two bytes a character) and the messages written for NATS.
    /// </summary>
    public long ReserveFor(long? contentLength) => 4 * Math.Min(contentLength ?? maxBytes, maxBytes);

    /// <summary>Whether <see cref="HandleAsync"/> reads this request's body (a POST it can publish, within the limit); else it answers at once.</summary>
    public bool Reads(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && publisher is not null && !(request.ContentLength > maxBytes);

    public async Task HandleAsync(HttpContext ctx)
    {
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            ctx.Response.Headers.Allow = "POST";
            await TextAsync(ctx, 405, "method not allowed: use POST");
            return;
        }

        if (publisher is null)
        {
            await UnavailableAsync(ctx, "this hub has no NATS link (nats.url), so it cannot publish alerts");
            return;
        }

        if (await RequestBody.ReadAsync(ctx.Request, maxBytes, ctx.RequestAborted) is not { } body)
        {
            await TextAsync(ctx, 413, $"body larger than {maxBytes} bytes (alerts.webhook_max_bytes)");
            return;
        }

        IReadOnlyList<AlertNotification> alerts;
        try
        {
            alerts = AlertmanagerWebhook.Parse(body.Span);
        }
        catch (AlertWebhookException ex)
        {
            Log.WebhookRefused(logger, ex.Message);
            await TextAsync(ctx, 400, "bad webhook payload: " + ex.Message);
            return;
        }

        AlertPublishResult result;
        try
        {
            result = await publisher.PublishAsync(alerts, ctx.RequestAborted);
        }
        catch (NATS.Client.Core.NatsPayloadTooLargeException ex)
        {
            // A retry would be refused again: 400, so Alertmanager gives up on this call instead of retrying it forever.
            Log.WebhookRefused(logger, ex.Message);
            await TextAsync(ctx, 400, "an alert is too large for NATS (the server's max_payload): " + ex.Message);
            return;
        }
        catch (Exception ex) when (ex is NatsPublishException or NATS.Client.Core.NatsException or TimeoutException)
        {
            await UnavailableAsync(ctx, "publishing to NATS failed: " + ex.Message);
            return;
        }

        Log.WebhookPublished(logger, result.Published, result.Duplicates);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.Body);
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WriteNumber("published", result.Published);
        w.WriteNumber("duplicates", result.Duplicates);
        w.WriteEndObject();
        await w.FlushAsync(ctx.RequestAborted);
    }

    private async Task UnavailableAsync(HttpContext ctx, string error)
    {
        Log.WebhookUnavailable(logger, error);
        await TextAsync(ctx, 503, error);
    }

    private static async Task TextAsync(HttpContext ctx, int status, string text)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(text + "\n", ctx.RequestAborted);
    }
}
