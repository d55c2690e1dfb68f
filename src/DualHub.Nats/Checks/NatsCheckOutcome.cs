namespace DualHub.Nats.Checks;

/// <summary>One NATS checkpoint for <c>dualhub up --check</c>: name, verdict, what was measured.</summary>
public sealed record NatsCheckOutcome(string Name, bool Passed, string Measured);
