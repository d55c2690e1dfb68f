namespace DualHub.Cli.Checkpoints;

/// <summary>
/// The outcome of one validation checkpoint: the printed line (<see cref="Measured"/>) and, for the completion report, the
/// same figures as numbers with units (<see cref="Values"/>), a stable <see cref="Id"/> and the limit the check applied.
/// </summary>
internal sealed record CheckResult(string Name, bool Passed, string Measured)
{
    /// <summary>Stable identifier, e.g. <c>failover-crash:resource_manager</c>; the report maps plan criteria to ids.</summary>
    public string Id { get; init; } = CheckIds.FromName(Name);

    /// <summary>What the check measured, as numbers; empty when it failed before measuring.</summary>
    public IReadOnlyList<Measurement> Values { get; init; } = [];

    /// <summary>The limit this check applied (e.g. "failover &lt; 1000 ms, 0 lost"), in the plan's terms where it has one.</summary>
    public string? Target { get; init; }

    /// <summary>The value of measurement <paramref name="name"/>, or null when the check did not record it.</summary>
    public double? Value(string name) => Values.FirstOrDefault(v => v.Name == name)?.Value;
}
