using Beacon.Core.Evaluation;
using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

/// <summary>
/// A plan that uses every property of the interchange format at least once (approvals, theme membership, notes,
/// weighted parts, a revised target (format version 2), progress periods, inputs, self-assessment and review, evaluation settings, milestones, links),
/// made from the DV centre's 2022 plan. Shared by the core and web tests (linked into the web test project).
/// </summary>
public static class FullPlan
{
    public static PlanDocument From(PlanDocument source)
    {
        var objective = source.Objectives[0];
        var kpi = objective.Kpis[0];
        var action = kpi.ActionPlans[0];
        var second = source.Objectives[1];
        var computed = second.Kpis[0];
        return source with
        {
            // Version 2: a target revised after approval keeps its original and the reason.
            FormatVersion = PlanDocument.NewestVersion,
            Approvals =
            [
                new ApprovalDoc { Date = new DateOnly(2021, 1, 12), Body = "第 2125 次市政會議", Description = "通過" },
                new ApprovalDoc { Date = new DateOnly(2021, 10, 7), Description = "核定修正 110 年度目標值" },
            ],
            Themes = [source.Themes[0] with { CityTheme = "E", Lead = "社會局", Members = ["衛生局", "警察局"] }, .. source.Themes.Skip(1)],
            Objectives =
            [
                objective with
                {
                    CityObjective = "EC1",
                    Note = "策略地圖與計分卡名稱不同",
                    Kpis =
                    [
                        kpi with
                        {
                            Ksf = "落實個案評估",
                            CityKpi = "EC1.1",
                            Note = "目標值於年中修正",
                            Exempt = false,
                            Expression = null,
                            Values = [],
                            Parts =
                            [
                                new KpiPartDoc { Name = "成人保護", Formula = "(A/B)*100%", Weight = 33.5m, Values =
                                [
                                    new ValueDoc { Year = source.Year, Kind = ValueKind.Target, Text = "≥99.5", Original = "≥99", Reason = "核定修正 111 年度目標值" },
                                    new ValueDoc { Year = source.Year, Kind = ValueKind.Actual, Text = "99.6" },
                                ] },
                                new KpiPartDoc { Name = "兒少保護", Weight = 66.5m, Values = [new ValueDoc { Year = 2021, Kind = ValueKind.Actual, Text = "累積啟動 19,661 戶" }] },
                            ],
                            ActionPlans =
                            [
                                action with
                                {
                                    Note = "主責單位未列",
                                    Milestones = [.. MilestonePeriods.All.Select((period, i) => new MilestoneDoc { Period = period, Text = $"第 {i + 1} 期任務" })],
                                },
                                .. kpi.ActionPlans.Skip(1),
                            ],
                            Assessment = new AssessmentDoc
                            {
                                Self = new SelfAssessmentDoc { Innovation = 80, Challenge = 85, Contribution = 85, Met = true, Explanation = "已完成" },
                                Review = new ReviewDoc { Innovation = 70, Challenge = 80, Contribution = 80, Light = Light.Good, Met = true, Comment = "複核通過" },
                            },
                        },
                        .. objective.Kpis.Skip(1),
                    ],
                },
                second with
                {
                    Kpis =
                    [
                        computed with
                        {
                            // Computed from the inputs beside them: 1,947 of 1,950 is 99.8462 (to four decimals), 468 of 480 in Q1 is 97.5.
                            Values =
                            [
                                .. computed.Values,
                                new ValueDoc { Year = source.Year, Kind = ValueKind.Actual, Text = "99.8462" },
                                new ValueDoc { Year = source.Year, Period = "Q1", Kind = ValueKind.Actual, Text = "97.5" },
                            ],
                            Inputs =
                            [
                                new InputDoc { Year = source.Year, Name = "依限完成派案評估之案件", Value = 1947 },
                                new InputDoc { Year = source.Year, Name = "通報件數", Value = 1950 },
                                new InputDoc { Year = source.Year, Period = "Q1", Name = "依限完成派案評估之案件", Value = 468 },
                                new InputDoc { Year = source.Year, Period = "Q1", Name = "通報件數", Value = 480 },
                            ],
                        },
                        .. second.Kpis.Skip(1),
                    ],
                },
                .. source.Objectives.Skip(2),
            ],
            Links =
            [
                new LinkDoc { From = source.Objectives[2].Code, To = source.Objectives[1].Code },
                new LinkDoc { From = source.Objectives[1].Code, To = source.Objectives[0].Code },
            ],
            Evaluation = new EvaluationSettingsDoc
            {
                Weights = new WeightsDoc(0.25m, 0.25m, 0.3m, 0.2m),
                Bands = new BandsDoc(90m, 80m, 70m),
                BandRule = BandRule.ZeroOutside,
            },
        };
    }
}
