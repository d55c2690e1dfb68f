using System.Net;
using System.Net.Sockets;
using System.Text;
using DualHub.Cli.Up;
using DualHub.IntegrationTests.Nats;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Nats.Topology;
using DualHub.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Security;

/// <summary>
/// A leaf topology with <c>nats.security</c> (one user, TLS with verified client certificates on client and leafnode
/// ports) rendered and run by the same supervisor as <c>dualhub up</c>: only the right user, over TLS, with a client
/// certificate gets in, and an edge's messages reach the hub's stream over the secured leafnode link.
/// </summary>
public sealed class NatsSecurityTests
{
    [Fact]
    public async Task Wrong_password_plain_text_and_missing_client_certificate_are_refused_and_the_right_user_publishes_across_the_leaf_link()
    {
        await using var d = await NatsTestDeployment.StartAsync(Secured);
        var auth = d.Deployment.Topology.Security!.ClientAuth()!;
        var hubUrl = d["mainpc"].ClientUrl;

        await Refused(hubUrl, auth with { PasswordFile = null, Password = "wrong-password" }, "Authorization Violation");
        await Refused(hubUrl, auth with { Tls = auth.Tls! with { CertFile = null, KeyFile = null } }, "closed");
        var password = d.Deployment.Topology.Security!.ReadPassword();
        Assert.Null(await PlainConnectAsync(d["mainpc"].Node.ClientPort, password)); // closed: no PONG

        // The topology's own credentials: streams applied on both domains (the hub's sources the edge's over the leafnode).
        var changes = await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        Assert.NotEmpty(changes);
        await using var edge = NatsConnectionFactory.Create([d["pc2"].ClientUrl], "edge", auth: auth);
        var publisher = ObservabilityMessaging.CreatePublisher(edge);
        for (var i = 0; i < 5; i++)
        {
            var ack = await publisher.PublishMetricsAsync("pc2", "m"u8.ToArray(), $"secure-{i}");
            Assert.False(ack.Duplicate);
        }

        await using var hub = NatsConnectionFactory.Create([hubUrl], "hub", auth: auth);
        var js = new NatsJSContext(hub);
        await Poll.UntilAsync(
            async () => await NatsStreamReader.CountAsync(js, ObservabilityStreams.Metrics, "observability.metrics.pc2") >= 5,
            TimeSpan.FromSeconds(30),
            "the edge's messages in the hub's stream through the TLS leafnode link");
        var onHub = await NatsStreamReader.ReadAsync(js, ObservabilityStreams.Metrics, "observability.metrics.pc2");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"secure-{i}"), onHub.Select(m => m.MsgId));
    }

    // The server ends the connect: an authorization violation names itself; a refused TLS handshake closes the socket.
    private static async Task Refused(string url, NatsClientAuth auth, string expected)
    {
        await using var conn = NatsConnectionFactory.Create([url], "refused", auth: auth);
        var ex = await Assert.ThrowsAsync<NatsException>(async () => await conn.ConnectAsync());
        Assert.Contains(expected, ex.InnerException?.Message ?? ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    // What the server answers a client that speaks the protocol in plain text with the right password (null: it closed
    // the connection; an accepting server answers PONG).
    private static async Task<string?> PlainConnectAsync(int port, string password)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        stream.ReadTimeout = 5000;
        using var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.Contains("\"tls_required\":true", await reader.ReadLineAsync(), StringComparison.Ordinal);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {{\"user\":\"dualhub\",\"pass\":\"{password}\",\"verbose\":false}}\r\nPING\r\n"));
        return await reader.ReadLineAsync();
    }

    // The material dualhub generates for a secured deployment: its NATS user, password and certificates.
    private static NatsTopologyOptions Secured(string dir)
    {
        var topology = NatsTestTopologies.Leaf(dir);
        topology.Security = SecureMaterial.Create(Path.Combine(dir, "secure"), TimeProvider.System).Nats;
        return topology;
    }
}
