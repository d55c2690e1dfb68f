namespace DualHub.Agents.ResourceManager;

/// <summary>One reading of the machine's resources.</summary>
internal sealed record ResourceSample(
    double CpuPercent,
    ulong MemoryTotal,
    ulong MemoryAvailable,
    IReadOnlyList<DiskSample> Disks,
    IReadOnlyList<(string Device, ulong Received, ulong Transmitted)> Network)
{
    public double MemoryPercent => MemoryTotal == 0 ? double.NaN : 100.0 * (MemoryTotal - MemoryAvailable) / MemoryTotal;
}
