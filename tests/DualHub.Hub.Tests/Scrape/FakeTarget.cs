using System.Net;
using System.Text;

namespace DualHub.Hub.Tests.Scrape;

/// <summary>An in-memory scrape target: answers with <see cref="Body"/> or fails while <see cref="Down"/>.</summary>
internal sealed class FakeTarget : HttpMessageHandler
{
    public string Body { get; set; } = string.Empty;

    public string ContentType { get; set; } = "text/plain; version=0.0.4";

    public bool Down { get; set; }

    public HttpRequestMessage? LastRequest { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        if (Down)
        {
            throw new HttpRequestException("Connection refused");
        }

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }
}
