namespace DualHub.Hub.Upstreams;

/// <summary>What a journal upstream is doing right now.</summary>
public enum UpstreamState
{
    /// <summary>Everything in the journal is acknowledged.</summary>
    Idle,

    /// <summary>Sending, last attempt succeeded.</summary>
    Sending,

    /// <summary>Last attempt failed with a retryable error; backing off.</summary>
    Retrying,

    Stopped,
}
