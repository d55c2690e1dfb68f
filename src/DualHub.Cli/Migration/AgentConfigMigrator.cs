using DualHub.Core.Yaml;
using System.Globalization;
using System.Text;
using DualHub.Client.Options;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DualHub.Cli.Migration;

/// <summary>
/// The plan's agent migration (Week 1, day 4-5): an agent's <c>hub_endpoints</c> becomes primary EdgeHub, fallback
/// CentralHub (its pushgateway kept). Only that value's text is replaced, so comments, order and every other key of
/// the file stay as they were.
/// </summary>
internal static class AgentConfigMigrator
{
    public static string Migrate(string yaml, string source, Uri edge, Uri central) =>
        SetHubs(yaml, source, [("primary", edge), ("fallback", central)]);

    /// <summary>The Phase 1 form the migration starts from: CentralHub as the only hub (the pushgateway kept).</summary>
    public static string ToCentralOnly(string yaml, string source, Uri central) => SetHubs(yaml, source, [("primary", central)]);

    private static string SetHubs(string yaml, string source, IReadOnlyList<(string Name, Uri Url)> hubs)
    {
        YamlStream stream;
        try
        {
            stream = YamlDocuments.Load(yaml);
        }
        catch (YamlException ex)
        {
            throw new AgentConfigException(string.Empty, $"{source}:{ex.Start.Line.ToString(CultureInfo.InvariantCulture)}: invalid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new AgentConfigException(string.Empty, $"{source}: the config must be one YAML mapping");
        }

        var (key, value) = root.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "hub_endpoints" });
        if (key is null)
        {
            throw new AgentConfigException("hub_endpoints", $"{source}: no hub_endpoints to migrate");
        }

        string? pushgateway = null;
        if (value is YamlMappingNode map && map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "pushgateway" }).Value is YamlScalarNode { Value: { } pg })
        {
            pushgateway = pg;
        }

        var replacement = new StringBuilder("{ ").AppendJoin(", ", hubs.Select(h => h.Name + ": " + Quote(h.Url.AbsoluteUri.TrimEnd('/'))));
        if (pushgateway is not null)
        {
            replacement.Append(", pushgateway: ").Append(Quote(pushgateway));
        }

        replacement.Append(" }");
        var start = checked((int)value.Start.Index);
        // A block value's end mark sits at the next key, after any comment lines in between: end at its last value.
        var last = value switch
        {
            YamlMappingNode { Style: not MappingStyle.Flow } m when m.Children.Count > 0 => m.Children.Last().Value,
            YamlSequenceNode { Style: not SequenceStyle.Flow } q when q.Children.Count > 0 => q.Children.Last(),
            _ => value,
        };
        var end = value is YamlMappingNode { Style: MappingStyle.Flow } or YamlSequenceNode { Style: SequenceStyle.Flow }
            ? FlowEnd(yaml, start, source)
            : checked((int)last.End.Index);
        var text = string.Concat(yaml.AsSpan(0, start), replacement.ToString(), yaml.AsSpan(end));
        return text;
    }

    // The end mark of a flow collection does not cover its closing bracket: find it, skipping quoted scalars.
    private static int FlowEnd(string yaml, int start, string source)
    {
        var depth = 0;
        for (var i = start; i < yaml.Length; i++)
        {
            switch (yaml[i])
            {
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                case '"':
                    for (i++; i < yaml.Length && yaml[i] != '"'; i++)
                    {
                        if (yaml[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '\'':
                    for (i++; i < yaml.Length && !(yaml[i] == '\'' && (i + 1 >= yaml.Length || yaml[i + 1] != '\'')); i++)
                    {
                        if (yaml[i] == '\'')
                        {
                            i++;
                        }
                    }

                    break;
            }
        }

        throw new AgentConfigException("hub_endpoints", $"{source}: hub_endpoints has no closing bracket");
    }

    private static string Quote(string value) => Up.YamlText.Quote(value);
}
