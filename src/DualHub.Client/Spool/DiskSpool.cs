using System.Globalization;
using DualHub.Client.Delivery;
using DualHub.Client.Options;
using DualHub.Core.IO;

namespace DualHub.Client.Spool;

/// <summary>
/// In-order, bounded, on-disk queue of batches no hub accepted. One file per batch named by its zero-padded sequence
/// and its time (<c>00000000000000000042-1733550000000.batch</c>; a name without the time, from an older agent, is read
/// with time 0), written to a temp name, fsync'd, then renamed, so a crash leaves either the whole batch or nothing. Reopening the directory restores the queue in sequence order (the spool survives a restart).
/// Beyond <c>max_batches</c> or <c>max_bytes</c> the oldest batches are dropped and reported to the caller.
/// Not thread-safe for writers (the agent's push loop is the only writer); counters are safe to read from anywhere.
/// </summary>
internal sealed class DiskSpool
{
    private const string Extension = ".batch";
    private readonly string _directory;
    private readonly int _maxBatches;
    private readonly long _maxBytes;
    private readonly Lock _lock = new();
    private readonly LinkedList<(long Sequence, long TimeMs, long Size)> _index = new();
    private long _bytes;

    public DiskSpool(ResolvedSpoolOptions options)
    {
        _directory = options.Path;
        _maxBatches = options.MaxBatches;
        _maxBytes = options.MaxBytes;
        Directory.CreateDirectory(_directory);
        foreach (var tmp in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            File.Delete(tmp); // an append cut short by a crash: never acknowledged as spooled
        }

        var found = new List<(long, long, long)>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (TryParseName(Path.GetFileNameWithoutExtension(file), out var seq, out var timeMs))
            {
                found.Add((seq, timeMs, new FileInfo(file).Length));
            }
        }

        foreach (var item in found.OrderBy(f => f.Item1))
        {
            _index.AddLast(item);
            _bytes += item.Item3;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Highest sequence in the spool, 0 when empty.</summary>
    public long MaxSequence
    {
        get
        {
            lock (_lock)
            {
                return _index.Last?.Value.Sequence ?? 0;
            }
        }
    }

    /// <summary>Appends durably; drops the oldest batches beyond the bounds and says which.</summary>
    public SpoolAppendResult Append(Batch batch)
    {
        // Written beside its final name as *.tmp, fsync'd, renamed, the directory fsync'd: a crash leaves no half batch.
        AtomicFile.Write(FileOf(batch.Sequence, batch.TimeMs), batch.Body);
        lock (_lock)
        {
            _index.AddLast((batch.Sequence, batch.TimeMs, batch.Body.Length));
            _bytes += batch.Body.Length;
        }

        int dropped = 0;
        long droppedBytes = 0, first = 0, last = 0;
        while (true)
        {
            (long Sequence, long TimeMs, long Size) oldest;
            lock (_lock)
            {
                // The newest batch always stays, even if alone it is over max_bytes.
                if (_index.Count <= 1 || (_index.Count <= _maxBatches && _bytes <= _maxBytes))
                {
                    break;
                }

                oldest = _index.First!.Value;
                _index.RemoveFirst();
                _bytes -= oldest.Size;
            }

            TryDelete(FileOf(oldest.Sequence, oldest.TimeMs));
            dropped++;
            droppedBytes += oldest.Size;
            first = dropped == 1 ? oldest.Sequence : first;
            last = oldest.Sequence;
        }

        return new SpoolAppendResult(dropped, droppedBytes, first, last);
    }

    /// <summary>Reads the oldest batch; false when the spool is empty. An unreadable file is skipped (and deleted).</summary>
    public bool TryPeekOldest(out Batch batch)
    {
        while (true)
        {
            long seq, timeMs;
            lock (_lock)
            {
                if (_index.First is null)
                {
                    batch = null!;
                    return false;
                }

                (seq, timeMs, _) = _index.First.Value;
            }

            try
            {
                batch = new Batch(seq, File.ReadAllBytes(FileOf(seq, timeMs)), timeMs);
                return true;
            }
            catch (IOException)
            {
                RemoveOldest(seq);
            }
        }
    }

    /// <summary>Removes the oldest batch once a hub accepted it.</summary>
    public void RemoveOldest(long sequence)
    {
        long timeMs;
        lock (_lock)
        {
            if (_index.First is null || _index.First.Value.Sequence != sequence)
            {
                return;
            }

            timeMs = _index.First.Value.TimeMs;
            _bytes -= _index.First.Value.Size;
            _index.RemoveFirst();
        }

        TryDelete(FileOf(sequence, timeMs));
    }

    private string FileOf(long sequence, long timeMs) => Path.Combine(
        _directory,
        sequence.ToString("D20", CultureInfo.InvariantCulture) + (timeMs > 0 ? "-" + timeMs.ToString(CultureInfo.InvariantCulture) : "") + Extension);

    /// <summary>"SEQUENCE-TIME", or "SEQUENCE" alone as spooled before batches had a time (time 0).</summary>
    private static bool TryParseName(string name, out long sequence, out long timeMs)
    {
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        timeMs = 0;
        return long.TryParse(dash < 0 ? name : name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && (dash < 0 || long.TryParse(name[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out timeMs));
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
        }
    }
}
