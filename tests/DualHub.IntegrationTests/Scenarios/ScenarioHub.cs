using System.Text;
using DualHub.Cli.Checkpoints;
using DualHub.IntegrationTests.Hub;

namespace DualHub.IntegrationTests.Scenarios;

/// <summary>
/// A scenario's hub: a real <c>dualhub hub --role edge</c>, whose sample journal holds every push it accepted, in order,
/// with its accept time. <see cref="Records"/> is the agent's <c>dualhub_push_sequence</c> read back from it.
/// </summary>
internal sealed class ScenarioHub(string name, HubInstance instance) : IAsyncDisposable
{
    private long _cursor;

    public string Name => name;

    public HubInstance Instance => instance;

    /// <summary>(sequence, accepted at, Unix ms) of the agent's batches, in journal order.</summary>
    public List<(long Sequence, long AcceptedMs)> Records { get; } = [];

    public static async Task<ScenarioHub> StartAsync(string name)
    {
        var hub = new ScenarioHub(name, await HubInstance.StartAsync("--role", "edge"));
        await hub.WarmUpAsync();
        return hub;
    }

    public async Task RestartAsync()
    {
        await instance.StartProcessAsync();
        await WarmUpAsync();
    }

    public void ReadJournal(string job)
    {
        var path = Path.Combine(instance.DataDir, "data", "samples.db");
        if (!File.Exists(path))
        {
            return;
        }

        List<JournalSample> samples;
        try
        {
            samples = SampleJournalFile.Read(path, "seq > $s", ("$s", _cursor));
        }
        catch (InvalidOperationException)
        {
            return; // the hub has not created its tables yet
        }

        foreach (var s in samples)
        {
            _cursor = Math.Max(_cursor, s.Sequence);
            if (s.Series.Contains("__name__=\"dualhub_push_sequence\"", StringComparison.Ordinal) && s.Series.Contains($"job=\"{job}\"", StringComparison.Ordinal))
            {
                // When this hub accepted the batch (the sample itself carries the agent's batch time).
                Records.Add(((long)BitConverter.Int64BitsToDouble(s.ValueBits), s.AppendedMs));
            }
        }
    }

    public ValueTask DisposeAsync() => instance.DisposeAsync();

    // One push of another job first: a JIT-compiled hub's first PUT is slow, and that is not what a scenario measures.
    private async Task WarmUpAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var body = new StringContent("# TYPE scenario_warmup gauge\nscenario_warmup 1\n", Encoding.UTF8, "text/plain");
        using var r = await http.PutAsync(new Uri(instance.Url + "/metrics/job/scenario_warmup"), body);
        r.EnsureSuccessStatusCode();
    }
}
