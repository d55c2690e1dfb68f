using DualHub.Core.Yaml;

namespace DualHub.Core.Tests.Yaml;

public sealed class YamlBoolTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("Y", true)]
    [InlineData("false", false)]
    [InlineData("No", false)]
    [InlineData("OFF", false)]
    [InlineData("n", false)]
    public void Reads_the_yaml_1_1_booleans_go_reads(string text, bool expected) => Assert.Equal(expected, YamlBool.Parse(text));

    [Theory]
    [InlineData("tRUE")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(" true")]
    [InlineData("maybe")]
    [InlineData(null)]
    public void Anything_else_is_not_a_boolean(string? text) => Assert.Null(YamlBool.Parse(text));
}
