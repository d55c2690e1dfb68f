namespace DualHub.Cli.Supervision;

/// <summary>What a supervised child runs: a name for the status table, its CLI arguments, where it keeps its data and log.</summary>
internal sealed record ChildSpec(string Name, string Kind, IReadOnlyList<string> Arguments, string Directory, Uri? HealthUrl)
{
    /// <summary>Another program than this CLI (the Python example agent); null runs a copy of this CLI with <see cref="Arguments"/>.</summary>
    public string? FileName { get; init; }

    /// <summary>Extra environment variables of the child.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
