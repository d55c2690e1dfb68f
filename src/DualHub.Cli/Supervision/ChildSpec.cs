namespace DualHub.Cli.Supervision;

/// <summary>
/// What a supervised child runs: a name for the status table, its arguments, where it keeps its data and log. The
/// program is this CLI (a hub, an agent) unless <see cref="Executable"/> names another (the store, vmalert,
/// Alertmanager, the Python example agent).
/// </summary>
internal sealed record ChildSpec(string Name, string Kind, IReadOnlyList<string> Arguments, string Directory, Uri? HealthUrl)
{
    /// <summary>The program to run with <see cref="Arguments"/>; null = another copy of this CLI.</summary>
    public string? Executable { get; init; }

    /// <summary>Extra environment variables of the child.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
