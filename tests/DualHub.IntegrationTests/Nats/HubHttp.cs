using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.IntegrationTests.Nats;

/// <summary>What the hub-process tests ask a real <c>dualhub hub</c> over HTTP.</summary>
internal static class HubHttp
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>POSTs <paramref name="request"/> as remote-write 1.0 (snappy protobuf) and requires a 204.</summary>
    public static async Task RemoteWriteAsync(string hubUrl, WriteRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.EncodeCompressed(request, buffer);
        using var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var response = await Http.PostAsync(new Uri(hubUrl + "/api/v1/write"), content);
        Assert.Equal(204, (int)response.StatusCode);
    }

    /// <summary>The central's <c>/health</c> <c>nats.consume.samples_consumed</c>.</summary>
    public static async Task<long> NatsSamplesConsumedAsync(string hubUrl)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(hubUrl + "/health")));
        return doc.RootElement.GetProperty("nats").GetProperty("consume").GetProperty("samples_consumed").GetInt64();
    }
}
