namespace DualHub.Hub.Upstreams;

/// <summary>What became of one attempt to send a batch.</summary>
public enum SendOutcome
{
    /// <summary>The upstream has it.</summary>
    Sent,

    /// <summary>The upstream refused it for good: counted as dropped, the cursor moves on.</summary>
    Dropped,

    /// <summary>Not delivered this time: the same batch is sent again after a backoff.</summary>
    Retry,
}
