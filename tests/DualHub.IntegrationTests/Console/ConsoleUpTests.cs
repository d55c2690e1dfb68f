using System.Globalization;
using DualHub.Core.Processes;
using DualHub.IntegrationTests.Up;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Console;

/// <summary>
/// CentralHub's console on a real <c>dualhub up</c>, in the browser: it names the three pilot agents and EdgeHub, and
/// with EdgeHub frozen (SIGSTOP) the agents show on their fallback hub and the failover appears.
/// </summary>
public sealed class ConsoleUpTests
{
    private static readonly string[] Agents = ["resource-manager", "unified-utils", "observability-hub"];

    [Fact]
    public async Task Centrals_page_shows_the_pilot_agents_and_their_failover_when_edgehub_freezes()
    {
        Assert.True(ConsoleBrowser.Available, "chromium and chromedriver are installed by ./test.sh (eng/prereqs.sh)");
        var basePort = FreePort.NextBlock(UpCheckTests.Offsets);
        var state = TempDir.Create();
        var central = $"http://127.0.0.1:{basePort.ToString(CultureInfo.InvariantCulture)}/";
        int? frozen = null;
        try
        {
            await using var up = DualHubProcess.Start(["up", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--state", state]);
            await up.WaitForHttpOkAsync(central + "-/ready", TimeSpan.FromSeconds(90));
            using var browser = new ConsoleBrowser();
            await browser.OpenAsync(central);
            await Poll.UntilAsync(
                () => Agents.All(a => browser.BodyText.Contains(a, StringComparison.Ordinal)) && browser.BodyText.Contains("(primary)", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90), "the three agents on CentralHub's page, pushing to their primary");
            Assert.Contains("edge-hub", browser.BodyText, StringComparison.Ordinal);
            browser.Screenshot("central-up");

            frozen = EdgeHubPid(up.Pid, state);
            Assert.True(ProcessSignal.Send(frozen.Value, ProcessSignal.Stop), "SIGSTOP EdgeHub");
            await Poll.UntilAsync(
                () => browser.BodyText.Contains("(fallback)", StringComparison.Ordinal) && browser.BodyText.Contains("failover", StringComparison.Ordinal)
                    && !browser.BodyText.Contains("(primary)", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "every agent on its fallback hub and the failover on the page");
            Assert.Empty(browser.Problems());
            browser.Screenshot("central-up-edge-frozen");
        }
        finally
        {
            if (frozen is { } pid)
            {
                ProcessSignal.Send(pid, ProcessSignal.Cont);
            }

            TempDir.Delete(state);
        }
    }

    /// <summary>The hub child of <c>up</c> started with EdgeHub's config (its command line names the edge-hub folder).</summary>
    private static int EdgeHubPid(int upPid, string state)
    {
        var edgeConfig = Path.Combine(state, "edge-hub");
        foreach (var (pid, _) in ProcessTable.ChildrenOf(upPid))
        {
            var cmdline = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ');
            if (cmdline.Contains(edgeConfig, StringComparison.Ordinal))
            {
                return pid;
            }
        }

        throw new InvalidOperationException("no EdgeHub child of dualhub up");
    }
}
