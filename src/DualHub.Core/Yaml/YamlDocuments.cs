using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Core.Yaml;

/// <summary>Loads YAML text into YamlDotNet's representation model, refusing what the model cannot hold safely.</summary>
public static class YamlDocuments
{
    /// <summary>
    /// The deepest nesting of mappings and sequences loaded, far beyond any config DualHub reads (a Prometheus scrape
    /// config nests about 6 levels): YamlDotNet builds the model recursively, and a stack overflow cannot be caught.
    /// </summary>
    public const int MaxDepth = 100;

    /// <summary>
    /// Loads <paramref name="yaml"/>; an alias to a node that contains it (<c>a: &amp;x [*x]</c>) or to an anchor not
    /// defined before it in the document is refused with a <see cref="YamlException"/> at the alias, like any other YAML error;
    /// so is a mapping or sequence nested deeper than <see cref="MaxDepth"/>.
    /// </summary>
    public static YamlStream Load(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(new AcyclicAliasParser(new Parser(reader)));
        return stream;
    }
}
