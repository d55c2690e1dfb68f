using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Tests.Checkpoints;

public sealed class CheckRunnerTests
{
    [Fact]
    public async Task A_check_that_throws_is_a_failed_result_that_keeps_its_id_and_target()
    {
        var check = new DelegateCheck("nats pc2 -> mainpc latency", Task<CheckResult> (_) => throw new TimeoutException("no answer"))
            .Describe(CheckIds.NatsLatency, "p99 < 100 ms");
        using var output = new StringWriter();

        var results = await CheckRunner.RunAsync([check], output, TimeProvider.System, CancellationToken.None);

        var r = Assert.Single(results);
        Assert.False(r.Passed);
        Assert.Equal(CheckIds.NatsLatency, r.Id);
        Assert.Equal("p99 < 100 ms", r.Target);
        Assert.Empty(r.Values);
        Assert.Contains("FAIL  nats pc2 -> mainpc latency", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("0 of 1 checks passed", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_described_check_adds_the_drills_figures_to_its_own()
    {
        var check = new DelegateCheck("central outage 30 s: samples lost", _ => Task.FromResult((true, "lost 0")))
            .Describe(CheckIds.OutageLoss, "lost 0", () => [new Measurement("lost", 0, "samples")]);
        using var output = new StringWriter();

        var r = Assert.Single(await CheckRunner.RunAsync([check], output, TimeProvider.System, CancellationToken.None));

        Assert.True(r.Passed);
        Assert.Equal(CheckIds.OutageLoss, r.Id);
        Assert.Equal(0, r.Value("lost"));
        Assert.Null(r.Value("duplicates"));
    }

    [Theory]
    [InlineData("nats pc2 -> mainpc latency", "nats-pc2-mainpc-latency")]
    [InlineData("edge crash: resource_manager", "edge-crash:resource_manager")]
    public void An_undescribed_check_gets_an_id_from_its_name(string name, string id) => Assert.Equal(id, CheckIds.FromName(name));
}
