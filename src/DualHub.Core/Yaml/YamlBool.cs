using System.Collections.Frozen;

namespace DualHub.Core.Yaml;

/// <summary>
/// YAML 1.1 booleans as Go's yaml.v2 resolves them (Prometheus and the exporter-toolkit read their files with it):
/// true/yes/on/y and false/no/off/n, each lower case, capitalized or upper case.
/// </summary>
public static class YamlBool
{
    private static readonly FrozenDictionary<string, bool> Values = Forms(true, "y", "yes", "true", "on")
        .Concat(Forms(false, "n", "no", "false", "off"))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The boolean <paramref name="text"/> spells, or null when it is not one.</summary>
    public static bool? Parse(string? text) => text is not null && Values.TryGetValue(text, out var value) ? value : null;

    private static IEnumerable<KeyValuePair<string, bool>> Forms(bool value, params string[] words) =>
        words.SelectMany(w => new[] { w, char.ToUpperInvariant(w[0]) + w[1..], w.ToUpperInvariant() })
            .Distinct(StringComparer.Ordinal)
            .Select(w => KeyValuePair.Create(w, value));
}
