using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Testing;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Hub;

/// <summary>The sample journal on a full file system: remote-write refused with 5xx, reads unharmed, recovery without a restart.</summary>
public sealed class SampleJournalDiskFullTests(ITestOutputHelper output)
{
    private const int Series = 2000;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [TmpfsFact]
    public async Task A_full_disk_refuses_remote_write_with_5xx_keeps_reads_and_committed_samples_and_recovers()
    {
        using var fs = SmallTmpfs.Mount(16);
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        string[] args = ["hub", "--role", "central", "--listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data", Path.Combine(fs.Path, "data")];
        var hub = DualHubProcess.Start(args);
        try
        {
            await hub.WaitForHttpOkAsync(url + "/-/ready", TimeSpan.FromSeconds(60));
            Assert.Equal(204, (await WriteAsync(url, "before")).Status);

            var filler = fs.Fill();
            for (var i = 0; i < 5; i++)
            {
                var (status, body) = await WriteAsync(url, "refused" + i.ToString(CultureInfo.InvariantCulture));
                Assert.True(status >= 500, $"remote-write on a full disk answered {status}: {body}");
                output.WriteLine($"full disk: {status} {body.Trim()}");
            }

            // A push is never answered 2xx without its commit, and its refusal says why (never a bare 500).
            using (var push = await Http.PutAsync(new Uri(url + "/metrics/job/refused_push"), new StringContent("disk_full_push 1\n")))
            {
                var body = await push.Content.ReadAsStringAsync();
                Assert.True((int)push.StatusCode == 503 && body.Length > 0, $"a push on a full disk answered {(int)push.StatusCode}: {body}");
                output.WriteLine($"full disk, push: {(int)push.StatusCode} {body.Trim()}");
            }

            var metrics = await Http.GetStringAsync(new Uri(url + "/metrics"));
            Assert.Equal(Series, CountSeries(metrics, "before"));
            Assert.DoesNotContain("job=\"refused", metrics, StringComparison.Ordinal);
            Assert.Equal(200, (int)(await Http.GetAsync(new Uri(url + "/health"))).StatusCode);

            File.Delete(filler);
            var attempts = 0;
            await Poll.UntilAsync(async () => ++attempts > 0 && (await WriteAsync(url, "after")).Status == 204, TimeSpan.FromSeconds(30), "a remote-write accepted once space is back");
            output.WriteLine($"space back: accepted at attempt {attempts}");

            // Nothing committed was damaged, nothing refused was kept: the central view rebuilt from the journal after a kill -9 says the same.
            hub.Signal(9);
            await hub.WaitForExitAsync();
            await hub.DisposeAsync();
            hub = DualHubProcess.Start(args);
            await hub.WaitForHttpOkAsync(url + "/-/ready", TimeSpan.FromSeconds(60));
            metrics = await Http.GetStringAsync(new Uri(url + "/metrics"));
            Assert.Equal(Series, CountSeries(metrics, "before"));
            Assert.Equal(Series, CountSeries(metrics, "after"));
            Assert.DoesNotContain("job=\"refused", metrics, StringComparison.Ordinal);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    private static int CountSeries(string metrics, string job) =>
        metrics.Split('\n').Count(l => l.StartsWith("disk_full_rw{", StringComparison.Ordinal) && l.Contains($"job=\"{job}\"", StringComparison.Ordinal));

    private static async Task<(int Status, string Body)> WriteAsync(string url, string job)
    {
        var request = new WriteRequest();
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < Series; i++)
        {
            request.Series.Add(new TimeSeries
            {
                Labels = [new("__name__", "disk_full_rw"), new("i", i.ToString(CultureInfo.InvariantCulture)), new("job", job), new("pad", new string('x', 64))],
                Samples = [new(i, now)],
            });
        }

        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.EncodeCompressed(request, buffer);
        using var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var r = await Http.PostAsync(new Uri(url + "/api/v1/write"), content);
        return ((int)r.StatusCode, await r.Content.ReadAsStringAsync());
    }
}
