namespace DualHub.Cli.Checks;

/// <summary>The outcome of one validation checkpoint, with what it measured.</summary>
internal sealed record CheckResult(string Name, bool Passed, string Measured);
