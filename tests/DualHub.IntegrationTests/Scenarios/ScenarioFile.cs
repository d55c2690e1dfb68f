using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace DualHub.IntegrationTests.Scenarios;

/// <summary>A scenario of tests/scenarios (format: tests/scenarios/README.md) as plain values: strings, lists, maps.</summary>
internal static class ScenarioFile
{
    public static string Directory => DualHub.Testing.RepoRoot.Combine("tests", "scenarios");

    /// <summary>The scenario files (the <c>*-cases.yaml</c> files are unit-level cases, run elsewhere).</summary>
    public static IEnumerable<string> Names() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml").Where(f => !f.EndsWith("-cases.yaml", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    public static Dictionary<string, object?> Load(string name)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Directory, name + ".yaml")))
        {
            stream.Load(reader);
        }

        return (Dictionary<string, object?>)Value(stream.Documents[0].RootNode)!;
    }

    public static double Number(object? v) => double.Parse((string)v!, CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Map(object? v) => v as Dictionary<string, object?> ?? [];

    /// <summary>One name or a list of names.</summary>
    public static IEnumerable<string> Names(object? v) => v is List<object?> l ? l.Cast<string>() : [(string)v!];

    private static object? Value(YamlNode n) => n switch
    {
        YamlMappingNode m => m.Children.ToDictionary(p => p.Key.ToString(), p => Value(p.Value)),
        YamlSequenceNode s => s.Children.Select(Value).ToList(),
        _ => ((YamlScalarNode)n).Value,
    };
}
