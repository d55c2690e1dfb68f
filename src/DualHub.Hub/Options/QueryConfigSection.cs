namespace DualHub.Hub.Options;

/// <summary>The YAML shape of the hub's <c>query:</c> section; <see cref="Resolve"/> turns it into <see cref="QueryOptions"/>.</summary>
internal sealed class QueryConfigSection
{
    private static readonly QueryOptions Defaults = new();

    public string? Url { get; set; }

    public string? Timeout { get; set; }

    public int? MaxConcurrent { get; set; }

    /// <summary>The section with <see cref="Timeout"/> as parsed by <see cref="HubConfigDocument"/>; checks the url.</summary>
    public QueryOptions Resolve(TimeSpan? timeout)
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            throw new HubConfigException("query.url: required in a query section (the store's Prometheus query API, e.g. http://127.0.0.1:8428)");
        }

        if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new HubConfigException($"query.url: '{Url}' is not an http(s) URL without query or fragment");
        }

        return new QueryOptions
        {
            Url = url,
            Timeout = timeout ?? Defaults.Timeout,
            MaxConcurrent = MaxConcurrent ?? Defaults.MaxConcurrent,
        };
    }
}
