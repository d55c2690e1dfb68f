namespace DualHub.Hub.Query;

/// <summary>The endpoints of Prometheus' HTTP query API that a hub serves (and, with a store, forwards).</summary>
public enum QueryEndpoint
{
    Query,
    QueryRange,
    Series,
    Labels,
    LabelValues,
    Metadata,
    BuildInfo,
}
