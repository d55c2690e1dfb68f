namespace DualHub.Cli.Up;

/// <summary>
/// Where CentralHub's long-term store takes writes (its <c>remote_write</c>) and answers queries (its <c>query.url</c>):
/// two settings, since any remote-write plus Prometheus-query service will do, and a VictoriaMetrics cluster takes
/// them on different machines.
/// </summary>
internal sealed record StoreEndpoints(Uri WriteUrl, Uri QueryUrl)
{
    /// <summary>
    /// CentralHub's <c>resend_window</c> for this store, or null for none: only for the single node <c>up</c> and
    /// <c>render</c> run, which drops exact duplicates (a Prometheus refuses a re-sent older sample as out of order).
    /// </summary>
    public string? ResendWindow { get; init; }

    /// <summary>
    /// The VictoriaMetrics single node <c>up</c> and <c>render</c> run at <c>HOST:PORT</c>, with a resend window well
    /// past the seconds it keeps acknowledged samples in memory (1.79 loses 6 s old ones to a SIGKILL, not 11 s old ones).
    /// </summary>
    public static StoreEndpoints SingleNode(string endpoint) =>
        new(new Uri($"http://{endpoint}/api/v1/write"), new Uri($"http://{endpoint}")) { ResendWindow = "30s" };

    /// <summary>
    /// A VictoriaMetrics cluster: vminsert's Prometheus write path and vmselect's Prometheus query API of one tenant
    /// (<c>accountID</c> or <c>accountID:projectID</c>); each base may carry a path prefix (a proxy in front).
    /// </summary>
    public static StoreEndpoints Cluster(Uri vminsert, Uri vmselect, string tenant)
    {
        ArgumentNullException.ThrowIfNull(vminsert);
        ArgumentNullException.ThrowIfNull(vmselect);
        return new(new Uri(Base(vminsert) + $"/insert/{tenant}/prometheus/api/v1/write"), new Uri(Base(vmselect) + $"/select/{tenant}/prometheus"));
    }

    private static string Base(Uri url) => url.GetLeftPart(UriPartial.Path).TrimEnd('/');
}
