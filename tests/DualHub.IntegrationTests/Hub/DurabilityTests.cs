using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DualHub.Testing;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Hub;

/// <summary>kill -9 at an arbitrary moment: after restart the state is exactly the acknowledged writes (an in-flight one may land or not).</summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    private const int Writers = 12;

    [Fact]
    public async Task State_after_kill_9_equals_the_acknowledged_writes()
    {
        await using var hub = await HubInstance.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var stop = new CancellationTokenSource();
        var models = Enumerable.Range(0, Writers).Select(_ => new GroupModel()).ToArray();
        var tasks = Enumerable.Range(0, Writers).Select(i => WriteLoopAsync(http, hub.Url, i, models[i], stop.Token)).ToArray();

        await Poll.UntilAsync(() => models.Sum(m => m.Acknowledged) >= 400, TimeSpan.FromSeconds(60), "400 acknowledged writes");
        hub.Process.Signal(9);
        await hub.Process.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        await hub.Process.DisposeAsync();
        output.WriteLine($"acknowledged before kill: {models.Sum(m => m.Acknowledged)}");

        await hub.StartProcessAsync();
        var state = await StateAsync(http, hub.Url);
        for (var i = 0; i < Writers; i++)
        {
            var actual = state.GetValueOrDefault(i) ?? [];
            var m = models[i];
            var ok = Same(actual, m.Acked) || (m.InFlight is not null && Same(actual, m.InFlight));
            Assert.True(ok, $"group w{i}: stored {Show(actual)}, acknowledged {Show(m.Acked)}, in flight {(m.InFlight is null ? "none" : Show(m.InFlight))}");
        }
    }

    private static async Task WriteLoopAsync(HttpClient http, string url, int writer, GroupModel model, CancellationToken ct)
    {
        for (var k = 1; !ct.IsCancellationRequested; k++)
        {
            var next = new Dictionary<string, double>(model.Acked);
            HttpRequestMessage req;
            switch (k % 5)
            {
                case 0:
                    next.Clear();
                    req = new HttpRequestMessage(HttpMethod.Delete, $"{url}/metrics/job/w{writer}");
                    break;
                case 2:
                    next[$"u{k % 3}"] = k;
                    req = Push(HttpMethod.Post, url, writer, $"u{k % 3} {k}\n");
                    break;
                default:
                    next.Clear();
                    next["v"] = k;
                    next["v2"] = -k;
                    req = Push(HttpMethod.Put, url, writer, $"v {k}\nv2 {-k}\n");
                    break;
            }

            model.InFlight = next;
            try
            {
                using var resp = await http.SendAsync(req, ct);
                if ((int)resp.StatusCode is 200 or 202)
                {
                    model.Acked = next;
                    model.InFlight = null;
                    Interlocked.Increment(ref model.AckedCount);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                return; // the hub died with this write in flight
            }
            finally
            {
                req.Dispose();
            }
        }
    }

    private static HttpRequestMessage Push(HttpMethod method, string url, int writer, string body)
    {
        var req = new HttpRequestMessage(method, $"{url}/metrics/job/w{writer}") { Content = new StringContent(body, Encoding.UTF8) };
        req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        return req;
    }

    /// <summary>Per writer group: family name to value, from <c>/api/v1/metrics</c>.</summary>
    private static async Task<Dictionary<int, Dictionary<string, double>>> StateAsync(HttpClient http, string url)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(url + "/api/v1/metrics")));
        var state = new Dictionary<int, Dictionary<string, double>>();
        foreach (var g in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            var job = g.GetProperty("labels").GetProperty("job").GetString()!;
            var families = new Dictionary<string, double>();
            foreach (var p in g.EnumerateObject())
            {
                if (p.Name is "labels" or "last_push_successful" or "push_time_seconds" or "push_failure_time_seconds")
                {
                    continue;
                }

                families[p.Name] = double.Parse(p.Value.GetProperty("metrics")[0].GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }

            state[int.Parse(job[1..], System.Globalization.CultureInfo.InvariantCulture)] = families;
        }

        return state;
    }

    private static bool Same(Dictionary<string, double> a, Dictionary<string, double> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));

    private static string Show(Dictionary<string, double> d) => "{" + string.Join(",", d.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")) + "}";

    private sealed class GroupModel
    {
        public int AckedCount;

        public Dictionary<string, double> Acked { get; set; } = [];

        public Dictionary<string, double>? InFlight { get; set; }

        public int Acknowledged => Volatile.Read(ref AckedCount);
    }
}
