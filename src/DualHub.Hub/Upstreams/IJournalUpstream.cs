namespace DualHub.Hub.Upstreams;

/// <summary>
/// Sends the sample journal to one upstream (a remote-write URL, the NATS stream) from its own persisted cursor,
/// advancing the cursor only once the upstream has the data.
/// </summary>
public interface IJournalUpstream : IAsyncDisposable
{
    string Name { get; }

    UpstreamStatus GetStatus();

    /// <summary>Starts the send loop.</summary>
    void Start();
}
