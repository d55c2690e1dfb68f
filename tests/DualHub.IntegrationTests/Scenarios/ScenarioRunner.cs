using System.Globalization;
using System.Text.Json;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Scenarios;

/// <summary>
/// Runs one scenario of tests/scenarios (format and meaning: tests/scenarios/README.md) against real processes: edge
/// hubs whose journals record every accepted batch, the real Pushgateway, and the agent as its own process, observed
/// only from outside; <c>agentSections</c> is YAML appended to the agent's config (its own sections). The Python client's runner of the same files is clients/python/tests/scenario_runner.py.
/// </summary>
internal sealed class ScenarioRunner(Dictionary<string, object?> scenario, Func<string, string, ExternalProcess> startAgent, string agentSections, Action<string> log) : IAsyncDisposable
{
    private readonly string _root = TempDir.Create();
    private readonly List<ScenarioHub> _hubs = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly HashSet<long> _exempt = [];
    private readonly HashSet<long> _spooled = [];
    private readonly List<string> _earlierAgentOutput = [];
    private (ExternalProcess Process, string Url)? _pushgateway;
    private ExternalProcess? _agent;
    private string _config = string.Empty;
    private string _healthUrl = string.Empty;
    private long _markMs;

    private string Name => (string)scenario["name"]!;

    private string Spool => Path.Combine(_root, "spool");

    /// <summary>The measured times (ms) of the waits marked <c>timing: NAME</c>.</summary>
    public Dictionary<string, double> Timings { get; } = [];

    public async Task RunAsync()
    {
        await SetUpAsync();
        var steps = (List<object?>)scenario["steps"]!;
        for (var i = 0; i < steps.Count; i++)
        {
            await StepAsync(steps[i], $"{Name} step {(i + 1).ToString(CultureInfo.InvariantCulture)}");
        }

        await new ScenarioExpectations(_hubs, _exempt, _spooled, Spool, ReadAll, () => ScenarioHealth.GetAsync(_http, _healthUrl)).CheckAsync(ScenarioFile.Map(scenario.GetValueOrDefault("expect")), await ScenarioHealth.GetAsync(_http, _healthUrl), _pushgateway?.Url, _http);
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        foreach (var h in _hubs)
        {
            await h.DisposeAsync();
        }

        if (_pushgateway is { } pg)
        {
            await pg.Process.DisposeAsync();
        }

        _http.Dispose();
        TempDir.Delete(_root);
    }

    private static long NowMs() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task SetUpAsync()
    {
        foreach (var name in ScenarioFile.Names(scenario["hubs"]))
        {
            _hubs.Add(await ScenarioHub.StartAsync(name));
        }

        if (scenario.GetValueOrDefault("pushgateway") is "true")
        {
            _pushgateway = await Anchors.StartPushgatewayAsync();
        }

        var port = FreePort.Next();
        _healthUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/health";
        _config = Path.Combine(_root, "agent.yaml");
        await File.WriteAllTextAsync(_config, ScenarioAgentConfig.Render(_hubs.Select(h => (h.Name, h.Instance.Url)), _pushgateway?.Url, Spool, port, ScenarioFile.Map(scenario.GetValueOrDefault("agent"))) + agentSections);
    }

    private ScenarioHub Hub(string name) => _hubs.First(h => h.Name == name);

    private string AgentLog() => string.Join("\n", _earlierAgentOutput.Append(_agent?.Output ?? string.Empty)) is var all && all.Length > 4000 ? all[^4000..] : all;

    private async Task StepAsync(object? step, string where)
    {
        var (verb, arg) = step is Dictionary<string, object?> m ? (m.Keys.Single(), m.Values.Single()) : ((string)step!, null);
        switch (verb)
        {
            case "start-agent":
                _agent = startAgent(_config, _root);
                await Poll.UntilAsync(async () => (await ScenarioHealth.GetAsync(_http, _healthUrl)).HasValue || (_agent.HasExited ? throw new InvalidOperationException("the agent exited: " + AgentLog()) : false), TimeSpan.FromSeconds(60), $"{where}: the agent's /health to answer: {AgentLog()}");
                _markMs = NowMs();
                break;
            case "kill-agent":
                _agent!.Signal(9);
                await _agent.WaitForExitAsync();
                _earlierAgentOutput.Add(_agent.Output);
                await _agent.DisposeAsync();
                _agent = null;
                _markMs = NowMs();
                ExemptInFlight();
                break;
            case "crash" or "hang" or "resume":
                var signalled = ScenarioFile.Names(arg).Select(Hub).ToList();
                foreach (var h in signalled)
                {
                    h.Instance.Process.Signal(verb switch { "crash" => 9, "hang" => 19, _ => 18 });
                }

                // Marked once delivered: the signals go through a `kill` process, whose start can take longer than the failover.
                _markMs = NowMs();
                foreach (var h in signalled.Where(_ => verb == "crash"))
                {
                    await h.Instance.Process.WaitForExitAsync();
                    await h.Instance.Process.DisposeAsync();
                }

                break;
            case "restart":
                foreach (var n in ScenarioFile.Names(arg))
                {
                    await Hub(n).RestartAsync();
                }

                _markMs = NowMs();
                break;
            case "wait":
                await WaitAsync(ScenarioFile.Map(arg), where);
                break;
            case "observe":
                await ObserveAsync(ScenarioFile.Map(arg), where);
                break;
            default:
                throw new InvalidOperationException($"{where}: unknown step {verb}");
        }

        ReadAll();
    }

    private async Task WaitAsync(Dictionary<string, object?> arg, string where)
    {
        var within = ScenarioFile.Number(arg["within"]);
        if (arg.GetValueOrDefault("accepted") is string hub)
        {
            var n = arg.TryGetValue("batches", out var b) ? (int)ScenarioFile.Number(b) : 1;
            var mark = _markMs;
            var baseline = _hubs.SelectMany(h => h.Records).Where(r => r.AcceptedMs <= mark).Select(r => r.Sequence).DefaultIfEmpty(0).Max();
            var remaining = TimeSpan.FromMilliseconds(mark + ((within + 5) * 1000) - NowMs());
            var took = await Poll.UntilAsync<object>(
                () =>
                {
                    ReadAll();
                    var seqs = Hub(hub).Records.Where(r => r.Sequence > baseline && r.AcceptedMs >= mark - 1).OrderBy(r => r.AcceptedMs)
                        .Select(r => r).DistinctBy(r => r.Sequence).Take(n).ToList();
                    return Task.FromResult<object?>(seqs.Count == n ? seqs[^1].AcceptedMs - mark : null);
                },
                remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1),
                $"{where}: {n.ToString(CultureInfo.InvariantCulture)} new batch(es) on {hub} within {within.ToString(CultureInfo.InvariantCulture)} s; agent log: {AgentLog()}");
            var ms = (double)(long)took;
            Assert.True(ms <= within * 1000, $"{where}: {n} new batch(es) on {hub} after {ms:0} ms (limit {within * 1000:0} ms)");
            Record(arg, ms);
            return;
        }

        var health = ScenarioFile.Map(arg.GetValueOrDefault("health"));
        JsonElement? last = null;
        await Poll.UntilAsync(
            async () =>
            {
                ReadAll();
                last = await ScenarioHealth.GetAsync(_http, _healthUrl);
                return last.HasValue && health.All(p => ScenarioHealth.Value(last, p.Key) == (string?)p.Value)
                    && (!arg.TryGetValue("spool_files", out var files) || SpoolFiles().Count >= ScenarioFile.Number(files));
            },
            TimeSpan.FromSeconds(within),
            $"{where} (last /health {last}); agent log: {AgentLog()}");
        Record(arg, NowMs() - _markMs);
    }

    private async Task ObserveAsync(Dictionary<string, object?> arg, string where)
    {
        var want = (string)arg["active_hub"]!;
        var end = NowMs() + (ScenarioFile.Number(arg["seconds"]) * 1000);
        while (NowMs() < end)
        {
            var active = ScenarioHealth.Active(await ScenarioHealth.GetAsync(_http, _healthUrl));
            Assert.True(active == want, $"{where}: active hub {active} while observing (flapping?); agent log: {AgentLog()}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    private void Record(Dictionary<string, object?> arg, double ms)
    {
        if (arg.GetValueOrDefault("timing") is string timing)
        {
            Timings[timing] = ms;
            log($"{Name}: {timing} {ms:0} ms");
        }
    }

    private void ReadAll()
    {
        foreach (var h in _hubs)
        {
            h.ReadJournal(ScenarioAgentConfig.Job);
        }

        SpoolFiles();
    }

    private HashSet<long> SpoolFiles()
    {
        var files = Directory.Exists(Spool)
            ? Directory.EnumerateFiles(Spool, "*.batch").Select(f => long.Parse(Path.GetFileNameWithoutExtension(f).Split('-')[0], CultureInfo.InvariantCulture)).ToHashSet()
            : [];
        _spooled.UnionWith(files);
        return files;
    }

    // The batch a killed agent had numbered but neither spooled nor delivered is the one allowed gap.
    private void ExemptInFlight()
    {
        var path = Path.Combine(Spool, "sequence");
        ReadAll();
        if (File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var last) && last > 0
            && !SpoolFiles().Contains(last) && _hubs.All(h => h.Records.All(r => r.Sequence != last)))
        {
            _exempt.Add(last);
            log($"{Name}: batch {last} was in flight when the agent was killed");
        }
    }
}
