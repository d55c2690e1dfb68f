using System.Globalization;
using System.Text;

namespace DualHub.Hub.WebConsole.Html;

/// <summary>
/// Builds the console's HTML. Markup comes only from the constant strings of the page code (<see cref="Raw"/>); every
/// value (labels, URLs, errors, names) goes through <see cref="Escape"/>, the one place text becomes HTML.
/// </summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder _sb;

    public HtmlWriter(int capacity = 16 * 1024) => _sb = new StringBuilder(capacity);

    public int Length => _sb.Length;

    /// <summary>Markup written by the page code itself, never a value.</summary>
    public HtmlWriter Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    /// <summary>A value as text (escaped); null writes nothing.</summary>
    public HtmlWriter Text(string? value)
    {
        Escape(_sb, value);
        return this;
    }

    public HtmlWriter Number(double value, string format = "0.###") => Text(value.ToString(format, CultureInfo.InvariantCulture));

    public HtmlWriter Number(long value) => Text(value.ToString(CultureInfo.InvariantCulture));

    /// <summary><c> name="value"</c> with the value escaped.</summary>
    public HtmlWriter Attr(string name, string? value)
    {
        _sb.Append(' ').Append(name).Append("=\"");
        Escape(_sb, value);
        _sb.Append('"');
        return this;
    }

    /// <summary>A link; only http(s) and same-site targets are written as links, anything else as text.</summary>
    public HtmlWriter Link(string? href, string? text)
    {
        if (!IsSafeHref(href))
        {
            return Text(text);
        }

        _sb.Append("<a");
        Attr("href", href);
        _sb.Append('>');
        Escape(_sb, text);
        _sb.Append("</a>");
        return this;
    }

    /// <summary>One table cell holding a value.</summary>
    public HtmlWriter Td(string? value, string? cls = null)
    {
        _sb.Append("<td");
        if (cls is not null)
        {
            Attr("class", cls);
        }

        _sb.Append('>');
        Escape(_sb, value);
        _sb.Append("</td>");
        return this;
    }

    public HtmlWriter Td(long value) => Td(value.ToString(CultureInfo.InvariantCulture), "num");

    public HtmlWriter Td(double value, string format = "0.###") => Td(value.ToString(format, CultureInfo.InvariantCulture), "num");

    /// <summary>A table head row: one <c>th scope="col"</c> per heading.</summary>
    public HtmlWriter HeadRow(params string[] headings)
    {
        _sb.Append("<thead><tr>");
        foreach (var h in headings)
        {
            _sb.Append("<th scope=\"col\">");
            Escape(_sb, h);
            _sb.Append("</th>");
        }

        _sb.Append("</tr></thead>");
        return this;
    }

    /// <summary>A state word in a badge whose class follows the word (ok, warn, bad).</summary>
    public HtmlWriter Badge(string? state)
    {
        var cls = state switch
        {
            "up" or "ok" or "healthy" or "idle" or "sending" or "publishing" or "consuming" or "open" or "reachable" or "active" => "ok",
            "retrying" or "degraded" or "connecting" or "reconnecting" or "suspect" or "unknown" => "warn",
            _ => "bad",
        };
        _sb.Append("<span class=\"badge ").Append(cls).Append("\">");
        Escape(_sb, state);
        _sb.Append("</span>");
        return this;
    }

    /// <summary>An empty-table note spanning <paramref name="columns"/> cells.</summary>
    public HtmlWriter EmptyRow(int columns, string message)
    {
        _sb.Append("<tr><td class=\"empty\" colspan=\"").Append(columns.ToString(CultureInfo.InvariantCulture)).Append("\">");
        Escape(_sb, message);
        _sb.Append("</td></tr>");
        return this;
    }

    public override string ToString() => _sb.ToString();

    /// <summary>Escapes the five characters that matter in text and quoted attributes.</summary>
    public static void Escape(StringBuilder sb, string? value)
    {
        if (value is null)
        {
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '&':
                    sb.Append("&amp;");
                    break;
                case '"':
                    sb.Append("&quot;");
                    break;
                case '\'':
                    sb.Append("&#39;");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
    }

    private static bool IsSafeHref(string? href) =>
        href is not null && (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) || href.StartsWith('#')
            || href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
