using System.Globalization;
using System.Text.RegularExpressions;
using DualHub.Nats.Supervision;

namespace DualHub.Cli.Validate;

/// <summary>
/// A nats-server config (<c>.conf</c>, e.g. the rendered <c>deploy/nats/nats-*.conf</c>): checked by the installed
/// nats-server itself (<c>nats-server -t -c FILE</c>), whose errors carry file:line:column. Its ports are not claimed
/// (it is the rendering of a topology, whose ports are).
/// </summary>
internal static partial class NatsConfFileValidator
{
    public static async Task ValidateAsync(FileReport report, CancellationToken ct)
    {
        report.Kind = "nats-server config";
        string binary;
        try
        {
            binary = new NatsSupervisorOptions().ResolveBinary();
        }
        catch (FileNotFoundException ex)
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Note, report.File, 0, $"not checked: {ex.Message}"));
            return;
        }

        var (exitCode, text) = await CheckerRun.RunAsync("nats-server -t", binary, ["-t", "-c", report.File], ct);
        if (exitCode is null)
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Error, report.File, 0, CheckerRun.TimedOut("nats-server -t")));
            return;
        }

        if (exitCode == 0)
        {
            return;
        }

        var found = false;
        foreach (Match m in ErrorLine().Matches(text))
        {
            found = true;
            report.Findings.Add(new ConfigFinding(FindingSeverity.Error, report.File, long.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), "nats-server: " + m.Groups["message"].Value.Trim()));
        }

        if (!found)
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Error, report.File, 0, $"nats-server -t exited {exitCode}: {text.Trim()}"));
        }
    }

    [GeneratedRegex(@"(?m)^(?:nats-server: )?.+?:(?<line>\d+):\d+: (?<message>.+)$")]
    private static partial Regex ErrorLine();
}
