namespace DualHub.Hub.Options;

/// <summary>
/// The hub's <c>query:</c> section: the Prometheus query API of the long-term store that answers CentralHub's
/// <c>/api/v1/query*</c>, <c>series</c>, <c>labels</c> and <c>metadata</c>. Without it the hub answers instant selectors
/// and series from its newest-sample view only. Read from YAML as <see cref="QueryConfigSection"/>.
/// </summary>
public sealed record QueryOptions
{
    internal QueryOptions()
    {
    }

    /// <summary>
    /// Base of the store's Prometheus HTTP API (the part before <c>/api/v1/...</c>), e.g. <c>http://127.0.0.1:8428</c> or a
    /// VictoriaMetrics cluster's <c>http://vmselect:8481/select/0/prometheus</c>; null = no store.
    /// </summary>
    public Uri? Url { get; internal init; }

    /// <summary>Longest a proxied request may take (a smaller <c>timeout</c> parameter wins). Default 2 min, as Prometheus' query timeout.</summary>
    public TimeSpan Timeout { get; internal init; } = TimeSpan.FromMinutes(2);

    /// <summary>Proxied requests at once; one more is refused with 503 at once (never queued). Default 20, as Prometheus.</summary>
    public int MaxConcurrent { get; internal init; } = 20;

    public bool Enabled => Url is not null;
}
