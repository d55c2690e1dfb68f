using System.Text;
using DualHub.Metrics.Text;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>
/// The fuzzers' text, protobuf and grouping-key corpora (tests/fuzz-corpus) pushed to a real hub: every answer is 2xx,
/// 3xx (a path Go's ServeMux cleans) or 4xx, never 5xx, and the hub stays healthy and keeps accepting pushes.
/// </summary>
public sealed class FuzzCorpusPushTests
{
    private static readonly byte[] ValidBody = "fuzz_replay_ok 1\n"u8.ToArray();

    [Fact]
    public async Task Fuzzed_bodies_and_paths_get_no_5xx_and_leave_the_hub_healthy()
    {
        await using var hub = await HubInstance.StartAsync();
        var answers = new List<string>();
        foreach (var file in Corpus("text"))
        {
            answers.Add(await PushAsync(hub, "/metrics/job/fuzz-text", "text/plain; version=0.0.4", File.ReadAllBytes(file), file));
        }

        foreach (var file in Corpus("protobuf"))
        {
            answers.Add(await PushAsync(hub, "/metrics/job/fuzz-protobuf", ContentNegotiation.ProtobufContentType, File.ReadAllBytes(file), file));
        }

        foreach (var file in Corpus("grouping-key"))
        {
            answers.Add(await PushAsync(hub, "/metrics/" + Encoding.Latin1.GetString(File.ReadAllBytes(file)), null, ValidBody, file));
        }

        Assert.DoesNotContain(answers, a => a.StartsWith('5'));
        Assert.Contains(answers, a => a.StartsWith('2'));
        Assert.Contains(answers, a => a.StartsWith('4'));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal("OK", (await http.GetStringAsync(new Uri(hub.Url + "/-/healthy"))).Trim());
        Assert.Equal("2xx", await PushAsync(hub, "/metrics/job/after-fuzz", null, ValidBody, "a valid push"));
        Assert.Contains("fuzz_replay_ok{instance=\"\",job=\"after-fuzz\"} 1", await http.GetStringAsync(new Uri(hub.Url + "/metrics")), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Corpus(string target) =>
        Directory.GetFiles(RepoRoot.Combine("tests", "fuzz-corpus", target)).Order(StringComparer.Ordinal);

    /// <summary>PUT, the status class (2xx ... 5xx) naming the input when it is a 5xx.</summary>
    private static async Task<string> PushAsync(HubInstance hub, string target, string? contentType, byte[] body, string input)
    {
        var status = await RawHttp.SendAsync(hub.Port, "PUT", Encoding.Latin1.GetBytes(target), contentType, body);
        return status >= 500 ? $"{status} for {input}" : $"{status / 100}xx";
    }
}
