using DualHub.Nats.Messaging;
using DualHub.Nats.Topology;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace DualHub.Nats.Streams;

/// <summary>
/// Declarative, idempotent provisioning of the plan's streams and consumers: creates what is missing, updates what
/// differs, leaves the rest alone and reports each. Fails with a clear message, never a hang, when JetStream has no
/// meta leader or no server answers.
/// </summary>
public static class NatsStreamApplier
{
    private const int StreamNotFound = 10059;
    private const int ConsumerNotFound = 10014;
    private const int TemporarilyUnavailable = 10008;

    /// <summary>Applies to every target of <paramref name="topology"/>.</summary>
    public static async Task<IReadOnlyList<NatsApplyChange>> ApplyAsync(NatsTopologyOptions topology, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var dup = topology.DuplicateWindowValue;
        var changes = new List<NatsApplyChange>();
        foreach (var target in NatsStreamPlan.For(topology))
        {
            changes.AddRange(await ApplyAsync(target, dup, timeout, ct));
        }

        return changes;
    }

    /// <summary>Applies to one JetStream system.</summary>
    public static async Task<IReadOnlyList<NatsApplyChange>> ApplyAsync(NatsApplyTarget target, TimeSpan duplicateWindow, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        await using var nats = NatsConnectionFactory.Create(target.Urls, "dualhub-streams-apply", requestTimeout: limit, auth: target.Auth);
        var js = new NatsJSContext(nats);
        var where = $"{target.Label} ({string.Join(", ", target.Urls)})";
        var changes = new List<NatsApplyChange>();
        try
        {
            await nats.ConnectAsync().AsTask().WaitAsync(limit, TimeProvider.System, ct);
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException)
        {
            throw new NatsApplyException($"cannot connect to NATS at {where}: {ex.Message}", ex);
        }

        // Preflight: the account info request needs the meta leader; a clear error here beats a hang later.
        await Guard(where, "JetStream account info", () => js.GetAccountInfoAsync(ct).AsTask(), limit, ct);
        foreach (var (name, subjects, maxAge) in ObservabilityStreams.All)
        {
            var desired = DesiredStream(name, subjects, maxAge, target, duplicateWindow);
            changes.Add(await Guard(where, $"stream {name}", () => ApplyStreamAsync(js, target.Label, desired, ct), limit, ct));
        }

        foreach (var (name, stream) in ObservabilityStreams.Consumers.Where(c => target.Consumers.Contains(c.Name)))
        {
            var desired = DesiredConsumer(name);
            changes.Add(await Guard(where, $"consumer {name}", () => ApplyConsumerAsync(js, target.Label, stream, desired, ct), limit, ct));
        }

        return changes;
    }

    internal static StreamConfig DesiredStream(string name, string subjects, TimeSpan maxAge, NatsApplyTarget target, TimeSpan duplicateWindow) => new(name, [subjects])
    {
        Storage = StreamConfigStorage.File,
        Retention = StreamConfigRetention.Limits,
        Discard = StreamConfigDiscard.Old,
        MaxAge = maxAge,
        NumReplicas = target.Replicas,
        DuplicateWindow = duplicateWindow,
        Sources = target.SourceDomains.Count == 0
            ? null
            : target.SourceDomains.Select(d => new StreamSource { Name = name, External = new ExternalStreamSource { Api = $"$JS.{d}.API" } }).ToList(),
    };

    internal static ConsumerConfig DesiredConsumer(string name) => new(name)
    {
        DurableName = name,
        AckPolicy = ConsumerConfigAckPolicy.Explicit,
        DeliverPolicy = ConsumerConfigDeliverPolicy.All,
        AckWait = TimeSpan.FromSeconds(30),
        MaxAckPending = 10_000,
    };

    private static async Task<NatsApplyChange> ApplyStreamAsync(NatsJSContext js, string label, StreamConfig desired, CancellationToken ct)
    {
        StreamConfig existing;
        try
        {
            var stream = await js.GetStreamAsync(desired.Name!, cancellationToken: ct);
            existing = stream.Info.Config;
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == StreamNotFound)
        {
            await js.CreateStreamAsync(desired, ct);
            return new NatsApplyChange(label, "stream", desired.Name!, NatsApplyAction.Created, Describe(desired));
        }

        var diff = StreamDifference(existing, desired);
        if (diff is null)
        {
            return new NatsApplyChange(label, "stream", desired.Name!, NatsApplyAction.Unchanged);
        }

        await js.UpdateStreamAsync(desired, ct);
        return new NatsApplyChange(label, "stream", desired.Name!, NatsApplyAction.Updated, diff);
    }

    private static async Task<NatsApplyChange> ApplyConsumerAsync(NatsJSContext js, string label, string stream, ConsumerConfig desired, CancellationToken ct)
    {
        ConsumerConfig existing;
        try
        {
            var consumer = await js.GetConsumerAsync(stream, desired.Name!, ct);
            existing = consumer.Info.Config;
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == ConsumerNotFound)
        {
            await js.CreateOrUpdateConsumerAsync(stream, desired, ct);
            return new NatsApplyChange(label, "consumer", desired.Name!, NatsApplyAction.Created, $"on {stream}, durable, explicit ack");
        }

        var diff = ConsumerDifference(existing, desired);
        if (diff is null)
        {
            return new NatsApplyChange(label, "consumer", desired.Name!, NatsApplyAction.Unchanged);
        }

        await js.CreateOrUpdateConsumerAsync(stream, desired, ct);
        return new NatsApplyChange(label, "consumer", desired.Name!, NatsApplyAction.Updated, diff);
    }

    /// <summary>Null when <paramref name="existing"/> already has every setting apply manages.</summary>
    internal static string? StreamDifference(StreamConfig existing, StreamConfig desired)
    {
        var diffs = new List<string>();
        if (!(existing.Subjects ?? []).Order(StringComparer.Ordinal).SequenceEqual((desired.Subjects ?? []).Order(StringComparer.Ordinal)))
        {
            diffs.Add("subjects");
        }

        if (existing.MaxAge != desired.MaxAge)
        {
            diffs.Add("max_age");
        }

        if (existing.Storage != desired.Storage)
        {
            diffs.Add("storage");
        }

        if (existing.Retention != desired.Retention)
        {
            diffs.Add("retention");
        }

        if (existing.NumReplicas != desired.NumReplicas)
        {
            diffs.Add("replicas");
        }

        if (existing.DuplicateWindow != desired.DuplicateWindow)
        {
            diffs.Add("duplicate_window");
        }

        static string Key(StreamSource s) => s.Name + "@" + (s.External?.Api ?? string.Empty);
        var have = (existing.Sources ?? []).Select(Key).Order(StringComparer.Ordinal);
        var want = (desired.Sources ?? []).Select(Key).Order(StringComparer.Ordinal);
        if (!have.SequenceEqual(want))
        {
            diffs.Add("sources");
        }

        return diffs.Count == 0 ? null : string.Join(", ", diffs);
    }

    /// <summary>Null when <paramref name="existing"/> already has every setting apply manages.</summary>
    internal static string? ConsumerDifference(ConsumerConfig existing, ConsumerConfig desired)
    {
        var diffs = new List<string>();
        if (existing.AckPolicy != desired.AckPolicy)
        {
            diffs.Add("ack_policy");
        }

        if (existing.AckWait != desired.AckWait)
        {
            diffs.Add("ack_wait");
        }

        if (existing.MaxAckPending != desired.MaxAckPending)
        {
            diffs.Add("max_ack_pending");
        }

        if (!string.Equals(existing.FilterSubject ?? string.Empty, desired.FilterSubject ?? string.Empty, StringComparison.Ordinal))
        {
            diffs.Add("filter_subject");
        }

        return diffs.Count == 0 ? null : string.Join(", ", diffs);
    }

    private static string Describe(StreamConfig c) =>
        $"{string.Join(' ', c.Subjects ?? [])}, {c.MaxAge.TotalHours:0} h, file, R{c.NumReplicas}, dedup {c.DuplicateWindow.TotalSeconds:0} s"
        + (c.Sources is { Count: > 0 } s ? ", sources " + string.Join(' ', s.Select(x => x.External?.Api)) : string.Empty);

    private static async Task<T> Guard<T>(string where, string what, Func<Task<T>> call, TimeSpan limit, CancellationToken ct)
    {
        try
        {
            return await call().WaitAsync(limit, TimeProvider.System, ct);
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == TemporarilyUnavailable || ex.Error.Code == 503)
        {
            throw NoMetaLeader(where, what, ex.Error.Description ?? ex.Message, ex);
        }
        catch (NatsNoRespondersException ex)
        {
            throw NoMetaLeader(where, what, "no responders (JetStream API unavailable)", ex);
        }
        catch (Exception ex) when (ex is TimeoutException or NatsNoReplyException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw NoMetaLeader(where, what, $"no answer within {limit.TotalSeconds:0.#} s", ex);
        }
        catch (NatsJSApiException ex)
        {
            throw new NatsApplyException($"{what} at {where} rejected: {ex.Error.Description} (err_code {ex.Error.ErrCode})", ex);
        }
        catch (NatsException ex)
        {
            throw NoMetaLeader(where, what, $"{ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private static NatsApplyException NoMetaLeader(string where, string what, string detail, Exception inner) =>
        new($"{what} at {where} failed: {detail}. JetStream has no meta leader or no quorum for this asset "
            + "(a 2-node cluster stops when either node is down); start the missing servers or use topology: leaf.", inner);
}
