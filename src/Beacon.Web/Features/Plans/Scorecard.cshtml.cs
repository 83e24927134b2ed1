using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Plans;

/// <summary>平衡計分卡: per perspective, objective | KSF | KPI | formula and unit | values by year | unit | action plans | budgets.</summary>
public sealed class ScorecardModel(BeaconDb db) : PlanPage(db)
{
    private IReadOnlyList<(int Year, ValueKind Kind)>? valueColumns;
    private IReadOnlyList<int>? budgetYears;

    // Found when first shown: not at all when the table is served from the shared rendering.
    public IReadOnlyList<(int Year, ValueKind Kind)> ValueColumns => valueColumns ??= ScorecardColumns.Values(Plan.Objectives.SelectMany(o => o.Kpis));
    public IReadOnlyList<int> BudgetYears => budgetYears ??=
        [.. Plan.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans).SelectMany(a => a.Budgets).Select(b => b.Year).Distinct().Order()];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct)) return Page();
        ViewData["Title"] = $"{Ui.YearShort(Plan.Year)}{(Ui.English ? " " : "")}{Ui.T("plan.scorecard")}";
        ViewData["Tab"] = "scorecard";
        Breadcrumbs((Ui.T("plan.scorecard"), null));
        return Page();
    }
}

public static class ScorecardColumns
{
    /// <summary>The (year, kind) columns present: past actuals, then targets, by year as the documents order them.</summary>
    public static IReadOnlyList<(int Year, ValueKind Kind)> Values(IEnumerable<Kpi> kpis) =>
        [.. kpis.SelectMany(k => k.Values.Concat(k.Parts.SelectMany(p => p.Values)))
            .Where(v => v.Period is null)
            .Select(v => (v.Year, v.Kind)).Distinct()
            .OrderBy(c => c.Year).ThenBy(c => c.Kind == ValueKind.Target ? 0 : 1)];

    public static string Header((int Year, ValueKind Kind) column) =>
        Ui.T(column.Kind == ValueKind.Actual ? "value.actualOf" : "value.targetOf", Ui.YearShort(column.Year));

    public static string BudgetHeader(int year, int planYear) =>
        Ui.T(year <= planYear ? "budget.planYear" : "budget.laterYear", Ui.YearShort(year));

    public static KpiValue? Find(IEnumerable<KpiValue> values, (int Year, ValueKind Kind) column) =>
        values.FirstOrDefault(v => v.Year == column.Year && v.Kind == column.Kind && v.Period is null);
}
