using System.Security.Claims;
using Beacon.Core.Cascade;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Cascade;

/// <summary>
/// Loads the cascade of a city year: the bureau plans of the same year under the city that the reader may see (a draft
/// reaches no anonymous reader's cascade, roll-up or gap list), whole and in a fixed number of queries however many
/// there are, each evaluated for the year; the core does the rest (<see cref="CascadeRules"/>).
/// </summary>
public static class CascadeLoader
{
    /// <summary>
    /// The cascade of <paramref name="city"/> (a loaded city plan). <paramref name="narrow"/> keeps only some bureau
    /// plans (those naming one city code, for an objective's or a KPI's page); the membership and gaps then speak of
    /// those plans only. <paramref name="organisations"/>: also read the city's organisations without a plan of the year
    /// (but with one the reader may see of another year), for the membership (one more query).
    /// </summary>
    public static async Task<CityCascadeTree> LoadAsync(BeaconDb db, ClaimsPrincipal user, Plan city, CancellationToken ct,
        Func<IQueryable<Plan>, IQueryable<Plan>>? narrow = null, bool organisations = false)
    {
        var cityId = city.OrganisationId;
        // City → agency → centre: the depth CityCascade walks too.
        var bureaus = db.Plans.ReadableBy(user).Where(p => p.Year == city.Year
            && (p.Organisation.ParentId == cityId || p.Organisation.Parent!.ParentId == cityId || p.Organisation.Parent!.Parent!.ParentId == cityId));
        // Each bureau plan as this reader is shown it: the public reads the latest published version of one being revised.
        var plans = await db.LoadPlansForReaderAsync(narrow is null ? bureaus : narrow(bureaus), Account.Permissions.Actor(user), ct);
        // Organisations known to this reader: those with a plan of any year the reader may see (as the home page lists them).
        var visible = PlanQueries.VisibleStatuses(user);
        var known = organisations
            ? await db.Organisations.AsNoTracking()
                .Where(o => (o.ParentId == cityId || o.Parent!.ParentId == cityId || o.Parent!.Parent!.ParentId == cityId)
                    && o.Plans.Any(p => visible.Contains(p.Status)))
                .Select(o => new OrganisationDoc { Code = o.Code, Name = o.Name, ShortName = o.ShortName, NameEn = o.NameEn, Kind = o.Kind, Parent = o.Parent == null ? null : o.Parent.Code })
                .ToListAsync(ct)
            : [];
        var evaluated = plans.Select(p => new BureauPlan(PlanMapping.ToDocument(p),
            PlanEvaluation.Of(p).Rows.GroupBy(r => r.Kpi.Code).ToDictionary(g => g.Key, g => g.First().Evaluation))).ToList();
        return CascadeRules.Build(PlanMapping.ToDocument(city), evaluated, known);
    }

    /// <summary>Bureau plans with an objective carrying this city objective or a KPI naming one of its KPIs.</summary>
    public static Func<IQueryable<Plan>, IQueryable<Plan>> Carrying(string objectiveCode)
    {
        var prefix = objectiveCode + ".";
        return plans => plans.Where(p => p.Objectives.Any(o => o.CityObjective == objectiveCode || o.Kpis.Any(k => k.CityKpi != null && k.CityKpi.StartsWith(prefix))));
    }

    /// <summary>Bureau plans with a KPI naming this city KPI.</summary>
    public static Func<IQueryable<Plan>, IQueryable<Plan>> NamingKpi(string kpiCode) =>
        plans => plans.Where(p => p.Objectives.Any(o => o.Kpis.Any(k => k.CityKpi == kpiCode)));
}
