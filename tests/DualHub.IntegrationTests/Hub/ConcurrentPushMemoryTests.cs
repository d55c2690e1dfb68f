using System.Globalization;
using System.Net;
using System.Text;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>100 concurrent pushes at the body limit: each answered 2xx or a clear 4xx/503, the hub healthy after.</summary>
public sealed class ConcurrentPushMemoryTests
{
    [Fact]
    public async Task A_hundred_concurrent_maximal_pushes_are_each_answered_clearly_and_the_hub_stays_healthy()
    {
        const int maxBody = 1 << 20;
        await using var hub = await HubInstance.StartWithConfigAsync($"limits:\n  max_body_bytes: {maxBody}\n  max_push_bytes_in_flight: {4 * maxBody}\n");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        var body = Body(maxBody);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("text/plain");
            using var r = await http.PutAsync(new Uri($"{hub.Url}/metrics/job/flood/i/{i.ToString(CultureInfo.InvariantCulture)}"), content);
            return ((int)r.StatusCode, await r.Content.ReadAsStringAsync());
        }));

        foreach (var (status, text) in answers)
        {
            Assert.True(status == 200 || status == 503 || (status is >= 400 and < 500 && text.Length > 0), $"{status}: {text}");
        }

        var accepted = answers.Count(a => a.Item1 == 200);
        Assert.True(accepted > 0, string.Join(", ", answers.Select(a => a.Item1)));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(hub.Url + "/-/healthy"))).StatusCode);
        var metrics = await http.GetStringAsync(new Uri(hub.Url + "/metrics"));
        Assert.Equal(accepted, metrics.Split('\n').Count(l => l.StartsWith("flood_series{i=\"", StringComparison.Ordinal) && l.Contains("id=\"0\"", StringComparison.Ordinal)));

        // One byte over the limit is the clear 413.
        using var over = new ByteArrayContent([.. body, (byte)'\n']);
        over.Headers.ContentType = new("text/plain");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PutAsync(new Uri(hub.Url + "/metrics/job/over"), over)).StatusCode);
    }

    /// <summary>A text body of exactly <paramref name="bytes"/> bytes: a comment line, then series padded to fit.</summary>
    private static byte[] Body(int bytes)
    {
        var sb = new StringBuilder("# TYPE flood_series gauge\n");
        for (var id = 0; ; id++)
        {
            var line = $"flood_series{{id=\"{id.ToString(CultureInfo.InvariantCulture)}\",pad=\"{new string('x', 40)}\"}} 1\n";
            if (sb.Length + line.Length > bytes)
            {
                break;
            }

            sb.Append(line);
        }

        sb.Append('#', bytes - sb.Length - 1).Append('\n');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
