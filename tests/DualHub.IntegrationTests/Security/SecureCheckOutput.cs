using System.Text.RegularExpressions;

namespace DualHub.IntegrationTests.Security;

/// <summary>
/// What <c>dualhub check --secure</c> must show against a secured deployment when it runs beside other tests: every
/// checkpoint reached its component over TLS and passed, except the two latency verdicts (the plan's hub response and
/// NATS p99 bounds), which need a quiet machine and are judged in the serial collection (<c>UpCheckTests</c>,
/// <c>CheckCommandTests</c>); here they must have measured, whatever their verdict.
/// </summary>
internal static partial class SecureCheckOutput
{
    private static readonly string[] TimingBound = ["hub response time", "nats pc2 -> mainpc latency"];

    public static void AssertEveryCheckReachedItsComponent(int exitCode, string output)
    {
        Assert.True(exitCode is 0 or 1, output);
        Assert.Matches(@"(?m)^\d+ of 17 checks passed", output);
        Assert.DoesNotContain("unreachable", output, StringComparison.Ordinal);
        foreach (Match fail in Failed().Matches(output))
        {
            Assert.True(TimingBound.Contains(fail.Groups["name"].Value.TrimEnd()), output);
        }

        Assert.Matches(@"(?m)^(PASS|FAIL)\s+hub response time\s+20 PUTs per hub: central-hub p50 ", output);
        Assert.Matches(@"(?m)^(PASS|FAIL)\s+nats pc2 -> mainpc latency\s+n=500 p50=", output);
        Assert.Matches(@"(?m)^PASS\s+health pc2 -> mainpc over NATS\s+observability_hub sees resource_manager, unified_utils_agent, observability_hub up", output);
        Assert.Matches(@"(?m)^PASS\s+agents pushing to edge-hub\s", output);
        Assert.Matches(@"(?m)^PASS\s+forwarding lag edge -> central\s", output);
    }

    [GeneratedRegex(@"(?m)^FAIL\s+(?<name>.+?)\s{2,}")]
    private static partial Regex Failed();
}
