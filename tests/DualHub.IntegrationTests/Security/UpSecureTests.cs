using System.Globalization;
using System.Net;
using System.Text.Json;
using DualHub.Core.Security;
using DualHub.IntegrationTests.Up;
using DualHub.Nats.Messaging;
using DualHub.Testing;
using NATS.Client.Core;

namespace DualHub.IntegrationTests.Security;

/// <summary>
/// <c>dualhub up --secure</c>: every hub and C# agent health port speaks only TLS with a client certificate and basic
/// auth from the material in <c>&lt;state&gt;/secure</c>, the agents' pushes still reach CentralHub's query API through
/// EdgeHub, NATS refuses a client without credentials, <c>dualhub check --secure</c> with that material reaches every
/// component and passes (its latency verdicts left to the serial tests), and stopping frees every port.
/// </summary>
public sealed class UpSecureTests
{
    // Hubs (central, both Pushgateways, edge) and the three C# agents' health ports, as offsets from the base port.
    private static readonly int[] TlsOffsets = [0, 91, 92, 100, 201, 202, 203];
    private static readonly string[] AgentJobs = ["resource_manager", "unified_utils_agent", "observability_hub"];

    [Fact]
    public async Task Every_listener_wants_tls_and_the_password_and_the_agents_reach_central_over_https()
    {
        var basePort = FreePort.NextBlock(UpCheckTests.Offsets);
        var state = TempDir.Create();
        var secure = Path.Combine(state, "secure");
        try
        {
            await using (var up = DualHubProcess.Start(["up", "--secure", "--base-port", Port(basePort), "--state", state]))
            {
                await Poll.UntilAsync(() => Exited(up) || File.Exists(Path.Combine(secure, "web.yml")), TimeSpan.FromSeconds(60), "the generated material");
                var tls = new ClientTlsConfig { CaFile = Path.Combine(secure, "pki", "ca.pem"), CertFile = Path.Combine(secure, "pki", "client.pem"), KeyFile = Path.Combine(secure, "pki", "client.key") };
                using var right = Client(tls, new ClientBasicAuth { Username = "dualhub", PasswordFile = Path.Combine(secure, "password") });
                using var noPassword = Client(tls, null);
                using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                foreach (var port in TlsOffsets.Select(o => basePort + o))
                {
                    var url = $"https://127.0.0.1:{Port(port)}";
                    var health = url + (port - basePort > 200 ? "/health" : "/-/healthy");
                    await Poll.UntilAsync(async () => Exited(up) || await HttpAnswer.StatusAsync(right, health) == HttpStatusCode.OK, TimeSpan.FromSeconds(90), $"{health} to answer 200 with the credentials: {up.Output}");
                    Assert.False(up.HasExited, up.Output);
                    Assert.Equal(HttpStatusCode.Unauthorized, await HttpAnswer.StatusAsync(noPassword, health));
                    Assert.Null(await HttpAnswer.StatusAsync(plain, $"http://127.0.0.1:{Port(port)}/metrics"));
                }

                // Agent -> EdgeHub (https) -> CentralHub (remote_write over https) -> store, read through central's query API.
                var query = $"https://127.0.0.1:{Port(basePort)}/api/v1/query?query=" + Uri.EscapeDataString("max by (job) (dualhub_push_sequence)");
                var first = await Poll.UntilAsync(
                    async () => await SequencesAsync(right, query) is var seen && AgentJobs.All(seen.ContainsKey) ? seen : null,
                    TimeSpan.FromSeconds(60),
                    "every agent's push sequence on CentralHub",
                    TimeSpan.FromMilliseconds(500));
                await Poll.UntilAsync(
                    async () => await SequencesAsync(right, query) is var now && AgentJobs.All(j => now[j] > first[j]) ? now : null,
                    TimeSpan.FromSeconds(30),
                    $"every agent's push sequence to advance on CentralHub (first seen: {string.Join(", ", first)})",
                    TimeSpan.FromMilliseconds(500));

                await using var anonymous = NatsConnectionFactory.Create([$"nats://127.0.0.1:{Port(basePort + 4222 - 9000)}"], "anonymous");
                await Assert.ThrowsAsync<NatsException>(async () => await anonymous.ConnectAsync());

                // An operator's `check` with the folder up wrote: https URLs, the client certificate, both passwords.
                var (code, output) = await DualHubProcess.RunAsync(["check", "--base-port", Port(basePort), "--secure", secure], TimeSpan.FromMinutes(3));
                SecureCheckOutput.AssertEveryCheckReachedItsComponent(code, output);
                Assert.Matches(@"(?m)^PASS\s+edge-hub ready\s+https://127\.0\.0\.1:", output);

                up.Signal(2);
                try
                {
                    await Poll.UntilAsync(() => up.HasExited, TimeSpan.FromSeconds(60), "up to stop after SIGINT");
                }
                catch (TimeoutException ex)
                {
                    throw new TimeoutException($"{ex.Message}; its output so far:\n{up.Output}", ex);
                }

                Assert.Contains("stopped", up.Output, StringComparison.Ordinal);
            }

            await Poll.UntilAsync(() => UpCheckTests.Offsets.All(o => FreePort.IsFree(basePort + o)), TimeSpan.FromSeconds(30), "every port of up to be free");
        }
        finally
        {
            TempDir.Delete(state);
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static bool Exited(ExternalProcess up) => up.HasExited ? throw new InvalidOperationException($"up exited with {up.ExitCode}: {up.Output}") : false;

    private static HttpClient Client(ClientTlsConfig tls, ClientBasicAuth? auth) =>
        new(SecureHttpHandler.Create(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }, tls, auth)) { Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<Dictionary<string, double>> SequencesAsync(HttpClient http, string query)
    {
        var result = new Dictionary<string, double>();
        try
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(query)));
            foreach (var r in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                if (r.GetProperty("metric").TryGetProperty("job", out var job))
                {
                    result[job.GetString()!] = double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (HttpRequestException)
        {
        }

        return result;
    }
}
