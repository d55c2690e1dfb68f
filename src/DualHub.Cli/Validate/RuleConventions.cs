using YamlDotNet.RepresentationModel;

namespace DualHub.Cli.Validate;

/// <summary>
/// What DualHub expects of an alerting rule beyond Prometheus' format (warnings, errors with --strict): a
/// <c>severity</c> label of <c>urgent</c> or <c>warning</c> (the NATS subject it is published to; anything else is
/// published as a warning) and <c>summary</c> and <c>runbook</c> annotations.
/// </summary>
internal static class RuleConventions
{
    public static void Check(FileReport report, YamlMappingNode rule, string at, Dictionary<string, string>? labels, Dictionary<string, string>? annotations)
    {
        var labelsNode = RuleFileValidator.Child(rule, "labels") ?? rule;
        switch (labels?.GetValueOrDefault("severity"))
        {
            case "urgent" or "warning":
                break;
            case null:
                Warn(report, labelsNode, $"{at}: no labels.severity (urgent or warning): CentralHub publishes it to observability.alerts.warning");
                break;
            case var other:
                Warn(report, labelsNode, $"{at}: labels.severity '{other}' is neither urgent nor warning: CentralHub publishes it to observability.alerts.warning");
                break;
        }

        var annotationsNode = RuleFileValidator.Child(rule, "annotations") ?? rule;
        foreach (var key in (string[])["summary", "runbook"])
        {
            if (string.IsNullOrWhiteSpace(annotations?.GetValueOrDefault(key)))
            {
                Warn(report, annotationsNode, $"{at}: no annotations.{key}");
            }
        }
    }

    private static void Warn(FileReport report, YamlNode node, string message) =>
        report.Findings.Add(new ConfigFinding(FindingSeverity.Warning, report.File, node.Start.Line, message));
}
