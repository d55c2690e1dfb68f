namespace DualHub.Cli.Targets;

/// <summary>One hub of a running deployment that <c>dualhub check</c> probes: its name, role and address.</summary>
internal sealed record HubTarget(string Name, string Role, Uri BaseUrl);
