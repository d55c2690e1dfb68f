using System.Net;
using DualHub.Hub.Http;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleJournal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Hub.Scrape;

/// <summary>
/// Runs one <see cref="ScrapeLoop"/> per configured target, all sharing one connection pool, but for jobs with a
/// <c>tls_config</c>: one pool per distinct config.
/// </summary>
public sealed class ScrapeManager : IAsyncDisposable
{
    private readonly HttpMessageHandler _handler;
    private readonly bool _ownsHandler;
    private readonly TlsHandlerPool _tls = new(NewHandler);
    private readonly ISampleLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile ScrapeLoop[] _loops;
    private bool _started;

    public ScrapeManager(PrometheusConfiguration config, ISampleLog log, TimeProvider time, ILoggerFactory? loggers = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _ownsHandler = handler is null;
        _handler = handler ?? NewHandler();
        _log = log;
        _time = time;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("DualHub.Hub.Scrape");
        _loops = [.. ScrapeTargetFactory.Create(config).Select(t => new ScrapeLoop(t, log, HandlerFor(t), time, _logger))];
    }

    public IReadOnlyList<ScrapeTargetStatus> Targets => _loops.Select(l => l.Status).ToList();

    public void Start()
    {
        _started = true;
        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    /// <summary>
    /// Applies a reloaded config: a target configured exactly as before keeps its loop (and its series cache and
    /// timing); a removed or changed one is stopped (an in-flight scrape is cancelled, nothing of it is journaled);
    /// a new or changed one starts. Not called concurrently with itself or <see cref="DisposeAsync"/>.
    /// </summary>
    public async Task ReloadAsync(PrometheusConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var old = _loops;
        var kept = new HashSet<ScrapeLoop>();
        var next = new List<ScrapeLoop>();
        var added = new List<ScrapeLoop>();
        foreach (var target in ScrapeTargetFactory.Create(config))
        {
            var same = Array.Find(old, l => !kept.Contains(l) && Reload.SameConfig.Target(l.Target, target));
            if (same is not null)
            {
                kept.Add(same);
                next.Add(same);
            }
            else
            {
                var loop = new ScrapeLoop(target, _log, HandlerFor(target), _time, _logger);
                added.Add(loop);
                next.Add(loop);
            }
        }

        _loops = [.. next];
        foreach (var loop in old.Where(l => !kept.Contains(l)))
        {
            Log.Stopping(_logger, loop.Target.Url, loop.Target.Job);
            await loop.DisposeAsync();
        }

        _tls.Retain(next.Select(l => l.Target.TlsConfig));
        if (_started)
        {
            foreach (var loop in added)
            {
                loop.Start();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var loop in _loops)
        {
            await loop.DisposeAsync();
        }

        if (_ownsHandler)
        {
            _handler.Dispose();
        }

        _tls.Dispose();
    }

    private HttpMessageHandler HandlerFor(ScrapeTarget target) =>
        target.TlsConfig is null ? _handler : _tls.For(target.TlsConfig, $"scrape_configs[{target.Job}].tls_config");

    private static SocketsHttpHandler NewHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.GZip,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };
}
