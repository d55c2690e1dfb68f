using DualHub.Core.Yaml;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DualHub.Cli.Validate;

/// <summary>
/// The second pass over a rule file: <c>vmalert -dryRun -rule=FILE</c> (the evaluator <c>up</c> runs) parses every
/// expression and annotation template. Its error names the group and rule, which the YAML gives a line.
/// </summary>
internal static partial class RuleExpressionChecker
{
    public const string Binary = "/usr/bin/vmalert";

    public static async Task CheckAsync(FileReport report, CancellationToken ct)
    {
        if (!File.Exists(Binary))
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Note, report.File, 0, $"expressions not checked: {Binary} not found (Debian package victoria-metrics)"));
            return;
        }

        var (exitCode, text) = await CheckerRun.RunAsync("vmalert -dryRun", Binary, ["-dryRun", "-loggerLevel=ERROR", "-rule=" + report.File], ct);
        if (exitCode is null)
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Error, report.File, 0, CheckerRun.TimedOut("vmalert -dryRun")));
            return;
        }

        if (exitCode == 0)
        {
            return;
        }

        var m = Failure().Match(text);
        var message = m.Success ? m.Groups["message"].Value.Trim() : text.Trim();
        report.Findings.Add(new ConfigFinding(FindingSeverity.Error, report.File, LineOf(report.Text, message), "vmalert: " + message));
    }

    /// <summary>The line of the rule (or else the group) the message names; 0 when it names neither.</summary>
    internal static long LineOf(string yaml, string message)
    {
        var group = GroupName().Match(message) is { Success: true } g ? g.Groups["group"].Value : null;
        var rule = RuleName().Match(message) is { Success: true } r ? r.Groups["rule"].Value : null;
        rule ??= DuplicateRule().Match(message) is { Success: true } d ? d.Groups["rule"].Value : null;
        if (group is null)
        {
            return 0;
        }

        var stream = YamlDocuments.Load(yaml);
        var groups = (stream.Documents[0].RootNode as YamlMappingNode) is { } root ? RuleFileValidator.Child(root, "groups") as YamlSequenceNode : null;
        long line = 0;
        foreach (var node in groups?.Children.OfType<YamlMappingNode>() ?? [])
        {
            if (RuleFileValidator.ScalarOf(node, "name") != group)
            {
                continue;
            }

            line = line == 0 ? node.Start.Line : line;
            foreach (var ruleNode in (RuleFileValidator.Child(node, "rules") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
            {
                // The last one with the name: vmalert names the second of a duplicate.
                if (rule is not null && (RuleFileValidator.ScalarOf(ruleNode, "alert") ?? RuleFileValidator.ScalarOf(ruleNode, "record")) == rule)
                {
                    line = ruleNode.Start.Line;
                }
            }
        }

        return line;
    }

    [GeneratedRegex(@"failed to parse \[[^\]]*\]: (?:errors\(\d+\): )?(?<message>[\s\S]+)$")]
    private static partial Regex Failure();

    [GeneratedRegex(@"group ""(?<group>[^""]+)""")]
    private static partial Regex GroupName();

    [GeneratedRegex(@"rule ""[^""]+""\.""(?<rule>[^""]+)""")]
    private static partial Regex RuleName();

    [GeneratedRegex(@"rule ""(?<rule>[^""]+)"" duplicate")]
    private static partial Regex DuplicateRule();
}
