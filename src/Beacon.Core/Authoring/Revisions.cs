using Beacon.Core.Comparison;
using Beacon.Core.Plans;

namespace Beacon.Core.Authoring;

/// <summary>The reasons a revised plan gives, as the revision comparison (修正對照表) places them in its 說明 column.</summary>
public static class Revisions
{
    /// <summary>
    /// Each revised target's reason on its KPI's row (the target of that year), and the revision's own reason
    /// (<paramref name="general"/>) for the comparison as a whole.
    /// </summary>
    public static IReadOnlyList<RevisionReason> ReasonsOf(PlanDocument revised, string? general = null)
    {
        var reasons = (from objective in revised.Objectives
                       from kpi in objective.Kpis
                       from value in kpi.Values.Concat(kpi.Parts.SelectMany(p => p.Values))
                       where value.Reason is not null
                       select new RevisionReason(kpi.Code, value.Reason!, ChangeKind.TargetChanged, value.Year))
            .Distinct().ToList();
        if (!string.IsNullOrWhiteSpace(general)) reasons.Add(new RevisionReason(null, general.Trim()));
        return reasons;
    }
}
