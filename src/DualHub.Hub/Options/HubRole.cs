namespace DualHub.Hub.Options;

/// <summary>The role picks defaults (listen port); every feature can be switched on in any role.</summary>
public enum HubRole
{
    Pushgateway,
    Edge,
    Central,
}
