using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.Tests.WebConsole;

public sealed class HtmlWriterTests
{
    [Fact]
    public void Values_are_escaped_in_text_and_attributes()
    {
        var h = new HtmlWriter();
        h.Raw("<p").Attr("title", "\"><script>x</script>").Raw(">").Text("<script>alert('1')</script> & co").Raw("</p>");
        Assert.Equal("<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt; &amp; co</p>", h.ToString());
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/x")]
    [InlineData("data:text/html,x")]
    public void Only_http_and_same_site_targets_become_links(string href)
    {
        var h = new HtmlWriter();
        h.Link(href, "x<y");
        Assert.Equal("x&lt;y", h.ToString());
    }

    [Fact]
    public void A_cell_and_a_link_escape_their_values()
    {
        var h = new HtmlWriter();
        h.Td("<b>").Link("http://h:1/?a=1&b=<2>", "<i>");
        Assert.Equal("<td>&lt;b&gt;</td><a href=\"http://h:1/?a=1&amp;b=&lt;2&gt;\">&lt;i&gt;</a>", h.ToString());
    }
}
