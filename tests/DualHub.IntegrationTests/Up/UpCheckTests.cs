using DualHub.Testing;

namespace DualHub.IntegrationTests.Up;

public sealed class UpCheckTests
{
    [Fact]
    public async Task Up_check_starts_every_hub_passes_every_checkpoint_and_stops_everything()
    {
        var basePort = FreePort.NextBlock([0, 91, 92, 100]);
        var state = TempDir.Create();
        try
        {
            var (code, output) = await DualHubProcess.RunAsync(["up", "--check", "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", state], TimeSpan.FromMinutes(3));

            Assert.True(code == 0, output);
            foreach (var hub in new[] { "central-hub", "edge-hub", "pushgateway-mainpc", "pushgateway-pc2" })
            {
                Assert.Matches($@"(?m)^PASS\s+{hub} ready\s+ready after \d+ ms", output);
                Assert.Matches($@"(?m)^PASS\s+{hub} push served back\s+PUT 200", output);
            }

            Assert.DoesNotMatch("(?m)^FAIL", output);
            foreach (var offset in new[] { 0, 91, 92, 100 })
            {
                Assert.True(FreePort.IsFree(basePort + offset), $"port {basePort + offset} still in use after up --check exited");
            }
        }
        finally
        {
            TempDir.Delete(state);
        }
    }
}
