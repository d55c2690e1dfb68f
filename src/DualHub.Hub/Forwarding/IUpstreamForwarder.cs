namespace DualHub.Hub.Forwarding;

/// <summary>Forwards the sample journal to one remote-write upstream from its own cursor.</summary>
public interface IUpstreamForwarder : IAsyncDisposable
{
    string Name { get; }

    UpstreamStatus GetStatus();

    /// <summary>Starts the send loop.</summary>
    void Start();
}
