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
        using var reader = Reader(yaml);
        stream.Load(new AcyclicAliasParser(new Parser(reader)));
        return stream;
    }

    /// <summary>
    /// <paramref name="yaml"/> to hand to YamlDotNet's scanner (every YAML text DualHub reads goes through this): one whose
    /// last line starts with <c>%</c> gets a final line break. YamlDotNet skips the rest of a directive line other than
    /// <c>%YAML</c> and <c>%TAG</c> until a line break or the end of the input, but it misses the end when the text's
    /// length is a multiple of its 1024-character read block, and then skips about 2^32 times: a 1 KB config took 40 s
    /// (found by fuzzing). A directive line ends either way, so the break changes nothing else.
    /// </summary>
    public static TextReader Reader(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var lastLine = yaml.AsSpan(yaml.AsSpan().LastIndexOfAny('\n', '\r') + 1);
        return new StringReader(lastLine.TrimStart('\uFEFF').StartsWith('%') ? yaml + "\n" : yaml);
    }
}
