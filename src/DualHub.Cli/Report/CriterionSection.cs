namespace DualHub.Cli.Report;

/// <summary>Where a criterion sits in the plan (seed plan, "WEEK 1 SUCCESS VALIDATION" and "Go/No-Go Decision Criteria").</summary>
internal enum CriterionSection
{
    /// <summary>The plan's "Success Criteria" under the mission statement.</summary>
    SuccessCriteria,

    /// <summary>The "Weekly Success Criteria Checklist".</summary>
    Checklist,

    /// <summary>"GO Criteria (Proceed to Week 2)": each must be met.</summary>
    Go,

    /// <summary>"NO-GO Criteria": phrased as the bad condition; none may hold.</summary>
    NoGo,
}
