using System.Buffers;
using System.Text;
using System.Text.Json;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;
using DualHub.Testing;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Hub;

/// <summary>The same requests to a real prometheus-pushgateway 1.5.1 and to a real <c>dualhub hub</c> give the same answers and the same pushed series.</summary>
public sealed class PushgatewayParityTests(ITestOutputHelper output)
{
    private static readonly PushStep[] Steps =
    [
        new("PUT", "/metrics/job/j1", "# TYPE a counter\na{x=\"1\"} 1\n"),
        new("PUT", "/metrics/job/j2", "# TYPE a gauge\na 1\n"),
        new("PUT", "/metrics/job/j1/instance/i1", "b 1\n"),
        new("PUT", "/metrics/job/j3", "b{instance=\"i1\",job=\"j1\"} 2\n"),
        new("PUT", "/metrics/job/j1", "b{instance=\"i1\"} 1\n"),
        new("PUT", "/metrics/job/ts", "c 1 1700000000000\n"),
        new("POST", "/metrics/job/j1", "# HELP c Some help.\nc 3\n"),
        new("PUT", "/metrics/job/j4", string.Empty),
        new("PUT", "/metrics/job/j5/x/", "d 1\n"),
        new("PUT", "/metrics/job/j6/a%2Fb/c", "d 1\n"),
        new("PUT", "/metrics/job/j6//x/y", "d 1\n"),
        new("PUT", "/metrics/job/", "d 1\n"),
        new("PUT", "/metrics/job@base64/dGVzdC9qb2I", "e 1\n"),
        new("PUT", "/metrics/job/j7/path@base64/L3Zhci90bXA", "f 1\n"),
        new("PUT", "/metrics/job/j7/empty@base64/=", "g 1\n"),
        new("PUT", "/metrics/job/j8/__x/y", "g 1\n"),
        new("PUT", "/metrics/job/j8/a", "g 1\n"),
        new("PUT", "/metrics/job/j8", "blabla\n"),
        new("PUT", "/metrics/job/j8", "g 1"),
        new("PUT", "/metrics/job/j8", "g 1\r\n"),
        new("PUT", "/metrics/job/s1", "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 1\ns_count 1\n"),
        new("PUT", "/metrics/job/s2", "s_count 1\n"),
        new("DELETE", "/metrics/job/j3"),
        new("DELETE", "/metrics/job/nothing", "ignored body\n"),
        new("GET", "/metrics/job/j1"),
        new("OPTIONS", "/metrics/job/j1"),
        new("PUT", "/metrics/job/j9/lbl/a+b%20c", "h 1\n"),
        new("PUT", "/metrics/job/gz", "# TYPE gz gauge\ngz{k=\"v\"} 7\n", Gzip: true),
        new("PUT", "/metrics/job/j1", "z 1\n"),
        new("PUT", "/metrics/job/h", "# HELP hist A histogram.\n# TYPE hist histogram\nhist_bucket{le=\"0.5\"} 1\nhist_bucket{le=\"+Inf\"} 3\nhist_sum 4\nhist_count 3\n"),
        new("POST", "/metrics/job/j10", "# TYPE process_start_time_seconds counter\nprocess_start_time_seconds 1\n"),
        new("PUT", "/metrics/job/j11", "y 1\ny 2\n"),
        new("PUT", "/metrics/job/j12", "push_time_seconds 5\nk{a=\"b\"} 1\n"),
        new("PUT", "/metrics/job/j13", "m{__r=\"1\"} 1\n"),
        new("PUT", "/metrics/job/j1/instance/i1", "# TYPE b gauge\nb 5\n"),
        new("POST", "/metrics/job/j14/instance/x", "n 1\n"),
        new("DELETE", "/metrics/job/j14"),
        new("GET", "/nothing"),
        new("PUT", "/-/quit"),
        new("GET", "/-/quit"),
        new("PUT", "/api/v1/admin/wipe"),
        new("POST", "/-/ready"),
        new("PUT", "/metrics/job/pb", "(protobuf)", ContentType: ContentNegotiation.ProtobufContentType, Raw: Protobuf("# TYPE pbc counter\npbc{k=\"v\"} 3\n# TYPE pbs summary\npbs{quantile=\"0.9\"} 2\npbs_sum 5\npbs_count 4\n")),
        new("POST", "/metrics/job/pb", "(protobuf, gzip)", Gzip: true, ContentType: ContentNegotiation.ProtobufContentType, Raw: Protobuf("# TYPE pbg gauge\npbg 1.5\n")),
        new("PUT", "/metrics/job/pb2", "(protobuf bytes sent as text)", Raw: Protobuf("pbx 1\n")),
        new("PUT", "/metrics/job/pb3", "(truncated protobuf)", ContentType: ContentNegotiation.ProtobufContentType, Raw: Protobuf("pby 1\n")[..^2]),
        new("PUT", "/metrics/job/pb4", "(protobuf, then a length prefix cut short)", ContentType: ContentNegotiation.ProtobufContentType, Raw: [.. Protobuf("pbz 1\n"), 0x80]),
        new("PUT", "/metrics/job/pb5", "(protobuf, then a 6-byte length prefix)", ContentType: ContentNegotiation.ProtobufContentType, Raw: [.. Protobuf("pbz 1\n"), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        new("PUT", "/metrics/JOB/j15/Instance/A", "p 1\n"),
        new("DELETE", "/Metrics/job@BASE64/ajE"),
    ];

    private static byte[] Protobuf(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ProtobufWriter.WriteDelimited(buffer, TextParser.Parse(Encoding.UTF8.GetBytes(text)));
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public async Task Same_sequence_gives_same_status_codes_and_same_pushed_series()
    {
        var (pg, pgUrl) = await Anchors.StartPushgatewayAsync("--persistence.file=");
        await using var _ = pg;
        await using var hub = await HubInstance.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var mismatches = new List<string>();
        foreach (var step in Steps)
        {
            var expected = await step.SendAsync(http, pgUrl);
            var actual = await step.SendAsync(http, hub.Url);
            output.WriteLine($"{step} -> {expected.Status} / {actual.Status} {actual.Body}");
            if (expected.Status != actual.Status || expected.Location != actual.Location)
            {
                mismatches.Add($"{step}: pushgateway {expected.Status} {expected.Location} '{expected.Body}', dualhub {actual.Status} {actual.Location} '{actual.Body}'");
            }
            else if (expected.Status == 400 && !expected.Body.Contains("collected metric", StringComparison.Ordinal) && step.ContentType != ContentNegotiation.ProtobufContentType && expected.Body != actual.Body)
            {
                // Messages match too, except where Go prints a metric (which one depends on Go map order) and for
                // broken protobuf, where DualHub says what is wrong instead of Go's bare "unexpected EOF".
                mismatches.Add($"{step}: message '{expected.Body}' vs '{actual.Body}'");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        var expectedSeries = await ExpositionSnapshot.PushedAsync(http, pgUrl);
        var actualSeries = await ExpositionSnapshot.PushedAsync(http, hub.Url);
        Assert.Equal(expectedSeries, actualSeries);
        Assert.Contains(actualSeries, l => l.StartsWith("h Untyped help= {instance=\"\",job=\"j9\",lbl=\"a+b c\"}", StringComparison.Ordinal));
        Assert.Equal(await GroupsAsync(http, pgUrl), await GroupsAsync(http, hub.Url));
    }

    /// <summary>Groups of <c>/api/v1/metrics</c>: labels, last_push_successful and family names with types.</summary>
    private static async Task<List<string>> GroupsAsync(HttpClient http, string url)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(url + "/api/v1/metrics")));
        var groups = new List<string>();
        foreach (var g in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            var parts = new List<string>();
            foreach (var p in g.EnumerateObject())
            {
                parts.Add(p.Name switch
                {
                    "labels" => "labels=" + p.Value.GetRawText(),
                    "last_push_successful" => "ok=" + p.Value.GetRawText(),
                    _ => $"{p.Name}:{p.Value.GetProperty("type").GetString()}:{p.Value.GetProperty("metrics").GetArrayLength()}",
                });
            }

            groups.Add(string.Join(" ", parts));
        }

        groups.Sort(StringComparer.Ordinal);
        return groups;
    }
}
