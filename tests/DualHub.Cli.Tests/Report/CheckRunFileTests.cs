using System.Text.Json;
using DualHub.Cli.Report;

namespace DualHub.Cli.Tests.Report;

public sealed class CheckRunFileTests
{
    [Fact]
    public void A_run_survives_the_results_file_with_ids_values_targets_and_criteria()
    {
        var checks = SampleRun.Passing();
        checks[0] = checks[0] with { Target = "/-/ready answers 2xx within 30 s" };
        var json = CheckRunFile.Serialize(SampleRun.Run(checks));
        var back = CheckRunFile.Parse(json, "r.json");

        Assert.Equal(checks.Select(c => (c.Id, c.Name, c.Passed, c.Measured)), back.Checks.Select(c => (c.Id, c.Name, c.Passed, c.Measured)));
        Assert.Equal(checks.SelectMany(c => c.Values), back.Checks.SelectMany(c => c.Values));
        Assert.Equal("/-/ready answers 2xx within 30 s", back.Checks[0].Target);
        Assert.Equal(SampleRun.Run(checks).FinishedAt, back.FinishedAt);

        using var doc = JsonDocument.Parse(json);
        var failover = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "failover-crash:resource_manager");
        var criteria = failover.GetProperty("criteria").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("perf-failover", criteria);
        Assert.Contains("nogo-data-loss", criteria);
        Assert.Equal("ms", failover.GetProperty("values")[0].GetProperty("unit").GetString());
    }

    [Theory]
    [InlineData("not json", "not a results file")]
    [InlineData("{\"format\":\"other/1\"}", "\"format\" is 'other/1'")]
    [InlineData("{\"format\":\"dualhub-check-results/1\",\"checks\":[{\"passed\":true}]}", "checks[0]: \"id\" and \"name\" are required")]
    public void A_bad_results_file_is_an_error_naming_the_file(string json, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => CheckRunFile.Parse(json, "bad.json"));
        Assert.StartsWith("bad.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_that_is_not_a_number_is_left_out_of_the_file()
    {
        var check = SampleRun.Passing()[0] with { Values = [new("ready", double.NaN, "ms"), new("other", 3, "ms")] };
        var back = CheckRunFile.Parse(CheckRunFile.Serialize(SampleRun.Run([check])), "r.json");

        Assert.Equal("other", Assert.Single(Assert.Single(back.Checks).Values).Name);
    }
}
