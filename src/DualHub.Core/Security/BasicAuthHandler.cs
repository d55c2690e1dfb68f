namespace DualHub.Core.Security;

/// <summary>Adds <c>Authorization: Basic</c> to every request that carries no Authorization header of its own.</summary>
internal sealed class BasicAuthHandler(ClientBasicAuth auth, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= auth.Header();
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= auth.Header();
        return base.Send(request, cancellationToken);
    }
}
