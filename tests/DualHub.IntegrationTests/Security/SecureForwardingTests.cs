using System.Globalization;
using System.Net;
using System.Text.Json;
using DualHub.Client;
using DualHub.Client.Options;
using DualHub.Core.Security;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Security;

/// <summary>
/// The client sides over TLS and basic auth: an SDK agent pushes to a CentralHub that requires a client certificate
/// and a password and serves its own health port the same way; an EdgeHub scrapes that health port with
/// <c>scheme: https</c> and forwards to the central by remote_write with <c>tls_config</c> and <c>basic_auth</c>.
/// A wrong password in <c>password_file</c> leaves the 401 as the upstream's last error with the samples pending;
/// once the file is fixed, they arrive.
/// </summary>
public sealed class SecureForwardingTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly SecureSetup _setup = new();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Agent_and_edge_deliver_to_a_central_with_tls_and_basic_auth_and_a_wrong_password_loses_nothing()
    {
        var (centralPort, edgePort) = (FreePort.Next(), FreePort.Next());
        var centralUrl = SecureSetup.Url(centralPort);
        var central = DualHubProcess.Start(["hub", "--role", "central", "--listen", $"127.0.0.1:{centralPort}", "--data", Path.Combine(_setup.Directory, "central"), "--web.config.file", _setup.WebConfigFile]);
        _cleanup.Add(central);
        await _setup.WaitReadyAsync(central, centralUrl + "/-/ready");

        // The SDK: https to the hub with the CA, the client certificate and the password; its health port behind the same web config.
        var o = new AgentOptions
        {
            Agent = { Name = "secure_agent", Node = "pc2" },
            PushInterval = TimeSpan.FromMilliseconds(200),
            HealthPort = 0,
            TlsConfig = _setup.Tls,
            BasicAuth = new ClientBasicAuth { Username = SecureSetup.User, Password = SecureSetup.Password },
            WebConfigFile = _setup.WebConfigFile,
        };
        o.Hubs.Add(new HubEndpoint("central", new Uri(centralUrl)));
        o.Spool.Path = Path.Combine(_setup.Directory, "spool");
        var agent = DualHubAgentFactory.Create(o);
        _cleanup.Add(agent);
        await agent.StartAsync();
        Assert.Equal("https", agent.HealthUrl!.Scheme);
        using var http = _setup.Client();
        await Poll.UntilAsync(
            async () => (await http.GetStringAsync(new Uri(centralUrl + "/metrics"))).Contains("job=\"secure_agent\"", StringComparison.Ordinal),
            Wait,
            "the agent's pushes on the central");
        using var noPassword = _setup.Client(password: null);
        using (var health = await noPassword.GetAsync(agent.HealthUrl))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, health.StatusCode);
        }

        // The edge scrapes the agent's health port over https and forwards with a wrong password first.
        var passwordFile = Path.Combine(_setup.Directory, "central.password");
        await File.WriteAllTextAsync(passwordFile, "wrong-password\n");
        var edgeConfig = Path.Combine(_setup.Directory, "edge.yml");
        await File.WriteAllTextAsync(edgeConfig, $"""
            role: edge
            global:
              scrape_interval: 500ms
              scrape_timeout: 500ms
            scrape_configs:
              - job_name: agent_health
                scheme: https
                tls_config: {TlsYaml()}
                basic_auth: {Flow("username", SecureSetup.User, "password", SecureSetup.Password)}
                static_configs:
                  - targets: ['127.0.0.1:{agent.HealthUrl.Port.ToString(CultureInfo.InvariantCulture)}']
            remote_write:
              - url: {centralUrl}/api/v1/write
                name: central
                tls_config: {TlsYaml()}
                basic_auth: {Flow("username", SecureSetup.User, "password_file", passwordFile)}
                queue_config: {Flow("min_backoff", "50ms", "max_backoff", "500ms")}
            """);
        var edgeUrl = "http://127.0.0.1:" + edgePort.ToString(CultureInfo.InvariantCulture);
        var edge = DualHubProcess.Start(["hub", "--config", edgeConfig, "--listen", $"127.0.0.1:{edgePort}", "--data", Path.Combine(_setup.Directory, "edge")]);
        _cleanup.Add(edge);
        await edge.WaitForHttpOkAsync(edgeUrl + "/-/ready", Wait);

        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var refused = await Poll.UntilAsync(
            async () => await UpstreamAsync(plain, edgeUrl) is var u && u.Pending > 0 && u.LastError.Contains("HTTP 401", StringComparison.Ordinal) ? u : null,
            Wait,
            "the 401 as the upstream's last error with samples pending");
        Assert.Equal(0, refused.Dropped);
        Assert.Empty(await QueryAsync(http, centralUrl, "up{job=\"agent_health\"}"));

        await File.WriteAllTextAsync(passwordFile, SecureSetup.Password + "\n");
        await Poll.UntilAsync(async () => (await UpstreamAsync(plain, edgeUrl)).Pending == 0, Wait, "the backlog delivered once the password is right");
        var up = await QueryAsync(http, centralUrl, "up{job=\"agent_health\"}");
        Assert.Equal("1", Assert.Single(up));
        Assert.Equal(0, (await UpstreamAsync(plain, edgeUrl)).Dropped);
    }

    private string TlsYaml() => Flow("ca_file", _setup.Pki.CaFile, "cert_file", _setup.Pki.ClientCertFile, "key_file", _setup.Pki.ClientKeyFile);

    /// <summary>A YAML flow mapping of key, value pairs.</summary>
    private static string Flow(params string[] pairs) =>
        "{ " + string.Join(", ", pairs.Chunk(2).Select(p => $"{p[0]}: '{p[1]}'")) + " }";

    private static async Task<Upstream> UpstreamAsync(HttpClient http, string edgeUrl)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(edgeUrl + "/health")));
        var u = doc.RootElement.GetProperty("upstreams")[0];
        return new Upstream(u.GetProperty("pending_samples").GetInt64(), u.GetProperty("samples_dropped").GetInt64(), u.GetProperty("last_error").GetString() ?? string.Empty);
    }

    private static async Task<List<string>> QueryAsync(HttpClient http, string baseUrl, string query)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{baseUrl}/api/v1/query?query={Uri.EscapeDataString(query)}")));
        return doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => r.GetProperty("value")[1].GetString()!).ToList();
    }

    private sealed record Upstream(long Pending, long Dropped, string LastError);
}
