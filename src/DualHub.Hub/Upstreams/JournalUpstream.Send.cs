using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.Upstreams;

/// <summary>Cutting a record into batches, sending each until it is delivered or refused, advancing the cursor.</summary>
internal sealed partial class JournalUpstream
{
    private async Task SendRecordAsync(JournalRecordInfo record, CancellationToken ct)
    {
        while (true)
        {
            bool cut;
            UpstreamBatch batch;
            try
            {
                cut = _sender.TryCut(record, _cursor, out batch);
            }
            catch (FormatException ex)
            {
                _sender.LogCorruptRecord(record.Sequence, ex);
                (cut, batch) = (false, default);
            }

            if (!cut)
            {
                _sender.EndRecord();
                await AdvanceAsync(new CursorPosition(record.Sequence + 1, 0), ct);
                return;
            }

            var from = _cursor;
            var sent = await SendWithRetryAsync(batch, ct);
            if (sent is null)
            {
                // Rewound into the resend window: the loop reads on from the cursor's record.
                _sender.EndRecord();
                return;
            }

            await AdvanceAsync(batch.Next, ct, sent.Value ? 1 : 0, sent.Value ? batch.Samples : 0, sent.Value ? 0 : batch.Samples, sent.Value ? from : null);
            if (batch.Next.Sequence != record.Sequence)
            {
                _sender.EndRecord();
                return;
            }
        }
    }

    private async Task AdvanceAsync(CursorPosition next, CancellationToken ct, long requests = 0, long sent = 0, long dropped = 0, CursorPosition? deliveredFrom = null)
    {
        // The cursor (what is pending) and the counts move together: a status never shows nothing pending with the
        // last batch uncounted, nor the batch counted while it is still pending. Moved before the commit: the journal
        // deletes acknowledged records, so it must never be ahead of the cursor a status reads. A commit that fails
        // leaves the persisted cursor behind: the loop goes on from here, and a restart before the next commit sends
        // the batch again (a duplicate the upstream accepts), never skips one.
        lock (_progress)
        {
            _cursor = next;
            _requestsSent += requests;
            _sent += sent;
            _dropped += dropped;
        }

        var commit = deliveredFrom is { } from ? _resend.Delivered(from, next) : _resend.CommitPoint(next);
        await _log.CommitCursorAsync(_sender.CursorName, commit, ct);
    }

    /// <summary>
    /// True once the upstream has the batch; false when it refused it for good; null when a failure rewound the
    /// cursor to batches acknowledged within the resend window.
    /// </summary>
    private async Task<bool?> SendWithRetryAsync(UpstreamBatch batch, CancellationToken ct)
    {
        var failures = 0;
        while (true)
        {
            var result = await _sender.SendAsync(batch, ct);
            Interlocked.Increment(ref _requests);
            switch (result.Outcome)
            {
                case SendOutcome.Sent:
                    if (failures > 0)
                    {
                        _sender.LogRecovered(failures);
                    }

                    _backoff.Reset();
                    _state = UpstreamState.Sending;
                    _lastError = null;
                    return true;
                case SendOutcome.Dropped:
                    _sender.LogDropped(batch, result.Error ?? string.Empty);
                    _lastError = result.Error;
                    _backoff.Reset();
                    return false;
                default:
                    failures++;
                    Interlocked.Increment(ref _requestsRetried);
                    Interlocked.Add(ref _retried, batch.Samples);
                    _state = UpstreamState.Retrying;
                    _lastError = result.Error;
                    var delay = _backoff.Next();
                    if (result.RetryAfter is { } after && after > delay)
                    {
                        delay = after;
                    }

                    _sender.LogRetrying(batch, result.Error ?? "error", delay);
                    _sender.Pause();
                    await Task.Delay(delay, _time, ct);
                    if (_resend.Rewind() is { } rewind)
                    {
                        lock (_progress)
                        {
                            _cursor = rewind;
                        }

                        return null;
                    }

                    break;
            }
        }
    }
}
