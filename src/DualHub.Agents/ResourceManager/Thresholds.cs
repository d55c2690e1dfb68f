namespace DualHub.Agents.ResourceManager;

/// <summary>Alert thresholds in percent (the original agent's: cpu 80, memory 85, disk 90).</summary>
internal sealed record Thresholds(double Cpu = 80, double Memory = 85, double Disk = 90);
