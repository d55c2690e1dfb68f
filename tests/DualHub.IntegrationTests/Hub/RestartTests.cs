using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Hub;

/// <summary>A preloaded store comes back whole after kill -9, both from the log and from a compacted snapshot.</summary>
public sealed class RestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Preloaded_store_is_restored_after_kill_9_and_after_a_clean_stop()
    {
        const int Groups = 40;
        await using var hub = await HubInstance.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (var g = 0; g < Groups; g++)
        {
            var sb = new StringBuilder();
            for (var f = 0; f < 10; f++)
            {
                sb.Append("# TYPE m").Append(f).Append(" gauge\n");
                for (var s = 0; s < 100; s++)
                {
                    sb.Append($"m{f}{{s=\"{s}\"}} {s}\n");
                }
            }

            using var content = new StringContent(sb.ToString(), Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
            using var r = await http.PutAsync(new Uri($"{hub.Url}/metrics/job/load/instance/i{g}"), content);
            Assert.Equal(200, (int)r.StatusCode);
        }

        var before = await ExpositionSnapshot.PushedAsync(http, hub.Url);
        Assert.Equal(Groups * 1000, (await hub.HealthAsync(http)).GetProperty("series").GetInt64());

        await hub.KillAsync();
        var sw = Stopwatch.StartNew();
        await hub.StartProcessAsync();
        output.WriteLine($"kill -9 then start to /-/ready with {Groups * 1000} series (log replay): {sw.ElapsedMilliseconds} ms");
        Assert.Equal(before, await ExpositionSnapshot.PushedAsync(http, hub.Url));

        // SIGTERM compacts the log into the snapshot; the next start loads the snapshot only.
        hub.Process.Signal(15);
        await hub.Process.WaitForExitAsync();
        Assert.Equal(0, hub.Process.ExitCode);
        await hub.Process.DisposeAsync();
        sw.Restart();
        await hub.StartProcessAsync();
        output.WriteLine($"clean stop then start to /-/ready (snapshot): {sw.ElapsedMilliseconds} ms");
        var health = await hub.HealthAsync(http);
        Assert.Equal(0, health.GetProperty("journal").GetProperty("ops_since_compaction").GetInt64());
        Assert.Equal(before, await ExpositionSnapshot.PushedAsync(http, hub.Url));
    }
}
