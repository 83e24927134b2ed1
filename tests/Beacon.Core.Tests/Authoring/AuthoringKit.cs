using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Core.Workflow;

namespace Beacon.Core.Tests.Authoring;

/// <summary>What the editing tests share: the DV centre's 2022 plan, the people who edit it, and every element at version 1.</summary>
internal static class AuthoringKit
{
    public const string Org = "TPE-DVPC";
    public static readonly Actor Planner = new(Planner: true);
    public static readonly Actor Editor = new(Editor: true, Organisation: Org);
    /// <summary>Bound to 成保組, responsible for AC1.1 (with 兒少組) and BC4.x; not for AC3.1 (性保組).</summary>
    public static readonly Actor AdultDivision = new(Editor: true, Organisation: Org, Divisions: ["成保組"]);
    public static readonly Actor OtherEditor = new(Editor: true, Organisation: "TPE-SWD");
    public static readonly Actor Reviewer = new(Reviewer: true);

    public static PlanDocument Dvpc(params LinkDoc[] links)
    {
        var plan = Dataset.Load("TPE-DVPC-2022.json");
        return links.Length == 0 ? plan : plan with { Links = [.. links] };
    }

    public static LinkDoc Link(string from, string to) => new() { From = from, To = to };

    public static AuthoringContext Context(Actor? actor = null, PlanStatus status = PlanStatus.Draft, bool revision = false,
        IReadOnlyList<CarryingPlan>? carriers = null, CityCodes? city = null) =>
        new(Org, 2022, status, actor ?? Planner, revision, carriers, city);

    /// <summary>Every element of the plan at version 1 (as the forms and GET … read them).</summary>
    public static IReadOnlyDictionary<string, int> Versions(PlanDocument plan)
    {
        var keys = new[] { "Header", "Perspectives", "Links" }
            .Concat(plan.Themes.Select(t => PlanPlace.KeyOf(ElementKind.Theme, t.Code)))
            .Concat(plan.Objectives.Select(o => PlanPlace.KeyOf(ElementKind.Objective, o.Code)))
            .Concat(PlanEdits.Kpis(plan).Select(x => PlanPlace.KeyOf(ElementKind.Kpi, x.Kpi.Code)))
            .Concat(PlanEdits.ActionPlans(plan).Select(x => PlanPlace.KeyOf(ElementKind.ActionPlan, x.Action.Code)));
        return keys.ToDictionary(k => k, _ => 1);
    }

    public static EditDecision Check(PlanChange change, PlanDocument? plan = null, AuthoringContext? context = null)
    {
        plan ??= Dvpc();
        return PlanEditCheck.Check(context ?? Context(), plan, Versions(plan), change);
    }

    /// <summary>A KPI as the form and GET …/kpis/{code} send it back: every field, version 1.</summary>
    public static KpiEdit EditOf(KpiDoc kpi) => new()
    {
        Code = kpi.Code, Name = kpi.Name, Ksf = kpi.Ksf, Formula = kpi.Formula, Expression = kpi.Expression, Unit = kpi.Unit, Direction = kpi.Direction,
        Responsible = [.. kpi.Responsible], Exempt = kpi.Exempt, CityKpi = kpi.CityKpi, Note = kpi.Note, Values = [.. kpi.Values], Parts = [.. kpi.Parts], Version = 1,
    };

    public static ObjectiveEdit EditOf(ObjectiveDoc o) => new() { Code = o.Code, Name = o.Name, Ksf = o.Ksf, CityObjective = o.CityObjective, Note = o.Note, Version = 1 };

    public static KpiDoc Kpi(PlanDocument plan, string code) => PlanEdits.Kpis(plan).Single(x => x.Kpi.Code == code).Kpi;

    /// <summary>A problem as "kind element.code field: English".</summary>
    public static string Said(Problem p) => $"{p.Kind} {p.Element?.Kind}.{p.Element?.Code} {p.Element?.Field}: {p.MessageEn}";
}
