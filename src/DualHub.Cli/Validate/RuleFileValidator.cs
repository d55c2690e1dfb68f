using DualHub.Metrics.Durations;
using YamlDotNet.RepresentationModel;

namespace DualHub.Cli.Validate;

/// <summary>
/// A Prometheus rule file (top-level <c>groups:</c>, e.g. deploy/rules/*.yml), checked in two passes: its structure here
/// from the YAML nodes, each finding at its line (groups, names, exactly one of alert/record, expr, durations, labels,
/// and DualHub's severity, summary and runbook on alerts); then its expressions and templates by vmalert itself
/// (<see cref="RuleExpressionChecker"/>), whose errors name a group and rule and get that rule's line.
/// </summary>
internal static class RuleFileValidator
{
    public const string Kind = "rule file";

    private static readonly HashSet<string> GroupKeys = new(StringComparer.Ordinal)
    {
        "name", "interval", "limit", "rules",
        // vmalert's own group options
        "concurrency", "type", "labels", "params", "headers", "notifier_headers", "eval_offset", "eval_delay",
    };

    private static readonly HashSet<string> RuleKeys = new(StringComparer.Ordinal)
    {
        "alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations", "debug", "update_entries_limit",
    };

    public static void Validate(FileReport report, YamlMappingNode root)
    {
        report.Kind = Kind;
        foreach (var (key, _) in root.Children)
        {
            if (Text(key) != "groups")
            {
                Error(report, key, $"{Text(key)}: unknown key in a rule file (only groups)");
            }
        }

        if (Child(root, "groups") is not YamlSequenceNode groups)
        {
            Error(report, root, "groups: expected a list of rule groups");
            return;
        }

        var names = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var node in groups.Children)
        {
            if (node is not YamlMappingNode group)
            {
                Error(report, node, "groups: each group is a mapping with name and rules");
                continue;
            }

            var name = ScalarOf(group, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                Error(report, group, "group: name missing");
            }
            else if (!names.TryAdd(name, group.Start.Line))
            {
                Error(report, group, $"group '{name}': name already used at line {names[name]}");
            }

            ValidateGroup(report, group, name ?? "?");
        }
    }

    private static void ValidateGroup(FileReport report, YamlMappingNode group, string name)
    {
        UnknownKeys(report, group, GroupKeys, $"group '{name}'");
        Duration(report, group, "interval", $"group '{name}'");
        if (Child(group, "rules") is not YamlSequenceNode rules)
        {
            Error(report, group, $"group '{name}': rules: expected a list");
            return;
        }

        foreach (var node in rules.Children)
        {
            if (node is YamlMappingNode rule)
            {
                ValidateRule(report, rule, name);
            }
            else
            {
                Error(report, node, $"group '{name}': each rule is a mapping with alert or record and expr");
            }
        }
    }

    private static void ValidateRule(FileReport report, YamlMappingNode rule, string group)
    {
        var alert = ScalarOf(rule, "alert");
        var record = ScalarOf(rule, "record");
        var at = $"group '{group}', rule '{alert ?? record ?? "?"}'";
        UnknownKeys(report, rule, RuleKeys, at);
        if ((alert is null) == (record is null))
        {
            Error(report, rule, $"{at}: needs exactly one of alert and record");
        }

        if (string.IsNullOrWhiteSpace(ScalarOf(rule, "expr")))
        {
            Error(report, rule, $"{at}: expr missing");
        }

        if (record is not null)
        {
            if (!IsMetricName(record))
            {
                Error(report, rule, $"{at}: '{record}' is not a valid metric name");
            }

            foreach (var key in (string[])["for", "keep_firing_for", "annotations"])
            {
                if (Child(rule, key) is { } node)
                {
                    Error(report, node, $"{at}: {key} is for alerting rules only");
                }
            }
        }

        Duration(report, rule, "for", at);
        Duration(report, rule, "keep_firing_for", at);
        var labels = StringMap(report, rule, "labels", at);
        var annotations = StringMap(report, rule, "annotations", at);
        if (alert is not null)
        {
            RuleConventions.Check(report, rule, at, labels, annotations);
        }
    }

    private static Dictionary<string, string>? StringMap(FileReport report, YamlMappingNode rule, string key, string at)
    {
        switch (Child(rule, key))
        {
            case null:
                return null;
            case YamlMappingNode map:
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in map.Children)
                {
                    if (v is YamlScalarNode s)
                    {
                        result[Text(k)] = s.Value ?? string.Empty;
                    }
                    else
                    {
                        Error(report, v, $"{at}: {key}.{Text(k)}: expected a string");
                    }
                }

                return result;
            case var other:
                Error(report, other, $"{at}: {key}: expected a mapping of strings");
                return null;
        }
    }

    private static void Duration(FileReport report, YamlMappingNode map, string key, string at)
    {
        if (Child(map, key) is { } node && (node is not YamlScalarNode { Value: { } text } || !DurationText.TryParse(text, DurationSyntax.Prometheus, out _)))
        {
            Error(report, node, $"{at}: {key}: '{(node as YamlScalarNode)?.Value}' is not a duration (examples: 30s, 5m, 1h)");
        }
    }

    private static void UnknownKeys(FileReport report, YamlMappingNode map, HashSet<string> known, string at)
    {
        foreach (var (key, _) in map.Children)
        {
            if (!known.Contains(Text(key)))
            {
                Error(report, key, $"{at}: unknown key '{Text(key)}'");
            }
        }
    }

    private static bool IsMetricName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    internal static string? ScalarOf(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static string Text(YamlNode node) => (node as YamlScalarNode)?.Value ?? node.ToString();

    internal static void Error(FileReport report, YamlNode node, string message) =>
        report.Findings.Add(new ConfigFinding(FindingSeverity.Error, report.File, node.Start.Line, message));
}
