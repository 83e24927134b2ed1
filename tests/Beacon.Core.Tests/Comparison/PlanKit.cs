using Beacon.Core.Plans;

namespace Beacon.Core.Tests.Comparison;

/// <summary>Small plans written as the documents print them, and the edits a revision makes, for the comparison tests.</summary>
internal static class PlanKit
{
    public static PlanDocument Plan(int year, params ObjectiveDoc[] objectives) => new()
    {
        Format = PlanDocument.FormatName,
        FormatVersion = PlanDocument.CurrentVersion,
        Organisation = new OrganisationDoc { Code = "TPE-TEST", Name = "測試局", Kind = OrganisationKind.Agency, Parent = "TPE" },
        Year = year,
        Perspectives =
        [
            new PerspectiveDoc { Code = "C", Kind = PerspectiveKind.Customer, Name = "顧客" },
            new PerspectiveDoc { Code = "P", Kind = PerspectiveKind.Process, Name = "內部流程" },
            new PerspectiveDoc { Code = "L", Kind = PerspectiveKind.Learning, Name = "學習成長" },
            new PerspectiveDoc { Code = "F", Kind = PerspectiveKind.Financial, Name = "財務" },
        ],
        Themes = [.. "ABCDE".Select(c => new ThemeDoc { Code = c.ToString(), Name = $"主題{c}" })],
        Objectives = [.. objectives],
    };

    public static ObjectiveDoc O(string code, string name, params KpiDoc[] kpis) => new() { Code = code, Name = name, Kpis = [.. kpis] };

    public static KpiDoc K(string code, string name, params ActionPlanDoc[] actions) =>
        new() { Code = code, Name = name, Direction = Direction.Positive, ActionPlans = [.. actions] };

    public static ActionPlanDoc A(string code, string name) => new() { Code = code, Name = name };

    public static ValueDoc Target(int year, string text) => new() { Year = year, Kind = ValueKind.Target, Text = text };

    public static ValueDoc Actual(int year, string text) => new() { Year = year, Kind = ValueKind.Actual, Text = text };

    /// <summary>
    /// Next year's plan as it starts (carry-forward): the same objectives, KPIs and action plans, the plan year's
    /// actual where it is known, one more year of targets (the last one repeated) and of budgets.
    /// </summary>
    public static PlanDocument CarryForward(PlanDocument plan) => plan with
    {
        Year = plan.Year + 1,
        Approvals = [],
        Objectives = [.. plan.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k with
        {
            Values = [.. k.Values, .. k.Values.Where(v => v.Kind == ValueKind.Target && v.Period is null).OrderBy(v => v.Year).TakeLast(1)
                .Select(v => v with { Year = v.Year + 1 })],
            Assessment = null,
            ActionPlans = [.. k.ActionPlans.Select(a => a with
            {
                Budgets = [.. a.Budgets, .. a.Budgets.OrderBy(b => b.Year).TakeLast(1).Select(b => b with { Year = b.Year + 1 })],
            })],
        })] })],
    };

    public static PlanDocument EditKpi(this PlanDocument plan, string code, Func<KpiDoc, KpiDoc> edit) => plan with
    {
        Objectives = [.. plan.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Code == code ? edit(k) : k)] })],
    };

    public static PlanDocument EditObjective(this PlanDocument plan, string code, Func<ObjectiveDoc, ObjectiveDoc> edit) => plan with
    {
        Objectives = [.. plan.Objectives.Select(o => o.Code == code ? edit(o) : o)],
    };

    public static PlanDocument EditAction(this PlanDocument plan, string code, Func<ActionPlanDoc, ActionPlanDoc> edit) =>
        plan.EditKpi(code[..code.LastIndexOf('.')], k => k with { ActionPlans = [.. k.ActionPlans.Select(a => a.Code == code ? edit(a) : a)] });

    /// <summary>A KPI under a new code, its action plans renumbered with it (BC1.2, BC1.2.1 → BC1.1, BC1.1.1).</summary>
    public static KpiDoc Recoded(this KpiDoc kpi, string code) => kpi with
    {
        Code = code,
        ActionPlans = [.. kpi.ActionPlans.Select(a => a with { Code = code + a.Code[kpi.Code.Length..] })],
    };

    public static ValueDoc? TargetOf(this KpiDoc kpi, int year) => kpi.Values.FirstOrDefault(v => v.Kind == ValueKind.Target && v.Year == year && v.Period is null);
}
