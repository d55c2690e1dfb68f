namespace DualHub.Cli.Checks;

/// <summary>A validation checkpoint against a running deployment.</summary>
internal interface ICheck
{
    string Name { get; }

    Task<CheckResult> RunAsync(CancellationToken ct);
}
