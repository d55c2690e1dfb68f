using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.Upstreams;

/// <summary>
/// The batches an upstream acknowledged within the last <c>remote_write.resend_window</c>. The cursor committed to the
/// journal stays at the oldest of them (so the journal keeps them), and the first failed send after them rewinds the
/// runner there: a store that acknowledges before it persists (VictoriaMetrics 1.79 keeps several seconds of samples
/// in memory, lost on <c>kill -9</c>) gets them again when it is back. The store must drop exact duplicates
/// (VictoriaMetrics: <c>-dedup.minScrapeInterval=1ms</c>; Prometheus accepts a same-timestamp same-value sample).
/// </summary>
internal sealed class ResendWindow(TimeSpan window, TimeProvider time)
{
    private readonly Queue<(long AckedAt, CursorPosition From)> _acked = new();

    /// <summary>Notes a batch from <paramref name="from"/> delivered; returns the cursor to commit for <paramref name="next"/>.</summary>
    public CursorPosition Delivered(CursorPosition from, CursorPosition next)
    {
        if (window > TimeSpan.Zero)
        {
            _acked.Enqueue((time.GetTimestamp(), from));
        }

        return CommitPoint(next);
    }

    /// <summary>What to commit when the runner is at <paramref name="next"/>: the oldest batch still in the window, else next.</summary>
    public CursorPosition CommitPoint(CursorPosition next)
    {
        Expire();
        return _acked.Count > 0 ? _acked.Peek().From : next;
    }

    /// <summary>After a failed send: where to go back to (once), or null when nothing acknowledged is still in the window.</summary>
    public CursorPosition? Rewind()
    {
        Expire();
        if (_acked.Count == 0)
        {
            return null;
        }

        var from = _acked.Peek().From;
        _acked.Clear();
        return from;
    }

    private void Expire()
    {
        var now = time.GetTimestamp();
        while (_acked.Count > 0 && time.GetElapsedTime(_acked.Peek().AckedAt, now) >= window)
        {
            _acked.Dequeue();
        }
    }
}
