namespace DualHub.Cli.Checks;

/// <summary>A checkpoint whose body is a function: for checks that wrap a library measurement.</summary>
internal sealed class DelegateCheck(string name, Func<CancellationToken, Task<(bool Passed, string Measured)>> run) : ICheck
{
    public string Name => name;

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var (passed, measured) = await run(ct);
        return new CheckResult(name, passed, measured);
    }
}
