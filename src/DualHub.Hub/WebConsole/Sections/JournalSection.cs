using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>
/// The sample journal (size, oldest unsent, retention, and how long an upstream outage it absorbs at the current ingest
/// rate) and the push journal.
/// </summary>
internal static class JournalSection
{
    public static void Render(HtmlWriter h, HubRuntime hub)
    {
        ConsolePage.Section(h, "journal", "Journals");
        var f = hub.Samples.JournalFigures;
        var rate = hub.Console.IngestBytesPerSecond;
        var oldest = hub.Samples.Upstreams.Select(u => u.LagSeconds).Append(hub.Nats?.PublishStatus?.LagSeconds ?? 0).Max();
        var absorbs = f.OutageAbsorbable(rate);
        h.Raw("<dl class=\"facts\">");
        Fact(h, "Sample journal size", Units.Bytes(f.RetainedBytes) + " (last record " + f.LastSequence + ")");
        Fact(h, "Oldest unsent record", oldest > 0 ? Units.Seconds(oldest) + " old" : "none: every upstream is up to date");
        Fact(h, "Retention", Units.Duration(f.MaxAge) + " or " + Units.Bytes(f.MaxBytes) + ", whichever is reached first");
        Fact(h, "Ingest rate", Units.Bytes(rate) + "/s over the last " + History.ConsoleHistory.Interval.TotalSeconds + " s");
        Fact(h, "Upstream outage it absorbs", Units.Duration(absorbs) + (absorbs < f.MaxAge ? " (the size limit is reached first at this rate)" : " (the age limit)")
            + " before retention drops unsent samples");
        var j = hub.Journal.State;
        Fact(h, "Push journal", Units.Bytes(j.SizeBytes) + ", " + j.Synchronous + " sync, " + j.TotalCommits + " commits, last compaction " + (j.LastCompaction ?? "never"));
        if (hub.Writer.Failure is { } failure)
        {
            Fact(h, "Push journal error", failure);
        }

        h.Raw("</dl></section>");
    }

    public static void Fact(HtmlWriter h, string name, string? value) => h.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");
}
