using System.Net;
using BenchmarkDotNet.Attributes;
using DualHub.Benchmarks.Scrape;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Upstreams;

namespace DualHub.Benchmarks.Upstreams;

/// <summary>
/// Forwarding one journaled 100k-series record to an in-memory upstream (204 at once): reading it from the journal,
/// splitting it into 2000-sample requests, snappy, HTTP client, cursor commits.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes in GlobalCleanup.")]
public class ForwarderBenchmarks
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dualhub-bench-fwd-" + Guid.NewGuid().ToString("N"));
    private SqliteSampleLog _log = null!;
    private JournalUpstream _forwarder = null!;
    private NoContent _upstream = null!;
    private byte[] _record = [];

    [Params(100_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _log = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "s.db"), MaxBytes = 64L << 20 }, TimeProvider.System);
        _record = EdgeRecord.Record(Series);
        await Task.CompletedTask;
        _upstream = new NoContent();
        var config = new RemoteWriteConfig
        {
            Name = "bench",
            Url = new Uri("http://127.0.0.1:1/api/v1/write"),
            QueueConfig = new QueueConfig { MaxSamplesPerSend = 2000 },
        };
        _forwarder = RemoteWriteSender.Upstream(config, _log, _upstream, TimeProvider.System);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _forwarder.DisposeAsync();
        await _log.DisposeAsync();
        _upstream.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Journals one record and sends it (subtract <c>JournalAppendBenchmarks.Append</c> for the forwarding alone).</summary>
    [Benchmark]
    public async Task<long> AppendAndForward()
    {
        await _log.AppendAsync(_record, Series);
        await _forwarder.StepAsync(CancellationToken.None);
        return _upstream.Requests;
    }

    private sealed class NoContent : HttpMessageHandler
    {
        public long Requests { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await request.Content!.CopyToAsync(Stream.Null, cancellationToken);
            Requests++;
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }
}
