namespace DualHub.Hub.PrometheusConfig;

/// <summary>A problem in a config file that does not stop the hub (unknown or removed key), with its position.</summary>
public sealed record ConfigWarning(string File, long Line, long Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
