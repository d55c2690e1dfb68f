using System.Net;

namespace DualHub.IntegrationTests.Security;

/// <summary>What a secured listener answered a client.</summary>
internal static class HttpAnswer
{
    /// <summary>The status code, or null when there was no HTTP answer (refused, reset, TLS handshake failed).</summary>
    public static async Task<HttpStatusCode?> StatusAsync(HttpClient http, string url)
    {
        try
        {
            using var r = await http.GetAsync(new Uri(url));
            return r.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
