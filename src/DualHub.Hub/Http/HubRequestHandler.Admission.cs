using DualHub.Hub.Push.Ingest;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

internal sealed partial class HubRequestHandler
{
    /// <summary>How long a request body waits for room in its budget before a 503.</summary>
    private static readonly TimeSpan AdmissionWait = TimeSpan.FromSeconds(10);

    /// <summary>A remote-write or alert webhook call, under <c>limits.max_write_bytes_in_flight</c>.</summary>
    private Task AdmittedWriteAsync(HttpContext ctx, long reserve, long discardLimit, Func<Task> handle)
    {
        var limits = hub.Options.Limits;
        return AdmittedAsync(ctx, hub.WriteAdmission, reserve, "writes", $"limits.max_write_bytes_in_flight {limits.MaxWriteBytesInFlight}", discardLimit, handle);
    }

    /// <summary>
    /// Runs <paramref name="handle"/> holding <paramref name="reserve"/> bytes of <paramref name="admission"/>. A request
    /// that finds no room within the wait has its body read (up to <paramref name="discardLimit"/>) and dropped, so a
    /// client still sending gets the 503 rather than a reset connection, with Retry-After.
    /// </summary>
    private static async Task AdmittedAsync(HttpContext ctx, BodyAdmission admission, long reserve, string what, string budget, long discardLimit, Func<Task> handle)
    {
        var units = await admission.EnterAsync(reserve, AdmissionWait, ctx.RequestAborted);
        if (units == 0)
        {
            await BodyReader.DiscardAsync(ctx.Request.Body, discardLimit, ctx.RequestAborted);
            ctx.Response.Headers.RetryAfter = "1";
            await Text(ctx, 503, $"too many {what} in progress ({budget}): retry later");
            return;
        }

        try
        {
            await handle();
        }
        finally
        {
            admission.Exit(units);
        }
    }
}
