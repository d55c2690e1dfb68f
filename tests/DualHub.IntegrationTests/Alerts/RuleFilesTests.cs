using DualHub.Testing;

namespace DualHub.IntegrationTests.Alerts;

/// <summary>
/// The shipped rules (deploy/rules) as a user checks them: Prometheus' promtool (the format, and the unit tests in
/// deploy/rules/tests), and <c>dualhub validate</c> with file:line for a broken file.
/// </summary>
public sealed class RuleFilesTests
{
    private const string Promtool = "/usr/bin/promtool";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string Rules = RepoRoot.Combine("deploy", "rules");

    [Fact]
    public async Task The_shipped_rules_pass_promtool_check_and_their_unit_tests()
    {
        var files = Directory.GetFiles(Rules, "*.yml").Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 4, string.Join(", ", files));
        var (code, output) = await RunAsync(Promtool, ["check", "rules", .. files]);
        Assert.True(code == 0, output);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);

        var tests = Directory.GetFiles(Path.Combine(Rules, "tests"), "*.test.yml");
        Assert.NotEmpty(tests);
        (code, output) = await RunAsync(Promtool, ["test", "rules", .. tests], Path.Combine(Rules, "tests"));
        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_passes_the_shipped_rules_strictly_and_gives_file_line_for_a_broken_rule_file()
    {
        var (code, output) = await DualHubProcess.RunAsync(["validate", "--strict", Rules], Timeout);
        Assert.True(code == 0, output);
        Assert.Contains(": rule file: ok", output, StringComparison.Ordinal);
        Assert.Contains(": rule unit tests: ok", output, StringComparison.Ordinal);

        var dir = TempDir.Create();
        try
        {
            // Structure: both alert and record (line 4), a bad duration (line 7), a rule without severity (a warning).
            var structure = Path.Combine(dir, "structure.yml");
            await File.WriteAllTextAsync(structure, """
                groups:
                  - name: g
                    rules:
                      - alert: Both
                        record: both:x
                        expr: up == 0
                        for: five minutes
                      - alert: NoSeverity
                        expr: up == 0
                        annotations: { summary: s, runbook: r }
                """);
            (code, output) = await DualHubProcess.RunAsync(["validate", structure], Timeout);
            Assert.True(code == 1, output);
            Assert.Contains($"{structure}:4: error: group 'g', rule 'Both': needs exactly one of alert and record", output, StringComparison.Ordinal);
            Assert.Contains($"{structure}:7: error: group 'g', rule 'Both': for: 'five minutes' is not a duration", output, StringComparison.Ordinal);
            Assert.Contains($"{structure}:8: warning: group 'g', rule 'NoSeverity': no labels.severity (urgent or warning)", output, StringComparison.Ordinal);

            // Expressions and templates: vmalert's error, at the line of the rule it names.
            var expression = Path.Combine(dir, "expression.yml");
            await File.WriteAllTextAsync(expression, """
                groups:
                  - name: g
                    rules:
                      - record: fine:up
                        expr: sum(up)
                      - alert: Broken
                        expr: rate(up[5m] > 0
                        labels: { severity: warning }
                        annotations: { summary: s, runbook: r }
                """);
            (code, output) = await DualHubProcess.RunAsync(["validate", expression], Timeout);
            Assert.True(code == 1, output);
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(expression)}:6: error: vmalert: .*invalid expression for rule ""g"".""Broken""", output);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string binary, string[] args, string? directory = null)
    {
        await using var p = ExternalProcess.Start(binary, args, directory);
        using var cts = new CancellationTokenSource(Timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, p.Output);
    }
}
