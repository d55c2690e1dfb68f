using System.Net;
using System.Text.Json;
using DualHub.Core.Security;
using DualHub.IntegrationTests.Security;
using DualHub.Testing;
using DualHub.Testing.Netns;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Deployment;

/// <summary>
/// <c>dualhub render --secure</c> on two machines (network namespaces, as <see cref="TwoMachineNetnsTests"/>): the folder
/// installed on both, every unit started from its ExecStart; every hub answers only https with the client certificate
/// and the password, and <c>dualhub check</c> with the installed topology and folder passes every non-destructive
/// checkpoint across the link (agents on PC2 pushing to EdgeHub, EdgeHub forwarding to CentralHub, health and latency
/// over the NATS leafnode link with TLS). Runs beside other tests: the latency verdicts are left to the serial ones.
/// </summary>
[LongRunning]
public sealed class TwoMachineSecureNetnsTests(ITestOutputHelper log)
{
    [TwoMachineFact]
    public async Task The_secure_rendering_runs_on_two_machines_over_https_and_nats_tls_and_passes_check()
    {
        using var pair = NetnsPair.Create();
        var dir = TempDir.Create();
        try
        {
            await using var deployment = await RenderedDeployment.RenderAsync(pair, dir, secure: true);
            await deployment.StartAsync("mainpc");
            await deployment.StartAsync("pc2");

            var secure = Path.Combine(deployment.EtcOf("mainpc"), "secure");
            var tls = new ClientTlsConfig { CaFile = Path.Combine(secure, "pki", "ca.pem"), CertFile = Path.Combine(secure, "pki", "client.pem"), KeyFile = Path.Combine(secure, "pki", "client.key") };
            using var right = new HttpClient(SecureHttpHandler.Create(new SocketsHttpHandler(), tls, new ClientBasicAuth { Username = "dualhub", PasswordFile = Path.Combine(secure, "password") })) { Timeout = TimeSpan.FromSeconds(5) };
            using var noPassword = new HttpClient(SecureHttpHandler.Create(new SocketsHttpHandler(), tls, null)) { Timeout = TimeSpan.FromSeconds(5) };
            using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var hub in new[] { $"{pair.AddressA}:9000", $"{pair.AddressB}:9100", $"{pair.AddressA}:9091", $"{pair.AddressB}:9091" })
            {
                await Poll.UntilAsync(async () => await HttpAnswer.StatusAsync(right, $"https://{hub}/-/ready") == HttpStatusCode.OK, TimeSpan.FromSeconds(120), $"https://{hub}/-/ready with the credentials");
                Assert.Equal(HttpStatusCode.Unauthorized, await HttpAnswer.StatusAsync(noPassword, $"https://{hub}/metrics"));
                Assert.Null(await HttpAnswer.StatusAsync(plain, $"http://{hub}/metrics"));
            }

            // Settled first, as an operator would check a started deployment: units start in order without waiting for
            // readiness, so an agent that found EdgeHub not yet listening is on CentralHub until its fail-back probes
            // (1 s, 2 s, 4 s ...) find EdgeHub healthy again.
            foreach (var port in new[] { 9201, 9202, 9203 })
            {
                var health = $"https://{pair.AddressB}:{port}/health";
                await Poll.UntilAsync(async () => await OnPrimaryAsync(right, health), TimeSpan.FromSeconds(120), $"{health} to report EdgeHub (primary) as its active hub");
            }

            // What an operator runs on MainPC after installing: the topology and the folder where render's install step put them.
            var (code, output) = await DualHubProcess.RunAsync(
                ["check", "--topology", Path.Combine(deployment.EtcOf("mainpc"), "topology.yaml"), "--secure", secure], TimeSpan.FromMinutes(3));
            log.WriteLine(output);
            SecureCheckOutput.AssertEveryCheckReachedItsComponent(code, output);
            Assert.Matches($@"(?m)^PASS\s+edge-hub ready\s+https://{Regex(pair.AddressB)}:9100/-/ready", output);
            Assert.Matches(@"(?m)^PASS\s+pushgateways scraped\s", output);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    private static async Task<bool> OnPrimaryAsync(HttpClient http, string url)
    {
        try
        {
            // 503 while no hub accepts, with the same JSON.
            using var response = await http.GetAsync(new Uri(url));
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return doc.RootElement.GetProperty("active_hub") is { ValueKind: JsonValueKind.Object } a && a.GetProperty("index").GetInt32() == 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return false;
        }
    }

    private static string Regex(string address) => address.Replace(".", "\\.", StringComparison.Ordinal);
}
