using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Sheets;
using static Beacon.Core.Tests.Sheets.SheetTables;

namespace Beacon.Core.Tests.Sheets;

/// <summary>
/// The entry sheet (填報表) of 家防中心's 111 (2022) plan as an agency fills it in a spreadsheet program: which rows
/// become which requests of the entry rules, with which version; what is left alone; and every problem at its cell.
/// </summary>
public sealed class EntrySheetTests
{
    private const string Org = "TPE-DVPC";
    private const int Year = 2022;

    // AC3.1 兒童或心智障礙性侵害案件專業詢問與鑑定服務使用率: typed, in %, 110 actual 46.15, 111 target 46.5.
    private static readonly EntrySheetKpi Ac31 = Kpi("AC3.1", actual: null, innovation: 80, challenge: 85, contribution: 85, explanation: "持續辦理");
    // AC1.1 保護案件再通報率: computed from two inputs, negative.
    private static readonly EntrySheetKpi Ac11 = Kpi("AC1.1", items: EntryItems.Inputs, names: ["當年度通報案件中為過去1年內結案之件數", "當年度通報案件數"],
        values: ["80", "1000"], actual: "8", direction: Direction.Negative);
    // BC3.3 提供6歲以下兒少保護個案親職賦能服務人次, 人次, with quarterly progress.
    private static readonly EntrySheetKpi Bc33 = Kpi("BC3.3", unit: "人次", actual: "60", progress: new() { ["Q1"] = "12", ["Q2"] = null, ["Q3"] = null, ["Q4"] = null });
    // A KPI in two weighted parts (the city's BP2.1 東區, 西區) and a qualitative one.
    private static readonly EntrySheetKpi Bp21 = Kpi("BP2.1", items: EntryItems.Parts, names: ["東區門戶計畫", "西區門戶計畫"], values: ["93", null]);
    private static readonly EntrySheetKpi Ec11 = Kpi("EC1.1", direction: Direction.Qualitative, judged: true, actual: "高於6都平均值");

    private static EntrySheetKpi Kpi(string code, string unit = "%", Direction direction = Direction.Positive, EntryItems items = EntryItems.None,
        IReadOnlyList<string>? names = null, IReadOnlyList<string?>? values = null, string? actual = null, string? reason = null,
        Dictionary<string, string?>? progress = null, decimal? innovation = null, decimal? challenge = null, decimal? contribution = null,
        bool? met = null, string? explanation = null, bool judged = false, int version = 3) =>
        new(code, code + " 名稱", unit, "46.5", direction, items, names ?? [], judged, version, actual, reason, values ?? [],
            progress ?? [], innovation, challenge, contribution, met, explanation);

    private static IReadOnlyDictionary<string, EntrySheetKpi> Kpis(params EntrySheetKpi[] kpis) => kpis.ToDictionary(k => k.Code);

    private static EntrySheetPlan Upload(string table, params EntrySheetKpi[] kpis) =>
        EntrySheet.Compare(EntrySheet.Read(Book(Sheet("填報", table)), Org, Year), Kpis(kpis.Length == 0 ? [Ac31] : kpis));

    private const string Header = "代碼 | KPI 名稱 | 單位 | 111年 目標值 | 指標方向 | 111年 實際值 | 無實際值原因 | 創新度 | 挑戰度 | 貢獻度 | 自評說明 | 版本";

    [Fact]
    public void A_row_as_downloaded_changes_nothing()
    {
        var plan = Upload($"""
            家防中心 111年 填報表
            {Header}
            AC3.1 | AC3.1 名稱 | % | #46.5 | 正向 |  |  | #80 | #85 | #85 | 持續辦理 | #3
            """);

        Assert.Empty(plan.Problems);
        Assert.Empty(plan.Entries);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void A_typed_actual_becomes_the_actual_entry_with_the_version_of_the_download_and_is_listed_old_to_new_with_its_cell()
    {
        var plan = Upload($"""
            家防中心 111年 填報表
            {Header}
            AC3.1 | AC3.1 名稱 | % | #46.5 | 正向 | #48.2 |  | #80 | #85 | #85 | 持續辦理 | #3
            """);

        var entry = Assert.Single(plan.Entries);
        Assert.Equal(new ActualEntry("48.2", null, Version: 3), entry.Actual);
        Assert.Null(entry.Self);
        var change = Assert.Single(plan.Changes);
        Assert.Equal(("AC3.1", EntryColumn.Actual, null, "48.2", "F3", false), (change.Code, change.Field.Kind, change.Old, change.New, change.At.Reference, change.Conflict));
    }

    [Theory]
    [InlineData("４８．２")]   // full-width digits
    [InlineData(" 48.2 ")]    // spaces around a number stored as text
    [InlineData("48.2%")]     // a percent sign on a KPI in %
    public void A_number_stored_as_text_is_the_number(string typed)
    {
        var plan = Upload($"""
            {Header}
            AC3.1 |  |  |  |  | {typed} |  | #80 | #85 | #85 | 持續辦理 | #3
            """);

        Assert.Empty(plan.Problems);
        Assert.Equal(typed.Trim(), Assert.Single(plan.Entries).Actual!.Value);
    }

    [Fact]
    public void A_number_shown_as_a_percentage_is_read_as_shown()
    {
        // Excel stores 85% typed into a cell as 0.85 formatted as a percentage: the KPI in % means 85.
        var plan = Upload($"""
            {Header}
            AC3.1 |  |  |  |  | #85%0.85 |  | #80 | #85 | #85 | 持續辦理 | #3
            """);

        Assert.Equal("85%", Assert.Single(plan.Entries).Actual!.Value);
    }

    [Fact]
    public void Columns_are_found_by_their_headers_in_English_in_any_order_below_title_rows()
    {
        var plan = Upload("""
            TPE-DVPC 2022 entry sheet
            Fill in the white cells.
            Version | Innovation | Code | Challenge | Contribution | 2022 actual | Explanation
            #3 | #90 | AC3.1 | #85 | #85 |  | 持續辦理
            """);

        Assert.Empty(plan.Problems);
        var entry = Assert.Single(plan.Entries);
        Assert.Equal(new SelfEntry(90, 85, 85, null, "持續辦理", 3), entry.Self);
        Assert.Null(entry.Actual);
    }

    [Fact]
    public void A_changed_score_sends_the_whole_self_assessment_keeping_what_the_sheet_lacks()
    {
        var qualitative = Ec11 with { Innovation = 70, Challenge = 70, Contribution = 70, Met = true, Explanation = "達成" };
        var plan = Upload("""
            代碼 | 創新度 | 挑戰度 | 貢獻度 | 版本
            EC1.1 | #75 | #70 | #70 | #3
            """, qualitative);

        Assert.Equal(new SelfEntry(75, 70, 70, true, "達成", 3), Assert.Single(plan.Entries).Self);
    }

    [Fact]
    public void Inputs_of_a_formula_KPI_are_sent_as_its_inputs()
    {
        var plan = Upload("""
            代碼 | 111年 實際值 | 輸入項目或分項 1 | 數值 1 | 輸入項目或分項 2 | 數值 2 | 版本
            AC1.1 | #8 | 當年度通報案件中為過去1年內結案之件數 | #77 | 當年度通報案件數 | #1000 | #3
            """, Ac11);

        var actual = Assert.Single(plan.Entries).Actual!;
        Assert.Equal(new Dictionary<string, decimal?> { ["當年度通報案件中為過去1年內結案之件數"] = 77, ["當年度通報案件數"] = 1000 }, actual.Inputs);
        Assert.Equal(("AC1.1", "80", "77", "D2"), (plan.Changes[0].Code, plan.Changes[0].Old, plan.Changes[0].New, plan.Changes[0].At.Reference));
    }

    [Fact]
    public void A_changed_part_is_sent_alone_the_others_unchanged()
    {
        var plan = Upload("""
            代碼 | 輸入項目或分項 1 | 數值 1 | 輸入項目或分項 2 | 數值 2 | 版本
            BP2.1 | 東區門戶計畫 | #93 | 西區門戶計畫 | #94 | #3
            """, Bp21);

        Assert.Equal([null, "94"], Assert.Single(plan.Entries).Actual!.Parts!);
    }

    [Fact]
    public void Progress_values_are_sent_by_period_and_a_cleared_one_removes_it()
    {
        var plan = Upload("""
            代碼 | 進度 Q1（第1季） | 進度 Q2（第2季） | 版本
            BC3.3 |  | #30 | #3
            """, Bc33);

        var progress = Assert.Single(plan.Entries).Progress!;
        Assert.Equal(3, progress.Version);
        Assert.Null(progress.Values!["Q1"]);
        Assert.Equal("30", progress.Values["Q2"]!.Value);
    }

    [Fact]
    public void A_computed_actual_cannot_be_typed_over()
    {
        var plan = Upload("""
            代碼 | 111年 實際值 | 版本
            AC1.1 | #9 | #3
            """, Ac11);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("B2", problem.Cell!.Value.Reference);
        Assert.Contains("輸入值", problem.Message);
        Assert.Empty(plan.Entries);
    }

    // ---- bad input: each names its cell ----

    [Theory]
    [InlineData("@2021-10-07", "F2", "日期")]                    // 10/7 taken for a date by the program
    [InlineData("=B2*2", "F2", "公式")]                          // a formula saved without its result
    [InlineData("!#DIV/0!", "F2", "#DIV/0!")]                    // an error value
    public void A_cell_that_holds_no_readable_value_is_a_problem_naming_it(string cell, string reference, string says)
    {
        var plan = Upload($"""
            代碼 | 創新度 | 挑戰度 | 貢獻度 | 版本 | 111年 實際值
            AC3.1 | #80 | #85 | #85 | #3 | {cell}
            """);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(("填報", reference), (problem.Cell!.Value.Sheet, problem.Cell.Value.Reference));
        Assert.Contains(says, problem.Message);
        Assert.StartsWith($"Sheet '填報', cell {reference}: ", problem.MessageEn);
        Assert.EndsWith(".", problem.MessageEn);
        Assert.Empty(plan.Entries);
    }

    [Fact]
    public void A_score_that_is_no_number_is_a_problem_at_its_cell()
    {
        var plan = Upload("""
            代碼 | 創新度 | 挑戰度 | 貢獻度 | 版本
            AC3.1 | 八十 | #85 | #85 | #3
            """);

        Assert.Equal("B2", Assert.Single(plan.Problems).Cell!.Value.Reference);
    }

    [Fact]
    public void A_hidden_row_with_entries_is_a_problem()
    {
        var plan = Upload("""
            代碼 | 111年 實際值 | 版本
            (hidden) AC3.1 | #50 | #3
            """);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("A2", problem.Cell!.Value.Reference);
        Assert.Contains("隱藏", problem.Message);
    }

    [Fact]
    public void A_code_of_another_plan_is_named_at_its_cell()
    {
        var plan = Upload("""
            代碼 | 111年 實際值 | 版本
            ZZ9.9 | #50 | #3
            """);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(("A2", ProblemKind.Unknown), (problem.Cell!.Value.Reference, problem.Kind));
    }

    [Fact]
    public void The_template_of_another_plan_is_refused_whole()
    {
        var read = EntrySheet.Read(Book(
            Sheet("填報", $"{Header}\nAC3.1 |  |  |  |  | #48 |  |  |  |  |  | #3"),
            Sheet(EntrySheetLayout.ValuesSheet, "beacon.entry-sheet | 1\norganisation | TPE\nyear | #2021\ncode | actual", hidden: true)), Org, Year);

        var problem = Assert.Single(read.Problems);
        Assert.Equal((EntrySheetLayout.ValuesSheet, "B2"), (problem.Cell!.Value.Sheet, problem.Cell.Value.Reference));
        Assert.Contains("TPE", problem.Message);
        Assert.Empty(read.Rows);
    }

    [Fact]
    public void Without_a_header_row_nothing_is_read()
    {
        var read = EntrySheet.Read(Book(Sheet("Sheet1", "AC3.1 | 48 | 3")), Org, Year);

        var problem = Assert.Single(read.Problems);
        Assert.Equal("A1", problem.Cell!.Value.Reference);
        Assert.Contains("不是填報表", problem.Message);
    }

    [Fact]
    public void An_extra_sheet_with_something_on_it_is_a_problem_an_empty_one_is_not()
    {
        var read = EntrySheet.Read(Book(Sheet("填報", $"{Header}\nAC3.1 |  |  |  |  | #48 |  |  |  |  |  | #3"), Sheet("工作表2", ""), Sheet("筆記", "\n\n  | 記得問會計室")), Org, Year);

        var problem = Assert.Single(read.Problems);
        Assert.Equal(("筆記", "B3"), (problem.Cell!.Value.Sheet, problem.Cell.Value.Reference));
    }

    [Fact]
    public void A_row_without_a_version_cannot_be_told_from_a_stale_one()
    {
        var plan = Upload("""
            代碼 | 111年 實際值
            AC3.1 | #48
            """);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("A2", problem.Cell!.Value.Reference);
        Assert.Contains("版本", problem.Message);
        Assert.Empty(plan.Entries);
    }

    // ---- someone else saved the KPI since the download ----

    private static Workbook Downloaded(string table) => Book(
        Sheet("填報", table),
        Sheet(EntrySheetLayout.ValuesSheet, """
            beacon.entry-sheet | #1
            organisation | TPE-DVPC
            year | #2022
            code | actual | reason | innovation | challenge | contribution | met | explanation
            AC3.1 |  |  | 80 | 85 | 85 |  | 持續辦理
            """, hidden: true));

    [Fact]
    public void A_row_left_as_downloaded_is_left_alone_when_someone_else_changed_the_KPI()
    {
        var theirs = Ac31 with { Version = 4, Actual = "47" };
        var read = EntrySheet.Read(Downloaded($"{Header}\nAC3.1 |  |  |  |  |  |  | #80 | #85 | #85 | 持續辦理 | #3"), Org, Year);

        var plan = EntrySheet.Compare(read, Kpis(theirs));

        Assert.Empty(plan.Problems);
        Assert.Empty(plan.Entries);
    }

    [Fact]
    public void A_changed_row_is_a_conflict_listed_with_their_value_until_the_person_chooses_theirs_to_be_overwritten()
    {
        var theirs = Ac31 with { Version = 4, Actual = "47" };
        var read = EntrySheet.Read(Downloaded($"{Header}\nAC3.1 |  |  |  |  | #48 |  | #80 | #85 | #85 | 持續辦理 | #3"), Org, Year);

        var plan = EntrySheet.Compare(read, Kpis(theirs));
        var change = Assert.Single(plan.Changes);
        Assert.Equal(("47", "48", true, 4), (change.Old, change.New, change.Conflict, change.Theirs));
        Assert.Equal(3, Assert.Single(plan.Entries).Actual!.Version);   // the entry rules refuse it as stale (409)

        var resolved = EntrySheet.Compare(read, Kpis(theirs), new EntrySheetResolutions(new Dictionary<string, int> { ["AC3.1"] = 4 }, new HashSet<string>()));
        Assert.False(Assert.Single(resolved.Changes).Conflict);
        Assert.Equal(4, Assert.Single(resolved.Entries).Actual!.Version);

        var skipped = EntrySheet.Compare(read, Kpis(theirs), new EntrySheetResolutions(new Dictionary<string, int>(), new HashSet<string> { "AC3.1" }));
        Assert.Empty(skipped.Entries);

        // Overwriting what they saw is not overwriting a change made after the preview.
        var later = EntrySheet.Compare(read, Kpis(theirs with { Version = 5 }), new EntrySheetResolutions(new Dictionary<string, int> { ["AC3.1"] = 4 }, new HashSet<string>()));
        Assert.True(Assert.Single(later.Changes).Conflict);
    }

    // ---- problems of the entry rules, at their cells ----

    [Fact]
    public void A_problem_of_the_entry_rules_is_placed_at_its_cell_by_its_place()
    {
        var plan = Upload("""
            代碼 | 輸入項目或分項 1 | 數值 1 | 輸入項目或分項 2 | 數值 2 | 無實際值原因 | 版本
            AC1.1 | 當年度通報案件中為過去1年內結案之件數 | #77 | 當年度通報案件數 |  | 尚未統計 | #3
            """, Ac11);
        var kpis = Kpis(Ac11);
        var entry = Assert.Single(plan.Entries);

        var decision = KpiEntryCheck.Check(new EntryContext(Org, Year, Beacon.Core.Workflow.PlanStatus.Draft, new Beacon.Core.Workflow.Actor(Editor: true, Organisation: Org)),
            [entry], new Dictionary<string, KpiEntryView>
            {
                ["AC1.1"] = new("AC1.1", "%", Direction.Negative, false, "[當年度通報案件中為過去1年內結案之件數] / [當年度通報案件數] * 100", [], ["成保組"], 3, null, null, []),
            });

        Assert.Equal(["E2", "F2"], decision.Problems.Select(p => plan.CellOf(p.Place, kpis)!.Value.Reference).Order());
    }
}
