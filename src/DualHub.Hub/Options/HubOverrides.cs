namespace DualHub.Hub.Options;

/// <summary>
/// Values given on the command line (<c>dualhub hub --role --listen --data --nats --node</c>); each one that is set
/// replaces the config file's before <see cref="HubConfigLoader.Resolve"/> applies defaults and checks the whole.
/// </summary>
public sealed record HubOverrides
{
    public static HubOverrides None { get; } = new();

    public HubRole? Role { get; init; }

    public string? Listen { get; init; }

    public string? DataDir { get; init; }

    /// <summary>Replaces <c>nats.url</c>.</summary>
    public string? NatsUrl { get; init; }

    /// <summary><c>--web.enable-lifecycle</c>: turns on <c>enable_lifecycle</c> (<c>/-/quit</c>, <c>/-/reload</c>).</summary>
    public bool? EnableLifecycle { get; init; }

    /// <summary>Replaces <c>nats.node</c>.</summary>
    public string? NatsNode { get; init; }

    /// <summary><c>--web.config.file</c>: TLS and basic auth of the listener (Prometheus exporter-toolkit format).</summary>
    public string? WebConfigFile { get; init; }
}
