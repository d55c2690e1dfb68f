using DualHub.Hub.Journal;
using DualHub.Hub.Options;
using DualHub.Hub.Store;
using DualHub.Hub.Telemetry;

namespace DualHub.Hub;

/// <summary>Everything a running hub shares between its HTTP handlers and background work.</summary>
internal sealed class HubRuntime(HubOptions options, PushStore store, StoreWriter writer, IJournal journal, TimeProvider time, SelfMetrics self)
{
    public HubOptions Options { get; } = options;

    public PushStore Store { get; } = store;

    public StoreWriter Writer { get; } = writer;

    public IJournal Journal { get; } = journal;

    public TimeProvider Time { get; } = time;

    public SelfMetrics Self { get; } = self;

    public DateTimeOffset StartTime { get; } = time.GetUtcNow();

    public long StartTimestamp { get; } = time.GetTimestamp();

    public long NowNanos => (Time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Sample journal, scrapes, remote-write forwarding and receiving, central view (see docs/edge.md).</summary>
    public Forwarding.EdgePipeline? Samples { get; set; }

    /// <summary>Called by <c>/-/quit</c>.</summary>
    public Action? RequestStop { get; set; }
}
