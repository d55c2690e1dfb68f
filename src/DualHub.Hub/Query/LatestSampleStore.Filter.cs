using System.Buffers;
using DualHub.Hub.SampleLog;

namespace DualHub.Hub.Query;

/// <summary>The central ingest filter: only samples newer than the view are journaled (DESIGN.md §2, central view rule).</summary>
public sealed partial class LatestSampleStore
{
    /// <summary>
    /// Keeps, of a validated WriteRequest body, only the samples strictly newer than the newest the view holds for their
    /// series (a stale marker at a newer timestamp is kept; the same timestamp is a duplicate, an older one is out of
    /// order) and advances the view to them, in one step under the view's lock. The caller journals the kept part
    /// (<paramref name="kept"/>, or the input itself when nothing was dropped) before anything else is filtered.
    /// O(batch): one key copy and one lookup per series, no allocation except for a series seen for the first time.
    /// </summary>
    internal IngestCounts FilterNewer(ReadOnlySpan<byte> writeRequest, FilteredBatch kept)
    {
        int keptTotal = 0, duplicates = 0, outOfOrder = 0;
        var key = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            lock (_gate)
            {
                var top = 0;
                while (WireFields.Next(writeRequest, ref top, out var topField, out var entryStart, out var body))
                {
                    if (topField != 1)
                    {
                        continue; // metadata and other fields carry no samples
                    }

                    var entry = writeRequest[entryStart..top];

                    // One walk for the key (labels) and where the samples start; the samples are then classified from there.
                    int keyLength = 0, labelBytes = 0, firstSample = -1, walk = 0;
                    while (WireFields.Next(body, ref walk, out var f, out var fStart, out var fPayload))
                    {
                        if (f == 1)
                        {
                            AppendKey(fPayload, ref key, ref keyLength);
                            if (firstSample < 0)
                            {
                                labelBytes += walk - fStart;
                            }
                        }
                        else if (f == 2 && firstSample < 0)
                        {
                            firstSample = fStart;
                        }
                    }

                    var keySpan = key.AsSpan(0, keyLength);
                    _lookup.TryGetValue(keySpan, out var held);
                    var start = held?.TimestampMs ?? long.MinValue;

                    // First pass: classify every sample against the running newest (samples of a series come in order).
                    var newest = start;
                    double newestValue = 0;
                    int keep = 0, dropped = 0, keptBytes = labelBytes, pos = firstSample >= 0 ? firstSample : body.Length;

                    while (WireFields.Next(body, ref pos, out var field, out var fieldStart, out var payload))
                    {
                        if (field == 1)
                        {
                            keptBytes += pos - fieldStart;
                        }
                        else if (field == 2)
                        {
                            WireFields.ReadSample(payload, out var t, out var v);
                            if (t > newest)
                            {
                                (newest, newestValue) = (t, v);
                                keep++;
                                keptBytes += pos - fieldStart;
                            }
                            else
                            {
                                dropped++;
                                if (t == newest)
                                {
                                    duplicates++;
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
                        kept.StartCopy(writeRequest[..entryStart]);
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
                    }
                    else
                    {
                        _series[keySpan.ToArray()] = new Entry(DecodeLabels(new TimeSeriesView(body))) { TimestampMs = newest, Value = newestValue };
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(key);
        }

        return new IngestCounts(keptTotal, duplicates, outOfOrder);
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
        kept.Append([0x0A]);
        kept.AppendVarint((uint)keptBytes);
        var newest = start;
        var pos = 0;
        while (WireFields.Next(body, ref pos, out var field, out var fieldStart, out var payload))
        {
            if (field == 1)
            {
                kept.Append(body[fieldStart..pos]);
            }
            else if (field == 2)
            {
                WireFields.ReadSample(payload, out var t, out _);
                if (t > newest)
                {
                    newest = t;
                    kept.Append(body[fieldStart..pos]);
                }
            }
        }
    }

    /// <summary>Appends one Label message to the series key, in <see cref="BuildKey"/>'s form (the rebuild uses that one).</summary>
    private static void AppendKey(ReadOnlySpan<byte> label, ref byte[] key, ref int length)
    {
        ReadOnlySpan<byte> name = default, value = default;
        var p = 0;
        while (WireFields.Next(label, ref p, out var f, out _, out var payload))
        {
            if (f == 1)
            {
                name = payload;
            }
            else if (f == 2)
            {
                value = payload;
            }
        }

        var need = length + name.Length + value.Length + 10;
        if (need > key.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(need * 2);
            key.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(key);
            key = bigger;
        }

        length += SampleBatchBuilder.WriteVarint(key.AsSpan(length), (uint)name.Length);
        name.CopyTo(key.AsSpan(length));
        length += name.Length;
        length += SampleBatchBuilder.WriteVarint(key.AsSpan(length), (uint)value.Length);
        value.CopyTo(key.AsSpan(length));
        length += value.Length;
    }
}
