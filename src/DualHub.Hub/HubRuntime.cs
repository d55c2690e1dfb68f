using DualHub.Hub.Backbone;
using DualHub.Hub.Http;
using DualHub.Hub.Push.Journal;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Hub.Telemetry;

namespace DualHub.Hub;

/// <summary>
/// Everything a running hub shares between its HTTP handlers and background work; the host builds it once the sample
/// pipeline and the NATS link exist, so nothing in it is set later.
/// </summary>
internal sealed class HubRuntime(
    Reload.ConfigReloader reloader,
    PushStore store,
    StoreWriter writer,
    IJournal journal,
    TimeProvider time,
    SelfMetrics self,
    HubStart start,
    SamplePipeline samples,
    NatsBackboneLink? nats,
    Query.QueryProxy? query,
    Action requestStop,
    AlertWebhookEndpoint alertWebhook,
    BodyAdmission pushAdmission,
    BodyAdmission writeAdmission)
{
    /// <summary>The current options snapshot: read it per request, as a reload replaces it (<see cref="Reloader"/>).</summary>
    public HubOptions Options => Reloader.Current;

    /// <summary><c>POST /-/reload</c> and SIGHUP.</summary>
    public Reload.ConfigReloader Reloader { get; } = reloader;

    public PushStore Store { get; } = store;

    public StoreWriter Writer { get; } = writer;

    public IJournal Journal { get; } = journal;

    public TimeProvider Time { get; } = time;

    public SelfMetrics Self { get; } = self;

    public DateTimeOffset StartTime { get; } = start.Time;

    public long StartTimestamp { get; } = start.Timestamp;

    public long NowNanos => (Time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Sample journal, scrapes, remote-write forwarding and receiving, central view (see docs/edge.md).</summary>
    public SamplePipeline Samples { get; } = samples;

    /// <summary>The NATS metrics path (publish or consume), or null when not configured (docs/nats.md).</summary>
    public NatsBackboneLink? Nats { get; } = nats;

    /// <summary>The query API's forwarding to the long-term store, or null without <c>query:</c> (docs/hub.md).</summary>
    public Query.QueryProxy? Query { get; } = query;

    /// <summary>The web console's history and deployment probe (docs/console.md).</summary>
    public WebConsole.ConsoleState Console { get; } = new(reloader.Current, time);

    /// <summary>Stops the host; called by <c>/-/quit</c>.</summary>
    public Action RequestStop { get; } = requestStop;

    /// <summary>Bounds the pushes read, parsed and journaled at once (<c>limits.max_push_bytes_in_flight</c>; limits need a restart).</summary>
    public BodyAdmission PushAdmission { get; } = pushAdmission;

    /// <summary>Bounds the remote-write and alert webhook bodies handled at once (<c>limits.max_write_bytes_in_flight</c>).</summary>
    public BodyAdmission WriteAdmission { get; } = writeAdmission;

    /// <summary><c>POST /api/v1/alerts/webhook</c>: Alertmanager's alerts to NATS.</summary>
    public AlertWebhookEndpoint AlertWebhook { get; } = alertWebhook;
}
