using System.Text;
using DualHub.Metrics.GroupingKeys;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Tests.GroupingKeys;

public class GroupingKeyTests
{
    public static TheoryData<string, string> ValidPaths => new()
    {
        { "job/batch", "job=batch" },
        { "job/batch/instance/a", "instance=a,job=batch" },
        { "job/x/job/y", "job=x" },
        { "job@base64/dGVzdC9qb2I=", "job=test/job" },
        { "job@base64/dGVzdC9qb2I", "job=test/job" },
        { "job/j/path@base64/L3Zhci90bXA", "job=j,path=/var/tmp" },
        { "job/j/path@base64/L3Zhci90bXA=", "job=j,path=/var/tmp" },
        { "job/j/a@base64/=", "a=,job=j" },
        { "job/j/a@base64/==", "a=,job=j" },
        { "job/j/x/", "job=j,x=" },
        { "job/j/", "job=j" },
        { "job/j/b/2/a/1", "a=1,b=2,job=j" },
        { "job/a+b/c/d e", "c=d e,job=a+b" },
        { "job/j/foo/Zm9vL2Jhcg", "foo=Zm9vL2Jhcg,job=j" },
        { "job/j/first@base64/L2Zvbw/last@base64/YmFyLw", "first=/foo,job=j,last=bar/" },
    };

    public static TheoryData<string, string> InvalidPaths => new()
    {
        { "job/j/x", "odd number of components in label string \"/x\"" },
        { "job/j/a/b/c", "odd number of components in label string \"/a/b/c\"" },
        { "job/j/__x/1", "improper label name \"__x\"" },
        { "job/j/a=b/1", "improper label name \"a=b\"" },
        { "job/j/1a/1", "improper label name \"1a\"" },
        { "job/j/__x@base64/AA", "improper label name \"__x\"" },
        { "job@base64/=", "job name is required" },
        { "job/", "job name is required" },
        { "metrics", "job name is required" },
        { "job/j/foo@base64/foo.bar", "invalid base64 encoding for label foo=\"foo.bar\": illegal base64 data at input byte 3" },
        { "job@base64/a.b", "invalid base64 encoding in job name \"\": illegal base64 data at input byte 1" },
        { "job@base64/YWJjZA.b", "invalid base64 encoding in job name \"abc\": illegal base64 data at input byte 6" },
        { "job/j/a@base64/A", "invalid base64 encoding for label a=\"A\": illegal base64 data at input byte 0" },
    };

    [Theory]
    [MemberData(nameof(ValidPaths))]
    public void TryParsePath_accepts_pushgateway_paths(string path, string expected)
    {
        Assert.True(GroupingKey.TryParsePath(path, out var labels, out var error), error);
        Assert.Equal(expected, string.Join(',', labels.Select(l => $"{l.Name}={l.Value}")));
    }

    [Theory]
    [MemberData(nameof(InvalidPaths))]
    public void TryParsePath_rejects_with_pushgateway_message(string path, string expectedError)
    {
        Assert.False(GroupingKey.TryParsePath(path, out var labels, out var error));
        Assert.Null(labels);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void TryParsePath_rejects_base64_value_that_is_not_utf8()
    {
        // 0xFF 0xFE
        Assert.False(GroupingKey.TryParsePath("job/j/a@base64/__4", out _, out var error));
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }

    // As Pushgateway 1.5.1 answers (checked against it): a repeated label keeps its last value, and only kept values are
    // checked for UTF-8, so a value that is not UTF-8 and is set again later is never refused.
    [Theory]
    [InlineData("job/x/a/%FF/a/b", "a=b,job=x")]
    [InlineData("job/x/a/%FF/a@base64/Yg", "a=b,job=x")]
    [InlineData("job/x/job/%FF", "job=x")]
    [InlineData("job/x/a/%FF%FE/b/%C3%A4/a/c", "a=c,b=ä,job=x")]
    public void TryParseEscapedPath_accepts_a_non_utf8_value_that_a_later_pair_replaces(string path, string expected)
    {
        Assert.True(GroupingKey.TryParseEscapedPath(path, out var labels, out var error), error);
        Assert.Equal(expected, string.Join(',', labels.Select(l => $"{l.Name}={l.Value}")));
    }

    [Theory]
    [InlineData("job/x/a/%FF")]
    [InlineData("job/x/a/%FF/b/c")]
    [InlineData("job/x/b/c/a/%FF")]
    [InlineData("job/%FF/a/b")]
    [InlineData("job/x/a@base64/%FF/a/b")]
    [InlineData("job/x/%FF/v/a/b")]
    public void TryParseEscapedPath_refuses_a_non_utf8_segment_that_is_kept_or_not_a_plain_value(string path)
    {
        Assert.False(GroupingKey.TryParseEscapedPath(path, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("job=j", "job/j")]
    [InlineData("job=j,instance=", "job/j/instance@base64/=")]
    [InlineData("job=a/b,z=1,a=x y", "job@base64/YS9i/a/x%20y/z/1")]
    [InlineData("job=j,p=/var/tmp", "job/j/p@base64/L3Zhci90bXA")]
    [InlineData("job=j,q=a?b;cd+e:f=g@h$i&j~k", "job/j/q/a%3Fb%3Bcd+e:f=g@h$i&j~k")]
    [InlineData("job=j,u=ä", "job/j/u/%C3%A4")]
    public void ToPath_encodes_like_client_golang(string labelText, string expectedPath)
    {
        var labels = labelText.Split(',').Select(p => p.Split('=', 2)).Select(p => new Label(p[0], p[1])).ToArray();
        var path = GroupingKey.ToPath(labels);
        Assert.Equal(expectedPath, path);

        Assert.True(GroupingKey.TryParsePath(Uri.UnescapeDataString(path), out var back, out var error), error);
        Assert.Equal(labels.OrderBy(l => l.Name, StringComparer.Ordinal), back);
    }

    [Fact]
    public void ToPath_requires_a_job()
    {
        Assert.Throws<ArgumentException>(() => GroupingKey.ToPath([new Label("instance", "i")]));
        Assert.Throws<ArgumentException>(() => GroupingKey.ToPath([new Label("job", "")]));
    }

    [Fact]
    public void Canonical_key_sorts_pairs_and_matches_pushgateway_bytes()
    {
        Label[] labels = [new("job", "j"), new("instance", "i")];
        Label[] reordered = [new("instance", "i"), new("job", "j")];
        Assert.Equal(GroupingKey.ToCanonicalString(labels), GroupingKey.ToCanonicalString(reordered));
        Assert.Equal("instance\uFFFFi\uFFFFjob\uFFFFj", GroupingKey.ToCanonicalString(labels));
        Assert.Equal(Encoding.Latin1.GetBytes("instance\u00FFi\u00FFjob\u00FFj"), GroupingKey.ToCanonicalBytes(labels));
        Assert.Empty(GroupingKey.ToCanonicalString([]));
    }

    [Fact]
    public void Canonical_key_is_not_ambiguous()
    {
        Assert.NotEqual(
            GroupingKey.ToCanonicalString([new("a", "b\u00FFc"), new("job", "j")]),
            GroupingKey.ToCanonicalString([new("a", "b"), new("c", ""), new("job", "j")]));
    }
}
