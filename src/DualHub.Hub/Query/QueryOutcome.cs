namespace DualHub.Hub.Query;

/// <summary>How a proxied query ended; the <c>outcome</c> label of <c>dualhub_query_requests_total</c>.</summary>
public enum QueryOutcome
{
    /// <summary>The store answered 2xx; its answer was streamed through.</summary>
    Success,

    /// <summary>A bad request (the hub's own checks, or the store's 400/422): 400 <c>bad_data</c>.</summary>
    BadData,

    /// <summary>The store answered another error, passed on in Prometheus' shape.</summary>
    StoreError,

    /// <summary>The store could not be reached: 503 <c>unavailable</c>.</summary>
    Unavailable,

    /// <summary>No answer within the timeout: 503 <c>timeout</c>.</summary>
    Timeout,

    /// <summary>The store was unreachable or timed out; an instant selector answered from the newest-sample view, with a warning.</summary>
    ViewFallback,

    /// <summary>More than <c>query.max_concurrent</c> at once: 503 <c>unavailable</c>, not queued.</summary>
    Rejected,

    /// <summary>The client went away first.</summary>
    Canceled,
}
