using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DualHub.IntegrationTests.Hub;

/// <summary>
/// The query API's POST form, black box against a central hub: a malformed or oversized form is Prometheus' 400 or 413
/// <c>bad_data</c> naming the problem, never a 500, and the hub keeps answering.
/// </summary>
public sealed class QueryFormLimitTests
{
    // Go's ParseForm bound, which Prometheus' query API has.
    private const long MaxFormBytes = 10 << 20;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private static readonly HttpClient ExpectContinueHttp = new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public async Task Bad_forms_are_400_or_413_naming_the_problem_and_a_good_one_still_answers()
    {
        await using var hub = await HubInstance.StartAsync("--role", "central");

        var noBoundary = await PostAsync(hub.Url + "/api/v1/query", "query=up", "multipart/form-data");
        Assert.Equal((400, "invalid form body: Missing content-type boundary."), noBoundary);

        var cutOff = await PostAsync(hub.Url + "/api/v1/series", "--abc\r\nContent-Disposition: form-data; name=\"match[]\"\r\n\r\nup", "multipart/form-data; boundary=abc");
        Assert.Equal(400, cutOff.Status);
        Assert.StartsWith("invalid form body: ", cutOff.Error, StringComparison.Ordinal);

        // Refused on its Content-Length, before a byte of the body is read: the client waits for "100 Continue" and gets
        // the answer instead, so it never writes into a connection the hub has closed.
        using (var tooLarge = new StringContent("query=" + new string('a', (int)MaxFormBytes), Encoding.ASCII, "application/x-www-form-urlencoded"))
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub.Url + "/api/v1/query")) { Content = tooLarge })
        {
            request.Headers.ExpectContinue = true;
            using var response = await ExpectContinueHttp.SendAsync(request);
            Assert.Equal((413, $"form body larger than {MaxFormBytes} bytes"), await ErrorAsync(response));
        }

        using var ok = await Http.PostAsync(new Uri(hub.Url + "/api/v1/query"), new FormUrlEncodedContent([new("query", "up")]));
        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal("success", JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    private static async Task<(int Status, string Error)> PostAsync(string url, string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.ASCII);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PostAsync(new Uri(url), content);
        return await ErrorAsync(response);
    }

    private static async Task<(int Status, string Error)> ErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("bad_data", doc.RootElement.GetProperty("errorType").GetString());
        return ((int)response.StatusCode, doc.RootElement.GetProperty("error").GetString()!);
    }
}
