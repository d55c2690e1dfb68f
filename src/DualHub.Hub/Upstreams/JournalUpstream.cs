using DualHub.Core.Retry;
using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.Upstreams;

/// <summary>
/// The send loop of one journal upstream: reads records from its persisted cursor, has its sender cut and send
/// them, retries with backoff, and advances and commits the cursor only once a batch is delivered or refused for good.
/// Records dropped by retention are skipped (the journal counts them), corrupt ones are logged and skipped.
/// </summary>
internal sealed partial class JournalUpstream : IJournalUpstream
{
    private readonly ISampleLog _log;
    private readonly IUpstreamSender _sender;
    private readonly Backoff _backoff;
    private readonly TimeProvider _time;
    private readonly BackgroundLoop _loop;
    private readonly Lock _progress = new();
    private readonly ResendWindow _resend;
    private CursorPosition _cursor;
    private long _sent;
    private long _dropped;
    private long _requestsSent;
    private volatile UpstreamState _state = UpstreamState.Idle;
    private volatile string? _lastError;
    private long _requests;
    private long _requestsRetried;
    private long _retried;

    /// <param name="log">The journal read from, and where the cursor is committed.</param>
    /// <param name="sender">Cuts and sends batches (remote-write, JetStream).</param>
    /// <param name="backoff">Delay between failed attempts.</param>
    /// <param name="time">Clock of the backoff, the lag and the resend window.</param>
    /// <param name="resendWindow">Acknowledged batches sent again after a failure when this recent (<see cref="ResendWindow"/>); zero = never.</param>
    public JournalUpstream(ISampleLog log, IUpstreamSender sender, Backoff backoff, TimeProvider time, TimeSpan resendWindow = default)
    {
        _log = log;
        _resend = new ResendWindow(resendWindow, time);
        _sender = sender;
        _backoff = backoff;
        _time = time;
        _loop = new BackgroundLoop(StepAsync, JournalFailed, () => _state = UpstreamState.Stopped, backoff, time);
    }

    public string Name => _sender.Name;

    public void Start()
    {
        _cursor = _log.GetCursor(_sender.CursorName);
        _sender.LogStarting(_cursor);
        _loop.Start();
    }

    public UpstreamStatus GetStatus()
    {
        long sent, dropped, requestsSent, records, samples, oldest;
        lock (_progress)
        {
            // What is pending is read at the cursor the counts belong to, before the cursor can move on and the
            // journal delete the records it passed (see AdvanceAsync).
            (sent, dropped, requestsSent) = (_sent, _dropped, _requestsSent);
            (records, samples, oldest) = _log.Pending(_cursor.Sequence);
        }

        var lag = records == 0 ? 0 : Math.Max(0, (_time.GetUtcNow().ToUnixTimeMilliseconds() - oldest) / 1000.0);
        return new UpstreamStatus(
            _sender.Name,
            _sender.Target,
            _state,
            samples,
            records,
            lag,
            _lastError,
            sent,
            dropped,
            Interlocked.Read(ref _retried),
            dropped,
            _log.DroppedSamples(_sender.CursorName),
            Interlocked.Read(ref _requests),
            requestsSent,
            Interlocked.Read(ref _requestsRetried));
    }

    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync();
        _sender.Dispose();
    }

    /// <summary>One record (or a wait for the next one); the benchmarks drive it without <see cref="Start"/>.</summary>
    internal async Task StepAsync(CancellationToken ct)
    {
        var record = _log.ReadInfo(_cursor.Sequence);
        if (record is null)
        {
            _state = _state == UpstreamState.Retrying ? UpstreamState.Retrying : UpstreamState.Idle;
            await _log.WaitForSequenceAsync(Math.Max(_cursor.Sequence, _log.LastSequence + 1), ct);
            return;
        }

        if (record.Value.Sequence != _cursor.Sequence)
        {
            // The cursor's record was delivered whole, or dropped by retention (counted by the journal).
            lock (_progress)
            {
                _cursor = new CursorPosition(record.Value.Sequence, 0);
            }
        }

        await SendRecordAsync(record.Value, ct);
    }

    /// <summary>A journal error (disk full, I/O) must not end the upstream: report it and try again.</summary>
    private void JournalFailed(Exception ex, TimeSpan delay)
    {
        _state = UpstreamState.Retrying;
        _lastError = "journal: " + ex.Message;
        _sender.LogJournalError(ex);
    }
}
