using System.Globalization;
using DualHub.Cli.Up;

namespace DualHub.Cli.Checkpoints;

/// <summary>Every agent pushes to its primary, EdgeHub: its sequence shows up there and advances.</summary>
internal sealed class AgentsPushingCheck(Uri edge, IReadOnlyList<UpAgent> agents, HttpClient http, TimeProvider time) : ICheck
{
    public string Name => "agents pushing to edge-hub";

    public string Id => CheckIds.AgentsPushing;

    public string Target => "every pilot agent's dualhub_push_sequence advances on edge-hub within 30 s";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var reader = new PushSequenceReader(http, time);
        var start = time.GetTimestamp();
        var firstSeen = new Dictionary<string, long>();
        var advanced = new Dictionary<string, TimeSpan>();
        while (advanced.Count < agents.Count && time.GetElapsedTime(start) < TimeSpan.FromSeconds(30))
        {
            var seen = await reader.ReadAsync(edge, agents, ct);
            foreach (var (job, seq) in seen)
            {
                if (!firstSeen.TryGetValue(job, out var f))
                {
                    firstSeen[job] = seq;
                }
                else if (seq > f && !advanced.ContainsKey(job))
                {
                    advanced[job] = time.GetElapsedTime(start);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }

        var missing = agents.Where(a => !advanced.ContainsKey(a.Job)).Select(a => a.Job).ToList();
        return new CheckResult(Name, missing.Count == 0, missing.Count == 0
            ? string.Join(", ", agents.Select(a => $"{a.Job} seq {firstSeen[a.Job].ToString(CultureInfo.InvariantCulture)}+"))
            : $"no advancing dualhub_push_sequence on edge-hub within 30 s for: {string.Join(", ", missing)}")
        {
            Values = [new Measurement("agents_pushing", advanced.Count, "agents"), new Measurement("agents", agents.Count, "agents")],
        };
    }
}
