using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DualHub.Hub.Http;

/// <summary>
/// Reads a request's form within a byte bound and ASP.NET's value limits. A form over the bound, malformed (multipart
/// without a boundary, a cut-off part) or over the limits is the client's error: a status and a message naming it, for
/// the caller to answer in its own format.
/// </summary>
internal sealed class BoundedForm
{
    private readonly long _maxBytes;
    private readonly FormOptions _limits;

    public BoundedForm(long maxBytes, int maxValues = 1024)
    {
        _maxBytes = maxBytes;
        _limits = new FormOptions
        {
            ValueCountLimit = maxValues,
            ValueLengthLimit = (int)Math.Min(maxBytes, int.MaxValue),
            MultipartBodyLengthLimit = maxBytes,
        };
    }

    /// <summary>The form; or null with the status (400, 413) and the message to answer.</summary>
    public async Task<(IFormCollection? Form, int Status, string Error)> ReadAsync(HttpContext ctx)
    {
        // Kestrel's body limit is off for the hub (pushes are counted after decompression); a form gets its own.
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = _maxBytes;
        }

        try
        {
            return (await ctx.Request.ReadFormAsync(_limits, ctx.RequestAborted), 200, string.Empty);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, 413, string.Create(CultureInfo.InvariantCulture, $"form body larger than {_maxBytes} bytes"));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !ctx.RequestAborted.IsCancellationRequested)
        {
            return (null, 400, "invalid form body: " + ex.Message);
        }
    }
}
