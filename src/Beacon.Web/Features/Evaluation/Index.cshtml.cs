using Beacon.Core.Evaluation;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Evaluation;

/// <summary>The plan year's evaluation: per-KPI rows (self and reviewed side by side) and the light statistics, with filters.</summary>
public sealed class IndexModel(BeaconDb db) : PlanPage(db)
{
    [FromQuery(Name = "theme")] public string? ThemeFilter { get; set; }
    [FromQuery(Name = "perspective")] public string? PerspectiveFilter { get; set; }
    [FromQuery(Name = "light")] public Light? LightFilter { get; set; }
    [FromQuery(Name = "unit")] public string? UnitFilter { get; set; }

    private IReadOnlyList<KpiRow>? rows;
    private IReadOnlyList<string>? units;

    public PlanEvaluation Evaluation { get; private set; } = null!;

    // Filtered when first shown: not at all when the table is served from the shared rendering.
    public IReadOnlyList<KpiRow> Rows => rows ??= [.. Evaluation.Rows.Where(r =>
        (string.IsNullOrEmpty(ThemeFilter) || r.Objective.Theme?.Code == ThemeFilter || (ThemeFilter == "T" && r.Objective.Theme is null))
        && (string.IsNullOrEmpty(PerspectiveFilter) || r.Objective.Perspective.Code == PerspectiveFilter)
        && (LightFilter is null || r.Evaluation.SelfLight == LightFilter || r.Evaluation.ReviewLight == LightFilter)
        && (string.IsNullOrEmpty(UnitFilter) || r.Kpi.Responsible.Contains(UnitFilter)))];

    public IReadOnlyList<string> Units => units ??= [.. Evaluation.Rows.SelectMany(r => r.Kpi.Responsible).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The filters as part of the key of the shared rendering.</summary>
    public string Filters => $"{ThemeFilter}|{PerspectiveFilter}|{LightFilter}|{UnitFilter}";

    /// <summary>Buttons to the pages this person can use: the agency's editors enter, reviewers review, planners set the year's settings.</summary>
    public bool MayEnter => User.Actor().CanEnterFor(Plan.Organisation.Code);
    public bool MayReview => User.Actor().CanReview;
    public bool MaySetSettings => User.Actor().CanPlan;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct)) return Page();
        ViewData["Title"] = Ui.T("eval.title", Ui.YearShort(Plan.Year));
        ViewData["Tab"] = "evaluation";
        Breadcrumbs((Ui.T("plan.evaluation"), null));
        Evaluation = View!.Evaluation;
        return Page();
    }
}
