using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DualHub.IntegrationTests.Hub;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Console;

/// <summary>The console over HTTP on a real Pushgateway-role hub: escaping, redaction, the delete form, the embedded assets.</summary>
public sealed class ConsolePageTests : IAsyncLifetime, IDisposable
{
    private const string Token = "console-s3cret";
    public const string Evil = "<script>alert('pwned')</script>";
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private HubInstance _hub = null!;
    private string _configDir = null!;

    public async Task InitializeAsync()
    {
        _configDir = TempDir.Create();
        var config = Path.Combine(_configDir, "hub.yml");
        await File.WriteAllTextAsync(config, $"""
            role: pushgateway
            enable_admin_api: true
            auth:
              bearer_token: {Token}
            """);
        _hub = await HubInstance.StartAsync("--config", config);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        TempDir.Delete(_configDir);
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_label_value_with_markup_is_shown_as_text_and_secrets_are_redacted()
    {
        await PushAsync("/metrics/job/evil/instance@base64/" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Evil)).Replace('+', '-').Replace('/', '_'),
            $"console_evil{{note=\"{Evil}\"}} 1\n");
        using var response = await _http.GetAsync(new Uri(_hub.Url + "/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("console_evil", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, html, StringComparison.Ordinal);
        Assert.Contains("&lt;redacted&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Delete group", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delete_form_deletes_with_write_auth_and_only_from_the_hubs_own_page()
    {
        await PushAsync("/metrics/job/doomed/instance/a", "console_doomed 1\n");
        var html = await _http.GetStringAsync(new Uri(_hub.Url + "/"));
        Assert.Contains("value=\"job/doomed/instance/a\"", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await DeleteFormAsync("job/doomed/instance/a", Token + "x", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteFormAsync("job/doomed/instance/a", Token, "cross-site")).StatusCode);
        Assert.Contains("console_doomed", await _http.GetStringAsync(new Uri(_hub.Url + "/metrics")), StringComparison.Ordinal);

        using var ok = await DeleteFormAsync("job/doomed/instance/a", Token, "same-origin");
        Assert.Equal(HttpStatusCode.SeeOther, ok.StatusCode);
        Assert.Equal("/#groups", ok.Headers.Location?.OriginalString);
        Assert.DoesNotContain("console_doomed", await _http.GetStringAsync(new Uri(_hub.Url + "/metrics")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_delete_form_is_a_400_naming_the_problem_and_deletes_nothing()
    {
        await PushAsync("/metrics/job/kept/instance/a", "console_kept 1\n");

        using var noBoundary = new ByteArrayContent("--x\r\n"u8.ToArray());
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        using var manyKeys = new StringContent(string.Join('&', Enumerable.Range(0, 100).Select(i => $"k{i}=v")) + "&group=job/kept/instance/a", Encoding.ASCII, "application/x-www-form-urlencoded");
        foreach (var content in new HttpContent[] { noBoundary, manyKeys })
        {
            using var response = await DeleteFormAsync(content, Token, "same-origin");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            Assert.StartsWith("delete: invalid form body: ", text, StringComparison.Ordinal);
        }

        Assert.Contains("console_kept", await _http.GetStringAsync(new Uri(_hub.Url + "/metrics")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_and_history_are_served_from_the_binary_and_the_page_stays_small()
    {
        long total = 0;
        foreach (var path in new[] { "/", "/console/fragment", "/console/assets/console.js", "/console/assets/console.css", "/console/assets/uPlot.iife.min.js", "/console/assets/uPlot.min.css" })
        {
            using var r = await _http.GetAsync(new Uri(_hub.Url + path));
            Assert.True(r.StatusCode == HttpStatusCode.OK, path);
            total += (await r.Content.ReadAsByteArrayAsync()).Length;
        }

        Assert.True(total < 300 * 1024, $"page with its assets is {total} bytes");
        Assert.Contains("MIT License", await _http.GetStringAsync(new Uri(_hub.Url + "/console/assets/uPlot.LICENSE")), StringComparison.Ordinal);
        Assert.StartsWith("{\"interval\":10", await _http.GetStringAsync(new Uri(_hub.Url + "/console/history.json")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(new Uri(_hub.Url + "/console/assets/hub.db"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(new Uri(_hub.Url + "/console/assets/missing.js"))).StatusCode);
    }

    private async Task PushAsync(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_hub.Url + path)) { Content = new StringContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> DeleteFormAsync(string group, string token, string? fetchSite) =>
        DeleteFormAsync(new FormUrlEncodedContent([new KeyValuePair<string, string>("group", group)]), token, fetchSite);

    private async Task<HttpResponseMessage> DeleteFormAsync(HttpContent form, string token, string? fetchSite)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_hub.Url + "/console/delete")) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return await _http.SendAsync(request);
    }
}
