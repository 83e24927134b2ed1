using Beacon.Core.Evaluation;
using Beacon.Core.Plans;

namespace Beacon.Core.Cascade;

// The city ⇄ bureau cascade of one year as a plain model: city theme → city objective → the bureau objectives and KPIs
// that carry it → their action plans, a roll-up at each level, the alignment gaps, and the theme membership
// (分成組員) with what each agency carries.

/// <summary>A bureau plan of the city's year, with each KPI's evaluation of that year by KPI code.</summary>
public sealed record BureauPlan(PlanDocument Plan, IReadOnlyDictionary<string, KpiEvaluation> Evaluations);

/// <summary>The organisation of a bureau plan as other documents name it.</summary>
public sealed record Bureau(string Code, string Name, string? ShortName);

/// <summary>
/// The roll-up of a set of carrying KPIs, each counted once: the 自評燈號統計表 line over them, self and reviewed
/// (achieved / not achieved / no data, and the count of each light).
/// </summary>
public sealed record RollUp(EvaluationStatistics Self, EvaluationStatistics Reviewed)
{
    public int Kpis => Self.Kpis;
}

public sealed record ActionPlanItem(string Code, string Name, IReadOnlyList<string> Responsible);

/// <summary>A bureau KPI that carries a city objective or KPI, with its evaluation of the year.</summary>
public sealed record CarryingKpi(
    Bureau Bureau, string ObjectiveCode, string Code, string Name, string? CityKpi, KpiEvaluation Evaluation, IReadOnlyList<ActionPlanItem> ActionPlans);

/// <summary>
/// A bureau objective under a city objective. <paramref name="Whole"/>: the objective itself carries the city
/// objective (marked 府), so all its KPIs do; otherwise only <paramref name="Kpis"/>, which name city KPIs of it.
/// </summary>
public sealed record CarryingObjective(Bureau Bureau, string Code, string Name, bool Whole, IReadOnlyList<CarryingKpi> Kpis, RollUp RollUp);

/// <summary>A bureau theme marked (府) with this city theme's letter: all its KPIs carry the theme.</summary>
public sealed record CarryingTheme(Bureau Bureau, string Code, string Name, IReadOnlyList<CarryingKpi> Kpis, RollUp RollUp);

/// <summary>A city KPI and the bureau KPIs that name it (府級KPI).</summary>
public sealed record CityKpiNode(string Code, string Name, IReadOnlyList<CarryingKpi> CarriedBy, RollUp RollUp);

public sealed record CityObjectiveNode(
    string Code, string Name, PerspectiveKind Perspective, string? Theme,
    IReadOnlyList<CityKpiNode> Kpis, IReadOnlyList<CarryingObjective> CarriedBy, RollUp RollUp)
{
    public bool IsCarried => CarriedBy.Count > 0;
}

/// <summary>A city theme (or, with code T, the objectives shared by every theme) and what carries it.</summary>
public sealed record CityThemeNode(
    string Code, string Name, string? Lead, IReadOnlyList<string> Members,
    IReadOnlyList<CityObjectiveNode> Objectives, IReadOnlyList<CarryingTheme> CarriedByThemes, RollUp RollUp);

public enum MemberRole { Lead, Member }

/// <summary>
/// An agency named by a city theme's membership (lead 主政 or member 協辦), or a bureau that carries the theme without
/// being named (<paramref name="Role"/> null): its organisation when Beacon knows it, whether it has a plan of the
/// year, and what of the theme that plan carries — bureau themes marked (府), objectives carrying the theme's
/// objectives, KPIs naming the theme's KPIs.
/// </summary>
public sealed record MemberAgency(
    string Name, MemberRole? Role, Bureau? Bureau, bool HasPlan,
    IReadOnlyList<string> Themes, IReadOnlyList<string> Objectives, IReadOnlyList<string> Kpis)
{
    public bool CarriesSomething => Themes.Count + Objectives.Count + Kpis.Count > 0;
}

/// <summary>Document 7 of the domain: a city theme's lead and member agencies, and bureaus carrying it unlisted.</summary>
public sealed record ThemeMembership(string Theme, string Name, IReadOnlyList<MemberAgency> Agencies, IReadOnlyList<MemberAgency> Unlisted);

public sealed record ObjectiveGap(string Code, string Name, string? Theme);

/// <summary>A bureau objective marked (府) whose city objective is not in the city's plan of the year.</summary>
public sealed record MissingCityObjective(Bureau Bureau, string Code, string Name, string CityObjective);

/// <summary>A bureau KPI naming a city KPI the city's plan of the year does not have; whether its objective (DP5 of DP5.1) is there.</summary>
public sealed record MissingCityKpi(Bureau Bureau, string Code, string Name, string CityKpi, bool CityObjectiveFound);

/// <summary>An agency that leads or joins a city theme and carries nothing of it: it has no plan of the year, or its plan carries nothing.</summary>
public sealed record IdleMember(string Theme, string Name, MemberRole Role, Bureau? Bureau, bool HasPlan);

public sealed record AlignmentGaps(
    IReadOnlyList<ObjectiveGap> UncarriedObjectives,
    IReadOnlyList<MissingCityObjective> MissingCityObjectives,
    IReadOnlyList<IdleMember> IdleMembers,
    IReadOnlyList<MissingCityKpi> MissingCityKpis)
{
    public int Count => UncarriedObjectives.Count + MissingCityObjectives.Count + IdleMembers.Count + MissingCityKpis.Count;
}

/// <summary>
/// The cascade of a city year. <paramref name="Shared"/> holds the objectives shared by every theme (TC1 …) when the
/// plan has any. <paramref name="CityListsKpis"/> is false when the city's plan lists no KPI at all (the 2018 city
/// plan is a map only), so bureau KPIs naming city KPIs cannot be checked against it.
/// </summary>
public sealed record CityCascadeTree(
    string City, int Year,
    IReadOnlyList<CityThemeNode> Themes, CityThemeNode? Shared, RollUp Total,
    AlignmentGaps Gaps, IReadOnlyList<ThemeMembership> Membership, bool CityListsKpis, int BureauPlans)
{
    public IEnumerable<CityObjectiveNode> Objectives => Themes.Concat(Shared is null ? [] : [Shared]).SelectMany(t => t.Objectives);
}
