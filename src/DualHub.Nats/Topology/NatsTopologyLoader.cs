using YamlDotNet.Core;
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

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
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

    /// <summary>Binds YAML text; <paramref name="source"/> names it in errors.</summary>
    public static NatsTopologyOptions Parse(string yaml, string source = "topology")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new NatsTopologyException($"{source}: expected a mapping with a 'nats:' section");
            }

            var section = root.Children.TryGetValue(new YamlScalarNode("nats"), out var n) ? n : root;
            if (section is not YamlMappingNode)
            {
                throw new NatsTopologyException($"{source}:{section.Start.Line}: 'nats' must be a mapping");
            }

            using var writer = new StringWriter();
            new YamlStream(new YamlDocument(section)).Save(writer, assignAnchors: false);
            var text = writer.ToString();
            var options = Deserializer.Deserialize<NatsTopologyOptions?>(text) ?? new NatsTopologyOptions();
            return options;
        }
        catch (YamlException ex)
        {
            // Line numbers of the re-serialised section differ from the file; name the key instead.
            throw new NatsTopologyException($"{source}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    private static void ResolveStoreDirs(NatsTopologyOptions options, string baseDir)
    {
        foreach (var node in options.Nodes)
        {
            if (!string.IsNullOrEmpty(node.StoreDir) && !Path.IsPathRooted(node.StoreDir))
            {
                node.StoreDir = Path.GetFullPath(Path.Combine(baseDir, node.StoreDir));
            }
        }
    }
}
