namespace DualHub.Hub.WebConsole.Deployment;

/// <summary>An agent's switch of active hub as the console saw it: when, from which hub to which, and why.</summary>
internal sealed record FailoverEvent(DateTimeOffset At, string Agent, string Kind, string? From, string? To, string? Reason);
