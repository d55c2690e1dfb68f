using System.Net;
using System.Text;

namespace DualHub.Hub.Tests.Query;

/// <summary>A store behind a fake HTTP handler: records each request (method, URL, form body) and answers with a script.</summary>
internal sealed class FakeStore : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _answer;

    public FakeStore(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        _answer = answer;
    }

    public List<(HttpMethod Method, Uri Url, string? Body, string? AcceptEncoding)> Requests { get; } = [];

    public static FakeStore Answering(HttpStatusCode status, string body, string contentType = "application/json") =>
        new((_, _) => Task.FromResult(Answer(status, body, contentType)));

    public static FakeStore Refusing() =>
        new((_, _) => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (127.0.0.1:8428)")));

    public static HttpResponseMessage Answer(HttpStatusCode status, string body, string contentType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var encoding = request.Headers.TryGetValues("Accept-Encoding", out var values) ? string.Join(", ", values) : null;
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!, body, encoding));
        }

        return await _answer(request, cancellationToken);
    }
}
