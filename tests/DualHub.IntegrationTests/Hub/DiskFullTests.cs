using System.Globalization;
using System.Text;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>The push journal on a full file system: refused with 5xx, reads unharmed, recovery without a restart.</summary>
public sealed class DiskFullTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [TmpfsFact]
    public async Task A_full_disk_refuses_writes_with_5xx_keeps_reads_and_committed_data_and_recovers_when_space_returns()
    {
        using var fs = SmallTmpfs.Mount(16);
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        string[] args = ["hub", "--listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data", Path.Combine(fs.Path, "data")];
        var hub = DualHubProcess.Start(args);
        try
        {
            await hub.WaitForHttpOkAsync(url + "/-/ready", TimeSpan.FromSeconds(60));
            Assert.Equal(200, (await PutAsync(url, "before", 10)).Status);

            var filler = fs.Fill();
            for (var i = 0; i < 5; i++)
            {
                var (status, body) = await PutAsync(url, "refused" + i.ToString(CultureInfo.InvariantCulture), 2000);
                Assert.True(status >= 500, $"push on a full disk answered {status}: {body}");
                Assert.Contains("journal commit failed", body, StringComparison.Ordinal);
            }

            var metrics = await Http.GetStringAsync(new Uri(url + "/metrics"));
            Assert.Contains("job=\"before\"", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain("job=\"refused", metrics, StringComparison.Ordinal);
            Assert.Equal(500, (int)(await Http.GetAsync(new Uri(url + "/-/healthy"))).StatusCode);

            File.Delete(filler);
            await Poll.UntilAsync(async () => (await PutAsync(url, "after", 2000)).Status == 200, TimeSpan.FromSeconds(30), "a push accepted once space is back");
            Assert.Equal(200, (int)(await Http.GetAsync(new Uri(url + "/-/healthy"))).StatusCode);

            // Nothing committed was damaged, nothing refused was kept: the journal after a kill -9 says the same.
            hub.Signal(9);
            await hub.WaitForExitAsync();
            await hub.DisposeAsync();
            hub = DualHubProcess.Start(args);
            await hub.WaitForHttpOkAsync(url + "/-/ready", TimeSpan.FromSeconds(60));
            metrics = await Http.GetStringAsync(new Uri(url + "/metrics"));
            Assert.Contains("job=\"before\"", metrics, StringComparison.Ordinal);
            Assert.Contains("job=\"after\"", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain("job=\"refused", metrics, StringComparison.Ordinal);
            Assert.Equal(2000, metrics.Split('\n').Count(l => l.StartsWith("disk_full_probe{", StringComparison.Ordinal) && l.Contains("job=\"after\"", StringComparison.Ordinal)));
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    private static async Task<(int Status, string Body)> PutAsync(string url, string job, int series)
    {
        var sb = new StringBuilder("# TYPE disk_full_probe gauge\n");
        for (var i = 0; i < series; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"disk_full_probe{{i=\"{i}\",pad=\"{new string('x', 64)}\"}} {i}\n");
        }

        using var content = new StringContent(sb.ToString(), Encoding.UTF8, "text/plain");
        using var r = await Http.PutAsync(new Uri($"{url}/metrics/job/{job}"), content);
        return ((int)r.StatusCode, await r.Content.ReadAsStringAsync());
    }
}
