namespace DualHub.Cli.Checkpoints;

/// <summary>A checkpoint whose body is a function: for checks that wrap a library measurement.</summary>
internal sealed class DelegateCheck : ICheck
{
    private readonly Func<CancellationToken, Task<CheckResult>> _run;

    public DelegateCheck(string name, Func<CancellationToken, Task<(bool Passed, string Measured)>> run)
        : this(name, async ct =>
        {
            var (passed, measured) = await run(ct);
            return new CheckResult(name, passed, measured);
        })
    {
    }

    /// <summary>For a body that also records <see cref="CheckResult.Values"/>.</summary>
    public DelegateCheck(string name, Func<CancellationToken, Task<CheckResult>> run)
    {
        Name = name;
        _run = run;
    }

    public string Name { get; }

    public Task<CheckResult> RunAsync(CancellationToken ct) => _run(ct);
}
