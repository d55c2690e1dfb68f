using DualHub.Cli.Render;

namespace DualHub.Cli.Tests.Render;

public sealed class StoreSelectionTests
{
    [Fact]
    public void No_store_option_is_the_single_node_on_MainPC()
    {
        var store = StoreSelection.From(null, null, null, null, "0", "90d");
        Assert.Null(store.External);
        Assert.Equal("90d", store.Retention);
    }

    [Fact]
    public void Any_store_is_its_two_urls_as_given()
    {
        var store = StoreSelection.From("http://prom:9090/api/v1/write", "http://prom:9090", null, null, "0", "30d");
        Assert.Equal(new Uri("http://prom:9090/api/v1/write"), store.External!.WriteUrl);
        Assert.Equal(new Uri("http://prom:9090"), store.External.QueryUrl);
        Assert.Null(store.External.ResendWindow);
    }

    [Fact]
    public void A_cluster_is_vminsert_and_vmselect_of_the_tenant()
    {
        var store = StoreSelection.From(null, null, "http://h:8480", "http://h:8481", "0", "30d");
        Assert.Equal(new Uri("http://h:8480/insert/0/prometheus/api/v1/write"), store.External!.WriteUrl);
        Assert.Equal(new Uri("http://h:8481/select/0/prometheus"), store.External.QueryUrl);
    }

    [Theory]
    [InlineData("http://a/w", null, null, null, "0", "30d", "--store-query-url is missing")]
    [InlineData("http://a/w", "http://a", "http://h:8480", null, "0", "30d", "two different stores")]
    [InlineData(null, null, "http://h:8480", "ftp://h", "0", "30d", "--vmselect 'ftp://h' is not an http(s) URL")]
    [InlineData(null, null, "http://h:8480", "http://h:8481", "a/../b", "30d", "--vm-tenant 'a/../b'")]
    [InlineData(null, null, null, null, "0", "30 days", "--store-retention '30 days'")]
    public void A_bad_or_half_store_option_is_an_error_naming_it(string? write, string? query, string? vminsert, string? vmselect, string tenant, string retention, string message)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => StoreSelection.From(write, query, vminsert, vmselect, tenant, retention));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
