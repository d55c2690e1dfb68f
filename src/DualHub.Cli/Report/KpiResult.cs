namespace DualHub.Cli.Report;

/// <summary>A KPI's value from a run (null: not measured) and whether it is within the plan's limit and target.</summary>
internal sealed record KpiResult(PlanKpi Kpi, double? Value)
{
    public bool? WithinLimit => Value is { } v ? Within(v, Kpi.Limit) : null;

    public bool? MeetsTarget => Value is { } v && Kpi.Target is { } t ? Within(v, t) : null;

    public string Verdict => Value is null ? "not measured"
        : WithinLimit == false ? "OVER LIMIT"
        : MeetsTarget switch { true => "meets target", false => "within limit, misses target", null => "within limit" };

    private bool Within(double value, double bound) => Kpi.HigherIsBetter ? value >= bound : value < bound;
}
