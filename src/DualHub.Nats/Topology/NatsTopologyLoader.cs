using DualHub.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DualHub.Nats.Topology;

/// <summary>
/// Binds the <c>nats:</c> section of a topology file (or a file that is only that section) to
/// <see cref="NatsTopologyOptions"/>. Keys are snake_case; unknown keys are errors, so a typo is not silently ignored.
/// </summary>
public static class NatsTopologyLoader
{
    private const long MaxFileBytes = 1 << 20;

    private static readonly IDeserializer Deserializer = new StaticDeserializerBuilder(new TopologyYamlContext())
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithEnumNamingConvention(LowerCaseNamingConvention.Instance)
        .Build();

    /// <summary>Reads and binds <paramref name="path"/>; throws <see cref="NatsTopologyException"/> with file:line on bad input.</summary>
    public static NatsTopologyOptions LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new NatsTopologyException($"{path}: file not found");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new NatsTopologyException($"{path}: larger than {MaxFileBytes} bytes");
        }

        var options = Parse(File.ReadAllText(path), path);
        ResolveStoreDirs(options, Path.GetDirectoryName(Path.GetFullPath(path))!);
        return options;
    }

    /// <summary>Binds YAML text; <paramref name="source"/> names it in errors (with the line of the offending key).</summary>
    public static NatsTopologyOptions Parse(string yaml, string source = "topology")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        try
        {
            // Deserialize straight from the file's own events so error positions are the file's lines.
            var parser = new Parser(YamlDocuments.Reader(yaml));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _) || !parser.Accept<MappingStart>(out _))
            {
                throw new NatsTopologyException($"{source}: expected a mapping with a 'nats:' section");
            }

            if (HasNatsKey(yaml))
            {
                parser.Consume<MappingStart>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = parser.Consume<Scalar>();
                    if (key.Value == "nats")
                    {
                        if (!parser.Accept<MappingStart>(out _))
                        {
                            throw new NatsTopologyException($"{source}:{key.Start.Line}: 'nats' must be a mapping");
                        }

                        return Deserializer.Deserialize<NatsTopologyOptions?>(parser) ?? new NatsTopologyOptions();
                    }

                    parser.SkipThisAndNestedEvents();
                }
            }

            return Deserializer.Deserialize<NatsTopologyOptions?>(parser) ?? new NatsTopologyOptions();
        }
        catch (YamlException ex)
        {
            throw new NatsTopologyException($"{source}:{ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    /// <summary>
    /// Line of each key path in <paramref name="yaml"/> (<c>nats.nodes[1].client_port</c> -> 12), so validation findings
    /// can be reported as file:line.
    /// </summary>
    public static IReadOnlyDictionary<string, int> KeyLines(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var stream = YamlDocuments.Load(yaml);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                return lines;
            }

            var section = root.Children.TryGetValue(new YamlScalarNode("nats"), out var n) ? n : root;
            lines["nats"] = (int)section.Start.Line;
            Walk(section, "nats", lines);
        }
        catch (YamlException)
        {
        }

        return lines;
    }

    /// <summary>The line of <paramref name="key"/> or of its nearest parent that has one; 0 if none.</summary>
    public static int LineOf(IReadOnlyDictionary<string, int> lines, string key)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var k = key; !string.IsNullOrEmpty(k); k = Parent(k))
        {
            if (lines.TryGetValue(k, out var line))
            {
                return line;
            }
        }

        return 0;
    }

    private static string Parent(string key)
    {
        var cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
        return cut <= 0 ? string.Empty : key[..cut];
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
                        lines[path + "." + name] = (int)k.Start.Line;
                        Walk(v, path + "." + name, lines);
                    }
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    var item = $"{path}[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
                    lines[item] = (int)seq.Children[i].Start.Line;
                    Walk(seq.Children[i], item, lines);
                }

                break;
        }
    }

    private static bool HasNatsKey(string yaml)
    {
        var stream = YamlDocuments.Load(yaml);
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root && root.Children.ContainsKey(new YamlScalarNode("nats"));
    }

    private static void ResolveStoreDirs(NatsTopologyOptions options, string baseDir)
    {
        options.Security?.ResolvePaths(baseDir);
        foreach (var node in options.Nodes)
        {
            if (!string.IsNullOrEmpty(node.StoreDir) && !Path.IsPathRooted(node.StoreDir))
            {
                node.StoreDir = Path.GetFullPath(Path.Combine(baseDir, node.StoreDir));
            }
        }
    }
}
