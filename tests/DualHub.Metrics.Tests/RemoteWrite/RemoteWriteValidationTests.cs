using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Metrics.Tests.RemoteWrite;

public class RemoteWriteValidationTests
{
    private static string? Validate(params Label[] labels)
    {
        var request = new WriteRequest();
        request.Series.Add(new TimeSeries { Labels = [new("__name__", "ok"), new("job", "j")] });
        request.Series.Add(new TimeSeries { Labels = labels, Samples = [new(1, 1)] });
        return RemoteWriteValidation.Validate(request);
    }

    [Fact]
    public void Valid_series_pass()
    {
        Assert.Null(Validate(new("__name__", "up"), new("instance", "a:1"), new("job", "j")));
    }

    [Theory]
    [InlineData("series 1: labels not sorted: \"instance\" after \"job\"", "__name__=up", "job=j", "instance=i")]
    [InlineData("series 1: duplicate label name \"job\"", "__name__=up", "job=j", "job=k")]
    [InlineData("series 1: empty label name", "=x", "__name__=up")]
    [InlineData("series 1: empty value for label \"job\"", "__name__=up", "job=")]
    [InlineData("series 1: no __name__ label", "job=j")]
    [InlineData("series 1: invalid label name \"a-b\"", "__name__=up", "a-b=1")]
    [InlineData("series 1: invalid metric name \"1up\"", "__name__=1up")]
    public void Invalid_series_give_the_reason(string expected, params string[] pairs)
    {
        var labels = pairs.Select(p => p.Split('=', 2)).Select(p => new Label(p[0], p[1])).ToArray();
        Assert.Equal(expected, Validate(labels));
    }
}
