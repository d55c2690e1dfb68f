using System.Globalization;
using System.Text.RegularExpressions;
using DualHub.Hub.Relabel;
using DualHub.Hub.Regexp;
using YamlDotNet.RepresentationModel;

namespace DualHub.Hub.PrometheusConfig;

/// <summary>The relabel sections: <c>relabel_configs</c>, <c>metric_relabel_configs</c>, <c>write_relabel_configs</c>.</summary>
public sealed partial class PrometheusConfigReader
{
    /// <summary>
    /// Prometheus' <c>relabelTarget</c> (<c>^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$</c>, ASCII <c>\w</c>) in an
    /// equivalent form: a letter, <c>_</c> or reference, then word characters and references. Go runs it in linear time;
    /// its nested loops would backtrack for ever here, so it runs without backtracking.
    /// </summary>
    [GeneratedRegex(@"\A(?:[a-zA-Z_]|\$\{[0-9A-Za-z_]+\}|\$[0-9A-Za-z_]+)(?:[0-9A-Za-z_]|\$\{[0-9A-Za-z_]+\}|\$[0-9A-Za-z_]+)*\z", RegexOptions.NonBacktracking)]
    private static partial Regex RelabelTargetRegex();

    private List<RelabelRule> ReadRelabelConfigs(YamlNode value, string path)
    {
        var rules = new List<RelabelRule>();
        foreach (var item in Sequence(value, path))
        {
            if (item is YamlScalarNode { Value: null or "" })
            {
                throw Error(item, path, "empty or null relabeling rule");
            }

            rules.Add(ReadRelabelRule(Mapping(item, path + "[]"), path + "[]"));
        }

        return rules;
    }

    private RelabelRule ReadRelabelRule(YamlMappingNode node, string path)
    {
        var rule = new RelabelRule();
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            var at = $"{path}.{key}";
            set.Add(key);
            switch (key)
            {
                case "source_labels":
                    var sources = new List<string>();
                    foreach (var s in Sequence(value, at))
                    {
                        var name = Scalar(s, at);
                        if (!IsLabelName(name))
                        {
                            throw Error(s, at, $"'{name}' is not a valid label name");
                        }

                        sources.Add(name);
                    }

                    rule = rule with { SourceLabels = sources };
                    break;
                case "separator":
                    rule = rule with { Separator = Scalar(value, at) };
                    break;
                case "regex":
                    var pattern = Scalar(value, at);
                    try
                    {
                        rule = rule with { Regex = new GoRegexp(pattern) };
                    }
                    catch (ArgumentException ex)
                    {
                        throw Error(value, at, $"'{pattern}' is not a valid regular expression: {ex.Message}");
                    }

                    break;
                case "modulus":
                    var text = Scalar(value, at);
                    rule = rule with
                    {
                        Modulus = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : throw Error(value, at, $"'{text}' is not an unsigned integer"),
                    };
                    break;
                case "target_label":
                    rule = rule with { TargetLabel = Scalar(value, at) };
                    break;
                case "replacement":
                    rule = rule with { Replacement = Scalar(value, at) };
                    break;
                case "action":
                    var action = Scalar(value, at);
                    rule = rule with
                    {
                        Action = action.ToLowerInvariant() switch
                        {
                            "replace" => RelabelAction.Replace,
                            "keep" => RelabelAction.Keep,
                            "drop" => RelabelAction.Drop,
                            "keepequal" => RelabelAction.KeepEqual,
                            "dropequal" => RelabelAction.DropEqual,
                            "hashmod" => RelabelAction.HashMod,
                            "labelmap" => RelabelAction.LabelMap,
                            "labeldrop" => RelabelAction.LabelDrop,
                            "labelkeep" => RelabelAction.LabelKeep,
                            "lowercase" => RelabelAction.Lowercase,
                            "uppercase" => RelabelAction.Uppercase,
                            _ => throw Error(value, at, $"unknown relabel action \"{action}\""),
                        },
                    };
                    break;
                default:
                    throw Error(keyNode, path, $"unknown key '{key}' in a relabel config");
            }
        }

        if (ValidateRelabel(rule, set) is { } problem)
        {
            throw Error(node, path, problem);
        }

        return rule;
    }

    /// <summary>Prometheus' <c>relabel.Config.Validate</c>: the reason the rule is invalid, or null.</summary>
    private static string? ValidateRelabel(RelabelRule c, HashSet<string> set)
    {
        var a = c.Action;
        var name = a.ToString().ToLowerInvariant();
        if (a == RelabelAction.HashMod && c.Modulus == 0)
        {
            return "relabel configuration for hashmod requires non-zero modulus";
        }

        var needsTarget = a is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual;
        if (needsTarget && c.TargetLabel.Length == 0)
        {
            return $"relabel configuration for {name} action requires 'target_label' value";
        }

        var templated = c.TargetLabel.Contains('$', StringComparison.Ordinal);
        var invalidTarget = a switch
        {
            RelabelAction.Replace => templated ? !RelabelTargetRegex().IsMatch(c.TargetLabel) : !IsLabelName(c.TargetLabel),
            RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual or RelabelAction.HashMod => !IsLabelName(c.TargetLabel),
            _ => false,
        };
        if (invalidTarget)
        {
            return $"\"{c.TargetLabel}\" is invalid 'target_label' for {name} action";
        }

        if (a is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual && c.Replacement != "$1")
        {
            return $"'replacement' can not be set for {name} action";
        }

        if (a == RelabelAction.LabelMap && !RelabelTargetRegex().IsMatch(c.Replacement))
        {
            return $"\"{c.Replacement}\" is invalid 'replacement' for {name} action";
        }

        if (a is RelabelAction.DropEqual or RelabelAction.KeepEqual && (set.Contains("regex") || c.Modulus != 0 || c.Separator != ";" || c.Replacement != "$1"))
        {
            return $"{name} action requires only 'source_labels' and `target_label`, and no other fields";
        }

        if (a is RelabelAction.LabelDrop or RelabelAction.LabelKeep && (set.Contains("source_labels") || c.TargetLabel.Length > 0 || c.Modulus != 0 || c.Separator != ";" || c.Replacement != "$1"))
        {
            return $"{name} action requires only 'regex', and no other fields";
        }

        return null;
    }
}
