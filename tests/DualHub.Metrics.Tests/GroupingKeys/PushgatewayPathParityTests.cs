using System.Text.Json;
using DualHub.Metrics.GroupingKeys;

namespace DualHub.Metrics.Tests.GroupingKeys;

/// <summary>
/// The fixture records PUTs of grouping-key paths to prometheus-pushgateway 1.5.1: status, message, and
/// for 200 the stored group's labels (from <c>/api/v1/metrics</c>). Our codec must agree on each.
/// </summary>
public class PushgatewayPathParityTests
{
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (var c in Load())
        {
            data.Add(c.Path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Codec_gives_pushgateways_answer(string path)
    {
        var recorded = Load().Single(c => c.Path == path);
        var ok = GroupingKey.TryParseEscapedPath(path, out var labels, out var error);
        if (recorded.Code == 200)
        {
            Assert.True(ok, error);
            Assert.Equal(recorded.Labels!.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"), labels!.Select(l => $"{l.Name}={l.Value}"));
        }
        else if (recorded.Body.StartsWith("pushed metrics are invalid", StringComparison.Ordinal))
        {
            // Pushgateway rejects these (label values that are not UTF-8) only in its store; we reject them in the codec.
            Assert.False(ok);
        }
        else
        {
            Assert.False(ok);
            Assert.Equal(recorded.Body.TrimEnd('\n'), error);
        }
    }

    private static List<(string Path, int Code, string Body, Dictionary<string, string>? Labels)> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pushgateway-1.5.1-grouping-paths.json")));
        return [.. doc.RootElement.EnumerateArray().Select(c => (
            c.GetProperty("path").GetString()!,
            c.GetProperty("code").GetInt32(),
            c.GetProperty("body").GetString()!,
            c.GetProperty("labels").ValueKind == JsonValueKind.Null
                ? null
                : c.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)))];
    }
}
