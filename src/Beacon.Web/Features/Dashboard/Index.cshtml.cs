using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Documents;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Dashboard;

/// <summary>One year of the city's plans in the trend: its KPIs, achieved, not achieved, no data.</summary>
public sealed record YearTrend(int Year, int Kpis, int Achieved, int NotAchieved, int NoData)
{
    /// <summary>Achieved as a share of the KPIs assessed (achieved or not), in percent; null when none was.</summary>
    public decimal? Share => Achieved + NotAchieved == 0 ? null : Rounding.OneDecimal(100m * Achieved / (Achieved + NotAchieved));
}

/// <summary>
/// 績效儀表板: the public dashboard of a city year — per theme the targets achieved and lights, the trend over the
/// years the dataset holds, the KPIs furthest from their targets. Every figure comes from <see cref="PlanEvaluation"/>
/// as the evaluation page has it; anonymous readers see approved plans only.
/// </summary>
public sealed class IndexModel(BeaconDb db, PlanReader reader) : PageModel
{
    public const int FurthestCount = 10;

    [FromRoute] public int? Year { get; set; }

    public PlanFigures? Figures { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<YearTrend> Trends { get; private set; } = [];
    public IReadOnlyList<KpiRow> Furthest { get; private set; } = [];
    public string PlanUrl => Figures is { } f ? $"/orgs/{Uri.EscapeDataString(f.Plan.Organisation.Code)}/{f.Plan.Year}" : "/";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The city: the organisation of the city kind (the Taipei dataset has one), with the plans this reader may see.
        var city = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.City).OrderBy(o => o.Code).Select(o => o.Code).FirstOrDefaultAsync(ct);
        Years = city is null ? [] : await db.Plans.ReadableBy(User).Where(p => p.Organisation.Code == city && p.Objectives.Any(o => o.Kpis.Any()))
            .Select(p => p.Year).OrderBy(y => y).ToListAsync(ct);
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (DashboardText.T("nav.dashboard"), null) };
        if (city is null || Years.Count == 0 || (Year is { } asked && !Years.Contains(asked)))
        {
            ViewData["Title"] = DashboardText.T("nav.dashboard");
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var year = Year ?? Years[^1];
        var trends = new List<YearTrend>();
        foreach (var y in Years)
        {
            var figures = await PlanFigures.LoadAsync(reader, User, city, y, ct);
            if (figures is null) continue;
            var total = figures.Evaluation.SelfTotal;
            trends.Add(new YearTrend(y, total.Kpis, total.Achieved, total.NotAchieved, total.NoData));
            if (y == year) Figures = figures;
        }
        Trends = trends;
        var plan = Figures!.Plan;
        ViewData["Title"] = DashboardText.T("dashboard.title", PlanDocuments.OrganisationName(plan.Organisation), Ui.Year(year));
        ViewData["Charts"] = true;
        Furthest = [.. Figures.Evaluation.Rows.Where(r => r.Evaluation.Achievement.Rate is not null && !r.Kpi.Exempt)
            .OrderBy(r => r.Evaluation.Achievement.Rate).ThenBy(r => r.Kpi.Code, StringComparer.Ordinal).Take(FurthestCount)];
        return Page();
    }

    public ChartBlock TrendChart => new(DashboardText.T("dashboard.trendChart"), ChartKind.Line, Ui.T("col.year"),
        [.. Trends.Select(t => Ui.YearShort(t.Year))], [new ChartSeries(DashboardText.T("dashboard.share"), [.. Trends.Select(t => t.Share)], "0.0", "#0b5cab")], "%");
}
