using Beacon.Core.Maps;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Plans;

public sealed class MapModel(BeaconDb db) : PlanPage(db)
{
    public MapLayout Layout { get; private set; } = null!;
    public int KpiCount { get; private set; }
    public int ActionPlanCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        ViewData["Title"] = $"{Ui.YearShort(Plan.Year)}{(Ui.English ? " " : "")}{Ui.T("plan.map")}";
        ViewData["Tab"] = "map";
        Breadcrumbs();
        KpiCount = Plan.Objectives.Sum(o => o.Kpis.Count);
        ActionPlanCount = Plan.Objectives.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count));

        var header = new List<(string, string)>();
        if (Plan.Mission is { } mission) header.Add((Ui.T("plan.mission"), mission));
        if (Plan.Vision is { } vision) header.Add((Ui.T("plan.vision"), vision));
        if (Plan.CoreValues.Count > 0) header.Add((Ui.T("plan.values"), string.Join(Ui.English ? ", " : "、", Plan.CoreValues)));
        Layout = StrategyMapLayout.Lay(new MapInput(
            [.. Plan.Perspectives.Select(p => (p.Code, Ui.Perspective(p.Kind, p.Name)))],
            [.. Plan.Themes.Select(t => (t.Code, t.Name))],
            [.. Plan.Objectives.Select(o => (o.Code, o.Name, o.Perspective.Code))],
            [.. Plan.Links.Select(l => (l.FromCode, l.ToCode))],
            header,
            Ui.T("plan.themeRow")));
        return Page();
    }
}
