using System.Buffers;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Upstreams;

/// <summary>Reading a record window by window and finding whole entries in it.</summary>
internal sealed partial class RemoteWriteSender
{
    /// <summary>
    /// Whole entries of <paramref name="record"/> from <paramref name="offset"/> within the next window of the record
    /// (<see cref="WindowBytes"/>, so a resumed forwarder cuts the same requests), up to <paramref name="maxSamples"/>
    /// samples (at least one entry); returns their byte length, count and samples.
    /// </summary>
    private (int Length, int Entries, int Samples) ReadChunk(JournalRecordInfo record, int offset, int maxSamples)
    {
        var want = Math.Min(record.Bytes - offset, WindowBytes);
        while (true)
        {
            var data = Window(record, offset, want);
            if (data.IsEmpty)
            {
                return (0, 0, 0);
            }

            var (length, entries, samples, needed) = RemoteWriteEntries.Measure(data, maxSamples, int.MaxValue);
            if (entries > 0)
            {
                return (length, entries, samples);
            }

            if (needed <= want || offset + needed > record.Bytes)
            {
                throw new FormatException($"entry at offset {offset} does not fit the record");
            }

            want = needed; // one entry larger than the window
        }
    }

    /// <summary>Byte offset of entry <paramref name="entry"/> of a record, reading it window by window.</summary>
    private int SkipEntries(JournalRecordInfo record, int entry)
    {
        var offset = 0;
        while (entry > 0 && offset < record.Bytes)
        {
            var data = Window(record, offset, Math.Min(record.Bytes - offset, WindowBytes));
            if (data.IsEmpty)
            {
                return record.Bytes;
            }

            var (length, entries, _, needed) = RemoteWriteEntries.Measure(data, int.MaxValue, entry);
            if (entries == 0)
            {
                // An entry larger than the window: skip it by its header alone.
                offset += needed;
                entry--;
                continue;
            }

            offset += length;
            entry -= entries;
        }

        return offset;
    }

    /// <summary>
    /// Record bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="want"/>) from the window
    /// buffer, read from the journal front to back through one open payload (the buffer holds up to two windows, so a
    /// record is read once whatever the request size); empty when the record is gone.
    /// </summary>
    private ReadOnlySpan<byte> Window(JournalRecordInfo record, int offset, int want)
    {
        var same = _windowSequence == record.Sequence && offset >= _windowOffset && offset <= _windowOffset + _windowLength;
        if (same && offset + want <= _windowOffset + _windowLength)
        {
            return _window.AsSpan(offset - _windowOffset, want);
        }

        var keep = same ? _windowOffset + _windowLength - offset : 0;
        var size = Math.Min(Math.Max(want, 2 * WindowBytes), record.Bytes - offset);
        if (_window.Length < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            _window.AsSpan(offset - _windowOffset, keep).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_window);
            _window = bigger;
        }
        else if (keep > 0)
        {
            _window.AsSpan(offset - _windowOffset, keep).CopyTo(_window);
        }

        _windowSequence = record.Sequence;
        _windowOffset = offset;
        _windowLength = keep;
        try
        {
            if (_payloadSequence != record.Sequence || _payload is null)
            {
                ClosePayload();
                _payload = _log.OpenPayload(record.Sequence);
                _payloadSequence = record.Sequence;
            }

            if (_payload is not null)
            {
                _payload.Position = offset + keep;
                _windowLength += _payload.ReadAtLeast(_window.AsSpan(keep, size - keep), size - keep, throwOnEndOfStream: false);
            }
        }
        catch (IOException)
        {
            ClosePayload(); // deleted by retention meanwhile
        }

        return _windowLength >= want ? _window.AsSpan(0, want) : [];
    }

    /// <summary>Releases the journal read snapshot (before waiting, and once a record is done).</summary>
    private void ClosePayload()
    {
        _payload?.Dispose();
        _payload = null;
        _payloadSequence = -1;
    }
}
