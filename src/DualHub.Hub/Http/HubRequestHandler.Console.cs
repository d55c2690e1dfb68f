using DualHub.Hub.Push.Store;
using DualHub.Hub.WebConsole;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

internal sealed partial class HubRequestHandler
{
    private const int MaxFormBytes = 16 * 1024;
    private static readonly BoundedForm DeleteForms = new(MaxFormBytes, maxValues: 16);

    /// <summary>The web console (docs/console.md): pages are GET only; the delete form exists only with the admin API.</summary>
    private async Task ConsoleAsync(HttpContext ctx, string path)
    {
        if (path == ConsoleEndpoints.DeletePath)
        {
            await Only(ctx, "POST", "OPTIONS, POST", () => ConsoleDeleteAsync(ctx));
        }
        else
        {
            await Only(ctx, "GET", GetAllow, () => ConsoleEndpoints.HandleAsync(ctx, path, hub));
        }

        Count(ctx, "console");
    }

    /// <summary>
    /// The group page's delete button: the admin API must be enabled, write auth applies, and the form must come from this
    /// hub's own page (a form posted from another site is refused).
    /// </summary>
    private async Task ConsoleDeleteAsync(HttpContext ctx)
    {
        if (!hub.Options.EnableAdminApi)
        {
            await Text(ctx, 403, "Admin API is not enabled.");
            return;
        }

        var site = ctx.Request.Headers["Sec-Fetch-Site"].ToString();
        var origin = ctx.Request.Headers.Origin.ToString();
        if (site is not ("" or "same-origin" or "none") || (origin.Length > 0 && origin != $"{ctx.Request.Scheme}://{ctx.Request.Host}"))
        {
            await Text(ctx, 403, "delete refused: the form must be posted from this hub's own page");
            return;
        }

        if (!await AuthorizeWriteAsync(ctx))
        {
            return;
        }

        if (!ctx.Request.HasFormContentType || ctx.Request.ContentLength is null or > MaxFormBytes)
        {
            await Text(ctx, 400, $"delete needs a form body of at most {MaxFormBytes} bytes");
            return;
        }

        var (form, status, formError) = await DeleteForms.ReadAsync(ctx);
        if (form is null)
        {
            await Text(ctx, status, "delete: " + formError);
            return;
        }

        var group = form["group"].ToString();
        var raw = "/metrics/" + group;
        if (!GoPath.TryUnescape(raw, out var decoded) || !new KeyPath(raw, decoded).TryParse(out var labels, out var error))
        {
            await Text(ctx, 400, "delete: bad group '" + group + "'");
            return;
        }

        var result = await hub.Writer.SubmitAsync(new StoreOp(OpKind.Delete, GroupId.From(labels), hub.NowNanos));
        if (result.Status != WriteStatus.Ok)
        {
            await WriteResultAsync(ctx, result, 303);
            return;
        }

        ctx.Response.StatusCode = 303;
        ctx.Response.Headers.Location = "/#groups";
    }
}
