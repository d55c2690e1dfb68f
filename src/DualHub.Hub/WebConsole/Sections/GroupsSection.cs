using System.Text;
using DualHub.Hub.WebConsole.Html;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.GroupingKeys;
using DualHub.Metrics.Model;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>
/// Pushed groups, like the Pushgateway's page: grouping labels, last push, last failure, and each group's metrics
/// (the first <see cref="SeriesShown"/> series of a family). A delete button only when the admin API is enabled.
/// </summary>
internal static class GroupsSection
{
    public const int SeriesShown = 20;

    public static void Render(HtmlWriter h, HubRuntime hub)
    {
        ConsolePage.Section(h, "groups", "Pushed groups");
        var now = hub.NowMs;
        var groups = hub.Store.Snapshot().Where(g => !g.IsExpired(now)).OrderBy(g => g.Id.Key, StringComparer.Ordinal).ToList();
        h.Raw("<p>").Number(groups.Count).Raw(" groups, ").Number(hub.Store.SeriesTotal).Raw(" series.</p>");
        foreach (var g in groups)
        {
            h.Raw("<details class=\"group\"><summary>");
            Labels(h, g.Id.Labels);
            h.Raw(" <span class=\"meta\">last push ").Text(Units.TimeFromNanos(g.PushTimeNanos)).Raw(", last failure ").Text(Units.TimeFromNanos(g.FailureTimeNanos))
                .Raw(", ").Number(g.SeriesCount).Raw(" series</span> ").Badge(g.LastPushSuccessful ? "ok" : "failed").Raw("</summary>");
            if (hub.Options.EnableAdminApi && g.Id.Get("job") is { Length: > 0 })
            {
                h.Raw("<form method=\"post\" action=\"/console/delete\"><input type=\"hidden\" name=\"group\"").Attr("value", GroupingKey.ToPath(g.Id.Labels))
                    .Raw("><button type=\"submit\">Delete group</button></form>");
            }

            foreach (var (name, sf) in g.Families.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var f = sf.Family;
                h.Raw("<h3>").Text(name).Raw(" <span class=\"meta\">").Text(f.Type.ToString().ToLowerInvariant()).Raw(", ").Number(f.Metrics.Count).Raw(" series</span></h3>");
                if (f.Help.Length > 0)
                {
                    h.Raw("<p class=\"help\">").Text(f.Help).Raw("</p>");
                }

                h.Raw("<ul class=\"series\">");
                foreach (var m in f.Metrics.Take(SeriesShown))
                {
                    h.Raw("<li><code>").Text(Series(name, m, f.Type)).Raw("</code></li>");
                }

                if (f.Metrics.Count > SeriesShown)
                {
                    h.Raw("<li>… and ").Number(f.Metrics.Count - SeriesShown).Raw(" more (see /metrics)</li>");
                }

                h.Raw("</ul>");
            }

            h.Raw("</details>");
        }

        if (groups.Count == 0)
        {
            h.Raw("<p class=\"empty\">Nothing pushed to this hub.</p>");
        }

        h.Raw("</section>");
    }

    private static void Labels(HtmlWriter h, Label[] labels)
    {
        foreach (var l in labels)
        {
            h.Raw("<span class=\"label\">").Text(l.Name).Raw("=\"").Text(l.Value).Raw("\"</span> ");
        }
    }

    private static string Series(string name, Metric m, MetricType type)
    {
        var sb = new StringBuilder(name);
        if (m.Labels.Length > 0)
        {
            sb.Append('{').AppendJoin(',', m.Labels.Select(l => l.Name + "=\"" + l.Value + "\"")).Append('}');
        }

        sb.Append(' ');
        sb.Append(type switch
        {
            MetricType.Summary or MetricType.Histogram or MetricType.GaugeHistogram => "count " + GoFloat.FormatG(m.Count) + " sum " + GoFloat.FormatG(m.Sum),
            _ => GoFloat.FormatG(m.Value),
        });
        return sb.ToString();
    }
}
