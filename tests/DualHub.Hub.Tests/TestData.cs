using System.Text;
using DualHub.Hub.Push.Ingest;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Tests;

/// <summary>Builds pushes the way the HTTP handler does: parse text, prepare against a grouping key.</summary>
internal static class TestData
{
    public static readonly IReadOnlyDictionary<string, MetricType> Self = new Dictionary<string, MetricType>
    {
        ["process_start_time_seconds"] = MetricType.Gauge,
    };

    public static GroupId Group(params string[] pairs)
    {
        var labels = new List<Label>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            labels.Add(new Label(pairs[i], pairs[i + 1]));
        }

        return GroupId.From(labels);
    }

    public static PrepareResult Prepare(string text, GroupId group, LimitsOptions? limits = null) =>
        PushPreparer.Prepare(TextParser.Parse(Encoding.UTF8.GetBytes(text)), group, limits ?? new LimitsOptions());

    public static StoreOp Put(GroupId group, string text, long time = 1_000_000_000) => Op(OpKind.Put, group, text, time);

    public static StoreOp Post(GroupId group, string text, long time = 1_000_000_000) => Op(OpKind.Post, group, text, time);

    public static StoreOp Op(OpKind kind, GroupId group, string text, long time, long ttlMs = 0)
    {
        var p = Prepare(text, group);
        Assert.Null(p.LimitError);
        Assert.Null(p.Rejection);
        return new StoreOp(kind, group, time, p.Families, ttlMs);
    }

    /// <summary>Checks then applies, like the writer; returns the check result.</summary>
    public static CheckResult Submit(PushStore store, StoreOp op)
    {
        var r = store.Check(op);
        if (r.Status == CheckStatus.Ok)
        {
            store.Apply(op);
        }
        else if (r.Status == CheckStatus.Inconsistent)
        {
            store.Apply(new StoreOp(OpKind.Failure, op.Group, op.TimeNanos));
        }

        return r;
    }

    /// <summary>Every series of the store as <c>name{labels} value</c> lines, sorted.</summary>
    public static List<string> Dump(PushStore store)
    {
        var lines = new List<string>();
        foreach (var g in store.Snapshot())
        {
            lines.Add($"group {g.Id} push={g.PushTimeNanos} fail={g.FailureTimeNanos} expires={g.ExpiresAtMs}");
            foreach (var sf in g.Families.Values)
            {
                foreach (var m in sf.Family.Metrics)
                {
                    var labels = string.Join(",", m.Labels.Select(l => $"{l.Name}=\"{l.Value}\""));
                    lines.Add($"{sf.Family.Name}:{sf.Family.Type}{{{labels}}} {m.Value} {m.Count} {m.Sum} q{m.Quantiles.Length} b{m.Buckets.Length} @{sf.TimeNanos}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
