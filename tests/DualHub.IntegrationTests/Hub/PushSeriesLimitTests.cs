using System.IO.Compression;
using System.Net;
using System.Text;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>A push of many tiny series is refused at the series limit before it is all parsed.</summary>
public sealed class PushSeriesLimitTests
{
    [Fact]
    public async Task A_gzip_push_of_more_series_than_max_series_per_push_is_a_400_naming_the_limit_and_stores_nothing()
    {
        await using var hub = await HubInstance.StartWithConfigAsync("limits:\n  max_series_per_push: 1000\n");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        var text = new StringBuilder();
        for (var i = 0; i < 200_000; i++)
        {
            text.Append("tiny{i=\"").Append(i).Append("\"} 1\n");
        }

        using var gzipped = new MemoryStream();
        await using (var gz = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gz.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
        }

        using var content = new ByteArrayContent(gzipped.ToArray());
        content.Headers.ContentType = new("text/plain");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await http.PutAsync(new Uri(hub.Url + "/metrics/job/tiny"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("push has more than 1000 series, the limit (limits.max_series_per_push)", (await response.Content.ReadAsStringAsync()).Trim());
        Assert.DoesNotContain("tiny{", await http.GetStringAsync(new Uri(hub.Url + "/metrics")), StringComparison.Ordinal);
    }
}
