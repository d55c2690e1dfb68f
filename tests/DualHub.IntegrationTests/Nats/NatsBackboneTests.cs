using System.Globalization;
using DualHub.Nats;
using DualHub.Nats.Streams;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

/// <summary>What <c>dualhub up</c> calls: the plan's leaf pair on shifted loopback ports, streams, and the three checkpoints.</summary>
public sealed class NatsBackboneTests
{
    [Fact]
    public async Task Up_starts_the_leaf_pair_on_the_plans_ports_plus_a_shift_applies_streams_and_its_checks_pass()
    {
        var shift = FreePort.NextBlock([4222 - 9000, 4223 - 9000, 8222 - 9000, 8223 - 9000, 7422 - 9000]) - 9000;
        var dir = TempDir.Create();
        try
        {
            var (deployment, applied) = await NatsBackbone.StartLoopbackAsync(dir, shift);
            await using (deployment)
            {
                Assert.EndsWith(":" + (4222 + shift).ToString(CultureInfo.InvariantCulture), deployment.Servers["mainpc"].ClientUrl, StringComparison.Ordinal);
                Assert.EndsWith(":" + (8223 + shift).ToString(CultureInfo.InvariantCulture), deployment.Servers["pc2"].MonitorUrl, StringComparison.Ordinal);
                Assert.Equal(9, applied.Count(c => c.Action == NatsApplyAction.Created));

                var checks = await NatsBackbone.RunChecksAsync(deployment);

                // Speed is not asserted in tests (benchmarks.md): the latency check only has to have measured.
                Assert.Equal(3, checks.Count);
                Assert.StartsWith("p50 ", checks[0].Measured, StringComparison.Ordinal);
                Assert.All(checks.Skip(1), c => Assert.True(c.Passed, $"{c.Name}: {c.Measured}"));
            }
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
