using DualHub.Hub.SampleJournal;
using DualHub.Metrics.RemoteWrite;
using DualHub.Testing;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Edge;

/// <summary>The real <c>dualhub hub --role edge</c> killed with SIGKILL while it journals scrapes of several records each.</summary>
public sealed class ScrapeAtomicityTests(ITestOutputHelper output)
{
    private const int Series = 40_000;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    /// <summary>
    /// 40k series make a scrape of about 4 MB, journaled as two or three records. The edge is killed at several points
    /// of a scrape's journaling (0 to 60 ms after its journal file was first written), restarted each time; afterwards
    /// every scrape in the journal is whole: it has its <c>up</c> sample (written with the last record), and a
    /// successful one has every series.
    /// </summary>
    [Fact]
    public async Task Edge_killed_while_journaling_large_scrapes_keeps_each_scrape_whole_or_not_at_all()
    {
        await using var target = new CountingTarget(Series);
        var dir = TempDir.Create();
        ExternalProcess? edge = null;
        try
        {
            var port = FreePort.Next();
            var url = $"http://127.0.0.1:{port}";
            var config = Path.Combine(dir, "prometheus-edge.yml");
            await File.WriteAllTextAsync(config, $"""
                role: edge
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  external_labels:
                    hub: edge
                scrape_configs:
                  - job_name: t
                    static_configs:
                      - targets: ['{target.Address}']
                """);
            var data = Path.Combine(dir, "data");
            string[] args = ["hub", "--role", "edge", "--config", config, "--listen", $"127.0.0.1:{port}", "--data", data];
            var wal = Path.Combine(data, "samples.db-wal");

            edge = DualHubProcess.Start(args);
            await edge.WaitForHttpOkAsync(url + "/-/ready", Long);
            for (var kill = 0; kill < 5; kill++)
            {
                // The next write to the journal starts a scrape's records; the kill lands kill x 15 ms after it.
                var served = target.Served;
                try
                {
                    await Poll.UntilAsync(() => target.Served > served, Long, "a scrape");
                }
                catch (TimeoutException ex)
                {
                    throw new TimeoutException($"{ex.Message} (restart {kill}); the edge printed:\n{edge.Output}", ex);
                }
                var before = File.Exists(wal) ? File.GetLastWriteTimeUtc(wal) : default;
                await Poll.UntilAsync<object>(() => Task.FromResult(File.Exists(wal) && File.GetLastWriteTimeUtc(wal) != before ? new object() : null), Long, "the journal written", TimeSpan.FromMilliseconds(1));
                if (kill > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(kill * 15)); // where in the journaling the crash lands, not a wait for a state
                }

                edge.Signal(9);
                await edge.WaitForExitAsync();
                await edge.DisposeAsync();
                edge = DualHubProcess.Start(args);
                await edge.WaitForHttpOkAsync(url + "/-/ready", Long);
            }

            var last = target.Served;
            await Poll.UntilAsync(() => target.Served >= last + 3, Long, "scrapes after the last restart");
            edge.Signal(9);
            await edge.WaitForExitAsync();

            var scrapes = ReadScrapes(Path.Combine(data, "samples.db"));
            output.WriteLine(string.Join("; ", scrapes.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value.Samples} samples in {s.Value.Records} records, up {s.Value.Up}")));
            Assert.True(scrapes.Count >= 3, $"{scrapes.Count} scrapes journaled");
            Assert.Contains(scrapes.Values, s => s.Records >= 2);
            foreach (var (ts, s) in scrapes)
            {
                Assert.True(s.Up is not null, $"scrape at {ts}: {s.Samples} samples in {s.Records} records without its up sample (a part of a scrape)");
                if (s.Up == 1)
                {
                    Assert.Equal(Series + 5, s.Samples);
                }
            }
        }
        finally
        {
            if (edge is not null)
            {
                await edge.DisposeAsync();
            }

            TempDir.Delete(dir);
        }
    }

    /// <summary>Every journaled sample grouped by timestamp (a scrape stamps all its samples with its start time).</summary>
    private static Dictionary<long, (int Samples, int Records, double? Up)> ReadScrapes(string path)
    {
        var scrapes = new Dictionary<long, (int Samples, int Records, double? Up)>();
        var journal = SqliteSampleLog.Open(new SampleLogOptions { Path = path }, TimeProvider.System);
        try
        {
            for (var next = 0L; journal.Read(next, 1, long.MaxValue) is [var record]; next = record.Sequence + 1)
            {
                var inRecord = new HashSet<long>();
                foreach (var series in RemoteWriteCodec.Decode(record.Payload).Series)
                {
                    var isUp = series.Labels.Any(l => l is { Name: "__name__", Value: "up" });
                    foreach (var sample in series.Samples)
                    {
                        var s = scrapes.GetValueOrDefault(sample.TimestampMs);
                        s.Samples++;
                        if (inRecord.Add(sample.TimestampMs))
                        {
                            s.Records++;
                        }

                        if (isUp)
                        {
                            s.Up = sample.Value;
                        }

                        scrapes[sample.TimestampMs] = s;
                    }
                }
            }
        }
        finally
        {
            journal.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return scrapes;
    }
}
