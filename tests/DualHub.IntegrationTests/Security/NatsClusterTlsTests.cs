using DualHub.Cli.Up;
using DualHub.IntegrationTests.Nats;
using DualHub.Nats.Monitoring;
using DualHub.Nats.Topology;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Security;

/// <summary>
/// A 3-node cluster of real nats-server 2.9 with the generated <c>nats.security</c> and <c>monitor_tls</c>: the routes
/// form over TLS (JetStream elects a meta leader across them) and DualHub's monitor client reads every server's
/// /varz, /jsz and /routez over https with the CA; plain HTTP gets no /varz, and a client that does not trust the CA
/// refuses the server. (nats-server 2.9 asks no client certificate on the monitoring port, even with <c>verify</c>.)
/// </summary>
public sealed class NatsClusterTlsTests
{
    [Fact]
    public async Task Routes_form_over_TLS_and_the_monitor_reads_each_server_over_https()
    {
        // The supervisor's readiness (/healthz: a current meta leader) already goes over https.
        await using var d = await NatsTestDeployment.StartAsync(Secured);
        var topology = d.Deployment.Topology;
        foreach (var node in topology.Nodes)
        {
            var conf = await File.ReadAllTextAsync(Path.Combine(d.Directory, "conf", $"nats-{node.Name}.conf"));
            Assert.Contains("\n  tls {\n", conf[conf.IndexOf("cluster {", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }

        foreach (var (name, server) in d.Deployment.Servers)
        {
            Assert.StartsWith("https://", server.MonitorUrl, StringComparison.Ordinal);
            var summary = await server.GetSummaryAsync();
            Assert.Equal(name, summary.ServerName);
            Assert.True(summary.Healthy, summary.HealthError);
            Assert.Equal(3, summary.MetaClusterSize);
            Assert.Equal(2, summary.Routes.Count);
        }

        var monitor = topology.Nodes[0];
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var answer = await plain.GetAsync(monitor.MonitorUrl + "/varz"); // Go's answer to HTTP on a TLS port
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        // A client that does not trust the generated CA refuses the server: the port is TLS, not plain HTTP.
        using var untrusting = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetStringAsync(topology.MonitorUrlOf(monitor) + "/varz"));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
    }

    private static NatsTopologyOptions Secured(string dir)
    {
        var topology = NatsTestTopologies.Cluster(dir);
        var security = SecureMaterial.Create(Path.Combine(dir, "secure"), TimeProvider.System).Nats;
        security.MonitorTls = true;
        topology.Security = security;
        return topology;
    }
}
