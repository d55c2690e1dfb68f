using System.Buffers;
using System.Globalization;
using DualHub.Hub.Forwarding;
using DualHub.Hub.SampleLog;
using DualHub.Nats.Messaging;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using Snappier;

namespace DualHub.Hub.Backbone;

/// <summary>
/// One more upstream of the sample journal: publishes every record (snappy-compressed remote-write, split at entry
/// boundaries when large) to <c>observability.metrics.&lt;node&gt;</c> from its own persisted cursor, advancing it
/// only after the stream's ack. The msg id is derived from the record's place in the journal, so a resend after a
/// crash or restart is deduplicated by JetStream.
/// </summary>
internal sealed class NatsMetricsPublisher : IAsyncDisposable
{
    private readonly ISampleLog _log;
    private readonly IObservabilityPublisher _publisher;
    private readonly NatsHubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
    private readonly CancellationTokenSource _stop = new();
    private readonly string _node;
    private readonly string _subject;
    private readonly List<(int Start, int End, int NextEntry, int Samples)> _chunks = [];
    private Task _loop = Task.CompletedTask;
    private byte[] _body = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private CursorPosition _cursor;
    private volatile string _state = "idle";
    private volatile string? _lastError;
    private long _messages;
    private long _samples;
    private long _duplicates;
    private long _failures;
    private long _dropped;

    public NatsMetricsPublisher(ISampleLog log, IObservabilityPublisher publisher, NatsHubOptions options, TimeProvider time, ILogger logger)
    {
        _log = log;
        _publisher = publisher;
        _options = options;
        _time = time;
        _logger = logger;
        _node = options.Node!;
        _subject = NatsSubjects.Metrics(_node);
    }

    /// <summary>The msg id of the message starting at <paramref name="entry"/> of record <paramref name="sequence"/>.</summary>
    public static string MsgId(string node, long sequence, int entry) => entry == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{node}-{sequence}")
        : string.Create(CultureInfo.InvariantCulture, $"{node}-{sequence}-{entry}");

    public void Start()
    {
        _cursor = _log.GetCursor(_options.CursorName);
        Log.PublishStarting(_logger, _subject, _options.Url ?? string.Empty, _cursor.Sequence, _cursor.Entry);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public NatsPublishStatus GetStatus()
    {
        var (records, samples, oldest) = _log.Pending(_cursor.Sequence);
        var lag = records == 0 ? 0 : Math.Max(0, (_time.GetUtcNow().ToUnixTimeMilliseconds() - oldest) / 1000.0);
        return new NatsPublishStatus(
            _node,
            _subject,
            _state,
            samples,
            records,
            lag,
            Interlocked.Read(ref _messages),
            Interlocked.Read(ref _samples),
            Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _failures),
            Interlocked.Read(ref _dropped),
            _log.DroppedSamples(_options.CursorName),
            _lastError);
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

        ArrayPool<byte>.Shared.Return(_body);
        _body = [];
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await StepAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A journal error (disk full, I/O) must not end publishing: report it and try again.
                    _state = "retrying";
                    _lastError = "journal: " + ex.Message;
                    await Task.Delay(_backoff.Next(), _time, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _state = "stopped";
        }
    }

    private async Task StepAsync(CancellationToken ct)
    {
        var records = _log.Read(_cursor.Sequence, 1, long.MaxValue);
        if (records.Count == 0)
        {
            if (_state != "retrying")
            {
                _state = "idle";
            }

            await _log.WaitForSequenceAsync(Math.Max(_cursor.Sequence, _log.LastSequence + 1), ct);
            return;
        }

        var record = records[0];
        if (record.Sequence != _cursor.Sequence)
        {
            // The cursor's record was published whole, or dropped by retention (counted by the journal).
            _cursor = new CursorPosition(record.Sequence, 0);
        }

        await PublishRecordAsync(record, ct);
    }

    private async Task PublishRecordAsync(JournalRecord record, CancellationToken ct)
    {
        try
        {
            Split(record.Payload, _options.MaxMessageBytes, _chunks);
        }
        catch (FormatException ex)
        {
            Log.CorruptRecord(_logger, record.Sequence, ex);
            await AdvanceAsync(new CursorPosition(record.Sequence + 1, 0), ct);
            return;
        }

        var entry = 0;
        foreach (var (start, end, nextEntry, samples) in _chunks)
        {
            if (entry < _cursor.Entry)
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

            var length = Snappy.Compress(record.Data.AsSpan(start, end - start), _body);
            var msgId = MsgId(_node, record.Sequence, entry);
            if (await PublishWithRetryAsync(_body.AsMemory(0, length), msgId, record.Sequence, samples, ct))
            {
                Interlocked.Increment(ref _messages);
                Interlocked.Add(ref _samples, samples);
            }
            else
            {
                Interlocked.Add(ref _dropped, samples);
            }

            var last = nextEntry >= _chunks[^1].NextEntry;
            await AdvanceAsync(last ? new CursorPosition(record.Sequence + 1, 0) : new CursorPosition(record.Sequence, nextEntry), ct);
            entry = nextEntry;
        }

        if (_chunks.Count == 0)
        {
            await AdvanceAsync(new CursorPosition(record.Sequence + 1, 0), ct);
        }
    }

    /// <summary>Splits a WriteRequest body at entry boundaries into slices of at most <paramref name="maxBytes"/> (at least one entry each).</summary>
    internal static void Split(ReadOnlySpan<byte> data, int maxBytes, List<(int Start, int End, int NextEntry, int Samples)> chunks) =>
        DualHub.Metrics.RemoteWrite.RemoteWriteEntries.Split(data, maxBytes, chunks);

    private async Task AdvanceAsync(CursorPosition next, CancellationToken ct)
    {
        await _log.CommitCursorAsync(_options.CursorName, next, ct);
        _cursor = next;
    }

    /// <summary>True once the stream acked (or reported a duplicate); false when the server rejected the message for good.</summary>
    private async Task<bool> PublishWithRetryAsync(ReadOnlyMemory<byte> body, string msgId, long sequence, int samples, CancellationToken ct)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                var ack = await _publisher.PublishAsync(_subject, body, msgId, ct);
                if (ack.Duplicate)
                {
                    Interlocked.Increment(ref _duplicates);
                }

                if (failures > 0)
                {
                    Log.PublishRecovered(_logger, failures);
                }

                _backoff.Reset();
                _state = "publishing";
                _lastError = null;
                return true;
            }
            catch (NatsJSApiException ex)
            {
                // Not a transient 503 (those are retried by the publisher): the stream refuses this message.
                Log.PublishRejected(_logger, sequence, msgId, samples, ex.Message);
                _lastError = ex.Message;
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Timeouts, no responders, disconnects: retried with the same msg id, forever (the journal keeps the data).
                failures++;
                Interlocked.Increment(ref _failures);
                _state = "retrying";
                _lastError = ex.Message;
                var delay = _backoff.Next();
                Log.PublishRetrying(_logger, sequence, msgId, (long)delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, _time, ct);
            }
        }
    }
}
