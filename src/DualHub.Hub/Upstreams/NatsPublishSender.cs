using System.Buffers;
using System.Globalization;
using DualHub.Hub.Backbone;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.RemoteWrite;
using DualHub.Nats.Messaging;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using Snappier;

namespace DualHub.Hub.Upstreams;

/// <summary>
/// The NATS JetStream upstream of the sample journal: every record (snappy-compressed remote-write, split at entry
/// boundaries when large) goes to <c>observability.metrics.&lt;node&gt;</c>. The msg id is derived from the record's
/// place in the journal, so a resend after a crash or restart is deduplicated by JetStream.
/// </summary>
internal sealed class NatsPublishSender(ISampleLog log, IObservabilityPublisher publisher, NatsHubOptions options, ILogger logger) : IUpstreamSender
{
    private readonly List<(int Start, int End, int NextEntry, int Samples)> _chunks = [];
    private byte[] _body = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private JournalRecord? _record;
    private long _duplicates;

    /// <summary>The node: the subject token and the msg-id prefix.</summary>
    public string Name { get; } = options.Node!;

    /// <summary>The subject.</summary>
    public string Target { get; } = NatsSubjects.Metrics(options.Node!);

    public string CursorName => options.CursorName;

    /// <summary>Publishes JetStream acked as duplicates of an earlier msg id (resends after a restart).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>The msg id of the message starting at <paramref name="entry"/> of record <paramref name="sequence"/>.</summary>
    public static string MsgId(string node, long sequence, int entry) => entry == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{node}-{sequence}")
        : string.Create(CultureInfo.InvariantCulture, $"{node}-{sequence}-{entry}");

    public bool TryCut(JournalRecordInfo record, CursorPosition cursor, out UpstreamBatch batch)
    {
        if (_record?.Sequence != record.Sequence)
        {
            // Read whole and split once: the messages of a record are cut from one split.
            var read = log.Read(record.Sequence, 1, long.MaxValue);
            _record = read.Count > 0 && read[0].Sequence == record.Sequence ? read[0] : null;
            _chunks.Clear();
            if (_record is not null)
            {
                RemoteWriteEntries.Split(_record.Payload, options.MaxMessageBytes, _chunks);
            }
        }

        var entry = 0;
        foreach (var (start, end, nextEntry, samples) in _chunks)
        {
            if (entry < cursor.Entry)
            {
                // Published before a restart (a chunk never starts mid-way of the cursor: same split).
                entry = nextEntry;
                continue;
            }

            var max = Snappy.GetMaxCompressedLength(end - start);
            if (_body.Length < max)
            {
                ArrayPool<byte>.Shared.Return(_body);
                _body = ArrayPool<byte>.Shared.Rent(max);
            }

            var length = Snappy.Compress(_record!.Data.AsSpan(start, end - start), _body);
            var last = nextEntry >= _chunks[^1].NextEntry;
            var next = last ? new CursorPosition(record.Sequence + 1, 0) : new CursorPosition(record.Sequence, nextEntry);
            batch = new UpstreamBatch(record.Sequence, _body.AsMemory(0, length), samples, next, MsgId(Name, record.Sequence, entry));
            return true;
        }

        batch = default;
        return false;
    }

    /// <summary>Acked (or reported a duplicate): sent; refused by the stream: dropped; anything else: retried with the same msg id.</summary>
    public async ValueTask<SendResult> SendAsync(UpstreamBatch batch, CancellationToken ct)
    {
        try
        {
            var ack = await publisher.PublishAsync(Target, batch.Body, batch.Id!, ct);
            if (ack.Duplicate)
            {
                Interlocked.Increment(ref _duplicates);
            }

            return SendResult.Sent;
        }
        catch (NatsJSApiException ex)
        {
            // Not a transient 503 (those are retried by the publisher): the stream refuses this message.
            return SendResult.Dropped(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Timeouts, no responders, disconnects: retried with the same msg id, forever (the journal keeps the data).
            return SendResult.Retry(ex.Message);
        }
    }

    /// <summary>The record stays in memory across a retry wait: every message of it is published.</summary>
    public void Pause()
    {
    }

    public void EndRecord()
    {
        _record = null;
        _chunks.Clear();
    }

    public void LogStarting(CursorPosition cursor) =>
        NatsPublishLog.PublishStarting(logger, Target, options.Url ?? string.Empty, cursor.Sequence, cursor.Entry);

    public void LogRetrying(UpstreamBatch batch, string reason, TimeSpan delay) =>
        NatsPublishLog.PublishRetrying(logger, batch.Sequence, batch.Id!, (long)delay.TotalMilliseconds, reason);

    public void LogRecovered(int failures) => NatsPublishLog.PublishRecovered(logger, failures);

    public void LogDropped(UpstreamBatch batch, string reason) =>
        NatsPublishLog.PublishRejected(logger, batch.Sequence, batch.Id!, batch.Samples, reason);

    public void LogCorruptRecord(long sequence, FormatException exception) => NatsPublishLog.CorruptRecord(logger, sequence, exception);

    /// <summary>The NATS publish has no log line of its own for a journal error; its status shows it.</summary>
    public void LogJournalError(Exception exception)
    {
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_body);
        _body = [];
    }
}
