namespace DualHub.IntegrationTests.Cli;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_lists_every_verb()
    {
        var (code, output) = await DualHubProcess.RunAsync(["--help"], TimeSpan.FromSeconds(60));

        Assert.Equal(0, code);
        foreach (var verb in new[] { "hub", "up", "check", "agent", "streams", "report", "validate", "render", "migrate", "rollback" })
        {
            Assert.Matches($@"(?m)^\s+{verb}\s", output);
        }
    }
}
