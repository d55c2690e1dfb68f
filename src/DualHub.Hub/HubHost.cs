using System.Net;
using System.Runtime.InteropServices;
using DualHub.Hub.Alerts;
using DualHub.Hub.Push.Exposition;
using DualHub.Hub.Http;
using DualHub.Hub.Push.Journal;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Hub.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DualHub.Hub;

/// <summary>Runs one hub: loads the journal, then serves HTTP until SIGTERM, Ctrl-C or <c>/-/quit</c>.</summary>
public static partial class HubHost
{
    /// <param name="options">The resolved options.</param>
    /// <param name="source">The file and overrides they came from, read again by a reload; null: no file.</param>
    /// <param name="time">The clock; the system's by default.</param>
    /// <param name="ct">Stops the hub.</param>
    public static async Task<int> RunAsync(HubOptions options, Reload.HubConfigSource? source = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        _ = ListenAddress.TryParse(options.EffectiveListen, out var host, out var port); // validated by HubConfigLoader

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // counted after decompression by the push handler
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(10));
            k.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);

            // Slow clients (docs/benchmarks.md, "Resource exhaustion"): headers trickled are cut after 15 s; a response
            // the client does not read is written into the kernel's buffers and the connection closed or kept alive for
            // 2 min, and one larger than those buffers ends at 240 B/s after a 10 s grace. No connection cap: refusing
            // connections would starve well-behaved clients as surely as a flood; these timeouts end the slow ones.
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            k.Limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(10));
            WebListener.Listen(k, host, port, options.Web);
        });

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DualHub.Hub");

        var started = time.GetTimestamp();
        using var journal = SqliteJournal.Open(options.DataDir, options.Journal, time);
        var store = new PushStore(SelfMetrics.Families, options.Limits.MaxSeriesTotal);
        var loaded = journal.LoadInto(store);
        Log.Loaded(logger, loaded.Groups, loaded.Ops, store.SeriesTotal, (long)time.GetElapsedTime(started).TotalMilliseconds, journal.State.Path);

        var writer = new StoreWriter(store, journal, options.Journal, time, logger, loaded);
        var start = HubStart.Now(time);
        var self = new SelfMetrics(options.Role, start.UnixSeconds);
        foreach (var warning in options.Prometheus.Warnings)
        {
            Log.ConfigWarning(logger, warning.ToString());
        }

        await using var samples = new SamplePipeline(
            options.Prometheus,
            options.Prometheus.SampleJournal,
            time,
            app.Services.GetRequiredService<ILoggerFactory>(),
            centralView: options.Role == HubRole.Central,
            viewLimits: options.Limits);
        samples.Start();

        // Declared after the pipeline, so it stops before the journal it reads and writes.
        await using var nats = options.Nats.Enabled
            ? new Backbone.NatsBackboneLink(options.Nats, samples.Journal, time, app.Services.GetRequiredService<ILoggerFactory>())
            : null;
        nats?.Start();
        using var query = options.Query.Enabled
            ? new Query.QueryProxy(options.Query, samples.Query, time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DualHub.Hub.Query"))
            : null;
        var alertPublisher = nats is null ? null : new AlertPublisher(nats.Alerts);
        var alertLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DualHub.Hub.Alerts");
        await using var upstreamAlerts = UpstreamAlerts(options, samples, alertPublisher, time, alertLogger);
        upstreamAlerts?.Start();
        var webhook = new AlertWebhookEndpoint(alertPublisher, options.Alerts.WebhookMaxBytes, alertLogger);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        await using var reloader = new Reload.ConfigReloader(options, source ?? Reload.HubConfigSource.None, samples, time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DualHub.Hub.Reload"));
        using var sighup = ReloadOnSighup(reloader);
        using var pushAdmission = new BodyAdmission(options.Limits.MaxPushBytesInFlight, time);
        using var writeAdmission = new BodyAdmission(options.Limits.MaxWriteBytesInFlight, time);
        var hub = new HubRuntime(reloader, store, writer, journal, time, self, start, samples, nats, query, lifetime.StopApplication, webhook, pushAdmission, writeAdmission);
        var handler = new HubRequestHandler(hub);
        app.Run(handler.HandleAsync);

        using var stopBackground = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var background = MaintainAsync(hub, stopBackground.Token);
        try
        {
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException ex)
            {
                Log.ListenFailed(logger, options.EffectiveListen, ex.Message);
                return 1;
            }

            Log.Listening(logger, options.Role.ToString().ToLowerInvariant(), options.Web.Scheme, options.EffectiveListen, options.Web.RequiresAuth ? "basic auth on every route" : "no auth on reads", (long)time.GetElapsedTime(started).TotalMilliseconds);

            // Serialize the loaded families in the background, so the first scrape after a restart is as fast as any.
            _ = Task.Run(() => ScrapeWriter.Warm(store.Snapshot()), stopBackground.Token);
            await app.WaitForShutdownAsync(ct);
        }
        finally
        {
            await stopBackground.CancelAsync();
            await background;
            await app.StopAsync(CancellationToken.None);

            // Drains queued writes and folds them into the snapshot, so the next start replays nothing.
            await writer.DisposeAsync();
            Log.Stopped(logger, store.GroupCount, store.SeriesTotal);
        }

        return 0;
    }

    /// <summary>
    /// An edge with a NATS link and remote-write upstreams raises its own alert when one has had no 2xx for
    /// <c>alerts.upstream_failing_after</c> (MainPC cannot alert about itself being unreachable); null otherwise.
    /// </summary>
    private static UpstreamAlertMonitor? UpstreamAlerts(HubOptions options, SamplePipeline samples, AlertPublisher? publisher, TimeProvider time, ILogger logger) =>
        options.Role == HubRole.Edge && publisher is not null && options.Alerts.UpstreamFailingAfter > TimeSpan.Zero && samples.Upstreams.Count > 0
            ? new UpstreamAlertMonitor(() => samples.Upstreams, options.Nats.Node, options.Prometheus.Global.ExternalLabels, options.Alerts.UpstreamFailingAfter, publisher, time, logger)
            : null;

    /// <summary>SIGHUP reloads the config, as for Prometheus (instead of ending the process).</summary>
    private static PosixSignalRegistration? ReloadOnSighup(Reload.ConfigReloader reloader) =>
        OperatingSystem.IsWindows()
            ? null
            : PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                _ = Task.Run(reloader.ReloadAsync);
            });

    /// <summary>Expires groups past their TTL (journaled deletes), triggers time-based compaction and sweeps the central view.</summary>
    private static async Task MaintainAsync(HubRuntime hub, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), hub.Time);
        var lastCompaction = hub.Time.GetTimestamp();
        var lastViewSweep = lastCompaction;
        var lastVersion = -1L;
        var trimmedVersion = -1L;
        var lastTrim = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await ExpirySweeper.SweepAsync(hub.Store, hub.Writer, hub.Time);
                hub.Console.Tick(hub);

                // After a burst of writes the GC keeps far more memory committed than the live heap. Once writes have
                // been idle for a tick, give the surplus back with one compacting collection per burst (at most every
                // 10 s), like Go's scavenger returns memory to the OS.
                var version = hub.Store.Version;
                if (version == lastVersion && version != trimmedVersion && hub.Time.GetElapsedTime(lastTrim) >= TimeSpan.FromSeconds(10))
                {
                    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    trimmedVersion = version;
                    lastTrim = hub.Time.GetTimestamp();
                }

                lastVersion = version;
                if (hub.Time.GetElapsedTime(lastViewSweep) >= SamplePipeline.ViewSweepInterval)
                {
                    lastViewSweep = hub.Time.GetTimestamp();
                    hub.Samples.SweepView();
                }

                if (hub.Time.GetElapsedTime(lastCompaction) >= hub.Options.Journal.CompactInterval)
                {
                    lastCompaction = hub.Time.GetTimestamp();
                    await hub.Writer.RequestCompactionAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Journal loaded: {Groups} groups from the snapshot, {Ops} ops replayed, {Series} series, in {Ms} ms ({Path})")]
        public static partial void Loaded(ILogger logger, int groups, int ops, long series, long ms, string path);

        [LoggerMessage(11, LogLevel.Information, "Hub ({Role}) listening on {Scheme}://{Listen} ({Auth}), ready {Ms} ms after start")]
        public static partial void Listening(ILogger logger, string role, string scheme, string listen, string auth, long ms);

        [LoggerMessage(13, LogLevel.Critical, "Cannot listen on {Listen}: {Reason}")]
        public static partial void ListenFailed(ILogger logger, string listen, string reason);

        [LoggerMessage(12, LogLevel.Information, "Hub stopped cleanly: {Groups} groups, {Series} series journaled")]
        public static partial void Stopped(ILogger logger, int groups, long series);

        [LoggerMessage(13, LogLevel.Warning, "Config: {Warning}")]
        public static partial void ConfigWarning(ILogger logger, string warning);
    }
}
