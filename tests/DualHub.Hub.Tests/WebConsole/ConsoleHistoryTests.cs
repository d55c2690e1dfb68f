using System.Text;
using System.Text.Json;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.WebConsole.History;

namespace DualHub.Hub.Tests.WebConsole;

public sealed class ConsoleHistoryTests
{
    [Fact]
    public void Keeps_the_last_hour_and_leaves_gaps_for_series_that_start_later()
    {
        var history = new ConsoleHistory();
        for (var i = 0; i < ConsoleHistory.Capacity + 5; i++)
        {
            var values = new Dictionary<string, double> { ["lag/central"] = i };
            if (i == ConsoleHistory.Capacity + 4)
            {
                values["push_rate/a"] = 2;
            }

            history.Add(i * 10, values);
        }

        var root = Parse(history);
        var t = root.GetProperty("t").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Equal(ConsoleHistory.Capacity, t.Count);
        Assert.Equal(50, t[0]);
        Assert.Equal((ConsoleHistory.Capacity + 4) * 10, t[^1]);
        Assert.Equal(5, root.GetProperty("series").GetProperty("lag/central")[0].GetDouble());
        var rate = root.GetProperty("series").GetProperty("push_rate/a").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, rate[0].ValueKind);
        Assert.Equal(2, rate[^1].GetDouble());
    }

    [Fact]
    public void A_series_without_a_value_for_the_whole_hour_is_dropped()
    {
        var history = new ConsoleHistory();
        history.Add(0, new Dictionary<string, double> { ["lag/central"] = 0, ["push_rate/gone"] = 1 });
        for (var i = 1; i < ConsoleHistory.Capacity; i++)
        {
            history.Add(i * 10, new Dictionary<string, double> { ["lag/central"] = i });
        }

        // Its one value is still in the hour.
        Assert.Equal(2, history.SeriesCount);
        Assert.Equal(1, Parse(history).GetProperty("series").GetProperty("push_rate/gone")[0].GetDouble());

        history.Add(ConsoleHistory.Capacity * 10, new Dictionary<string, double> { ["lag/central"] = 1 });
        Assert.Equal(1, history.SeriesCount);
        Assert.False(Parse(history).GetProperty("series").TryGetProperty("push_rate/gone", out _));
    }

    [Fact]
    public void Outage_absorbable_is_the_age_limit_or_sooner_the_size_limit()
    {
        var f = new SampleJournalFigures(0, 0, 0, TimeSpan.FromHours(1), 1 << 20);
        Assert.Equal(TimeSpan.FromHours(1), f.OutageAbsorbable(0));
        Assert.Equal(TimeSpan.FromHours(1), f.OutageAbsorbable(100));
        Assert.Equal(TimeSpan.FromSeconds(1024), f.OutageAbsorbable(1024));
    }

    private static JsonElement Parse(ConsoleHistory history)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            history.WriteJson(w);
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(ms.ToArray())).RootElement.Clone();
    }
}
