using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>Scrape targets, like Prometheus' /targets: job, endpoint, state, last scrape, duration, samples, error.</summary>
internal static class TargetsSection
{
    public static void Render(HtmlWriter h, HubRuntime hub)
    {
        ConsolePage.Section(h, "targets", "Scrape targets");
        var now = hub.Time.GetUtcNow();
        ConsolePage.Table(h, "Targets this hub scrapes", "Job", "Endpoint", "State", "Last scrape", "Duration", "Samples", "Error");
        var targets = hub.Samples.Targets;
        foreach (var t in targets.OrderBy(t => t.Job, StringComparer.Ordinal).ThenBy(t => t.Url, StringComparer.Ordinal))
        {
            h.Raw("<tr>").Td(t.Job).Raw("<td>").Link(t.Url, t.Url).Raw("</td><td>").Badge(t.LastScrape is null ? "unknown" : t.Up ? "up" : "down").Raw("</td>")
                .Td(Units.Ago(t.LastScrape, now)).Td(Units.Seconds(t.LastDurationSeconds), "num").Td(t.LastSamples).Td(t.LastError, "err").Raw("</tr>");
        }

        if (targets.Count == 0)
        {
            h.EmptyRow(7, "No scrape_configs on this hub.");
        }

        ConsolePage.EndTable(h);
        h.Raw("</section>");
    }
}
