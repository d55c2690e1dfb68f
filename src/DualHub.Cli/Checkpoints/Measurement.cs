namespace DualHub.Cli.Checkpoints;

/// <summary>One figure a check measured, e.g. <c>failover 412 ms</c>.</summary>
internal sealed record Measurement(string Name, double Value, string Unit)
{
    public static Measurement Ms(string name, TimeSpan value) => new(name, Math.Round(value.TotalMilliseconds, 1), "ms");

    public static Measurement Count(string name, double value, string unit) => new(name, value, unit);
}
