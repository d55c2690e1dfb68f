namespace DualHub.Cli.Soak;

/// <summary>
/// What <c>dualhub soak</c> runs: for how long, how often a fault is injected (the faults take turns), the size of the
/// synthetic scrape load (series on PC2's Pushgateway), how often availability and growth are sampled, and where the
/// results go.
/// </summary>
internal sealed record SoakOptions(TimeSpan Duration, TimeSpan FaultInterval, int ScrapeSeries, TimeSpan SampleInterval, string OutDirectory)
{
    /// <summary>The faults, in the order they take turns: the drills of <c>up --check</c>.</summary>
    public static readonly IReadOnlyList<string> Faults = ["edge-crash", "edge-hang", "nats-restart", "central-restart"];

    /// <summary>How long the central restart keeps CentralHub down (the <c>up --check</c> drill uses 30 s).</summary>
    public static readonly TimeSpan CentralOutage = TimeSpan.FromSeconds(10);
}
