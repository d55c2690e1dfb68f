using System.Text.RegularExpressions;
using DualHub.Cli.Up;

namespace DualHub.Cli.Render;

/// <summary>
/// Which store <c>dualhub render</c> wires CentralHub to: the single node it runs on MainPC (the default), any
/// remote-write plus Prometheus-query service by its two URLs, or a VictoriaMetrics cluster by its vminsert and
/// vmselect bases and tenant.
/// </summary>
internal sealed partial record StoreSelection(StoreEndpoints? External, string Retention)
{
    public static StoreSelection SingleNode(string retention = UpStore.DefaultRetention) => new(null, retention);

    /// <summary>The selection from <c>render</c>'s options; throws <see cref="InvalidOperationException"/> naming a bad or missing one.</summary>
    public static StoreSelection From(string? writeUrl, string? queryUrl, string? vminsert, string? vmselect, string tenant, string retention)
    {
        if (!UpStore.IsRetention(retention))
        {
            throw new InvalidOperationException($"--store-retention '{retention}' is not a number of months or a number with h, d, w or y (e.g. 30d)");
        }

        var external = writeUrl is not null || queryUrl is not null;
        var cluster = vminsert is not null || vmselect is not null;
        if (external && cluster)
        {
            throw new InvalidOperationException("--store-write-url/--store-query-url and --vminsert/--vmselect name two different stores: give one pair");
        }

        if (external)
        {
            return new(new StoreEndpoints(Url(writeUrl, "--store-write-url"), Url(queryUrl, "--store-query-url")), retention);
        }

        if (!cluster)
        {
            return SingleNode(retention);
        }

        if (!Tenant().IsMatch(tenant))
        {
            throw new InvalidOperationException($"--vm-tenant '{tenant}' is not ACCOUNT or ACCOUNT:PROJECT (numbers)");
        }

        return new(StoreEndpoints.Cluster(Url(vminsert, "--vminsert"), Url(vmselect, "--vmselect"), tenant), retention);
    }

    private static Uri Url(string? text, string option) =>
        text is null
            ? throw new InvalidOperationException($"{option} is missing: the store's write and query URLs are given together")
            : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0 && url.Fragment.Length == 0
                ? url
                : throw new InvalidOperationException($"{option} '{text}' is not an http(s) URL without query or fragment");

    [GeneratedRegex("^[0-9]{1,10}(:[0-9]{1,10})?$")]
    private static partial Regex Tenant();
}
