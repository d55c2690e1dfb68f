using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Hub.Scrape;

/// <summary>
/// Scrapes one target on a <see cref="TimeProvider"/> timer and appends each result (samples, staleness markers
/// and the synthetic <c>up</c>/<c>scrape_*</c> series) to the sample journal atomically, in records of about
/// <see cref="RecordBytes"/>.
/// </summary>
internal sealed partial class ScrapeLoop : IAsyncDisposable, IRecordSource
{
    /// <summary>What Prometheus 2.42 sends.</summary>
    public const string Accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private const int MaxBodyBytes = 256 << 20;

    /// <summary>Text is parsed in pieces of about this size as it arrives.</summary>
    private const int ParsePieceBytes = 48 * 1024;

    /// <summary>
    /// A scrape larger than this is journaled as several records of about this size (all after the parse succeeded, all
    /// in one commit), so the record buffer stays small and a forwarder reads a bounded record.
    /// </summary>
    private const int RecordBytes = 2 << 20;

    private readonly ScrapeTarget _target;
    private readonly ISampleLog _log;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ScrapeSeriesCache _cache;
    private readonly SampleBatchBuilder _batch = new();
    private readonly FamilyFlattener _flattener = new();
    private readonly CancellationTokenSource _stop = new();
    private byte[] _body = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private Task _loop = Task.CompletedTask;
    private volatile ScrapeTargetStatus _status;
    private long _reallocatedAtLastCollect;

    public ScrapeLoop(ScrapeTarget target, ISampleLog log, HttpMessageHandler handler, TimeProvider time, ILogger? logger = null)
    {
        _target = target;
        _log = log;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _cache = new ScrapeSeriesCache(target);
        _status = new ScrapeTargetStatus(target.Job, target.Url.ToString(), false, null, 0, 0, "not scraped yet");
    }

    public ScrapeTargetStatus Status => _status;

    public ScrapeTarget Target => _target;

    public void Start()
    {
        Log.Starting(_logger, _target.Url, _target.Job, _target.Interval.TotalSeconds);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _batch.Dispose();
        _cache.Dispose();
        ArrayPool<byte>.Shared.Return(_body);
        _body = [];
        _stop.Dispose();
    }

    /// <summary>One scrape: fetch, parse, build the records and journal them. Returns the journal sequence of the last.</summary>
    public async Task<long> ScrapeOnceAsync(CancellationToken ct)
    {
        var start = _time.GetTimestamp();
        var timestampMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _batch.Reset();
        _cache.BeginScrape(timestampMs);
        string? error = null;
        int scraped = 0, added = 0, kept = 0;
        try
        {
            // Text: plain samples go straight through the series cache; only summaries and histograms become families.
            var families = await FetchAndParseAsync(ct);
            (scraped, added) = AddFamilies(families, timestampMs);
            scraped += _cache.Samples;
            kept = _flattener.Kept + _cache.Samples;
            added = _cache.Added;
            _cache.CollectStale(timestampMs);
        }
        catch (Exception ex) when (ex is HttpRequestException or MetricsParseException or IOException or InvalidDataException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            error = ex is OperationCanceledException ? $"timeout after {_target.Timeout.TotalSeconds:0.###} s" : ex.Message;
            Log.ScrapeFailed(_logger, _target.Url, error);

            // A failed scrape drops everything the last one added (partial results are never kept).
            _batch.Reset();
            scraped = added = kept = 0;
            _cache.StaleAll(timestampMs);
        }

        var duration = _time.GetElapsedTime(start).TotalSeconds;
        _status = new ScrapeTargetStatus(_target.Job, _target.Url.ToString(), error is null, DateTimeOffset.FromUnixTimeMilliseconds(timestampMs), duration, scraped, error);
        try
        {
            // All records of the scrape in one commit: a crash never leaves part of a scrape in the journal.
            _synthetic = new SyntheticSamples(timestampMs, error is null, duration, scraped, kept, added);
            _recordsLeft = true;
            _recordWritten = false;
            return await _log.AppendAllAsync(this, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.JournalFailed(_logger, _target.Url, ex);
            throw;
        }
        finally
        {
            _cache.Finish();
            ReleaseReplacedTables();
        }
    }

    /// <summary>
    /// After the cache grew (the first scrape of a large target, or series churn), the arrays it replaced are large
    /// garbage the GC keeps committed: with few allocations in steady state no full collection would come to return
    /// them. One compacting collection per 8 MiB replaced gives them back (as the Pushgateway role does after bursts).
    /// </summary>
    private void ReleaseReplacedTables()
    {
        if (_cache.ReallocatedBytes - _reallocatedAtLastCollect >= 8 << 20)
        {
            _reallocatedAtLastCollect = _cache.ReallocatedBytes;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_target.Interval, _time);
        do
        {
            try
            {
                await ScrapeOnceAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Logged in ScrapeOnceAsync; the next tick tries again.
                Debug.WriteLine(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>
    /// Fetches the target and parses as the body arrives: text goes through the series cache in pieces of whole lines
    /// (the buffer holds a piece, not the body); OpenMetrics, which must be rejected whole when its # EOF is missing,
    /// is read whole and parsed into families. Returns the families for the flattener.
    /// </summary>
    private async Task<List<MetricFamily>> FetchAndParseAsync(CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_target.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, _target.Url);
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", _target.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("User-Agent", "DualHub/0.1");
        if (_target.Authorization is { } auth)
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var openMetrics = string.Equals(response.Content.Headers.ContentType?.MediaType, "application/openmetrics-text", StringComparison.OrdinalIgnoreCase);
        await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
        // Relabeled samples take the family path: the series cache keeps no relabeled (or dropped) series.
        var parser = openMetrics || _target.MetricRelabelConfigs.Count > 0 ? null : new TextStreamParser(_cache);
        long total = 0;
        var length = 0;
        while (true)
        {
            if (length == _body.Length)
            {
                Grow(length);
            }

            var n = await stream.ReadAsync(_body.AsMemory(length), linked.Token);
            if (n == 0)
            {
                break;
            }

            length += n;
            total += n;
            if (total > MaxBodyBytes)
            {
                throw new InvalidDataException($"body exceeds {MaxBodyBytes} bytes");
            }

            if (parser is not null && length >= ParsePieceBytes)
            {
                var lines = _body.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
                parser.Feed(_body.AsSpan(0, lines));
                _body.AsSpan(lines, length - lines).CopyTo(_body);
                length -= lines;
            }
        }

        var rest = _body.AsSpan(0, length);
        return parser is not null ? parser.Complete(rest) : openMetrics ? OpenMetricsParser.Parse(rest) : TextParser.Parse(rest);
    }

    /// <summary>A line longer than the buffer, or an OpenMetrics body: a bigger buffer.</summary>
    private void Grow(int length)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(_body.Length * 2, 64 * 1024), MaxBodyBytes + 1));
        _body.AsSpan(0, length).CopyTo(bigger);
        if (_body.Length <= 1 << 20)
        {
            ArrayPool<byte>.Shared.Return(_body); // large outgrown buffers would stay pooled and idle
        }

        _body = bigger;
    }
}
