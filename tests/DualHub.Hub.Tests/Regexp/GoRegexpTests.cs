using System.Text.RegularExpressions;
using DualHub.Hub.Regexp;

namespace DualHub.Hub.Tests.Regexp;

public sealed class GoRegexpTests
{
    [Theory]

    // Anchored at both ends; '$' is the end of the text only.
    [InlineData("f|o", "foo", false)]
    [InlineData("foo", "foo\n", false)]
    [InlineData("fo+$", "foo\n", false)]
    [InlineData("^a$", "a", true)]

    // ASCII classes, POSIX classes and quoting.
    [InlineData(@"\d+", "١٢", false)]
    [InlineData(@"\d+", "12", true)]
    [InlineData(@"\w+", "é", false)]
    [InlineData(@"[[:alpha:]]+", "abC", true)]
    [InlineData(@"[[:digit:]_]+", "1_2", true)]
    [InlineData(@"\Qa.b\E", "a.b", true)]
    [InlineData(@"\Qa.b\E", "axb", false)]
    public void Matches_the_whole_value_with_re2_meaning(string pattern, string input, bool expected) =>
        Assert.Equal(expected, new GoRegexp(pattern).IsMatch(input));

    [Theory]
    [InlineData("(?P<x>a)(b)", "$1-$2-$x", "a-b-a")]
    [InlineData("(a)(?P<y>b)", "${2}${y}$$", "bb$")]
    [InlineData("(a)(b)", "$1x", "")]
    [InlineData("(a)(b)", "${1}x", "ax")]
    [InlineData("(a)(b)", "$01", "")]
    [InlineData("(a)(b)", "$", "$")]
    [InlineData("(a)(b)", "${", "${")]
    [InlineData("(a)(b)", "$9", "")]
    public void Expands_templates_as_go_regexp_expand(string pattern, string template, string expected)
    {
        var re = new GoRegexp(pattern);
        Assert.Equal(expected, re.Expand(template, re.Match("ab")!));
    }

    [Theory]
    [InlineData("(a")]
    [InlineData("a(?=b)")]
    [InlineData("a(?!b)")]
    [InlineData("(a)\\1")]
    [InlineData("(?>a)")]
    public void A_pattern_re2_refuses_is_an_argument_exception(string pattern) =>
        Assert.ThrowsAny<ArgumentException>(() => new GoRegexp(pattern));

    // RE2 matches in linear time; a backtracking engine gives up on this one (its timeout) and would answer no.
    [Fact]
    public void A_pattern_with_nested_loops_still_matches_as_re2_does()
    {
        var regexp = new GoRegexp("(a+)+b|(a*)");
        var value = new string('a', 64);

        Assert.True(regexp.IsMatch(value));
        Assert.Equal(value, regexp.Expand("$2", regexp.Match(value)!));
    }

    [Fact]
    public void Default_is_dollar_one_of_everything()
    {
        Assert.True(GoRegexp.Default.IsDefault);
        Assert.Equal("x;y", GoRegexp.Default.Expand("$1", GoRegexp.Default.Match("x;y")!));
        Assert.IsType<Match>(GoRegexp.Default.Match(string.Empty));
    }
}
