using System.Globalization;
using System.Text.Json;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Up;

/// <summary>
/// The shipped Grafana dashboards (deploy/grafana) against a running <c>dualhub up</c>: every panel's expression goes
/// through CentralHub's <c>query_range</c> as Grafana's Prometheus data source sends it (POST form), parses, and
/// returns data from the store.
/// </summary>
[Collection(TimingBoundTests.Name)]
public sealed class DashboardQueryTests
{
    [Fact]
    public async Task Every_panel_expression_parses_and_returns_data_through_centralhub_query_range()
    {
        var expressions = PanelExpressions();
        Assert.True(expressions.Count >= 20, $"expected the dashboards' panels, found {expressions.Count} expressions");
        var basePort = FreePort.NextBlock(UpCheckTests.Offsets);
        var state = TempDir.Create();
        try
        {
            await using var up = DualHubProcess.Start(["up", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--state", state]);
            // vmalert starts last, after the store, the hubs and Alertmanager.
            await up.WaitForHttpOkAsync($"http://127.0.0.1:{basePort + 8880 - 9000}/health", TimeSpan.FromSeconds(60));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var url = $"http://127.0.0.1:{basePort}/api/v1/query_range";
            var empty = expressions.Select(e => e.Expr).ToHashSet(StringComparer.Ordinal);
            var refused = new List<string>();
            try
            {
                await Poll.UntilAsync<object>(
                    async () =>
                    {
                        foreach (var expr in empty.ToList())
                        {
                            var answer = await QueryAsync(http, url, expr);
                            if (answer.Refused is not null)
                            {
                                refused.Add(answer.Refused);
                                empty.Remove(expr);
                            }
                            else if (answer.HasData)
                            {
                                empty.Remove(expr);
                            }
                        }

                        return empty.Count == 0 ? new object() : null;
                    },
                    TimeSpan.FromSeconds(90),
                    "every panel's expression to return data with its grouping labels",
                    TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"no data (or series without the panel's grouping labels) for {empty.Count} panel expression(s): {string.Join("; ", empty)}\n{up.Output}");
            }

            Assert.True(refused.Count == 0, string.Join("\n", refused));
        }
        finally
        {
            TempDir.Delete(state);
        }
    }

    private static List<(string File, string Expr)> PanelExpressions()
    {
        var found = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(RepoRoot.Combine("deploy", "grafana"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            Collect(doc.RootElement, Path.GetFileName(file), found);
        }

        return found;
    }

    private static void Collect(JsonElement element, string file, List<(string, string)> found)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("expr") && property.Value.ValueKind == JsonValueKind.String)
                {
                    found.Add((file, property.Value.GetString()!));
                }
                else
                {
                    Collect(property.Value, file, found);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, file, found);
            }
        }
    }

    // A refused query (4xx, bad_data) is final; an empty result or a store still starting is polled again.
    private static async Task<(bool HasData, string? Refused)> QueryAsync(HttpClient http, string url, string expr)
    {
        var end = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = expr,
            ["start"] = (end - 300).ToString(CultureInfo.InvariantCulture),
            ["end"] = end.ToString(CultureInfo.InvariantCulture),
            ["step"] = "5",
        });
        using var response = await http.PostAsync(url, form);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode is >= 400 and < 500)
        {
            return (false, $"{expr}: HTTP {(int)response.StatusCode} {body}");
        }

        using var doc = JsonDocument.Parse(body);
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        // A panel grouped `by (a, b)` draws one line per a/b: series without those labels (a label the data does not
        // carry) would all fall into one line, which is data but not the panel's.
        var by = System.Text.RegularExpressions.Regex.Match(expr, @"^\w+ by \(([^)]*)\)");
        var grouping = by.Success ? by.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        var labelled = result.EnumerateArray().All(series => grouping.All(l => series.GetProperty("metric").TryGetProperty(l, out var v) && v.GetString() is { Length: > 0 }));
        return (response.IsSuccessStatusCode && result.GetArrayLength() > 0 && labelled, null);
    }
}
