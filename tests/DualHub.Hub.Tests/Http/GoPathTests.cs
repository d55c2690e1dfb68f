using DualHub.Hub.Http;
using DualHub.Metrics.Formatting;

namespace DualHub.Hub.Tests.Http;

public sealed class GoPathTests
{
    [Theory]
    [InlineData("/metrics/job/j/x//y/z", "/metrics/job/j/x/y/z")]
    [InlineData("/metrics/job/j/x/", "/metrics/job/j/x/")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("//", "/")]
    [InlineData("/metrics", "/metrics")]
    public void Clean_matches_go_servemux(string input, string expected) => Assert.Equal(expected, GoPath.Clean(input));

    [Theory]
    [InlineData("/a%2Fb", "/a/b")]
    [InlineData("/a+b", "/a+b")]
    [InlineData("/a%20b", "/a b")]
    [InlineData("/%C3%A9", "/é")]
    public void Unescape_decodes_like_go(string raw, string expected)
    {
        Assert.True(GoPath.TryUnescape(raw, out var decoded));
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("/metrics/jOb/x", "/metrics/job/x")]
    [InlineData("/METRICS/JOB/X/Instance/A", "/metrics/job/X/Instance/A")]
    [InlineData("/metrics/Job@Base64/eA", "/metrics/job@base64/eA")]
    [InlineData("/metrics/job/x", null)]
    [InlineData("/metrics/JOB/", null)]
    [InlineData("/metrics/jobs/x", null)]
    public void Push_paths_differing_in_case_are_fixed_as_httprouter_does(string path, string? expected) =>
        Assert.Equal(expected, GoPath.FixPushPathCase(path)); // found by the Pushgateway agreement bench

    [Fact]
    public void Bad_escape_is_refused() => Assert.False(GoPath.TryUnescape("/a%zz", out _));

    [Theory]
    [InlineData(1e6, "1e+06")]
    [InlineData(123456, "123456")]
    [InlineData(1795764809.7641573, "1.7957648097641573e+09")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(0, "0")]
    public void GoFloat_formats_like_fmt_sprint(double v, string expected) => Assert.Equal(expected, GoFloat.FormatG(v));
}
