using DualHub.Hub.CentralIngest;
using DualHub.Hub.Query;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.Query;

/// <summary>A query API over a view holding one series, <c>m{k="a"}</c> = 1.5 at <see cref="At"/>, read a second later.</summary>
internal static class OneSeriesView
{
    public const long At = 1_700_000_000_000;

    public static QueryApi Create()
    {
        var store = new LatestSampleStore();
        using var b = new SampleBatchBuilder();
        b.Add("m", [new Label("k", "a")], At, 1.5);
        store.Apply(b.Written.Span);
        return new QueryApi(store, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(At + 1000)));
    }
}
