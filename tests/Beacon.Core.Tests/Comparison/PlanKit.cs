using Beacon.Core.Plans;

namespace Beacon.Core.Tests.Comparison;

/// <summary>
/// Small plans written as the documents print them, and the edits a revision makes, for the comparison tests (linked
/// into the web tests too).
/// </summary>
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

    /// <summary>
    /// The DV centre's 2023 plan as it would be made from 2022 (TPE-DVPC-2022): carried forward, then revised — BC1.1
    /// dropped and BC1.2, BC1.3 renumbered up; AC1.1's 2023 target revised and an action plan dropped; AC2.1 and TL1
    /// renamed; BC3.4 added; CC2.1 moved into CC1 and CC2 dropped; a unit, a formula, a responsible unit and a budget changed.
    /// </summary>
    public static PlanDocument Dvpc2023(PlanDocument dvpc2022)
    {
        var plan = CarryForward(dvpc2022);
        // BC1.1 dropped; BC1.2 and BC1.3 move up a number, their action plans with them.
        plan = plan.EditObjective("BC1", o => o with { Kpis = [o.Kpis[1].Recoded("BC1.1"), o.Kpis[2].Recoded("BC1.2")] });
        // The 2023 target of AC1.1 revised (7.5 → 7.4); its third action plan dropped.
        plan = plan.EditKpi("AC1.1", k => k with
        {
            Values = [.. k.Values.Select(v => v.Kind == ValueKind.Target && v.Year == 2023 ? v with { Text = "7.4" } : v)],
            ActionPlans = [.. k.ActionPlans.Where(a => a.Code != "AC1.1.3")],
        });
        plan = plan.EditKpi("AC2.1", k => k with { Name = "篩派案窗口依限完成派案評估比率" });
        plan = plan.EditObjective("BC3", o => o with
        {
            Kpis = [.. o.Kpis, K("BC3.4", "兒少保護個案家庭處遇計畫完成率", A("BC3.4.1", "兒少保護家庭處遇服務方案")) with
            {
                Unit = "%", Responsible = ["兒少組"], Values = [Target(2023, "80"), Target(2024, "85"), Target(2025, "90")],
            }],
        });
        // CC2's only KPI joins CC1 as CC1.2, and CC2 is gone.
        var cc21 = plan.Objectives.Single(o => o.Code == "CC2").Kpis[0];
        plan = plan.EditObjective("CC1", o => o with { Kpis = [.. o.Kpis, cc21.Recoded("CC1.2")] });
        plan = plan with { Objectives = [.. plan.Objectives.Where(o => o.Code != "CC2")] };
        plan = plan.EditKpi("CC1.1", k => k with { Unit = "人" });
        plan = plan.EditKpi("AP1.1", k => k with { Formula = "(進入減述作業之案件數/性侵害案件通報數)*100%" });
        plan = plan.EditKpi("TL3.1", k => k with { Responsible = ["資訊組"] });
        plan = plan.EditAction("BC2.1.1", a => a with { Budgets = [.. a.Budgets.Select(b => b.Year == 2023 ? b with { Text = "4,800,000" } : b)] });
        return plan.EditObjective("TL1", o => o with { Name = "正向支持與關懷" });
    }

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
