using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using DualHub.Cli.Up;
using DualHub.Core.Security;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Security;

/// <summary>
/// An edge and a central hub secured with what <see cref="SecureMaterial"/> generates (the material a secured
/// deployment uses): both listen with its web config, the edge forwards to the central with its client keys. A push
/// with the right credentials reaches the central; a wrong password is a 401, plain HTTP and a client without a
/// certificate get no answer.
/// </summary>
public sealed class SecureHubPairTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task Generated_material_secures_both_hubs_and_the_forwarding_between_them()
    {
        var m = SecureMaterial.Create(Path.Combine(_dir, "secure"), TimeProvider.System);
        var (centralPort, edgePort) = (FreePort.Next(), FreePort.Next());
        var (centralUrl, edgeUrl) = (Https(centralPort), Https(edgePort));
        var edgeConfig = Path.Combine(_dir, "edge.yml");
        await File.WriteAllTextAsync(edgeConfig, "role: edge\nremote_write:\n  - url: " + centralUrl + "/api/v1/write\n    name: central\n"
            + m.ClientYaml("    ") + "    queue_config:\n      max_backoff: 500ms\n");
        await using var central = Hub(["--role", "central", "--listen", $"127.0.0.1:{centralPort}", "--data", Path.Combine(_dir, "central")], m);
        await using var edge = Hub(["--config", edgeConfig, "--listen", $"127.0.0.1:{edgePort}", "--data", Path.Combine(_dir, "edge")], m);
        using var http = Client(m.Tls, m.BasicAuth);
        await Poll.UntilAsync(async () => await OkAsync(http, edgeUrl) && await OkAsync(http, centralUrl), Wait, "both hubs ready over TLS with the password");

        using (var push = await http.PutAsync(new Uri(edgeUrl + "/metrics/job/secure_pair"), new StringContent("secure_pair_value 7\n", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        }

        await Poll.UntilAsync(async () => await QueryAsync(http, centralUrl, "secure_pair_value") == "7", Wait, "the push forwarded to the central over TLS with basic auth");

        using var wrong = Client(m.Tls, m.BasicAuth with { PasswordFile = null, Password = "wrong-password" });
        foreach (var url in new[] { edgeUrl, centralUrl })
        {
            using var r = await wrong.GetAsync(new Uri(url + "/api/v1/query?query=secure_pair_value"));
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        using var noCert = Client(new ClientTlsConfig { CaFile = m.Pki.CaFile }, m.BasicAuth);
        var handshake = await Assert.ThrowsAsync<HttpRequestException>(() => noCert.GetAsync(new Uri(centralUrl + "/-/healthy")));
        Assert.Null(handshake.StatusCode);

        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var r = await plain.GetAsync(new Uri(edgeUrl.Replace("https://", "http://", StringComparison.Ordinal) + "/metrics"));
            Assert.False(r.IsSuccessStatusCode, $"plain HTTP got {r.StatusCode}");
            Assert.DoesNotContain("secure_pair_value", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            // refused: the expected outcome
        }
    }

    private static string Https(int port) => "https://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    private static ExternalProcess Hub(string[] args, SecureMaterial m) =>
        DualHubProcess.Start(["hub", .. args, "--web.config.file", m.WebConfigFile]);

    private static HttpClient Client(ClientTlsConfig tls, ClientBasicAuth auth) =>
        new(SecureHttpHandler.Create(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }, tls, auth)) { Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<bool> OkAsync(HttpClient http, string url)
    {
        try
        {
            using var r = await http.GetAsync(new Uri(url + "/-/ready"));
            return r.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<string?> QueryAsync(HttpClient http, string url, string query)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{url}/api/v1/query?query={Uri.EscapeDataString(query)}")));
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString();
    }
}
