using System.Net;
using System.Text.Json;
using DualHub.Hub.CentralIngest;
using DualHub.Hub.Http;
using DualHub.Hub.Options;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.Push.Store;
using DualHub.Hub.Query;
using DualHub.Hub.Receive;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Scrape;
using DualHub.Hub.Upstreams;
using DualHub.Metrics.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Hub;

/// <summary>
/// The journal-backed sample path of a hub: scrapes, pushes and received remote-write go into the sample journal;
/// one journal upstream per <c>remote_write</c> entry sends them on from its own cursor; with a central view, the
/// newest sample of every series is kept for <c>/metrics</c> and the query API. The hub host owns one of these.
/// </summary>
public sealed class SamplePipeline : IAsyncDisposable
{
    private readonly SqliteSampleLog _log;
    private readonly ScrapeManager _scrapes;
    private readonly ILogger _forwardingLogger;
    private volatile (RemoteWriteConfig Config, IJournalUpstream Runner)[] _upstreams;
    private bool _started;
    private readonly SocketsHttpHandler _sendHandler;
    private readonly TlsHandlerPool _sendTls = new(NewSendHandler);
    private readonly CentralIngestJournal? _central;
    private readonly FamilyFlattener _pushFlattener = new();
    private readonly SemaphoreSlim _pushGate = new(1, 1);
    private readonly PushStamper _stamps;
    private readonly TimeProvider _time;

    /// <summary>How often <see cref="SweepView"/> is due.</summary>
    public static readonly TimeSpan ViewSweepInterval = TimeSpan.FromMinutes(1);

    public SamplePipeline(PrometheusConfiguration config, SampleLogOptions journal, TimeProvider time, ILoggerFactory? loggers = null, HttpMessageHandler? scrapeHandler = null, bool centralView = false, LimitsOptions? viewLimits = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        loggers ??= NullLoggerFactory.Instance;
        _stamps = new PushStamper(time);
        _time = time;
        _log = SqliteSampleLog.Open(journal, time, loggers.CreateLogger("DualHub.Hub.SampleLog"));
        if (centralView)
        {
            // Built from the journal before anything is accepted, so the central filter holds across restarts.
            View = viewLimits is null
                ? new LatestSampleStore()
                : new LatestSampleStore(viewLimits.MaxSeriesTotal, viewLimits.MaxLabelsPerSeries, viewLimits.MaxLabelNameLength, viewLimits.MaxLabelValueLength);
            _central = new CentralIngestJournal(_log, View, loggers.CreateLogger("DualHub.Hub.Query"), _time);
            _central.RebuildView();
            Query = new QueryApi(View, time);
        }

        _scrapes = new ScrapeManager(config, Journal, time, loggers, scrapeHandler);
        _sendHandler = NewSendHandler();
        _forwardingLogger = loggers.CreateLogger("DualHub.Hub.Forwarding");
        _upstreams = [.. config.RemoteWrite.Select(NewUpstream)];

        Endpoints = new SampleEndpoints(new RemoteWriteReceiver(Journal, IngestPath.Http));
    }

    /// <summary>
    /// The journal, for the remote-write receiver, NATS and pushes (append before acknowledging). In the central role it
    /// journals only samples newer than the central view.
    /// </summary>
    public ISampleLog Journal => (ISampleLog?)_central ?? _log;

    /// <summary>The newest sample of every series (central view), or null when not enabled.</summary>
    public LatestSampleStore? View { get; }

    /// <summary><c>/api/v1/write</c>.</summary>
    public SampleEndpoints Endpoints { get; }

    /// <summary>Instant selectors and series over <see cref="View"/>, or null when not enabled.</summary>
    public QueryApi? Query { get; }

    public IReadOnlyList<ScrapeTargetStatus> Targets => _scrapes.Targets;

    public IReadOnlyList<UpstreamStatus> Upstreams => _upstreams.Select(u => u.Runner.GetStatus()).ToList();

    /// <summary>The sample journal's size, bytes appended since start and retention limits, for the console.</summary>
    public SampleJournalFigures JournalFigures => new(_log.RetainedBytes, _log.AppendedBytes, _log.LastSequence, _log.Options.MaxAge, _log.Options.MaxBytes);

    public void Start()
    {
        _started = true;
        foreach (var u in _upstreams)
        {
            u.Runner.Start();
        }

        _scrapes.Start();
    }

    /// <summary>
    /// Applies a reloaded config's <c>scrape_configs</c> and <c>remote_write</c> (docs/hub.md, "Reloading the
    /// config"). An upstream configured exactly as before keeps running. A removed one stops: a send in flight is
    /// cancelled before its cursor moves, so nothing is marked sent that was not, and its cursor stays in the journal
    /// (re-adding the name resumes there). A changed one stops, then its successor starts from the same persisted
    /// cursor. A new name starts, like at a restart, from the oldest retained record. Not called concurrently with
    /// itself or <see cref="DisposeAsync"/>.
    /// </summary>
    public async Task ReloadAsync(PrometheusConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        await _scrapes.ReloadAsync(config);
        var old = _upstreams;
        var next = new List<(RemoteWriteConfig Config, IJournalUpstream Runner)>();
        var added = new List<IJournalUpstream>();
        foreach (var rw in config.RemoteWrite)
        {
            var same = Array.FindIndex(old, u => Reload.SameConfig.RemoteWrite(u.Config, rw));
            if (same >= 0)
            {
                next.Add(old[same]);
                continue;
            }

            var upstream = NewUpstream(rw);
            added.Add(upstream.Runner);
            next.Add(upstream);
        }

        // Stopped before a successor of the same name reads the cursor they share.
        _upstreams = [.. next];
        foreach (var (cfg, runner) in old.Where(o => !next.Contains(o)))
        {
            Reload.ReloadLog.UpstreamStopping(_forwardingLogger, cfg.Name, cfg.Url);
            await runner.DisposeAsync();
        }

        _sendTls.Retain(next.Select(u => u.Config.TlsConfig));
        if (_started)
        {
            foreach (var runner in added)
            {
                runner.Start();
            }
        }
    }

    /// <summary>
    /// Journals an accepted push as samples: pushed labels plus the grouping labels (as a Pushgateway scraped with
    /// honor_labels shows them), stamped with the agent's batch time when the push has one (<paramref name="batchTimeMs"/>
    /// above 0), else at accept time (<see cref="PushStamper"/>). Completes after commit.
    /// </summary>
    public async Task AppendPushAsync(IReadOnlyList<MetricFamily> families, GroupId group, long batchTimeMs = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(families);
        var list = families as List<MetricFamily> ?? [.. families];
        using var batch = new SampleBatchBuilder();
        ValueTask<long> append = default;
        await _pushGate.WaitAsync(ct);
        try
        {
            // Stamped under the gate: pushes accepted within one millisecond (an agent draining its spool) must not share
            // a timestamp, or the later one of a group would be dropped downstream as a conflict.
            var stamp = _stamps.Stamp(group.Key, batchTimeMs);
            _pushFlattener.Flatten(list, group.Labels, [], honorLabels: true, honorTimestamps: false, stamp, batch, tracker: null);
            if (batch.SampleCount > 0)
            {
                // Queued under the gate, committed outside it: journal order is then timestamp order even for concurrent
                // pushes of one group (an upstream rejects an older sample after a newer one), and pushes still share commits.
                append = Journal.AppendAsync(batch.Written, batch.SampleCount, ct);
            }
        }
        finally
        {
            _pushGate.Release();
        }

        await append;
    }

    /// <summary>
    /// Forgets the central view's series not updated for the sample journal's <c>max_age</c> (called every
    /// <see cref="ViewSweepInterval"/>): the view then holds what a restart would rebuild from the journal, and series
    /// that come and go do not add up. Returns how many it forgot; 0 without a view.
    /// </summary>
    public int SweepView() =>
        View?.Sweep((long)Math.Ceiling(_log.Options.MaxAge / ViewSweepInterval)) ?? 0;

    /// <summary>Self-metrics per upstream and of the journal, as families for the hub's <c>/metrics</c>.</summary>
    public List<MetricFamily> CollectMetrics()
    {
        var families = ForwardingMetrics.Collect(Upstreams, _log);
        if (_central is not null)
        {
            families.AddRange(CentralIngestMetrics.Collect(_central));
        }

        return families;
    }

    /// <summary>Writes the <c>upstreams</c>, <c>scrape_targets</c> and <c>sample_journal</c> members of <c>/health</c>.</summary>
    public void WriteHealth(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartArray("upstreams");
        foreach (var u in Upstreams)
        {
            w.WriteStartObject();
            w.WriteString("name", u.Name);
            w.WriteString("url", u.Url);
            UpstreamHealth.WriteBacklog(w, UpstreamHealth.StateName(u.State), u);
            w.WriteNumber("samples_sent", u.SamplesSent);
            UpstreamHealth.WriteDropped(w, u);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("scrape_targets");
        foreach (var t in Targets)
        {
            w.WriteStartObject();
            w.WriteString("job", t.Job);
            w.WriteString("url", t.Url);
            w.WriteString("health", t.Up ? "up" : "down");
            w.WriteNumber("last_samples", t.LastSamples);
            w.WriteNumber("last_duration_seconds", Math.Round(t.LastDurationSeconds, 6));
            w.WriteString("last_error", t.LastError);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("sample_journal");
        w.WriteNumber("last_sequence", _log.LastSequence);
        w.WriteNumber("retained_bytes", _log.RetainedBytes);
        if (View is not null)
        {
            w.WriteNumber("central_series", View.Count);
        }

        if (_central is not null)
        {
            CentralIngestMetrics.WriteHealth(w, _central);
        }

        w.WriteEndObject();
    }

    // An upstream with tls_config gets its own pool: its certificates apply to it only.
    private (RemoteWriteConfig Config, IJournalUpstream Runner) NewUpstream(RemoteWriteConfig rw) =>
        (rw, RemoteWriteSender.Upstream(rw, _log, rw.TlsConfig is null ? _sendHandler : _sendTls.For(rw.TlsConfig, $"remote_write[{rw.Name}].tls_config"), _time, _forwardingLogger));

    private static SocketsHttpHandler NewSendHandler() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        AutomaticDecompression = DecompressionMethods.None,
    };

    public async ValueTask DisposeAsync()
    {
        await _scrapes.DisposeAsync();
        foreach (var u in _upstreams)
        {
            await u.Runner.DisposeAsync();
        }

        if (_central is not null)
        {
            await _central.DisposeAsync();
        }

        await _log.DisposeAsync();
        _sendHandler.Dispose();
        _sendTls.Dispose();
        _pushGate.Dispose();
    }
}
