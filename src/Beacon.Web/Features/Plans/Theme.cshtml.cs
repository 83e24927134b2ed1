using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Plans;

/// <summary>The theme report of the administrative report: agencies, counts, and per objective its KPIs with the year's target and actual.</summary>
public sealed class ThemeModel(BeaconDb db) : PlanPage(db)
{
    [FromRoute] public string Code { get; set; } = "";

    public Theme Theme { get; private set; } = null!;
    public IReadOnlyList<Objective> Objectives { get; private set; } = [];
    public string PerspectiveCounts { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        var theme = Plan.Themes.FirstOrDefault(t => t.Code == Code);
        if (theme is null) return NotFound(Ui.T("notFound.theme", Code));
        Theme = theme;
        ViewData["Title"] = $"{theme.Name}({theme.Code})";
        ViewData["Tab"] = "theme-" + theme.Code;
        Breadcrumbs(($"{theme.Code} {theme.Name}", null));
        Objectives = [.. Plan.Objectives.Where(o => o.ThemeId == theme.Id)];
        PerspectiveCounts = string.Join(Ui.English ? ", " : "、", Plan.Perspectives
            .Select(p => (p, n: Objectives.Count(o => o.PerspectiveId == p.Id)))
            .Select(x => Ui.English ? $"{x.p.Kind.EnglishName()} {x.n}" : $"{x.p.Name}構面 {x.n} 項"));
        return Page();
    }

    public static KpiValue? ValueOf(Kpi kpi, int year, ValueKind kind) =>
        kpi.Values.FirstOrDefault(v => v.Year == year && v.Kind == kind && v.Period is null);
}
