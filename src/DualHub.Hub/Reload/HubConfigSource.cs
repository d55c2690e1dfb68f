using DualHub.Hub.Options;

namespace DualHub.Hub.Reload;

/// <summary>
/// Where a hub's options came from, so a reload (<c>POST /-/reload</c>, SIGHUP) resolves the file again with the same
/// command-line overrides. <see cref="Path"/> is null when the hub runs without a config file.
/// </summary>
public sealed record HubConfigSource(string? Path, HubOverrides Overrides)
{
    public static HubConfigSource None { get; } = new(null, HubOverrides.None);
}
