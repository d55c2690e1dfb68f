using System.Net;
using DualHub.Core.Security;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleJournal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Hub.Scrape;

/// <summary>Runs one <see cref="ScrapeLoop"/> per configured target, all sharing one connection pool.</summary>
public sealed class ScrapeManager : IAsyncDisposable
{
    private readonly List<ScrapeLoop> _loops = [];
    private readonly HttpMessageHandler _handler;
    private readonly bool _ownsHandler;
    private readonly Dictionary<string, HttpMessageHandler> _tlsHandlers = new(StringComparer.Ordinal);

    public ScrapeManager(PrometheusConfiguration config, ISampleLog log, TimeProvider time, ILoggerFactory? loggers = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _ownsHandler = handler is null;
        _handler = handler ?? NewHandler();
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("DualHub.Hub.Scrape");

        // A job with tls_config gets its own pool: its certificates apply to its targets only.
        foreach (var job in config.ScrapeConfigs.Where(j => j.TlsConfig is not null))
        {
            _tlsHandlers[job.JobName] = SecureHttpHandler.Create(NewHandler(), job.TlsConfig, basicAuth: null, $"scrape_configs[{job.JobName}].tls_config");
        }

        foreach (var target in ScrapeTargetFactory.Create(config))
        {
            _loops.Add(new ScrapeLoop(target, log, _tlsHandlers.GetValueOrDefault(target.Job) ?? _handler, time, logger));
        }
    }

    public IReadOnlyList<ScrapeTargetStatus> Targets => _loops.Select(l => l.Status).ToList();

    public void Start()
    {
        foreach (var loop in _loops)
        {
            loop.Start();
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

        foreach (var h in _tlsHandlers.Values)
        {
            h.Dispose();
        }
    }

    private static SocketsHttpHandler NewHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.GZip,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };
}
