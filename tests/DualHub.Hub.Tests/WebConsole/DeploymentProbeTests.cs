using System.Net;
using DualHub.Hub.Options;
using DualHub.Hub.WebConsole.Deployment;

namespace DualHub.Hub.Tests.WebConsole;

public sealed class DeploymentProbeTests
{
    [Fact]
    public async Task An_answer_without_a_length_beyond_the_limit_is_an_error_and_one_within_it_is_read()
    {
        var parts = new[]
        {
            new DeploymentPart("pc2", "hub", "edge", new Uri("http://edge.test:9100")),
            new DeploymentPart("main", "hub", "central", new Uri("http://central.test:9000")),
        };
        using var http = new HttpMessageInvoker(new ChunkedAnswers(new Dictionary<string, int>
        {
            ["edge.test"] = DeploymentProbe.MaxBodyBytes + 1,
            ["central.test"] = 64,
        }));

        var snapshot = await new DeploymentProbe(parts, http, TimeProvider.System).ProbeAsync(CancellationToken.None);

        var edge = snapshot.Parts.Single(p => p.Part.Name == "edge");
        Assert.Null(edge.Json);
        Assert.NotNull(edge.Error);
        Assert.True(snapshot.Parts.Single(p => p.Part.Name == "central").Reachable);
    }

    /// <summary>Answers a JSON object padded to the given size per host, streamed without a Content-Length.</summary>
    private sealed class ChunkedAnswers(Dictionary<string, int> sizes) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var size = sizes[request.RequestUri!.Host];
            var json = "{\"pad\":\"" + new string('x', Math.Max(0, size - 10)) + "\"}";
            var content = new StreamContent(new UnseekableStream(System.Text.Encoding.ASCII.GetBytes(json)));
            Assert.Null(content.Headers.ContentLength);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    /// <summary>A stream whose length is unknown, so the content has no Content-Length (a chunked answer).</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
