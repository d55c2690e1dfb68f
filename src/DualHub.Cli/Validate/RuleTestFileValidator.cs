using YamlDotNet.RepresentationModel;

namespace DualHub.Cli.Validate;

/// <summary>
/// A promtool unit-test file for rules (top-level <c>rule_files</c> and <c>tests</c>, e.g.
/// deploy/rules/tests/*.test.yml): its rule files must exist; the tests themselves run with
/// <c>promtool test rules FILE</c>.
/// </summary>
internal static class RuleTestFileValidator
{
    public const string Kind = "rule unit tests";

    public static void Validate(FileReport report, YamlMappingNode root)
    {
        report.Kind = Kind;
        if (RuleFileValidator.Child(root, "rule_files") is not YamlSequenceNode files)
        {
            RuleFileValidator.Error(report, root, "rule_files: expected a list of rule files");
            return;
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(report.File)) ?? ".";
        foreach (var node in files.Children)
        {
            if (node is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                RuleFileValidator.Error(report, node, "rule_files: each entry is a file name");
            }
            else if (!name.Contains('*', StringComparison.Ordinal) && !File.Exists(Path.Combine(dir, name)))
            {
                RuleFileValidator.Error(report, node, $"rule_files: '{name}' not found (relative to {dir})");
            }
        }
    }
}
