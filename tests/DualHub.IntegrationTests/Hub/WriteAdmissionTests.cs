using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>Remote-write bodies in flight are bounded by <c>limits.max_write_bytes_in_flight</c>, as pushes are by theirs.</summary>
public sealed class WriteAdmissionTests
{
    [Fact]
    public async Task A_write_finding_no_room_in_the_budget_gets_503_with_retry_after_and_one_after_the_room_frees_is_accepted()
    {
        await using var hub = await HubInstance.StartWithConfigAsync("limits:\n  max_write_bytes_in_flight: 1048576\n");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // A write declaring 100 kB (up to 2.2 MB decoded) takes the whole 1 MiB budget while its body is slow to come.
        using var slow = new TcpClient();
        await slow.ConnectAsync("127.0.0.1", hub.Port);
        var head = "POST /api/v1/write HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Encoding: snappy\r\n"
            + "Content-Length: 100000\r\n\r\n";
        await slow.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        // Paced above Kestrel's minimum body rate (240 B/s after a 10 s grace), so the server keeps it open all along.
        using var stopTrickle = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            var chunk = new byte[300];
            while (!stopTrickle.IsCancellationRequested)
            {
                await slow.GetStream().WriteAsync(chunk, stopTrickle.Token);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stopTrickle.Token);
            }
        });

        // Another write waits for room and, finding none within the wait, is refused in a way a sender retries.
        await Poll.UntilAsync(async () =>
        {
            using var refused = await WriteAsync(http, hub.Url, 1);
            var text = await refused.Content.ReadAsStringAsync();
            if ((int)refused.StatusCode == 204)
            {
                return null; // the slow write was not admitted yet
            }

            Assert.Equal(503, (int)refused.StatusCode);
            Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
            Assert.Contains("too many writes in progress (limits.max_write_bytes_in_flight 1048576)", text, StringComparison.Ordinal);
            return text;
        }, TimeSpan.FromSeconds(60), "a 503 while the slow write holds the budget");

        // The slow write gone, its room comes back.
        await stopTrickle.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trickle);
        slow.Dispose();
        await Poll.UntilAsync(async () =>
        {
            using var accepted = await WriteAsync(http, hub.Url, 2);
            return (int)accepted.StatusCode == 204 ? "ok" : null;
        }, TimeSpan.FromSeconds(60), "a write accepted once the budget is free");
    }

    private static async Task<HttpResponseMessage> WriteAsync(HttpClient http, string hubUrl, double value)
    {
        var request = new WriteRequest
        {
            Series = { new TimeSeries { Labels = [new Label("__name__", "write_admission_probe"), new Label("job", "t")], Samples = [new Sample(value, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds())] } },
        };
        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.EncodeCompressed(request, buffer);
        using var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        return await http.PostAsync(new Uri(hubUrl + "/api/v1/write"), content);
    }
}
