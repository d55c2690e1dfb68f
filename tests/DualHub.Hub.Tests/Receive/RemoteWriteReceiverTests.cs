using System.Text;
using DualHub.Hub.CentralIngest;
using DualHub.Hub.Receive;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;
using Snappier;

namespace DualHub.Hub.Tests.Receive;

public sealed class RemoteWriteReceiverTests : IAsyncLifetime
{
    private readonly string _dir = TempDir.Create();
    private readonly LatestSampleStore _store = new();
    private SqliteSampleLog _log = null!;

    public Task InitializeAsync()
    {
        _log = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "s.db") }, new FakeTimeProvider());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        TempDir.Delete(_dir);
    }

    [Fact]
    public async Task Valid_request_is_journaled_before_204_and_reaches_the_central_view()
    {
        using var b = new SampleBatchBuilder();
        b.Add("m", [new Label("a", "1")], 1000, 7);
        b.Add("m", [new Label("a", "2")], 1000, 8);
        var r = await Receiver().ReceiveAsync(Snappy.CompressToArray(b.Written.Span), CancellationToken.None);

        Assert.Equal(new ReceiveResult(204, null, 2), r);
        var record = Assert.Single(_log.Read(0, 10, long.MaxValue));
        Assert.Equal(2, WireSample.Decode(record.Data).Count);
        Assert.Equal(2, _store.Count);
    }

    [Theory]
    [InlineData("snappy", "application/x-protobuf", null)]
    [InlineData("snappy", "application/x-protobuf;proto=prometheus.WriteRequest", null)]
    [InlineData(null, "application/x-protobuf", 415)]
    [InlineData("gzip", "application/x-protobuf", 415)]
    [InlineData("snappy", "application/json", 415)]
    [InlineData("snappy", "application/x-protobuf;proto=io.prometheus.write.v2.Request", 415)]
    public void Wrong_content_type_or_encoding_is_415(string? encoding, string? type, int? expected) =>
        Assert.Equal(expected, RemoteWriteReceiver.CheckHeaders(type, encoding)?.StatusCode);

    [Theory]
    [InlineData(new[] { "b", "1", "a", "2" }, "labels not sorted")]
    [InlineData(new[] { "a", "1", "a", "2" }, "duplicate label name \"a\"")]
    [InlineData(new[] { "a", "" }, "empty value for label \"a\"")]
    [InlineData(new[] { "", "x" }, "empty label name")]
    [InlineData(new[] { "1a", "x" }, "invalid label name \"1a\"")]
    [InlineData(new[] { "a", "x" }, "no __name__ label")]
    public async Task Invalid_labels_are_400_with_the_reason_and_nothing_is_journaled(string[] pairs, string reason)
    {
        var body = RawSeries(pairs);
        var r = await Receiver().ReceiveAsync(Snappy.CompressToArray(body), CancellationToken.None);

        Assert.Equal(400, r.StatusCode);
        Assert.Contains(reason, r.Error, StringComparison.Ordinal);
        Assert.StartsWith("series 0:", r.Error, StringComparison.Ordinal);
        Assert.Empty(_log.Read(0, 10, long.MaxValue));
    }

    [Fact]
    public async Task Garbage_is_400_not_an_exception()
    {
        Assert.Equal(400, (await Receiver().ReceiveAsync(new byte[] { 1, 2, 3, 4, 5 }, CancellationToken.None)).StatusCode);
        Assert.Equal(400, (await Receiver().ReceiveAsync(Snappy.CompressToArray([0x0A, 0x7F, 0x01]), CancellationToken.None)).StatusCode);
    }

    [Theory]
    [InlineData(47)]
    [InlineData(48)]
    [InlineData(1)]
    public async Task A_block_declaring_fewer_bytes_than_it_holds_is_400_corrupt_input_and_nothing_is_journaled(int declared)
    {
        // The compliance suite's corrupt body: a request of 61-64 bytes whose snappy header declares 48.
        var body = RawSeries(["__name__", "compliance_corrupt_body", "job", "x"]);
        var block = Snappy.CompressToArray(body);
        Assert.InRange(body.Length, 49, 127);
        block[0] = (byte)declared;

        var r = await Receiver().ReceiveAsync(block, CancellationToken.None);

        Assert.Equal(400, r.StatusCode);
        Assert.StartsWith("snappy: corrupt input", r.Error, StringComparison.Ordinal);
        Assert.Empty(_log.Read(0, 10, long.MaxValue));
        Assert.Equal(0, _store.Count);
    }

    private RemoteWriteReceiver Receiver() => new(new CentralIngestJournal(_log, _store));

    /// <summary>One TimeSeries with labels written in the given order (bypassing the builder's sorting) and one sample.</summary>
    private static byte[] RawSeries(string[] pairs)
    {
        var series = new List<byte>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            var label = new List<byte>();
            AddString(label, 0x0A, pairs[i]);
            AddString(label, 0x12, pairs[i + 1]);
            series.Add(0x0A);
            series.Add((byte)label.Count);
            series.AddRange(label);
        }

        series.AddRange(new byte[] { 0x12, 0x0B, 0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x10, 0x01 });
        return [0x0A, (byte)series.Count, .. series];
    }

    private static void AddString(List<byte> into, byte tag, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        into.Add(tag);
        into.Add((byte)bytes.Length);
        into.AddRange(bytes);
    }
}
