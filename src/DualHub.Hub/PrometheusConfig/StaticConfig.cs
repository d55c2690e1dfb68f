namespace DualHub.Hub.PrometheusConfig;

/// <summary>One <c>static_configs</c> entry: <c>host:port</c> targets sharing extra labels.</summary>
public sealed record StaticConfig
{
    public IReadOnlyList<string> Targets { get; internal init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; internal init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
