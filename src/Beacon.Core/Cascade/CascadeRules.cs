using Beacon.Core.Codes;
using Beacon.Core.Comparison;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;

namespace Beacon.Core.Cascade;

/// <summary>
/// Who carries what of a city year, and how they are doing. What carries a city objective:
/// <list type="bullet">
/// <item>a bureau objective marked (府) with its code (<c>cityObjective</c>), and with it every KPI of that objective;</item>
/// <item>a bureau KPI naming a city KPI (府級KPI, <c>cityKpi</c>) of that objective — DP5.1 carries DP5 — even when the
/// city's plan does not list the KPI itself; its bureau objective is then shown with that KPI only.</item>
/// </list>
/// A city theme is carried by whatever carries one of its objectives, and by every KPI of a bureau theme marked (府)
/// with its letter. Only the city plan's own objectives and KPIs are carried: a code it does not have is an alignment gap.
/// <para>
/// Roll-up: at every level each carrying KPI counts once, however many ways it carries (a KPI of a bureau objective
/// carrying DP4 that names DP4.2 as well; a KPI carrying two objectives of one theme), as the statistics table counts
/// KPIs (<see cref="EvaluationStatistics"/>): achieved, not achieved, no data, and the count of each light, self and
/// reviewed.
/// </para>
/// </summary>
public static class CascadeRules
{
    /// <summary>The roll-up of these KPIs, each (bureau, code) counted once.</summary>
    public static RollUp RollUp(string group, IEnumerable<CarryingKpi> kpis)
    {
        var distinct = kpis.DistinctBy(k => (k.Bureau.Code, k.Code)).Select(k => k.Evaluation).ToList();
        return new RollUp(EvaluationStatistics.Self(group, distinct), EvaluationStatistics.Reviewed(group, distinct));
    }

    /// <summary>
    /// The cascade of <paramref name="city"/>'s plan over the bureau plans of its year. <paramref name="organisations"/>
    /// are the city's organisations (with or without a plan of the year), to tell an agency named by a theme's
    /// membership that has no plan from a name Beacon does not know.
    /// </summary>
    public static CityCascadeTree Build(PlanDocument city, IEnumerable<BureauPlan> bureaus, IEnumerable<OrganisationDoc> organisations)
    {
        var plans = bureaus.OrderBy(b => b.Plan.Organisation.Code, StringComparer.Ordinal).ToList();
        var cityObjectives = city.Objectives.GroupBy(o => o.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var cityKpis = city.Objectives.SelectMany(o => o.Kpis).GroupBy(k => k.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var themeLetters = city.Themes.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);

        // Who carries what, by city code.
        var byObjective = new Dictionary<string, List<(Bureau Bureau, ObjectiveDoc Objective, bool Whole, List<CarryingKpi> Kpis)>>(StringComparer.Ordinal);
        var byKpi = new Dictionary<string, List<CarryingKpi>>(StringComparer.Ordinal);
        var byTheme = new Dictionary<string, List<CarryingTheme>>(StringComparer.Ordinal);
        var missingObjectives = new List<MissingCityObjective>();
        var missingKpis = new List<MissingCityKpi>();

        foreach (var plan in plans)
        {
            var org = plan.Plan.Organisation;
            var bureau = new Bureau(org.Code, org.Name, org.ShortName);
            var kpisOf = new Dictionary<string, CarryingKpi>(StringComparer.Ordinal);
            CarryingKpi Kpi(ObjectiveDoc o, KpiDoc k) => kpisOf.TryGetValue(k.Code, out var found) ? found
                : kpisOf[k.Code] = new CarryingKpi(bureau, o.Code, k.Code, k.Name, k.CityKpi, EvaluationOf(plan, k),
                    [.. k.ActionPlans.Select(a => new ActionPlanItem(a.Code, a.Name, a.Responsible))]);

            void Carry(string cityObjective, ObjectiveDoc o, bool whole, IEnumerable<CarryingKpi> kpis)
            {
                if (!byObjective.TryGetValue(cityObjective, out var list)) byObjective[cityObjective] = list = [];
                var index = list.FindIndex(e => e.Bureau.Code == bureau.Code && e.Objective.Code == o.Code);
                if (index < 0) list.Add((bureau, o, whole, [.. kpis]));
                else
                {
                    var entry = list[index];
                    foreach (var k in kpis.Where(k => !entry.Kpis.Contains(k))) entry.Kpis.Add(k);
                    list[index] = entry with { Whole = entry.Whole || whole };
                }
            }

            foreach (var o in plan.Plan.Objectives)
            {
                if (o.CityObjective is { } carried)
                {
                    if (cityObjectives.ContainsKey(carried)) Carry(carried, o, whole: true, o.Kpis.Select(k => Kpi(o, k)));
                    else missingObjectives.Add(new MissingCityObjective(bureau, o.Code, o.Name, carried));
                }
                foreach (var k in o.Kpis.Where(k => k.CityKpi is not null))
                {
                    var named = k.CityKpi!;
                    var objectiveOfKpi = KpiCode.TryParse(named, out var code) ? code.Objective.ToString() : null;
                    var objectiveFound = objectiveOfKpi is not null && cityObjectives.ContainsKey(objectiveOfKpi);
                    if (cityKpis.ContainsKey(named))
                    {
                        if (!byKpi.TryGetValue(named, out var list)) byKpi[named] = list = [];
                        list.Add(Kpi(o, k));
                    }
                    else missingKpis.Add(new MissingCityKpi(bureau, k.Code, k.Name, named, objectiveFound));
                    if (objectiveFound) Carry(objectiveOfKpi!, o, whole: false, [Kpi(o, k)]);
                }
            }

            foreach (var t in plan.Plan.Themes.Where(t => t.CityTheme is not null && themeLetters.Contains(t.CityTheme)))
            {
                var kpis = plan.Plan.Objectives.Where(o => plan.Plan.ThemeOf(o.Code) == t).SelectMany(o => o.Kpis.Select(k => Kpi(o, k))).ToList();
                if (!byTheme.TryGetValue(t.CityTheme!, out var list)) byTheme[t.CityTheme!] = list = [];
                list.Add(new CarryingTheme(bureau, t.Code, t.Name, kpis, RollUp(t.Code, kpis)));
            }
        }

        CityObjectiveNode Node(ObjectiveDoc o)
        {
            var carriers = (byObjective.GetValueOrDefault(o.Code) ?? [])
                .OrderBy(e => e.Bureau.Code, StringComparer.Ordinal).ThenBy(e => e.Objective.Code, CodeOrder.Instance)
                .Select(e =>
                {
                    var kpis = e.Whole ? [.. e.Objective.Kpis.Select(k => e.Kpis.First(c => c.Code == k.Code))] : e.Kpis.OrderBy(k => k.Code, CodeOrder.Instance).ToList();
                    return new CarryingObjective(e.Bureau, e.Objective.Code, e.Objective.Name, e.Whole, kpis, RollUp(e.Objective.Code, kpis));
                }).ToList();
            var kpiNodes = o.Kpis.Select(k =>
            {
                var carrying = (byKpi.GetValueOrDefault(k.Code) ?? []).OrderBy(c => c.Bureau.Code, StringComparer.Ordinal).ThenBy(c => c.Code, CodeOrder.Instance).ToList();
                return new CityKpiNode(k.Code, k.Name, carrying, RollUp(k.Code, carrying));
            }).ToList();
            var theme = ObjectiveCode.TryParse(o.Code, out var code) && !code.IsShared ? code.Theme.ToString() : null;
            return new CityObjectiveNode(o.Code, o.Name, city.PerspectiveOf(o.Code)?.Kind ?? PerspectiveKind.Customer, theme,
                kpiNodes, carriers, RollUp(o.Code, carriers.SelectMany(c => c.Kpis)));
        }

        var nodes = city.Objectives.Select(Node).ToList();
        var themes = city.Themes.Select(t =>
        {
            var objectives = nodes.Where(n => n.Theme == t.Code).ToList();
            var carriers = byTheme.GetValueOrDefault(t.Code) ?? [];
            return new CityThemeNode(t.Code, t.Name, t.Lead, t.Members, objectives, carriers,
                RollUp(t.Code, objectives.SelectMany(n => n.CarriedBy).SelectMany(c => c.Kpis).Concat(carriers.SelectMany(c => c.Kpis))));
        }).ToList();
        var sharedObjectives = nodes.Where(n => n.Theme is null).ToList();
        var shared = sharedObjectives.Count == 0 ? null
            : new CityThemeNode(ObjectiveCode.SharedTheme.ToString(), "", null, [], sharedObjectives, [],
                RollUp(ObjectiveCode.SharedTheme.ToString(), sharedObjectives.SelectMany(n => n.CarriedBy).SelectMany(c => c.Kpis)));
        var all = themes.Concat(shared is null ? [] : [shared]).ToList();
        var total = RollUp("total", all.SelectMany(t => t.Objectives.SelectMany(n => n.CarriedBy).SelectMany(c => c.Kpis).Concat(t.CarriedByThemes.SelectMany(c => c.Kpis))));

        var membership = Membership(city, plans, organisations);
        var idle = membership.SelectMany(m => m.Agencies.Where(a => a.Role is not null && !a.CarriesSomething)
            .Select(a => new IdleMember(m.Theme, a.Name, a.Role!.Value, a.Bureau, a.HasPlan))).ToList();
        var gaps = new AlignmentGaps(
            [.. nodes.Where(n => !n.IsCarried).Select(n => new ObjectiveGap(n.Code, n.Name, n.Theme))],
            missingObjectives, idle, missingKpis);

        return new CityCascadeTree(city.Organisation.Code, city.Year, themes, shared, total, gaps, membership,
            cityKpis.Count > 0, plans.Count);
    }

    private static KpiEvaluation EvaluationOf(BureauPlan plan, KpiDoc kpi) =>
        plan.Evaluations.TryGetValue(kpi.Code, out var evaluation) ? evaluation
            // A KPI the caller did not evaluate has no data: an unclear light and no achievement.
            : new KpiEvaluation(kpi.Code, kpi.Exempt, Achievement.NoActual(null), null, Light.Unclear, Achievement.NoActual(null), null, null);

    /// <summary>Per city theme: its lead and members with what each carries, then bureaus that carry it without being named.</summary>
    private static List<ThemeMembership> Membership(PlanDocument city, List<BureauPlan> plans, IEnumerable<OrganisationDoc> organisations)
    {
        var known = organisations.Concat(plans.Select(p => p.Plan.Organisation)).DistinctBy(o => o.Code).ToList();
        var planOf = plans.ToDictionary(p => p.Plan.Organisation.Code, StringComparer.Ordinal);
        var result = new List<ThemeMembership>();
        foreach (var theme in city.Themes)
        {
            var objectives = city.Objectives.Where(o => city.ThemeOf(o.Code) == theme).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);

            MemberAgency Agency(string name, MemberRole? role, OrganisationDoc? org)
            {
                var bureau = org is null ? null : new Bureau(org.Code, org.Name, org.ShortName);
                if (org is null || !planOf.TryGetValue(org.Code, out var plan)) return new MemberAgency(name, role, bureau, false, [], [], []);
                var doc = plan.Plan;
                return new MemberAgency(name, role, bureau, true,
                    [.. doc.Themes.Where(t => t.CityTheme == theme.Code).Select(t => t.Code)],
                    [.. doc.Objectives.Where(o => o.CityObjective is { } c && objectives.Contains(c)).Select(o => o.Code)],
                    [.. doc.Objectives.SelectMany(o => o.Kpis).Where(k => k.CityKpi is { } c && KpiCode.TryParse(c, out var code) && objectives.Contains(code.Objective.ToString())).Select(k => k.Code)]);
            }

            OrganisationDoc? Named(string name) => known.FirstOrDefault(o => o.Name == name || o.ShortName == name);

            var named = (theme.Lead is { } lead ? new[] { (Name: lead.Trim(), Role: MemberRole.Lead) } : [])
                .Concat(theme.Members.Select(m => (Name: m.Trim(), Role: MemberRole.Member)))
                .Where(x => x.Name.Length > 0)
                .DistinctBy(x => x.Name)
                .Select(x => Agency(x.Name, x.Role, Named(x.Name)))
                .ToList();
            var listed = named.Where(a => a.Bureau is not null).Select(a => a.Bureau!.Code).ToHashSet(StringComparer.Ordinal);
            var unlisted = plans.Where(p => !listed.Contains(p.Plan.Organisation.Code))
                .Select(p => Agency(p.Plan.Organisation.ShortName ?? p.Plan.Organisation.Name, null, p.Plan.Organisation))
                .Where(a => a.CarriesSomething)
                .ToList();
            result.Add(new ThemeMembership(theme.Code, theme.Name, named, unlisted));
        }
        return result;
    }
}
