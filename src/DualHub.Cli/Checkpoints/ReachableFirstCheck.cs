namespace DualHub.Cli.Checkpoints;

/// <summary>Runs <paramref name="inner"/> only when every URL it needs answers; otherwise fails it naming the ones that do not.</summary>
internal sealed class ReachableFirstCheck(ICheck inner, Reachability reachability, IReadOnlyList<Uri> needs) : ICheck
{
    public string Name => inner.Name;

    public string Id => inner.Id;

    public string? Target => inner.Target;

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var url in needs)
        {
            if (await reachability.ProbeAsync(url, ct) is { } error)
            {
                errors.Add(error);
            }
        }

        return errors.Count == 0
            ? await inner.RunAsync(ct)
            : new CheckResult(Name, false, "unreachable: " + string.Join("; ", errors)) { Id = Id, Target = Target };
    }
}

/// <summary><see cref="ReachableFirstCheck"/> as a call on any check.</summary>
internal static class ReachableFirst
{
    public static ICheck Needing(this ICheck check, Reachability reachability, params Uri[] needs) => new ReachableFirstCheck(check, reachability, needs);
}
