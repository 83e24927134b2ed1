using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Core.Workflow;
using static Beacon.Core.Tests.Authoring.AuthoringKit;

namespace Beacon.Core.Tests.Authoring;

/// <summary>
/// Starting a plan: the DV centre's 2022 plan carried forward to 2023 (its 2023 and 2024 targets and 2023 budgets as
/// printed become the new plan's, 2019–2021 actuals stay, evaluation data does not come along), a bureau plan started from
/// the city's 2021 plan, and who may start one, when.
/// </summary>
public sealed class PlanCreationTests
{
    private static readonly OrganisationDoc Dv = Dvpc().Organisation;

    [Fact]
    public void Carrying_2022_forward_to_2023_keeps_structure_earlier_actuals_and_later_targets()
    {
        var source = Dvpc(Link("TL1", "AP1"));

        var plan = CarryForward.Of(source, 2023);

        var kpi = Kpi(plan, "AC1.1");
        Assert.Equal(["2019 actual 無實際值", "2020 actual 無實際值", "2021 actual 無實際值", "2023 target 7.5", "2024 target 7.3"],
            kpi.Values.Select(v => $"{v.Year} {v.Kind.ToString().ToLowerInvariant()} {v.Text}"));
        Assert.Equal(["2023 803,500"], kpi.ActionPlans[0].Budgets.Select(b => $"{b.Year} {b.Text}"));
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心 平衡計分卡 (112年)", plan.Title);
        Assert.Equal((15, 20, "TL1→AP1"), (plan.Objectives.Count, plan.Objectives.Sum(o => o.Kpis.Count), $"{plan.Links[0].From}→{plan.Links[0].To}"));
        Assert.Equal(["2019 actual 無實際值", "2020 actual 無實際值", "2021 actual 100", "2023 target 100", "2024 target 100"], Kpi(plan, "AC2.1").Values.Select(v => $"{v.Year} {v.Kind.ToString().ToLowerInvariant()} {v.Text}"));
        Assert.Equal("2022", source.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(PlanValidator.Validate(plan));
    }

    [Fact]
    public void Evaluation_data_and_revision_history_are_not_carried_forward()
    {
        var source = Dvpc();
        source = PlanEdits.MapKpis(source, k => k.Code != "AC1.1" ? k : k with
        {
            Values = [.. k.Values, new ValueDoc { Year = 2022, Kind = ValueKind.Actual, Text = "7.1" }, new ValueDoc { Year = 2022, Period = "Q1", Kind = ValueKind.Actual, Text = "7.0" }],
            Inputs = [new InputDoc { Year = 2022, Name = "當年度通報案件數", Value = 1000 }],
            Assessment = new AssessmentDoc { Self = new SelfAssessmentDoc { Innovation = 80, Challenge = 80, Contribution = 80 } },
        });

        var kpi = Kpi(CarryForward.Of(source, 2023), "AC1.1");

        Assert.Contains(kpi.Values, v => v is { Year: 2022, Kind: ValueKind.Actual, Text: "7.1", Period: null });
        Assert.DoesNotContain(kpi.Values, v => v.Period is not null);
        Assert.Null(kpi.Inputs);
        Assert.Null(kpi.Assessment);
    }

    [Theory]
    [InlineData("planner", 2023, null, "✓")]
    [InlineData("editor", 2023, 2022, "✓")]
    [InlineData("成保組", 2023, 2022, "Forbidden")]
    [InlineData("other-editor", 2023, 2022, "Forbidden")]
    [InlineData("planner", 2022, 2021, "Conflict year: TPE-DVPC already has a plan for 2022.")]
    [InlineData("planner", 2023, 2021, "Invalid from: TPE-DVPC has no plan for 2021 to carry forward.")]
    [InlineData("planner", 111, null, "Invalid year: The year 111 is outside 1912–2200 (use Gregorian years: ROC 112 is 2023).")]
    public void Who_may_start_which_year(string who, int year, int? from, string expected)
    {
        var actor = who switch { "planner" => Planner, "editor" => Editor, "other-editor" => OtherEditor, _ => AdultDivision };

        var decision = PlanCreation.Check(actor, Dv, [2022], new NewPlanRequest { Year = year, From = from }, from == 2022 ? Dvpc() : null, null);

        var said = decision.Accepted ? "✓" : decision.Problems[0] is var p && p.Kind == ProblemKind.Forbidden ? "Forbidden" : $"{p.Kind} {p.Element?.Field}: {p.MessageEn}";
        Assert.Equal(expected, said);
    }

    [Fact]
    public void An_empty_plan_has_the_four_perspectives_top_to_bottom()
    {
        var plan = PlanCreation.Check(Planner, Dv, [2022], new NewPlanRequest { Year = 2024 }, null, null).Plan!;

        Assert.Equal(["C 顧客", "P 內部流程", "L 學習成長", "F 財務"], plan.Perspectives.Select(p => $"{p.Code} {p.Name}"));
        Assert.Empty(plan.Objectives);
    }

    [Fact]
    public void A_bureau_plan_started_from_the_city_2021_plan_carries_the_chosen_themes_and_objectives()
    {
        var city = Dataset.Load("TPE-2021.json");
        var choice = new CityChoice { Themes = ["E"], Objectives = ["EC1", "EP5", "GP1", "TC1"] };

        var (plan, problems) = CityStart.Of(city, Dv, 2021, choice);

        Assert.Empty(problems);
        Assert.Equal(["A 強化社會支持 (E)", "B 精進健康安全 (G)"], plan!.Themes.Select(t => $"{t.Code} {t.Name} ({t.CityTheme})"));
        Assert.Equal(["TC1←TC1", "AC1←EC1", "AP1←EP5", "BP1←GP1"], plan.Objectives.Select(o => $"{o.Code}←{o.CityObjective}"));
        Assert.Empty(PlanValidator.Validate(plan));
        var unknown = CityStart.Of(city, Dv, 2021, new CityChoice { Objectives = ["EP9"] }).Problems;
        Assert.Equal("city.objectives[0]: The city plan of 2021 has no objective EP9.", $"{Assert.Single(unknown).Element!.Field}: {unknown[0].MessageEn}");
    }
}
