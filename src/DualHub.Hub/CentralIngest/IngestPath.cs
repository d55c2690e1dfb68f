namespace DualHub.Hub.CentralIngest;

/// <summary>How a batch reached the central journal; dropped duplicates are counted per path.</summary>
public enum IngestPath
{
    /// <summary>The hub's own scrapes and accepted pushes.</summary>
    Local,

    /// <summary><c>POST /api/v1/write</c>.</summary>
    Http,

    /// <summary>The NATS JetStream metrics consumer.</summary>
    Nats,
}
