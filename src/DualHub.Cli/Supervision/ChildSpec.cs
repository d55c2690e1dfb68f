namespace DualHub.Cli.Supervision;

/// <summary>What a supervised child runs: a name for the status table, its CLI arguments, where it keeps its data and log.</summary>
internal sealed record ChildSpec(string Name, string Kind, IReadOnlyList<string> Arguments, string Directory, Uri? HealthUrl);
