using Beacon.Core.Codes;
using Beacon.Core.Plans;

namespace Beacon.Core.Authoring;

/// <summary>
/// The operations of plan editing over the interchange records, each giving a new document (the one given is never
/// changed): renumbering an objective, KPI, action plan or theme with everything under and pointing at it, deleting
/// with everything that goes with it, placing an element among its siblings. The rules about when they are allowed are
/// <see cref="PlanEditCheck"/>'s.
/// </summary>
public static class PlanEdits
{
    /// <summary>A code under <paramref name="from"/> (or it) under <paramref name="to"/>: AC1 → AC2 makes AC1.2.1 AC2.2.1.</summary>
    public static string Swap(string code, string from, string to) =>
        code == from ? to : code.StartsWith(from + ".", StringComparison.Ordinal) ? to + code[from.Length..] : code;

    /// <summary>
    /// Objective <paramref name="from"/> renumbered <paramref name="to"/>: its KPIs and action plans renamed with it and
    /// the links that name it; the renames (old → new) are added to <paramref name="renamed"/>. When its theme or
    /// perspective changes it moves to the end of its new cell.
    /// </summary>
    public static PlanDocument RenumberObjective(PlanDocument plan, string from, string to, IDictionary<string, string> renamed)
    {
        var objective = plan.Objectives.Single(o => o.Code == from);
        renamed[from] = to;
        foreach (var k in objective.Kpis)
        {
            renamed[k.Code] = Swap(k.Code, from, to);
            foreach (var a in k.ActionPlans) renamed[a.Code] = Swap(a.Code, from, to);
        }
        var moved = objective with
        {
            Code = to,
            Kpis = [.. objective.Kpis.Select(k => k with
            {
                Code = Swap(k.Code, from, to),
                ActionPlans = [.. k.ActionPlans.Select(a => a with { Code = Swap(a.Code, from, to) })],
            })],
        };
        var objectives = plan.Objectives.Select(o => o.Code == from ? moved : o).ToList();
        if (Cell(from) != Cell(to))
        {
            objectives.Remove(moved);
            objectives.Insert(EndOfCell(objectives, to), moved);
        }
        return plan with { Objectives = objectives, Links = [.. plan.Links.Select(l => new LinkDoc { From = l.From == from ? to : l.From, To = l.To == from ? to : l.To })] };
    }

    /// <summary>KPI <paramref name="from"/> renumbered <paramref name="to"/>, its action plans with it; under another objective when the new code names one.</summary>
    public static PlanDocument RenumberKpi(PlanDocument plan, string from, string to, IDictionary<string, string> renamed)
    {
        var owner = plan.Objectives.Single(o => o.Kpis.Any(k => k.Code == from));
        var kpi = owner.Kpis.Single(k => k.Code == from);
        renamed[from] = to;
        foreach (var a in kpi.ActionPlans) renamed[a.Code] = Swap(a.Code, from, to);
        var moved = kpi with { Code = to, ActionPlans = [.. kpi.ActionPlans.Select(a => a with { Code = Swap(a.Code, from, to) })] };
        var target = ParentOf(to);
        return plan with
        {
            Objectives = [.. plan.Objectives.Select(o =>
                o.Code == owner.Code && o.Code == target ? o with { Kpis = [.. o.Kpis.Select(k => k.Code == from ? moved : k)] }
                : o.Code == owner.Code ? o with { Kpis = [.. o.Kpis.Where(k => k.Code != from)] }
                : o.Code == target ? o with { Kpis = [.. o.Kpis, moved] }
                : o)],
        };
    }

    /// <summary>Action plan <paramref name="from"/> renumbered <paramref name="to"/>; under another KPI when the new code names one.</summary>
    public static PlanDocument RenumberActionPlan(PlanDocument plan, string from, string to, IDictionary<string, string> renamed)
    {
        renamed[from] = to;
        var action = plan.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans).Single(a => a.Code == from) with { Code = to };
        var owner = plan.Objectives.SelectMany(o => o.Kpis).Single(k => k.ActionPlans.Any(a => a.Code == from)).Code;
        var target = ParentOf(to);
        return MapKpis(plan, k =>
            k.Code == owner && k.Code == target ? k with { ActionPlans = [.. k.ActionPlans.Select(a => a.Code == from ? action : a)] }
            : k.Code == owner ? k with { ActionPlans = [.. k.ActionPlans.Where(a => a.Code != from)] }
            : k.Code == target ? k with { ActionPlans = [.. k.ActionPlans, action] }
            : k);
    }

    /// <summary>Theme <paramref name="from"/> lettered <paramref name="to"/>: its objectives renumbered with it (AC1 → DC1 …).</summary>
    public static PlanDocument RenumberTheme(PlanDocument plan, string from, string to, IDictionary<string, string> renamed)
    {
        renamed[from] = to;
        plan = plan with { Themes = [.. plan.Themes.Select(t => t.Code == from ? t with { Code = to } : t)] };
        foreach (var code in ObjectivesOfTheme(plan, from).ToList())
            plan = RenumberObjective(plan, code, to + code[1..], renamed);
        return plan;
    }

    /// <summary>The codes of the objectives of a theme (not the shared ones).</summary>
    public static IEnumerable<string> ObjectivesOfTheme(PlanDocument plan, string theme) =>
        plan.Objectives.Where(o => ObjectiveCode.TryParse(o.Code, out var c) && !c.IsShared && c.Theme.ToString() == theme).Select(o => o.Code);

    /// <summary>The element and everything that goes with it removed, and the links that name a removed objective.</summary>
    public static PlanDocument Delete(PlanDocument plan, ElementKind kind, string code)
    {
        switch (kind)
        {
            case ElementKind.Theme:
            {
                var objectives = ObjectivesOfTheme(plan, code).ToHashSet(StringComparer.Ordinal);
                return plan with
                {
                    Themes = [.. plan.Themes.Where(t => t.Code != code)],
                    Objectives = [.. plan.Objectives.Where(o => !objectives.Contains(o.Code))],
                    Links = [.. plan.Links.Where(l => !objectives.Contains(l.From) && !objectives.Contains(l.To))],
                };
            }
            case ElementKind.Objective:
                return plan with
                {
                    Objectives = [.. plan.Objectives.Where(o => o.Code != code)],
                    Links = [.. plan.Links.Where(l => l.From != code && l.To != code)],
                };
            case ElementKind.Kpi:
                return plan with { Objectives = [.. plan.Objectives.Select(o => o.Kpis.Any(k => k.Code == code) ? o with { Kpis = [.. o.Kpis.Where(k => k.Code != code)] } : o)] };
            case ElementKind.ActionPlan:
                return MapKpis(plan, k => k.ActionPlans.Any(a => a.Code == code) ? k with { ActionPlans = [.. k.ActionPlans.Where(a => a.Code != code)] } : k);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "only themes, objectives, KPIs and action plans are deleted one at a time");
        }
    }

    /// <summary>
    /// What deleting the element takes with it, for the confirmation a person sees first: the objectives of a theme, the
    /// KPIs of an objective, the action plans of a KPI, the links naming a removed objective, and the KPIs whose
    /// evaluation data for the plan year (actual, progress values, inputs, self-assessment, review) goes too.
    /// </summary>
    public static Gone WhatGoes(PlanDocument plan, ElementKind kind, string code)
    {
        var objectives = kind switch
        {
            ElementKind.Theme => ObjectivesOfTheme(plan, code).ToHashSet(StringComparer.Ordinal),
            ElementKind.Objective => new HashSet<string>([code], StringComparer.Ordinal),
            _ => [],
        };
        var elements = new List<GoneElement>();
        var kpis = new List<KpiDoc>();
        if (kind == ElementKind.Theme && plan.Themes.FirstOrDefault(t => t.Code == code) is { } theme) elements.Add(new(ElementKind.Theme, theme.Code, theme.Name));
        foreach (var o in plan.Objectives.Where(o => objectives.Contains(o.Code)))
        {
            elements.Add(new(ElementKind.Objective, o.Code, o.Name));
            kpis.AddRange(o.Kpis);
        }
        if (kind == ElementKind.Kpi) kpis.AddRange(plan.Objectives.SelectMany(o => o.Kpis).Where(k => k.Code == code));
        foreach (var k in kpis)
        {
            elements.Add(new(ElementKind.Kpi, k.Code, k.Name));
            elements.AddRange(k.ActionPlans.Select(a => new GoneElement(ElementKind.ActionPlan, a.Code, a.Name)));
        }
        if (kind == ElementKind.ActionPlan)
            elements.AddRange(plan.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans).Where(a => a.Code == code)
                .Select(a => new GoneElement(ElementKind.ActionPlan, a.Code, a.Name)));
        var links = plan.Links.Where(l => objectives.Contains(l.From) || objectives.Contains(l.To)).ToList();
        return new Gone(elements, links, [.. kpis.Where(k => HasEvaluationData(k, plan.Year)).Select(k => k.Code)]);
    }

    /// <summary>Evaluation data of the plan year: entered on the evaluation pages, never through plan editing.</summary>
    public static bool IsEvaluationValue(ValueDoc value, int planYear) =>
        value.Period is not null || (value.Kind == ValueKind.Actual && value.Year >= planYear);

    public static bool HasEvaluationData(KpiDoc kpi, int planYear) =>
        kpi.Assessment is not null || kpi.Inputs is { Count: > 0 }
        || kpi.Values.Concat(kpi.Parts.SelectMany(p => p.Values)).Any(v => IsEvaluationValue(v, planYear));

    /// <summary>The objective a KPI code belongs to (AC1.2 → AC1), the KPI an action plan code belongs to (AC1.2.1 → AC1.2).</summary>
    public static string ParentOf(string code) => code[..code.LastIndexOf('.')];

    /// <summary>The map's cell of an objective code: its theme and perspective letters (AC1 → "AC").</summary>
    public static string Cell(string objectiveCode) => objectiveCode.Length >= 2 ? objectiveCode[..2] : objectiveCode;

    /// <summary>Where a new objective of this code goes: after the last one of its cell, else of its theme, else last.</summary>
    public static int EndOfCell(IReadOnlyList<ObjectiveDoc> objectives, string code)
    {
        for (var i = objectives.Count - 1; i >= 0; i--) if (Cell(objectives[i].Code) == Cell(code)) return i + 1;
        for (var i = objectives.Count - 1; i >= 0; i--) if (objectives[i].Code[..1] == code[..1]) return i + 1;
        return objectives.Count;
    }

    /// <summary>
    /// The list with the item matching <paramref name="is"/> moved to <paramref name="position"/> among the items that are
    /// <paramref name="sibling"/>s (the item itself included), the others keeping their places.
    /// </summary>
    public static List<T> Place<T>(IReadOnlyList<T> items, Func<T, bool> @is, Func<T, bool> sibling, int position)
    {
        var list = items.ToList();
        var index = list.FindIndex(x => @is(x));
        if (index < 0) return list;
        var item = list[index];
        list.RemoveAt(index);
        var siblings = list.Select((x, i) => (x, i)).Where(p => sibling(p.x)).Select(p => p.i).ToList();
        var at = siblings.Count == 0 ? Math.Min(index, list.Count)
            : position <= 0 ? siblings[0]
            : position >= siblings.Count ? siblings[^1] + 1
            : siblings[position];
        list.Insert(at, item);
        return list;
    }

    /// <summary>The place of an item among its siblings (0 first).</summary>
    public static int PositionOf<T>(IReadOnlyList<T> items, Func<T, bool> @is, Func<T, bool> sibling) =>
        items.Where(sibling).TakeWhile(x => !@is(x)).Count();

    public static PlanDocument MapKpis(PlanDocument plan, Func<KpiDoc, KpiDoc> map) =>
        plan with { Objectives = [.. plan.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(map)] })] };

    /// <summary>Every KPI with the objective it belongs to.</summary>
    public static IEnumerable<(ObjectiveDoc Objective, KpiDoc Kpi)> Kpis(PlanDocument plan) =>
        plan.Objectives.SelectMany(o => o.Kpis.Select(k => (o, k)));

    /// <summary>Every action plan with the KPI it belongs to.</summary>
    public static IEnumerable<(KpiDoc Kpi, ActionPlanDoc Action)> ActionPlans(PlanDocument plan) =>
        plan.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans.Select(a => (k, a)));
}
