namespace DualHub.Cli.Checkpoints;

/// <summary>A validation checkpoint against a running deployment.</summary>
internal interface ICheck
{
    string Name { get; }

    /// <summary>Stable id of the result (see <see cref="CheckIds"/>), also when the check throws.</summary>
    string Id => CheckIds.FromName(Name);

    /// <summary>The limit the check applies, in words (e.g. "failover &lt; 1000 ms, 0 lost").</summary>
    string? Target => null;

    Task<CheckResult> RunAsync(CancellationToken ct);
}
