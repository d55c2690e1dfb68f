namespace DualHub.Hub.WebConsole.Html;

/// <summary>
/// The page around the sections: landmarks (header, nav, main, footer), the stylesheet and scripts (all served by the
/// hub itself), and the live part (<c>#live</c>) that the script replaces from <see cref="ConsoleEndpoints.FragmentPath"/>.
/// Without JavaScript the page is complete and reloads itself every 30 s.
/// </summary>
internal static class ConsolePage
{
    public static void Open(HtmlWriter h, string title, string page, IReadOnlyList<(string Id, string Label)> sections)
    {
        h.Raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text(title).Raw("</title>")
            .Raw("<noscript><meta http-equiv=\"refresh\" content=\"30\"></noscript>")
            .Raw("<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/console/assets/uPlot.min.css\"><link rel=\"stylesheet\" href=\"/console/assets/console.css\">")
            .Raw("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a><header><h1>").Text(title).Raw("</h1><nav aria-label=\"Sections\"><ul>");
        foreach (var (id, label) in sections)
        {
            h.Raw("<li>").Link("#" + id, label).Raw("</li>");
        }

        h.Raw("</ul></nav></header><main id=\"main\"><section id=\"charts\" aria-labelledby=\"charts-h\"><h2 id=\"charts-h\">Last hour</h2>")
            .Raw("<p class=\"note\" id=\"charts-note\">Charts need JavaScript; the tables below are complete without it.</p><div id=\"chart-area\"></div></section>")
            .Raw("<div id=\"live\" aria-live=\"off\"").Attr("data-page", page).Raw(">");
    }

    public static void Close(HtmlWriter h, DateTimeOffset renderedAt)
    {
        h.Raw("<p class=\"note\">Rendered ").Text(Units.Time(renderedAt)).Raw(".</p></div></main><footer><p>DualHub ").Text(Telemetry.SelfMetrics.Version)
            .Raw(" · <a href=\"/health\">/health</a> · <a href=\"/metrics\">/metrics</a> · charts by uPlot 1.6.32 (<a href=\"/console/assets/uPlot.LICENSE\">MIT licence</a>)</p></footer>")
            .Raw("<script src=\"/console/assets/uPlot.iife.min.js\"></script><script src=\"/console/assets/console.js\"></script></body></html>");
    }

    /// <summary>Starts a section with its heading (the id is the nav's anchor).</summary>
    public static void Section(HtmlWriter h, string id, string heading)
    {
        h.Raw("<section").Attr("id", id).Attr("aria-labelledby", id + "-h").Raw("><h2").Attr("id", id + "-h").Raw(">").Text(heading).Raw("</h2>");
    }

    /// <summary>Starts a table with a caption (screen readers announce it) and its column headings.</summary>
    public static void Table(HtmlWriter h, string caption, params string[] headings)
    {
        h.Raw("<div class=\"scroll\"><table><caption>").Text(caption).Raw("</caption>").HeadRow(headings).Raw("<tbody>");
    }

    public static void EndTable(HtmlWriter h) => h.Raw("</tbody></table></div>");
}
