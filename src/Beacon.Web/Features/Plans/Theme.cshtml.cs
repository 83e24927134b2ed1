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
    /// <summary>The city theme this one carries, from the city plan of the year or, failing that, of the nearest year.</summary>
    public CityThemeReference? CityTheme { get; private set; }
    /// <summary>The city objectives the theme's objectives carry, by code (same year only).</summary>
    public IReadOnlyDictionary<string, CityObjectiveReference> CityObjectives { get; private set; } = new Dictionary<string, CityObjectiveReference>();
    /// <summary>Lead and member agencies that are organisations of the dataset: name → their plan or home-page entry.</summary>
    public IReadOnlyDictionary<string, string> AgencyLinks { get; private set; } = new Dictionary<string, string>();

    protected override bool ReadsAcrossPlans => true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct)) return Page();
        var theme = Plan.Themes.FirstOrDefault(t => t.Code == Code);
        if (theme is null) return NotFound(Ui.T("notFound.theme", Code));
        Theme = theme;
        ViewData["Title"] = $"{theme.Name}({theme.Code})";
        ViewData["Tab"] = "theme-" + theme.Code;
        Breadcrumbs(($"{theme.Code} {theme.Name}", null));
        Objectives = [.. Plan.Objectives.Where(o => o.ThemeId == theme.Id)];
        PerspectiveCounts = CountsByPerspective(Plan, Objectives);
        var across = await Reader.AcrossPlansAsync(Head, "theme:" + theme.Code, User, () => AcrossAsync(theme, CancellationToken.None), ct);
        (CityTheme, CityObjectives, AgencyLinks) = (across.CityTheme, across.CityObjectives, across.AgencyLinks);
        return Page();
    }

    private sealed record Across(CityThemeReference? CityTheme, IReadOnlyDictionary<string, CityObjectiveReference> CityObjectives, IReadOnlyDictionary<string, string> AgencyLinks);

    /// <summary>Cross-plan look-ups, each one query and each through plans the reader may see only.</summary>
    private async Task<Across> AcrossAsync(Theme theme, CancellationToken ct)
    {
        CityThemeReference? cityTheme = null;
        IReadOnlyDictionary<string, CityObjectiveReference> cityObjectives = new Dictionary<string, CityObjectiveReference>();
        var carried = Objectives.Select(o => o.CityObjective).OfType<string>().ToList();
        if ((theme.CityTheme is not null || carried.Count > 0) && await CityCascade.CityOfAsync(Db, Plan.Organisation, ct) is { } city)
        {
            if (theme.CityTheme is { } code)
                cityTheme = (await CityCascade.ThemesAsync(Db, User, city, Plan.Year, [code], ct)).GetValueOrDefault(code);
            cityObjectives = await CityCascade.ObjectivesAsync(Db, User, city, Plan.Year, carried, ct);
        }
        var links = await CityCascade.AgencyLinksAsync(Db, User, Plan.Year, [.. theme.Lead is null ? [] : new[] { theme.Lead }, .. theme.Members], ct);
        return new Across(cityTheme, cityObjectives, links);
    }

    /// <summary>The theme's objectives counted per perspective, as the report prints them: 顧客構面 2 項、內部流程構面 1 項 ….</summary>
    public static string CountsByPerspective(Plan plan, IReadOnlyList<Objective> objectives) =>
        string.Join(Ui.English ? ", " : "、", plan.Perspectives
            .Select(p => (p, n: objectives.Count(o => o.PerspectiveId == p.Id)))
            .Select(x => Ui.English ? $"{x.p.Kind.EnglishName()} {x.n}" : $"{x.p.Name}構面 {x.n} 項"));

    public static KpiValue? ValueOf(Kpi kpi, int year, ValueKind kind) =>
        kpi.Values.FirstOrDefault(v => v.Year == year && v.Kind == kind && v.Period is null);
}
