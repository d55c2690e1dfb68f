namespace DualHub.Hub.PrometheusConfig;

/// <summary>One <c>static_configs</c> entry: <c>host:port</c> targets sharing extra labels.</summary>
public sealed class StaticConfig
{
    public List<string> Targets { get; } = [];

    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
}
