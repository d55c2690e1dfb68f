namespace DualHub.IntegrationTests;

/// <summary>
/// Tests that measure time against a bound the product promises (failover under 1 s / 3 s, publish retries): xunit
/// runs this collection alone, after the parallel ones, so a neighbour's CPU load on the 2 cores cannot fail them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingBoundTests
{
    public const string Name = "serial: timing bounds";
}
