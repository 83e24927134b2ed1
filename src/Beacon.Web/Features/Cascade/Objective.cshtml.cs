using Beacon.Core.Cascade;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Cascade;

/// <summary>
/// One objective: its definition and KPIs; for a city objective, every bureau objective and KPI of the year that
/// carries it, with each one's achievement and lights and the roll-up; for a bureau objective, the city objective it carries.
/// </summary>
public sealed class ObjectiveModel(BeaconDb db) : PlanPage(db)
{
    [FromRoute] public string Code { get; set; } = "";

    public Objective Objective { get; private set; } = null!;
    /// <summary>For a city plan: what carries this objective (bureau plans the reader may see only).</summary>
    public CityObjectiveNode? Node { get; private set; }
    /// <summary>For a bureau objective marked (府): the city objective it carries, when the city plan of the year has it.</summary>
    public CityObjectiveReference? CityObjective { get; private set; }

    public bool IsCity => Plan.Organisation.Kind == OrganisationKind.City;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct)) return Page();
        var objective = Plan.Objectives.FirstOrDefault(o => o.Code == Code);
        if (objective is null) return NotFound(CascadeText.T("notFound.objective", Code));
        Objective = objective;
        ViewData["Title"] = $"{objective.Code} {objective.Name}";
        ViewData["Tab"] = objective.Theme is { } theme ? "theme-" + theme.Code : "map";
        Breadcrumbs([.. objective.Theme is { } t ? new[] { ($"{t.Code} {t.Name}", (string?)$"{PlanUrl}/themes/{t.Code}") } : [], (objective.Code, null)]);

        if (IsCity)
        {
            var tree = await CascadeLoader.LoadAsync(Db, User, Plan, ct, CascadeLoader.Carrying(Code));
            Node = tree.Objectives.FirstOrDefault(o => o.Code == Code);
        }
        else if (objective.CityObjective is { } carried && await CityCascade.CityOfAsync(Db, Plan.Organisation, ct) is { } city)
        {
            CityObjective = (await CityCascade.ObjectivesAsync(Db, User, city, Plan.Year, [carried], ct)).GetValueOrDefault(carried);
        }
        return Page();
    }

    public static KpiValue? ValueOf(Kpi kpi, int year, ValueKind kind) => KpiModel.ValueOf(kpi.Values, year, kind);
}
