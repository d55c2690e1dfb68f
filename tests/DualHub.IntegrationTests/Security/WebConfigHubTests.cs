using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Security;

/// <summary>
/// A real <c>dualhub hub --web.config.file</c> with TLS, a required client certificate and basic auth: every route,
/// reads, health and the console included, needs the password (as Prometheus does); TLS refuses clients without a
/// certificate and plain HTTP; a bad web config stops the hub at start naming file, line and key.
/// </summary>
public sealed class WebConfigHubTests : IAsyncLifetime, IDisposable
{
    private readonly SecureSetup _setup = new();
    private readonly int _port = FreePort.Next();
    private ExternalProcess _hub = null!;

    private string Url => SecureSetup.Url(_port);

    public async Task InitializeAsync()
    {
        _hub = DualHubProcess.Start(["hub", "--listen", "127.0.0.1:" + _port.ToString(CultureInfo.InvariantCulture), "--data", Path.Combine(_setup.Directory, "data"), "--web.config.file", _setup.WebConfigFile]);
        await _setup.WaitReadyAsync(_hub, Url + "/-/ready");
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Right_password_reads_and_writes_every_route()
    {
        using var http = _setup.Client();
        using var push = await http.PutAsync(new Uri(Url + "/metrics/job/secure"), new StringContent("secure_value 42\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        Assert.Contains("secure_value{instance=\"\",job=\"secure\"} 42", await http.GetStringAsync(new Uri(Url + "/metrics")), StringComparison.Ordinal);
        foreach (var path in (string[])["/-/healthy", "/-/ready", "/health", "/api/v1/status", "/"])
        {
            using var r = await http.GetAsync(new Uri(Url + path));
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {r.StatusCode}");
        }
    }

    [Fact]
    public async Task Wrong_or_missing_password_gets_401_on_every_route()
    {
        using var wrong = _setup.Client("wrong-password");
        using var none = _setup.Client(password: null);
        foreach (var path in (string[])["/metrics", "/-/healthy", "/-/ready", "/health", "/api/v1/status", "/api/v1/query?query=up", "/"])
        {
            foreach (var http in (HttpClient[])[wrong, none])
            {
                using var r = await http.GetAsync(new Uri(Url + path));
                Assert.True(r.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {r.StatusCode}");
                Assert.Equal("Basic", r.Headers.WwwAuthenticate.ToString());
            }
        }

        using var push = await wrong.PutAsync(new Uri(Url + "/metrics/job/intruder"), new StringContent("x 1\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
        using var right = _setup.Client();
        Assert.DoesNotContain("intruder", await right.GetStringAsync(new Uri(Url + "/metrics")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_client_certificate_is_refused_in_the_handshake()
    {
        using var http = _setup.Client(clientCert: false);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(Url + "/-/healthy")));
        Assert.Null(ex.StatusCode); // no HTTP answer at all
    }

    [Fact]
    public async Task Plain_http_to_the_tls_port_gets_no_answer()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var plain = new Uri("http://127.0.0.1:" + _port.ToString(CultureInfo.InvariantCulture) + "/metrics");
        try
        {
            using var r = await http.GetAsync(plain);
            Assert.False(r.IsSuccessStatusCode, $"plain HTTP got {r.StatusCode}");
            Assert.DoesNotContain("dualhub_", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            // refused: the expected outcome
        }
    }

    [Fact]
    public async Task A_bad_web_config_stops_the_hub_naming_file_line_and_key()
    {
        var bad = Path.Combine(_setup.Directory, "bad-web.yml");
        await File.WriteAllTextAsync(bad, "tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  client_auth_type: Always\n");
        var (code, output) = await DualHubProcess.RunAsync(["hub", "--listen", "127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture), "--data", Path.Combine(_setup.Directory, "data2"), "--web.config.file", bad], TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, code);
        Assert.Contains(bad + ":4: tls_server_config.client_auth_type: 'Always' is not one of", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_speaks_tls_and_basic_auth_with_its_options()
    {
        var passwordFile = Path.Combine(_setup.Directory, "password");
        await File.WriteAllTextAsync(passwordFile, SecureSetup.Password + "\n");
        string[] tls = ["--ca-file", _setup.Pki.CaFile, "--cert-file", _setup.Pki.ClientCertFile, "--key-file", _setup.Pki.ClientKeyFile];
        string[] check = ["check", "--base-port", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--central", Url];

        // One run (the checks of the parts not started fail at once, but the Pushgateways' scrape check waits 30 s).
        var (_, output) = await DualHubProcess.RunAsync([.. check, .. tls, "--username", SecureSetup.User, "--password-file", passwordFile], TimeSpan.FromSeconds(90));
        Assert.True(Regex.IsMatch(output, @"(?m)^PASS\s+central-hub push served back"), output);
        Assert.Contains(Url + "/-/ready 2xx", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_python_client_pushes_with_tls_config_and_basic_auth()
    {
        const string Script = """
            import sys
            sys.path.insert(0, sys.argv[1])
            from dualhub_client.config import BasicAuth, TlsConfig
            from dualhub_client.transport import HttpTransport
            url, ca, cert, key, user, password = sys.argv[2:8]
            tls = TlsConfig(ca_file=ca, cert_file=cert, key_file=key)
            right = HttpTransport(5.0, tls, BasicAuth(user, password)).push(url + "/metrics/job/python_secure", b"py_secure 7\n", 5.0)
            wrong = HttpTransport(5.0, tls, BasicAuth(user, "wrong")).push(url + "/metrics/job/python_wrong", b"py_wrong 1\n", 5.0)
            print(right.status, right.http_status, wrong.status, wrong.http_status)
            """;
        var script = Path.Combine(_setup.Directory, "push.py");
        await File.WriteAllTextAsync(script, Script);
        await using var py = ExternalProcess.Start(Anchors.Python, [script, RepoRoot.Combine("clients", "python"), Url, _setup.Pki.CaFile, _setup.Pki.ClientCertFile, _setup.Pki.ClientKeyFile, SecureSetup.User, SecureSetup.Password], _setup.Directory);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await py.WaitForExitAsync(cts.Token);
        Assert.True(py.ExitCode == 0, py.Output);
        Assert.Contains("accepted 200 failed 401", py.Output, StringComparison.Ordinal);
        using var http = _setup.Client();
        Assert.Contains("py_secure{instance=\"\",job=\"python_secure\"} 7", await http.GetStringAsync(new Uri(Url + "/metrics")), StringComparison.Ordinal);
    }
}
