using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Plans;

public sealed record KpiReference(string Org, string OrgName, int Year, string Code, string Name)
{
    public string Url => $"/orgs/{Uri.EscapeDataString(Org)}/{Year}/kpis/{Code}";
}

/// <summary>One KPI: its definition, its values over the years, its action plans, and the cascade to and from the city KPI.</summary>
public sealed class KpiModel(BeaconDb db) : PlanPage(db)
{
    [FromRoute] public string Code { get; set; } = "";

    public Kpi Kpi { get; private set; } = null!;
    public Objective Objective { get; private set; } = null!;
    public IReadOnlyList<int> Years { get; private set; } = [];
    public KpiReference? CityKpi { get; private set; }
    public IReadOnlyList<KpiReference> ServedBy { get; private set; } = [];
    /// <summary>Values entered during a year (by month, quarter or bi-month), in time order.</summary>
    public IReadOnlyList<KpiValue> Progress { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        var objective = Plan.Objectives.FirstOrDefault(o => o.Kpis.Any(k => k.Code == Code));
        if (objective is null) return NotFound(Ui.T("notFound.kpi", Code));
        Objective = objective;
        Kpi = objective.Kpis.First(k => k.Code == Code);
        ViewData["Title"] = $"{Kpi.Code} {Kpi.Name}";
        ViewData["Tab"] = "scorecard";
        Breadcrumbs((Ui.T("plan.scorecard"), $"{PlanUrl}/scorecard"), (Kpi.Code, null));
        Progress = [.. Kpi.Values.Where(v => v.Period is not null).OrderBy(v => v.Year).ThenBy(v => Beacon.Core.Values.Periods.EndMonth(v.Period!)).ThenBy(v => v.Period)];
        Years = [.. Kpi.Values.Concat(Kpi.Parts.SelectMany(p => p.Values)).Where(v => v.Period is null).Select(v => v.Year).Distinct().Order()];

        // The cascade: the city KPI this one serves, and the agency KPIs that serve this one.
        var sameYear = from k in Db.Kpis
                       join o in Db.Objectives on k.ObjectiveId equals o.Id
                       join p in Db.Plans on o.PlanId equals p.Id
                       where p.Year == Plan.Year
                       select new { Kpi = k, p.Organisation };
        if (Kpi.CityKpi is { } cityCode)
            CityKpi = await sameYear.Where(x => x.Organisation.Kind == OrganisationKind.City && x.Kpi.Code == cityCode)
                .Select(x => new KpiReference(x.Organisation.Code, x.Organisation.Name, Plan.Year, x.Kpi.Code, x.Kpi.Name))
                .FirstOrDefaultAsync(ct);
        if (Plan.Organisation.Kind == OrganisationKind.City)
            ServedBy = await sameYear.Where(x => x.Organisation.Kind != OrganisationKind.City && x.Kpi.CityKpi == Kpi.Code)
                .OrderBy(x => x.Organisation.Code).ThenBy(x => x.Kpi.Code)
                .Select(x => new KpiReference(x.Organisation.Code, x.Organisation.Name, Plan.Year, x.Kpi.Code, x.Kpi.Name))
                .ToListAsync(ct);
        return Page();
    }

    public static KpiValue? ValueOf(IEnumerable<KpiValue> values, int year, ValueKind kind) =>
        values.FirstOrDefault(v => v.Year == year && v.Kind == kind && v.Period is null);
}
