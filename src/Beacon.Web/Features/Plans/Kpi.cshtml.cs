using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Plans;

/// <summary>One KPI: its definition, its values over the years, its action plans, and the cascade to and from the city KPI.</summary>
public sealed class KpiModel(BeaconDb db) : PlanPage(db)
{
    [FromRoute] public string Code { get; set; } = "";

    public Kpi Kpi { get; private set; } = null!;
    public Objective Objective { get; private set; } = null!;
    public IReadOnlyList<int> Years { get; private set; } = [];
    public KpiReference? CityKpi { get; private set; }
    /// <summary>When the city KPI itself is not in the dataset: the city objective its code belongs to (DP5.1 → DP5).</summary>
    public CityObjectiveReference? CityKpiObjective { get; private set; }
    /// <summary>The city objective this KPI's objective carries.</summary>
    public CityObjectiveReference? CityObjective { get; private set; }
    /// <summary>For a city KPI: the bureau KPIs of the year that name it (府級KPI), with the roll-up.</summary>
    public Beacon.Core.Cascade.CityKpiNode? CarriedBy { get; private set; }
    /// <summary>Values entered during a year (by month, quarter or bi-month), in time order.</summary>
    public IReadOnlyList<KpiValue> Progress { get; private set; } = [];

    protected override bool ReadsAcrossPlans => true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct, Code)) return Page();
        var objective = Plan.Objectives.FirstOrDefault(o => o.Kpis.Any(k => k.Code == Code));
        if (objective is null) return NotFound(Ui.T("notFound.kpi", Code));
        Objective = objective;
        Kpi = objective.Kpis.First(k => k.Code == Code);
        ViewData["Title"] = $"{Kpi.Code} {Kpi.Name}";
        ViewData["Tab"] = "scorecard";
        Breadcrumbs((Ui.T("plan.scorecard"), $"{PlanUrl}/scorecard"), (Kpi.Code, null));
        Progress = [.. Kpi.Values.Where(v => v.Period is not null).OrderBy(v => v.Year).ThenBy(v => Beacon.Core.Values.Periods.EndMonth(v.Period!)).ThenBy(v => v.Period)];
        Years = [.. Kpi.Values.Concat(Kpi.Parts.SelectMany(p => p.Values)).Where(v => v.Period is null).Select(v => v.Year).Distinct().Order()];
        var cascade = await Reader.AcrossPlansAsync(Head, "kpi:" + Kpi.Code, User, () => CascadeAsync(CancellationToken.None), ct);
        (CityKpi, CityKpiObjective, CityObjective, CarriedBy) = (cascade.CityKpi, cascade.CityKpiObjective, cascade.CityObjective, cascade.CarriedBy);
        return Page();
    }

    private sealed record Links(KpiReference? CityKpi, CityObjectiveReference? CityKpiObjective, CityObjectiveReference? CityObjective, Beacon.Core.Cascade.CityKpiNode? CarriedBy);

    /// <summary>
    /// The cascade, through plans the reader may see only: the city KPI this one serves (or, when the city's plan of the
    /// year has no KPIs, the city objective it belongs to), and the bureau KPIs that carry this one.
    /// </summary>
    private async Task<Links> CascadeAsync(CancellationToken ct)
    {
        KpiReference? cityKpi = null;
        CityObjectiveReference? cityKpiObjective = null, cityObjective = null;
        Beacon.Core.Cascade.CityKpiNode? carriedBy = null;
        var cityObjectives = new[] { Objective.CityObjective, Kpi.CityKpi is { } served ? CityCascade.ObjectiveOf(served) : null }.OfType<string>().ToList();
        if (cityObjectives.Count > 0 && await CityCascade.CityOfAsync(Db, Plan.Organisation, ct) is { } city)
        {
            if (Kpi.CityKpi is { } cityCode)
                cityKpi = await CityCascade.KpiAsync(Db, User, city, Plan.Year, cityCode, ct);
            if (cityObjectives.Count > 0 && (cityKpi is null || Objective.CityObjective is not null))
            {
                var found = await CityCascade.ObjectivesAsync(Db, User, city, Plan.Year, cityObjectives, ct);
                if (Objective.CityObjective is { } carried) cityObjective = found.GetValueOrDefault(carried);
                if (cityKpi is null && Kpi.CityKpi is { } missing && CityCascade.ObjectiveOf(missing) is { } of) cityKpiObjective = found.GetValueOrDefault(of);
            }
        }
        if (Plan.Organisation.Kind == OrganisationKind.City)
        {
            // The plan read here may hold this KPI alone (ReadModel): enough for its node of the cascade.
            var tree = await Features.Cascade.CascadeLoader.LoadAsync(Db, User, Plan, ct, Features.Cascade.CascadeLoader.NamingKpi(Kpi.Code));
            carriedBy = tree.Objectives.SelectMany(o => o.Kpis).FirstOrDefault(k => k.Code == Kpi.Code);
        }
        return new Links(cityKpi, cityKpiObjective, cityObjective, carriedBy);
    }

    public static KpiValue? ValueOf(IEnumerable<KpiValue> values, int year, ValueKind kind) =>
        values.FirstOrDefault(v => v.Year == year && v.Kind == kind && v.Period is null);
}
