using DualHub.Metrics.Formatting;

namespace DualHub.Hub.Query;

/// <summary>
/// One request path of the query API: its endpoint and, for <c>/api/v1/label/&lt;name&gt;/values</c>, the label name as
/// it came (checked by <see cref="HasValidLabelName"/> before it goes into a URL). The same path follows the store's base URL.
/// </summary>
public readonly record struct QueryRoute(QueryEndpoint Endpoint, string? LabelName = null)
{
    private const string LabelPrefix = "/api/v1/label/";
    private const string ValuesSuffix = "/values";

    // Path and self-metric name of each endpoint, in QueryEndpoint order; label values' path has the name in it.
    private static readonly (string Path, string MetricName)[] Endpoints =
    [
        ("/api/v1/query", "query"),
        ("/api/v1/query_range", "query_range"),
        ("/api/v1/series", "series"),
        ("/api/v1/labels", "labels"),
        (LabelPrefix, "label_values"),
        ("/api/v1/metadata", "metadata"),
        ("/api/v1/status/buildinfo", "buildinfo"),
    ];

    /// <summary>The value of the <c>endpoint</c> label of the query self-metrics.</summary>
    public string MetricName => Endpoints[(int)Endpoint].MetricName;

    /// <summary>A Prometheus label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>); always true for endpoints without one.</summary>
    public bool HasValidLabelName => Endpoint != QueryEndpoint.LabelValues || LabelNames.IsValidLabelName(LabelName);

    /// <summary>The path after the store's base URL, e.g. <c>/api/v1/query_range</c> or <c>/api/v1/label/job/values</c>.</summary>
    public string Path => Endpoint != QueryEndpoint.LabelValues
        ? Endpoints[(int)Endpoint].Path
        : LabelPrefix + (HasValidLabelName ? LabelName : throw new InvalidOperationException($"label name '{LabelName}' is not valid")) + ValuesSuffix;

    /// <summary>The route of a decoded, cleaned request path; false for any other path.</summary>
    public static bool TryMatch(string path, out QueryRoute route)
    {
        ArgumentNullException.ThrowIfNull(path);
        var i = Array.FindIndex(Endpoints, e => e.Path == path && e.Path != LabelPrefix);
        route = i >= 0 ? new QueryRoute((QueryEndpoint)i) : default;
        if (i < 0 && path.Length > LabelPrefix.Length + ValuesSuffix.Length
            && path.StartsWith(LabelPrefix, StringComparison.Ordinal) && path.EndsWith(ValuesSuffix, StringComparison.Ordinal)
            && path.AsSpan(LabelPrefix.Length, path.Length - LabelPrefix.Length - ValuesSuffix.Length).IndexOf('/') < 0)
        {
            route = new QueryRoute(QueryEndpoint.LabelValues, path[LabelPrefix.Length..^ValuesSuffix.Length]);
            return true;
        }

        return i >= 0;
    }
}
