using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace DualHub.IntegrationTests.Hub;

/// <summary>One request of a scripted push sequence, sent the same way to any Pushgateway-API server.</summary>
internal sealed record PushStep(string Method, string Path, string? Body = null, bool Gzip = false, string? ContentType = null, byte[]? Raw = null)
{
    public async Task<(int Status, string Body, string? Location)> SendAsync(HttpClient http, string baseUrl)
    {
        using var req = new HttpRequestMessage(new HttpMethod(Method), baseUrl + Path);
        if (Body is not null || Raw is not null)
        {
            var bytes = Raw ?? Encoding.UTF8.GetBytes(Body!);
            if (Gzip)
            {
                using var ms = new MemoryStream();
                using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                {
                    z.Write(bytes);
                }

                bytes = ms.ToArray();
            }

            req.Content = new ByteArrayContent(bytes);
            req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType ?? "text/plain; version=0.0.4");
            if (Gzip)
            {
                req.Content.Headers.ContentEncoding.Add("gzip");
            }
        }

        using var resp = await http.SendAsync(req);
        return ((int)resp.StatusCode, (await resp.Content.ReadAsStringAsync()).TrimEnd('\n'), resp.Headers.Location?.OriginalString);
    }

    public override string ToString() => $"{Method} {Path}" + (Body is null ? string.Empty : $" [{Body.Replace("\n", "\\n", StringComparison.Ordinal)}]");
}
