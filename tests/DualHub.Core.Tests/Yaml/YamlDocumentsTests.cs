using DualHub.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Core.Tests.Yaml;

public sealed class YamlDocumentsTests
{
    private const string Contains = "refers to a node that contains it";
    private const string Before = "refers to no anchor before it in the document";

    // Found by fuzzing: YamlDotNet builds a node containing itself, or keeps a placeholder for a later anchor that
    // compares itself for ever, and the process dies of a stack overflow.
    [Theory]
    [InlineData("a: &x [*x]", Contains)]
    [InlineData("a: &x { b: *x }", Contains)]
    [InlineData("&x { *x : 1 }", Contains)]
    [InlineData("a: &x\n  b:\n    - c: [1, *x]", Contains)]
    [InlineData("a: *x\nb: &x 1", Before)]
    [InlineData("a: &x 1\n---\nb: *x", Before)]
    [InlineData("? *x\n: &x { *x : 1 }", Before)]
    public void An_alias_the_model_cannot_hold_is_refused_at_the_alias(string yaml, string reason)
    {
        var ex = Assert.Throws<YamlException>(() => YamlDocuments.Load(yaml));
        Assert.Contains($"alias *x {reason}", ex.Message, StringComparison.Ordinal);
    }

    // Found by fuzzing: 25,000 open braces overflowed the stack in YamlDotNet's recursive model.
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Nesting_deeper_than_the_limit_is_refused_and_at_the_limit_loads(string open, string close)
    {
        string Nested(int depth) => string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

        Assert.Single(YamlDocuments.Load(Nested(YamlDocuments.MaxDepth)).Documents);
        var ex = Assert.Throws<YamlException>(() => YamlDocuments.Load(Nested(YamlDocuments.MaxDepth + 1)));
        Assert.Contains("nested deeper than 100 levels", ex.Message, StringComparison.Ordinal);
        _ = Assert.Throws<YamlException>(() => YamlDocuments.Load(Nested(25_000)));
    }

    // Found by fuzzing: YamlDotNet skipped past the end of a text whose last line is a directive other than %YAML or
    // %TAG when the text is a multiple of 1024 characters long, about 2^32 characters (40 s for this 1 KB).
    [Theory]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(1000)]
    public void A_text_ending_in_a_directive_line_is_read_to_its_end_and_not_beyond(int length)
    {
        var yaml = "%" + new string('j', length - 4) + "s e";
        Assert.Equal(length, yaml.Length);

        var parser = new Parser(YamlDocuments.Reader(yaml));
        var end = 0L;
        while (parser.MoveNext())
        {
            end = parser.Current!.End.Index;
        }

        Assert.InRange(end, length, length + 1);
        Assert.Empty(YamlDocuments.Load(yaml).Documents);
    }

    [Theory]
    [InlineData("a: &x [1, 2]\nb: *x\nc: { d: *x }")]
    [InlineData("a: &x\n  b: &x one\n  c: *x")]
    public void An_alias_to_an_ended_node_loads(string yaml)
    {
        var root = Assert.IsType<YamlMappingNode>(YamlDocuments.Load(yaml).Documents[0].RootNode);
        Assert.NotEmpty(root.Children);
    }
}
