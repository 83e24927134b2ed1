using Beacon.Core.Plans;
using Beacon.Core.Sheets;
using static Beacon.Core.Tests.Sheets.SheetTables;

namespace Beacon.Core.Tests.Sheets;

/// <summary>
/// Plans read from scorecard spreadsheets laid out as 家防中心's 111 (2022) scorecard: Beacon's own scorecard document
/// (merged cells, one row per action plan), the source document's layout (blanks under the cell above, several
/// action plans in one cell, the unit and direction inline), English headers, and problems at their cells.
/// </summary>
public sealed class PlanSheetTests
{
    private static readonly OrganisationDoc Dvpc = new() { Code = "TPE-DVPC", Name = "臺北市家庭暴力暨性侵害防治中心", Kind = OrganisationKind.Agency, Parent = "TPE-SWD" };

    private static PlanSheetRead Read(PlanDocument? previous, params GridSheet[] sheets) =>
        PlanSheet.Read(Book(sheets), new PlanSheetContext(Dvpc, 2023, previous));

    private static PlanDocument Previous() => Dataset.Load("TPE-DVPC-2022.json");

    // As Beacon's scorecard document writes 顧客構面 (zh-TW): the objective and its KSF span their KPIs' rows, a KPI spans its action plans' rows.
    private const string BeaconLayout = """
        臺北市家庭暴力暨性侵害防治中心 111年 平衡計分卡
        顧客構面
        策略目標 | 關鍵成功因素 (KSF) | 關鍵績效指標 (KPI) | KPI 計算公式及計量單位 | 110年 實際值 | 111年 目標值 | 112年 目標值 | KPI 主責單位 | 行動計畫 | 已編111年概算 (元) | 預編112年概算 (元) | 行動計畫主責單位
        AC1 提升家庭暴力被害人保護服務 | AC1依衛生福利部開結案指標落實個案評估工作 | AC1.1 保護案件再通報率 | (當年度通報案件中為過去1年內結案之件數/當年度通報案件數)*100%\n單位：%\n負向指標（愈低愈好） | 無實際值 | #7.7 | #7.5 | 成保組、兒少組 | AC1.1.1 臺北市家庭暴力安全防護網計畫 | #803,500 | #803,500 | 成保組、兒少組
        ~ | ~ | ~ | ~ | ~ | ~ | ~ | ~ | AC1.1.2 強化兒少保護跨網絡合作實施計畫 |  |  | 成保組、兒少組
        AC2 落實集中派案時效及品質 | AC2 集中派案時效管控及定期檢核 | AC2.1 篩派案窗口依限完成派案評估之比率 | (依限完成派案評估之案件/通報件數)*100%\n單位：% | #100 | #100 | #100 | 專線組 | AC2.1.1 臺北市強化社會安全網計畫 | 無 | 無 | 專線組
        """;

    [Fact]
    public void Beacon_s_scorecard_layout_reads_back_as_the_plan()
    {
        var read = Read(Previous(), Sheet("顧客構面", BeaconLayout));

        Assert.Empty(read.Problems);
        var plan = read.Document!;
        Assert.Equal(["AC1", "AC2"], plan.Objectives.Select(o => o.Code));
        var ac1 = plan.Objectives[0];
        Assert.Equal(("提升家庭暴力被害人保護服務", "AC1依衛生福利部開結案指標落實個案評估工作"), (ac1.Name, ac1.Ksf));
        var kpi = Assert.Single(ac1.Kpis);
        Assert.Equal(("保護案件再通報率", "(當年度通報案件中為過去1年內結案之件數/當年度通報案件數)*100%", "%", Direction.Negative, (string?)null),
            (kpi.Name, kpi.Formula, kpi.Unit, kpi.Direction, kpi.Ksf));
        Assert.Equal(["成保組", "兒少組"], kpi.Responsible);
        Assert.Equal([(2021, ValueKind.Actual, "無實際值"), (2022, ValueKind.Target, "7.7"), (2023, ValueKind.Target, "7.5")],
            kpi.Values.Select(v => (v.Year, v.Kind, v.Text)));
        Assert.Equal(["AC1.1.1", "AC1.1.2"], kpi.ActionPlans.Select(a => a.Code));
        Assert.Equal([(2022, "803,500"), (2023, "803,500")], kpi.ActionPlans[0].Budgets.Select(b => (b.Year, b.Text)));
        Assert.Empty(kpi.ActionPlans[1].Budgets);
        Assert.Equal([(2022, "無"), (2023, "無")], plan.Objectives[1].Kpis[0].ActionPlans[0].Budgets.Select(b => (b.Year, b.Text)));
        // What a scorecard does not print comes from the previous plan where the KPI is the same: the formula's expression.
        Assert.Equal("[當年度通報案件中為過去1年內結案之件數] / [當年度通報案件數] * 100", kpi.Expression);
        Assert.Equal((2023, "促進市民的家庭和諧與安全"), (plan.Year, plan.Mission));
        Assert.Equal(["A"], plan.Themes.Select(t => t.Code));
        Assert.Empty(PlanValidator.Validate(plan));
    }

    [Fact]
    public void The_source_document_s_layout_continues_blank_cells_and_splits_coded_lists()
    {
        // 002's scorecard as extracted: ROC years, the unit and the direction in the formula's text, the action
        // plans of a KPI in one cell, objective and KSF left blank under the first KPI.
        var read = Read(Previous(), Sheet("平衡計分卡", """
            策略目標	關鍵成功因素 (KSF)	KPI (關鍵績效指標)	KPI 計算公式及計量單位	110年 實際值	111年 目標值	KPI 主責科室	行動計畫	行動計畫 已編111年概算 (元)	行動計畫 主責科室
            顧客構面
            AC1 提升家庭 暴力被害 人保護服 務	AC1依衛生福 利部開結案指 標落實個案評 估工作	AC1.1 保護案件再通報 率	(當年度通報案件中為過去1年內結案之件數/當年度通報案件數)*100% (負向指標) 單位：%	無實 際值	7.7	成保組 兒少組	AC1.1.1. 臺北市家庭暴力安全防護 網計畫 AC1.1.2. 強化兒少保護跨網絡合作 實施計畫	803,500	成保組 兒少組
            BC1 提升 性侵害被 害人保護 服務	BC1依衛生福 利部開結案指 標落實個案評 估	BC1.1性侵害案 情評估表依限完 成率	單位：%	99.77	≥99.5	性保組	BC1.1.1 一般性社會福利補助款指 定辦理施政項目	無	性保組
            		BC1.2性侵害防 治易讀手冊使用 率	單位：%	58.06	60.0	性保組	BC1.1.2性侵害案件 整合性團隊服務實 施計畫	無	性保組
            """.Replace("\t", " | ")));

        var plan = read.Document!;
        Assert.Equal(["AC1", "BC1"], plan.Objectives.Select(o => o.Code));
        var ac11 = plan.Objectives[0].Kpis.Single();
        Assert.Equal(("(當年度通報案件中為過去1年內結案之件數/當年度通報案件數)*100%", "%", Direction.Negative), (ac11.Formula, ac11.Unit, ac11.Direction));
        Assert.Equal(["成保組", "兒少組"], ac11.Responsible);
        Assert.Equal(["AC1.1.1", "AC1.1.2"], ac11.ActionPlans.Select(a => a.Code));
        Assert.Equal("臺北市家庭暴力安全防護 網計畫", ac11.ActionPlans[0].Name);
        Assert.Equal([(2022, "803,500")], ac11.ActionPlans[1].Budgets.Select(b => (b.Year, b.Text)));
        var bc1 = plan.Objectives[1];
        Assert.Equal(["BC1.1", "BC1.2"], bc1.Kpis.Select(k => k.Code));
        Assert.Equal("BC1依衛生福 利部開結案指 標落實個案評 估", bc1.Ksf);                      // one KSF for both KPIs: the objective's
        Assert.All(bc1.Kpis, k => Assert.Null(k.Ksf));
        Assert.Equal("≥99.5", bc1.Kpis[0].Values.Single(v => v.Kind == ValueKind.Target).Text);
        // BC1.1.2 sits beside BC1.2, but its code names BC1.1: the validation says so at its cell.
        var misplaced = Assert.Single(PlanValidator.Validate(plan), p => p.Path.Contains("actionPlans", StringComparison.Ordinal));
        Assert.Equal("H5", read.CellOf(misplaced.Path)!.Value.Reference);
    }

    [Fact]
    public void English_headers_in_another_order_and_weighted_parts_are_read()
    {
        var read = Read(null,
            Sheet("Plan", """
                Mission | A safe city
                Core values | Teamwork、Respect
                Theme code | Theme
                B | Renewal
                """),
            Sheet("Customer perspective", """
                Key performance indicator | Objective | 2022 actual | Formula and unit | Responsible unit
                BP2.1 Gateway projects | BP2 Urban renewal | 93\n94 | 1. East gateway (Weight 50%)\n2. West gateway (Weight 50%) | 都發局
                """));

        Assert.Empty(read.Problems);
        var plan = read.Document!;
        Assert.Equal("A safe city", plan.Mission);
        Assert.Equal(["Teamwork", "Respect"], plan.CoreValues);
        Assert.Equal(("B", "Renewal"), (plan.Themes.Single().Code, plan.Themes.Single().Name));
        var kpi = plan.Objectives.Single().Kpis.Single();
        Assert.Equal([("East gateway", 50m, "93"), ("West gateway", 50m, "94")], kpi.Parts.Select(p => (p.Name, p.Weight!.Value, p.Values.Single().Text)));
        Assert.Null(kpi.Formula);
    }

    [Fact]
    public void A_theme_without_a_name_anywhere_is_a_problem_at_its_first_objective()
    {
        var read = Read(null, Sheet("顧客構面", BeaconLayout));

        var problem = Assert.Single(read.Problems);
        Assert.Equal("A4", problem.Cell!.Value.Reference);
        Assert.Contains("策略主題 A", problem.Message);
    }

    [Fact]
    public void Cells_without_codes_hidden_rows_dates_and_sheets_without_a_table_are_named()
    {
        var read = Read(Previous(),
            Sheet("顧客構面", """
                策略目標 | KPI | 111年 目標值 | 行動計畫
                提升家庭暴力被害人保護服務 | AC1.1 保護案件再通報率 | #7.7 | AC1.1.1 安全防護網
                AC2 落實集中派案時效及品質 | 篩派案窗口依限完成派案評估之比率 | #100 | AC2.1.1 社會安全網
                AC3 推廣專業詢問 | AC3.1 使用率 | @2022-01-07 | 性侵害案件整合性團隊服務
                (hidden) AC4 隱藏的目標 | AC4.1 隱藏的 KPI | #1
                """),
            Sheet("備註", "這是說明"));

        Assert.Equal([("顧客構面", "A2"), ("顧客構面", "B3"), ("顧客構面", "D4"), ("顧客構面", "A5"), ("備註", "A1"), ("顧客構面", "C4")],
            read.Problems.Select(p => (p.Cell!.Value.Sheet, p.Cell.Value.Reference)));
        Assert.All(read.Problems, p => Assert.EndsWith(".", p.MessageEn));
    }
}
