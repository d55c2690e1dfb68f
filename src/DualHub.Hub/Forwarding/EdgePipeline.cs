using System.Net;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleLog;
using DualHub.Hub.Scrape;
using DualHub.Metrics.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Hub.Forwarding;

/// <summary>
/// The journal-backed edge: scrapes and accepted batches go into the sample journal, and one forwarder per
/// <c>remote_write</c> upstream sends them on from its own cursor. The hub host owns one of these.
/// </summary>
public sealed class EdgePipeline : IAsyncDisposable
{
    private readonly SqliteSampleLog _log;
    private readonly ScrapeManager _scrapes;
    private readonly List<RemoteWriteForwarder> _forwarders = [];
    private readonly SocketsHttpHandler _sendHandler;

    public EdgePipeline(PrometheusConfiguration config, SampleLogOptions journal, TimeProvider time, ILoggerFactory? loggers = null, HttpMessageHandler? scrapeHandler = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        loggers ??= NullLoggerFactory.Instance;
        _log = SqliteSampleLog.Open(journal, time, loggers.CreateLogger("DualHub.Hub.SampleLog"));
        _scrapes = new ScrapeManager(config, _log, time, loggers, scrapeHandler);
        _sendHandler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.None,
        };
        var logger = loggers.CreateLogger("DualHub.Hub.Forwarding");
        foreach (var rw in config.RemoteWrite)
        {
            _forwarders.Add(new RemoteWriteForwarder(rw, _log, _sendHandler, time, logger));
        }
    }

    /// <summary>The journal, for the remote-write receiver and pushes (append before acknowledging).</summary>
    public ISampleLog Journal => _log;

    public IReadOnlyList<ScrapeTargetStatus> Targets => _scrapes.Targets;

    public IReadOnlyList<UpstreamStatus> Upstreams => _forwarders.Select(f => f.GetStatus()).ToList();

    public void Start()
    {
        foreach (var f in _forwarders)
        {
            f.Start();
        }

        _scrapes.Start();
    }

    /// <summary>Self-metrics per upstream and of the journal, as families for the hub's <c>/metrics</c>.</summary>
    public List<MetricFamily> CollectMetrics() => ForwardingMetrics.Collect(Upstreams, _log);

    public async ValueTask DisposeAsync()
    {
        await _scrapes.DisposeAsync();
        foreach (var f in _forwarders)
        {
            await f.DisposeAsync();
        }

        await _log.DisposeAsync();
        _sendHandler.Dispose();
    }
}
