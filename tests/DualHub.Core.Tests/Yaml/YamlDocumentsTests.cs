using DualHub.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Core.Tests.Yaml;

public sealed class YamlDocumentsTests
{
    [Theory]
    [InlineData("a: &x [*x]")]
    [InlineData("a: &x { b: *x }")]
    [InlineData("&x { *x : 1 }")]
    [InlineData("a: &x\n  b:\n    - c: [1, *x]")]
    public void An_alias_inside_the_node_it_names_is_refused_at_the_alias(string yaml)
    {
        // Found by fuzzing: YamlDotNet builds a node containing itself and overflows the stack hashing it.
        var ex = Assert.Throws<YamlException>(() => YamlDocuments.Load(yaml));
        Assert.Contains("alias *x refers to a node that contains it", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: *x\nb: &x 1")]
    [InlineData("a: &x 1\n---\nb: *x")]
    [InlineData("? *x\n: &x { *x : 1 }")]
    public void An_alias_before_its_anchor_is_refused_at_the_alias(string yaml)
    {
        // Found by fuzzing: YamlDotNet keeps a placeholder for the later anchor that can compare itself for ever.
        var ex = Assert.Throws<YamlException>(() => YamlDocuments.Load(yaml));
        Assert.Contains("alias *x refers to no anchor before it in the document", ex.Message, StringComparison.Ordinal);
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
