using DualHub.Core.Yaml;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Cli.Validate;

/// <summary>Line of every key path of a YAML document (<c>failover_config.max_retries</c> -> 4), for findings without one.</summary>
internal static class YamlKeyLines
{
    public static Dictionary<string, int> Read(string yaml)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var stream = YamlDocuments.Load(yaml);
            if (stream.Documents.Count > 0)
            {
                Walk(stream.Documents[0].RootNode, string.Empty, lines);
            }
        }
        catch (YamlException)
        {
            // The loaders report the syntax error with its line.
        }

        return lines;
    }

    /// <summary>Line of <paramref name="key"/> or of its nearest parent present; 0 when none is.</summary>
    public static int LineOf(IReadOnlyDictionary<string, int> lines, string key)
    {
        for (var k = key; k.Length > 0;)
        {
            if (lines.TryGetValue(k, out var line))
            {
                return line;
            }

            var cut = Math.Max(k.LastIndexOf('.'), k.LastIndexOf('['));
            k = cut <= 0 ? string.Empty : k[..cut];
        }

        return 0;
    }

    private static void Walk(YamlNode node, string path, Dictionary<string, int> lines)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    if (k is YamlScalarNode { Value: { } name })
                    {
                        var p = path.Length == 0 ? name : path + "." + name;
                        lines[p] = (int)k.Start.Line;
                        Walk(v, p, lines);
                    }
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    var p = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
                    lines[p] = (int)seq.Children[i].Start.Line;
                    Walk(seq.Children[i], p, lines);
                }

                break;
        }
    }
}
