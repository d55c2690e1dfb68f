using DualHub.Hub.Options;
using static DualHub.Hub.Tests.TestData;

namespace DualHub.Hub.Tests.Push.Ingest;

public sealed class PushPreparerTests
{
    [Fact]
    public void Grouping_labels_override_body_labels_and_instance_is_added()
    {
        var p = Prepare("a{job=\"body\",x=\"1\"} 1\n", Group("job", "path"));
        var labels = p.Families[0].Metrics[0].Labels;
        Assert.Equal(["instance=", "job=path", "x=1"], labels.Select(l => $"{l.Name}={l.Value}"));
    }

    [Fact]
    public void Body_instance_is_kept_when_the_key_has_none()
    {
        var p = Prepare("a{instance=\"i\"} 1\n", Group("job", "j"));
        Assert.Equal(["instance=i", "job=j"], p.Families[0].Metrics[0].Labels.Select(l => $"{l.Name}={l.Value}"));
    }

    [Fact]
    public void Timestamps_reject_the_push()
    {
        Assert.Equal("pushed metrics must not have timestamps", Prepare("a 1\nb 1 123\n", Group("job", "j")).Rejection);
    }

    [Fact]
    public void Reserved_label_names_and_duplicates_in_a_push_are_rejected()
    {
        Assert.EndsWith("has a label with an invalid name: __a", Prepare("x{__a=\"1\"} 1\n", Group("job", "j")).Rejection);
        Assert.EndsWith("was collected before with the same name and label values", Prepare("y 1\ny 2\n", Group("job", "j")).Rejection);
    }

    [Fact]
    public void Pushed_push_time_families_are_dropped()
    {
        var p = Prepare("push_time_seconds 5\npush_failure_time_seconds 5\nother 1\n", Group("job", "j"));
        Assert.Equal(["other"], p.Families.Select(f => f.Name));
    }

    [Fact]
    public void Limits_name_the_label_and_the_option()
    {
        var limits = new LimitsOptions { MaxLabelNameLength = 8, MaxLabelValueLength = 3, MaxLabelsPerSeries = 4, MaxSeriesPerPush = 2 };
        Assert.Contains("label name \"toolongname\"", Prepare("a{toolongname=\"1\"} 1\n", Group("job", "j"), limits).LimitError);
        Assert.Contains("value of label \"v\"", Prepare("a{v=\"1234\"} 1\n", Group("job", "j"), limits).LimitError);
        Assert.Contains("limits.max_labels_per_series", Prepare("a{a=\"1\",b=\"1\",c=\"1\"} 1\n", Group("job", "j"), limits).LimitError);
        Assert.Contains("limits.max_series_per_push", Prepare("a 1\nb 1\nc 1\n", Group("job", "j"), limits).LimitError);
    }

    [Fact]
    public void An_empty_push_meets_the_limits_with_its_grouping_labels_which_its_push_time_gauges_carry()
    {
        var limits = new LimitsOptions { MaxLabelNameLength = 8, MaxLabelValueLength = 3, MaxLabelsPerSeries = 4, MaxSeriesPerPush = 2 };
        Assert.Contains("limits.max_labels_per_series", Prepare("", Group("job", "j", "a", "1", "b", "1", "c", "1"), limits).LimitError);
        Assert.Contains("label name \"toolongname\" of push_time_seconds", Prepare("", Group("job", "j", "toolongname", "1"), limits).LimitError);
        Assert.Contains("value of label \"job\" of push_time_seconds", Prepare("", Group("job", "long"), limits).LimitError);
        Assert.Null(Prepare("", Group("job", "j", "a", "1"), limits).LimitError);
    }

    [Fact]
    public void Metrics_are_sorted_fewer_labels_first_then_by_values()
    {
        var p = Prepare("m{b=\"2\"} 1\nm{a=\"z\",b=\"1\"} 1\nm{a=\"a\",b=\"9\"} 1\nm{b=\"1\"} 1\n", Group("job", "j"));
        var order = p.Families[0].Metrics.Select(m => string.Join(",", m.Labels.Select(l => l.Value)));
        Assert.Equal(["1,,j", "2,,j", "a,9,,j", "z,1,,j"], order);
    }
}
