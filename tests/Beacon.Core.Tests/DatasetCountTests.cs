using Beacon.Core.Codes;
using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

/// <summary>The dataset against the counts the source documents print.</summary>
public class DatasetCountTests
{
    [Fact]
    public void The_plans_folder_holds_the_five_transcribed_plans()
    {
        Assert.Equal(Dataset.FileNames, Directory.GetFiles(Dataset.PlansFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    // The city 110 administrative report, section 四 of each theme: "1. 策略目標：11 項(顧客構面 4 項、內部流程構面 5 項，
    // 學習成長構面 1 項、財務構面 1 項) 2. 關鍵績效指標(KPI)：23 項 3. 行動計畫：44 項". Objectives are the theme's own,
    // without the shared TC1–TC4.
    [Theory]
    [InlineData('A', 11, 4, 5, 1, 1, 23, 44)]
    [InlineData('B', 9, 4, 3, 1, 1, 25, 35)]
    [InlineData('C', 9, 3, 4, 1, 1, 20, 38)]
    [InlineData('D', 10, 3, 5, 1, 1, 19, 25)]
    [InlineData('E', 10, 3, 5, 1, 1, 17, 25)]
    // Printed 28 action plans. The report prints "FC1.1.1 辦理學生學力品質提升計畫" under FC1.1 and again under FC1.2;
    // the dataset keeps the second as FC1.2.1 (note 印為 FC1.1.1), so it has 29. See
    // Theme_F_has_one_action_plan_more_than_printed_because_FC1_1_1_is_printed_twice.
    [InlineData('F', 11, 2, 5, 2, 2, 21, 29)]
    [InlineData('G', 11, 2, 6, 2, 1, 22, 31)]
    [InlineData('H', 10, 2, 4, 1, 3, 15, 16)]
    public void City_2021_theme_has_the_printed_numbers_of_objectives_kpis_and_action_plans(
        char theme, int objectives, int customer, int process, int learning, int financial, int kpis, int actionPlans)
    {
        var own = Dataset.Load("TPE-2021.json").Objectives.Where(o => o.Code[0] == theme).ToList();

        Assert.Equal(objectives, own.Count);
        Assert.Equal([customer, process, learning, financial],
            "CPLF".Select(p => own.Count(o => o.Code[1] == p)));
        Assert.Equal(kpis, own.Sum(o => o.Kpis.Count));
        Assert.Equal(actionPlans, own.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count)));
    }

    [Fact]
    public void Theme_F_has_one_action_plan_more_than_printed_because_FC1_1_1_is_printed_twice()
    {
        var kpis = Dataset.Load("TPE-2021.json").Objectives.Where(o => o.Code == "FC1").SelectMany(o => o.Kpis).ToDictionary(k => k.Code);

        var first = Assert.Single(kpis["FC1.1"].ActionPlans, a => a.Code == "FC1.1.1");
        var repeat = Assert.Single(kpis["FC1.2"].ActionPlans, a => a.Code == "FC1.2.1");

        Assert.Equal("辦理學生學力品質提升計畫", first.Name);
        Assert.Equal(first.Name, repeat.Name);
        Assert.StartsWith("印為 FC1.1.1", repeat.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void City_2021_has_the_four_shared_customer_objectives_without_kpis()
    {
        var shared = Dataset.Load("TPE-2021.json").Objectives.Where(o => o.Code[0] == ObjectiveCode.SharedTheme).ToList();

        Assert.Equal(["TC1", "TC2", "TC3", "TC4"], shared.Select(o => o.Code));
        Assert.All(shared, o => Assert.Empty(o.Kpis));
    }

    [Fact]
    public void City_2021_totals_are_85_objectives_162_kpis_and_243_action_plans()
    {
        // 81 theme objectives + TC1–TC4; KPIs 23+25+20+19+17+21+22+15 = 162 as printed; action plans printed
        // 44+35+38+25+25+28+31+16 = 242, plus FC1.2.1 (the repeated FC1.1.1).
        var plan = Dataset.Load("TPE-2021.json");
        Assert.Equal(85, plan.Objectives.Count);
        Assert.Equal(162, plan.Objectives.Sum(o => o.Kpis.Count));
        Assert.Equal(243, plan.Objectives.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count)));
    }

    // Social Welfare 107: "針對內外部顧客研擬9項策略目標，10項關鍵績效指標", "共計18項策略目標，28項關鍵績效指標" (process),
    // "共計4項策略目標，4項關鍵績效指標" (learning, financial), "共計35項策略目標".
    [Theory]
    [InlineData('C', 9, 10)]
    [InlineData('P', 18, 28)]
    [InlineData('L', 4, 4)]
    [InlineData('F', 4, 4)]
    public void Social_welfare_2018_perspective_has_the_printed_numbers(char perspective, int objectives, int kpis)
    {
        var inRow = Dataset.Load("TPE-SWD-2018.json").Objectives.Where(o => o.Code[1] == perspective).ToList();

        Assert.Equal(objectives, inRow.Count);
        Assert.Equal(kpis, inRow.Sum(o => o.Kpis.Count));
    }

    [Fact]
    public void Social_welfare_2018_has_35_objectives_in_4_themes_carrying_city_theme_E()
    {
        var plan = Dataset.Load("TPE-SWD-2018.json");

        Assert.Equal(35, plan.Objectives.Count);
        Assert.Equal(46, plan.Objectives.Sum(o => o.Kpis.Count));
        Assert.Equal(["A", "B", "C", "D"], plan.Themes.Select(t => t.Code));
        Assert.All(plan.Themes, t => Assert.Equal("E", t.CityTheme));
    }

    [Fact]
    public void DV_centre_2022_has_15_objectives_including_TL1_to_TL3_and_TF1_and_20_kpis()
    {
        var plan = Dataset.Load("TPE-DVPC-2022.json");

        Assert.Equal(15, plan.Objectives.Count);
        Assert.Equal(["TL1", "TL2", "TL3", "TF1"], plan.Objectives.Where(o => o.Code[0] == 'T').Select(o => o.Code));
        Assert.Equal(["AC1", "AC2", "AC3", "BC1", "BC2", "BC3", "BC4", "CC1", "CC2", "AP1", "AP2"],
            plan.Objectives.Where(o => o.Code[0] != 'T').Select(o => o.Code));
        Assert.Equal(20, plan.Objectives.Sum(o => o.Kpis.Count));
        Assert.All(plan.Objectives.Where(o => o.Code[0] == 'T'), o => Assert.Single(o.Kpis));
        Assert.Equal(["A", "B", "C"], plan.Themes.Select(t => t.Code));
    }

    [Fact]
    public void DV_centre_2022_kpis_have_three_actuals_108_to_110_and_three_targets_111_to_113()
    {
        var plan = Dataset.Load("TPE-DVPC-2022.json");
        foreach (var kpi in plan.Objectives.SelectMany(o => o.Kpis))
        {
            Assert.Equal([2019, 2020, 2021], kpi.Values.Where(v => v.Kind == ValueKind.Actual).Select(v => v.Year));
            Assert.Equal([2022, 2023, 2024], kpi.Values.Where(v => v.Kind == ValueKind.Target).Select(v => v.Year));
        }
    }

    [Fact]
    public void Labor_2018_has_five_themes_and_its_learning_row_printed_T()
    {
        var plan = Dataset.Load("TPE-DOL-2018.json");

        Assert.Equal(["A", "B", "C", "D", "E"], plan.Themes.Select(t => t.Code));
        Assert.Equal(26, plan.Objectives.Count);
        Assert.Equal(PerspectiveKind.Learning, Assert.Single(plan.Perspectives, p => p.Code == "T").Kind);
        Assert.Equal(["AL1", "BL1", "CL1", "DL1", "EL1"], plan.Objectives.Where(o => o.Code[1] == 'L').Select(o => o.Code));
    }

    [Fact]
    public void City_2018_map_has_143_objectives_and_no_kpis()
    {
        // Only the city map is reproduced (inside the Labor 107 briefing, "臺北市政府107年度策略地圖"): 143 distinct
        // objective codes, no KPIs.
        var plan = Dataset.Load("TPE-2018.json");

        Assert.Equal(143, plan.Objectives.Count);
        Assert.All(plan.Objectives, o => Assert.Empty(o.Kpis));
    }
}
