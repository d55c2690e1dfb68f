namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Gives a check its report id and target and, optionally, adds figures read from the drill that ran it (for checks whose
/// body only prints them).
/// </summary>
internal sealed class DescribedCheck(ICheck inner, string id, string? target, Func<IReadOnlyList<Measurement>>? values = null) : ICheck
{
    public string Name => inner.Name;

    public string Id => id;

    public string? Target => target;

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var result = await inner.RunAsync(ct);
        return result with { Id = id, Target = target, Values = [.. result.Values, .. values?.Invoke() ?? []] };
    }
}

/// <summary><see cref="DescribedCheck"/> as a call on any check.</summary>
internal static class CheckDescriptions
{
    public static ICheck Describe(this ICheck check, string id, string? target, Func<IReadOnlyList<Measurement>>? values = null) =>
        new DescribedCheck(check, id, target, values);
}
