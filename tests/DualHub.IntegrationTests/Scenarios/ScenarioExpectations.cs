using System.Globalization;
using System.Text.Json;

namespace DualHub.IntegrationTests.Scenarios;

/// <summary>A scenario's <c>expect</c> section checked against the hubs' journals, the spool seen and the final <c>/health</c>.</summary>
internal sealed class ScenarioExpectations(IReadOnlyList<ScenarioHub> hubs, IReadOnlySet<long> exempt, IReadOnlySet<long> spooled, string spool, Action readAll, Func<Task<JsonElement?>> freshHealth)
{
    public async Task CheckAsync(Dictionary<string, object?> expect, JsonElement? health, string? pushgateway, HttpClient http)
    {
        readAll();
        var accepted = hubs.SelectMany(h => h.Records).Select(r => r.Sequence).ToHashSet();
        foreach (var (key, want) in expect)
        {
            switch (key)
            {
                case "gap":
                    var top = accepted.DefaultIfEmpty(0).Max();
                    var missing = Range(top).Where(s => !accepted.Contains(s) && !exempt.Contains(s)).ToList();
                    Assert.True(missing.Count == (int)ScenarioFile.Number(want), $"sequence gap: missing [{string.Join(",", missing)}] of 1..{top} (exempt [{string.Join(",", exempt)}])");
                    break;
                case "in_order":
                    foreach (var h in hubs)
                    {
                        var seqs = h.Records.Select(r => r.Sequence).ToList();
                        var back = seqs.Zip(seqs.Skip(1)).Where(p => p.Second < p.First).Take(5).ToList();
                        Assert.True(back.Count == 0, $"{h.Name} accepted batches out of order: {string.Join(", ", back)}");
                    }

                    break;
                case "accepted_by":
                    foreach (var (hub, n) in ScenarioFile.Map(want))
                    {
                        var got = hubs.First(h => h.Name == hub).Records.Select(r => r.Sequence).Distinct().Count();
                        var expected = (int)ScenarioFile.Number(n);
                        Assert.True(expected == 0 ? got == 0 : got >= expected, $"{hub} accepted {got} batches, expected {expected}");
                    }

                    break;
                case "health":
                    Assert.True(health.HasValue, "no /health at the end");
                    foreach (var (k, v) in ScenarioFile.Map(want))
                    {
                        Assert.True(ScenarioHealth.Value(health, k) == (string?)v, $"/health {k}: {ScenarioHealth.Value(health, k)}, expected {v}: {health}");
                    }

                    break;
                case "health_shape":
                    Assert.Null(ScenarioHealth.ShapeProblem(health!.Value));
                    break;
                case "pushgateway_copy":
                    // The agent's number read after the Pushgateway's: the copy never runs ahead of it.
                    var seq = await PushgatewaySequenceAsync(http, pushgateway!);
                    var agentSeq = (await freshHealth())!.Value.GetProperty("sequence").GetInt64();
                    Assert.True(seq is { } s && s >= agentSeq - 10 && s <= agentSeq, $"the pushgateway holds batch {seq}, the agent is at {agentSeq}");
                    break;
                case "spool_delivered_in_order":
                    var got2 = hubs.First(h => h.Name == (string)want!).Records.Select(r => r.Sequence).Where(spooled.Contains).ToList();
                    Assert.True(spooled.Count > 0, "nothing was spooled");
                    Assert.True(got2.Distinct().Order().SequenceEqual(spooled.Except(exempt).Order()) && got2.SequenceEqual(got2.Order()), $"spooled [{string.Join(",", spooled.Order())}], {want} got [{string.Join(",", got2)}]");
                    break;
                case "spool_empty":
                    var left = Directory.Exists(spool) ? Directory.GetFiles(spool, "*.batch") : [];
                    Assert.True(left.Length == 0, "spool still holds " + string.Join(", ", left.Select(Path.GetFileName)));
                    break;
                default:
                    throw new InvalidOperationException("unknown expectation " + key);
            }
        }
    }

    private static IEnumerable<long> Range(long top)
    {
        for (var s = 1L; s <= top; s++)
        {
            yield return s;
        }
    }

    private static async Task<long?> PushgatewaySequenceAsync(HttpClient http, string url)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(url + "/api/v1/metrics")));
        foreach (var group in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            if (group.GetProperty("labels").TryGetProperty("job", out var job) && job.GetString() == ScenarioAgentConfig.Job
                && group.TryGetProperty("dualhub_push_sequence", out var family))
            {
                return (long)double.Parse(family.GetProperty("metrics")[0].GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
