using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.IntegrationTests.Hub;

/// <summary>
/// The Remote-Write 1.0 compliance suite's corrupt-body case, black box against a central hub process: a snappy block
/// whose header declares another size than its data fills is a 400 <c>snappy: corrupt input</c> and never readable.
/// </summary>
public sealed class RemoteWriteCorruptBodyTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_block_declaring_another_size_than_it_holds_is_400_and_its_series_never_readable()
    {
        await using var hub = await HubInstance.StartAsync("--role", "central");
        var block = Block(out var present);
        Assert.InRange(present, 61, 64);

        foreach (var declared in new[] { 48, 0, 1, 47, 49, present - 1, present + 1, 64 == present ? 65 : 64, 127 })
        {
            var (status, body) = await PostAsync(hub.Url, Redeclared(block, declared));
            Assert.True(status == 400, $"declared {declared} of {present}: {status} {body}");
            Assert.StartsWith("snappy: corrupt input", body, StringComparison.Ordinal);
        }

        Assert.Equal(0, await SeriesCountAsync(hub.Url));

        // The same block with its true size is accepted: the refusals above were about the header alone.
        Assert.Equal(204, (await PostAsync(hub.Url, Redeclared(block, present))).Status);
        Assert.Equal(1, await SeriesCountAsync(hub.Url));
    }

    /// <summary>A request of 61-64 bytes uncompressed, as the suite's, snappy-compressed.</summary>
    private static byte[] Block(out int present)
    {
        var request = new WriteRequest();
        request.Series.Add(new TimeSeries
        {
            Labels = [new("__name__", "corrupt_body_test"), new("job", "rw")],
            Samples = [new(1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds())],
        });
        present = RemoteWriteCodec.CalculateSize(request);
        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.EncodeCompressed(request, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Every size here is below 128, a one-byte varint header.</summary>
    private static byte[] Redeclared(byte[] block, int declared)
    {
        Assert.True(block[0] < 0x80 && declared < 0x80);
        var copy = (byte[])block.Clone();
        copy[0] = (byte)declared;
        return copy;
    }

    private static async Task<(int Status, string Body)> PostAsync(string url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(RemoteWriteCodec.ContentType);
        content.Headers.ContentEncoding.Add(RemoteWriteCodec.ContentEncoding);
        using var response = await Http.PostAsync(new Uri(url + "/api/v1/write"), content);
        return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
    }

    private static async Task<int> SeriesCountAsync(string url)
    {
        var query = Uri.EscapeDataString("{__name__=\"corrupt_body_test\"}");
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"{url}/api/v1/series?match[]={query}")));
        return doc.RootElement.GetProperty("data").GetArrayLength();
    }
}
