namespace DualHub.Agents.ResourceManager;

/// <summary>Capacity of the file system holding <see cref="Path"/>; usage as df computes it (used / (used + available)).</summary>
internal sealed record DiskSample(string Path, ulong Total, ulong Free, ulong Available)
{
    public double UsagePercent => Total == 0 ? double.NaN : 100.0 * (Total - Free) / (Total - Free + Available);
}
