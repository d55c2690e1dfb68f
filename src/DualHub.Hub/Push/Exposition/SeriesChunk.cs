using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Exposition;

/// <summary>Serialized sample lines of sorted metrics; <see cref="Offsets"/>[i] is where metric i starts (plus a final end offset).</summary>
internal sealed class SeriesChunk(byte[] bytes, int[] offsets, IReadOnlyList<Metric> metrics)
{
    public byte[] Bytes { get; } = bytes;

    public int[] Offsets { get; } = offsets;

    /// <summary>The family's own (immutable once stored) list: no copy.</summary>
    public IReadOnlyList<Metric> Metrics { get; } = metrics;

    public int Count => Metrics.Count;

    public ReadOnlyMemory<byte> Range(int from, int to) => Bytes.AsMemory(Offsets[from], Offsets[to] - Offsets[from]);
}
