using System.Buffers;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.CentralIngest;

/// <summary>The central ingest filter: only samples newer than the view are journaled (the central view rule).</summary>
public sealed partial class LatestSampleStore
{
    /// <summary>
    /// Keeps, of a validated WriteRequest body, only the samples strictly newer than the newest the view holds for their
    /// series (a stale marker at a newer timestamp is kept; the same timestamp with the same value is a duplicate, with
    /// another value a conflict: two different samples claim one instant, and a store keeps only one of them; an older
    /// one is out of order) and advances the view to them, in one step under the view's lock. The caller journals the kept part
    /// (<paramref name="kept"/>, or the input itself when nothing was dropped) before anything else is filtered.
    /// O(batch): one key copy and one lookup per series, no allocation except for a series seen for the first time.
    /// </summary>
    internal IngestCounts FilterNewer(ReadOnlySpan<byte> writeRequest, FilteredBatch kept)
    {
        int keptTotal = 0, duplicates = 0, outOfOrder = 0, conflicts = 0;
        var key = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            lock (_gate)
            {
                var entries = new TimeSeriesEntryReader(writeRequest);
                while (entries.TryRead(out var range, out var body))
                {
                    var entry = writeRequest[range];

                    // One walk for the key (labels) and where the samples start; the samples are then classified from there.
                    int keyLength = 0, labelBytes = 0, firstSample = -1;
                    var walk = new WireReader(body);
                    while (walk.TryReadLengthDelimited(out var f, out var fStart, out var fPayload))
                    {
                        if (f == RemoteWriteWire.LabelField)
                        {
                            RemoteWriteWire.ReadLabel(fPayload, out var name, out var value);
                            AppendKey(name, value, ref key, ref keyLength);
                            if (firstSample < 0)
                            {
                                labelBytes += walk.Position - fStart;
                            }
                        }
                        else if (f == RemoteWriteWire.SampleField && firstSample < 0)
                        {
                            firstSample = fStart;
                        }
                    }

                    var keySpan = key.AsSpan(0, keyLength);
                    _lookup.TryGetValue(keySpan, out var held);
                    var start = held?.TimestampMs ?? long.MinValue;

                    // First pass: classify every sample against the running newest (samples of a series come in order).
                    var newest = start;
                    var newestValue = held?.Value ?? 0;
                    int keep = 0, dropped = 0, keptBytes = labelBytes;
                    var samples = new WireReader(body[(firstSample >= 0 ? firstSample : body.Length)..]);
                    while (samples.TryReadLengthDelimited(out var field, out var fieldStart, out var payload))
                    {
                        if (field == RemoteWriteWire.LabelField)
                        {
                            keptBytes += samples.Position - fieldStart;
                        }
                        else if (field == RemoteWriteWire.SampleField)
                        {
                            RemoteWriteWire.ReadSample(payload, out var t, out var v);
                            if (t > newest)
                            {
                                (newest, newestValue) = (t, v);
                                keep++;
                                keptBytes += samples.Position - fieldStart;
                            }
                            else
                            {
                                dropped++;
                                if (t == newest && BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(newestValue))
                                {
                                    duplicates++;
                                }
                                else if (t == newest)
                                {
                                    conflicts++;
                                }
                                else
                                {
                                    outOfOrder++;
                                }
                            }
                        }
                    }

                    if (dropped > 0 && !kept.Copying)
                    {
                        kept.StartCopy(writeRequest[..range.Start]);
                    }

                    if (kept.Copying)
                    {
                        if (dropped == 0)
                        {
                            kept.Append(entry);
                        }
                        else if (keep > 0)
                        {
                            WritePartial(kept, body, start, keptBytes);
                        }
                    }

                    if (keep == 0)
                    {
                        continue;
                    }

                    keptTotal += keep;
                    if (held is not null)
                    {
                        held.TimestampMs = newest;
                        held.Value = newestValue;
                        held.Generation = _generation;
                    }
                    else if (Holdable(new TimeSeriesView(body)) is { } labels)
                    {
                        _series[keySpan.ToArray()] = new Entry(labels) { TimestampMs = newest, Value = newestValue, Generation = _generation };
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(key);
        }

        return new IngestCounts(keptTotal, duplicates, outOfOrder, conflicts);
    }

    /// <summary>Forgets every series (before a rebuild from the journal).</summary>
    internal void Clear()
    {
        lock (_gate)
        {
            _series.Clear();
        }
    }

    /// <summary>A series with some samples dropped: its labels and the kept samples only (exemplars and histograms are left out).</summary>
    private static void WritePartial(FilteredBatch kept, ReadOnlySpan<byte> body, long start, int keptBytes)
    {
        kept.AppendTag(RemoteWriteWire.TimeSeriesField, WireType.LengthDelimited);
        kept.AppendVarint((uint)keptBytes);
        var newest = start;
        var reader = new WireReader(body);
        while (reader.TryReadLengthDelimited(out var field, out var fieldStart, out var payload))
        {
            if (field == RemoteWriteWire.LabelField)
            {
                kept.Append(body[fieldStart..reader.Position]);
            }
            else if (field == RemoteWriteWire.SampleField)
            {
                RemoteWriteWire.ReadSample(payload, out var t, out _);
                if (t > newest)
                {
                    newest = t;
                    kept.Append(body[fieldStart..reader.Position]);
                }
            }
        }
    }
}
