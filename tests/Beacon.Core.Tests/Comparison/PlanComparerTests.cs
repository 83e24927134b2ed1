using Beacon.Core.Comparison;
using Beacon.Core.Plans;
using static Beacon.Core.Comparison.ChangeKind;
using static Beacon.Core.Tests.Comparison.PlanKit;

namespace Beacon.Core.Tests.Comparison;

/// <summary>
/// The revision comparison (修正對照表) read as the documents read: counts per perspective before → after, then each
/// objective, KPI and action plan as 原 | 修正後 | 說明.
/// </summary>
public class PlanComparerTests
{
    private static string Row(ComparedItem i) => $"{i.Before?.Code ?? "—"} → {i.After?.Code ?? "—"}: {string.Join(", ", i.Kinds)}";

    /// <summary>The DV centre's 2023 plan made from its 2022 plan and revised (<see cref="PlanKit.Dvpc2023"/>).</summary>
    private static PlanDocument Dvpc2023() => PlanKit.Dvpc2023(Dataset.Load("TPE-DVPC-2022.json"));

    private static ComparedItem ItemOf(PlanComparison c, string? before, string? after) =>
        Assert.Single(c.Items, i => i.Before?.Code == before && i.After?.Code == after);

    [Fact]
    public void A_plan_carried_forward_to_the_next_year_shows_no_change()
    {
        // 2023 repeats the 2023 and 2024 targets and budgets of 2022 and adds 2025: a year added at the end of the
        // horizon is no revision, nor is a year before the later plan's.
        var before = Dataset.Load("TPE-DVPC-2022.json");

        var c = PlanComparer.Compare(before, CarryForward(before));

        Assert.All(c.Items, i => Assert.True(i.IsUnchanged, Row(i)));
        Assert.Equal(15 + 20 + 22, c.Items.Count);
        Assert.False(c.HasChanges);
    }

    [Fact]
    public void The_DV_centre_2023_revision_classes_every_item_as_it_was_changed()
    {
        var c = PlanComparer.Compare(Dataset.Load("TPE-DVPC-2022.json"), Dvpc2023());

        string[] expected =
        [
            "AC1.1 → AC1.1: TargetChanged",
            "AC1.1.3 → —: Removed",
            "AC2.1 → AC2.1: Renamed",
            "BC1.1 → —: Removed",
            "BC1.2 → BC1.1: Renumbered",
            "BC1.1.1 → —: Removed",
            "BC1.2.1 → BC1.1.1: Renumbered",
            "BC1.3 → BC1.2: Renumbered",
            "BC1.3.1 → BC1.2.1: Renumbered",
            "BC2.1.1 → BC2.1.1: BudgetChanged",
            "— → BC3.4: Added",
            "— → BC3.4.1: Added",
            "CC1.1 → CC1.1: UnitChanged",
            "CC2.1 → CC1.2: Moved",
            "CC2.1.1 → CC1.2.1: Renumbered",
            "CC2 → —: Removed",
            "AP1.1 → AP1.1: FormulaChanged",
            "TL1 → TL1: Renamed",
            "TL3.1 → TL3.1: ResponsibleChanged",
        ];
        Assert.Equal(expected, c.Items.Where(i => !i.IsUnchanged).Select(Row));
        Assert.Equal(15 + 20 + 22 + 2, c.Items.Count);   // every item of 2022 once, and the two added

        Assert.Equal(new FieldChange(TargetChanged, "7.5", "7.4", 2023), Assert.Single(ItemOf(c, "AC1.1", "AC1.1").Changes));
        Assert.Equal(new FieldChange(Renamed, "篩派案窗口依限完成派案評估之比率", "篩派案窗口依限完成派案評估比率"), Assert.Single(ItemOf(c, "AC2.1", "AC2.1").Changes));
        Assert.Equal(new FieldChange(Moved, "CC2", "CC1"), Assert.Single(ItemOf(c, "CC2.1", "CC1.2").Changes));
        Assert.Equal(new FieldChange(UnitChanged, "人數", "人"), Assert.Single(ItemOf(c, "CC1.1", "CC1.1").Changes));
        Assert.Equal(new FieldChange(ResponsibleChanged, "行政組", "資訊組"), Assert.Single(ItemOf(c, "TL3.1", "TL3.1").Changes));
        Assert.Equal(new FieldChange(BudgetChanged, "4,560,000", "4,800,000", 2023), Assert.Single(ItemOf(c, "BC2.1.1", "BC2.1.1").Changes));
        // The dropped plan of AC1.1 reads like the one BC3.3 keeps, so the table can say so.
        Assert.Equal("BC3.3.1", ItemOf(c, "AC1.1.3", null).Related?.Code);
    }

    [Fact]
    public void Counts_per_perspective_read_before_after_and_difference()
    {
        var c = PlanComparer.Compare(Dataset.Load("TPE-DVPC-2022.json"), Dvpc2023());

        string Line(PerspectiveCounts p) =>
            $"{p.Name} 策略目標 {p.Counts.Objectives.Before}→{p.Counts.Objectives.After} ({p.Counts.Objectives.Difference:+0;−0;0}) " +
            $"KPI {p.Counts.Kpis.Before}→{p.Counts.Kpis.After} ({p.Counts.Kpis.Difference:+0;−0;0}) " +
            $"行動計畫 {p.Counts.ActionPlans.Before}→{p.Counts.ActionPlans.After} ({p.Counts.ActionPlans.Difference:+0;−0;0})";
        Assert.Equal(
        [
            "顧客 策略目標 9→8 (−1) KPI 14→14 (0) 行動計畫 16→15 (−1)",
            "內部流程 策略目標 2→2 (0) KPI 2→2 (0) 行動計畫 2→2 (0)",
            "學習成長 策略目標 3→3 (0) KPI 3→3 (0) 行動計畫 3→3 (0)",
            "財務 策略目標 1→1 (0) KPI 1→1 (0) 行動計畫 1→1 (0)",
        ], c.Perspectives.Select(Line));
        Assert.Equal(new ItemCounts(new Count(15, 14), new Count(20, 20), new Count(22, 21)), c.Total);
    }

    [Fact]
    public void A_KPI_whose_code_changed_and_name_did_not_is_renumbered_not_removed_and_added()
    {
        // The issue's own example: EP3.1 dropped, EP3.2 becomes EP3.1 under the same name.
        var before = Plan(2022, O("EP3", "深化社福力", K("EP3.1", "社區關懷據點涵蓋率"), K("EP3.2", "身障者就業媒合率")));
        var after = Plan(2023, O("EP3", "深化社福力", K("EP3.1", "身障者就業媒合率")));

        var c = PlanComparer.Compare(before, after);

        Assert.Equal(["EP3 → EP3: Unchanged", "EP3.1 → —: Removed", "EP3.2 → EP3.1: Renumbered"], c.Items.Select(Row));
    }

    [Theory]
    // Same code, a few words changed: renamed.
    [InlineData("保護案件再通報率", "保護案件再通報比率", "AC1.1 → AC1.1: Renamed")]
    // Same code, a name sharing a third of its character pairs: still the same KPI, renamed.
    [InlineData("獨居長者關懷訪視人次", "獨居長者送餐服務涵蓋率", "AC1.1 → AC1.1: Renamed")]
    // Same code, nothing in common: another KPI took the number.
    [InlineData("保護案件再通報率", "公共運輸使用人次", "AC1.1 → —: Removed|— → AC1.1: Added")]
    // Spaces and full-width letters are no renaming.
    [InlineData("家暴高危機案件 6 歲以下目睹家暴兒少面訪評估比率", "家暴高危機案件６歲以下目睹家暴兒少面訪評估比率", "AC1.1 → AC1.1: Unchanged")]
    public void The_same_code_is_the_same_KPI_when_the_names_have_something_in_common(string before, string after, string rows)
    {
        var c = PlanComparer.Compare(Plan(2022, O("AC1", "目標", K("AC1.1", before))), Plan(2023, O("AC1", "目標", K("AC1.1", after))));

        Assert.Equal(rows.Split('|'), c.Items.Where(i => i.Level == ItemLevel.Kpi).Select(Row));
    }

    [Fact]
    public void Similarity_is_the_share_of_character_pairs_in_common()
    {
        Assert.Equal(0.8, PlanComparer.Similarity("保護案件再通報率", "保護案件再通報比率"), 6);
        Assert.Equal(1.0, PlanComparer.Similarity("提高預算執行效能", " 提高預算執行效能 "), 6);
        Assert.Equal(0.0, PlanComparer.Similarity("保護案件再通報率", "公共運輸使用人次"), 6);
    }

    [Fact]
    public void Two_KPIs_of_one_name_each_keep_to_their_own_objective_when_both_are_renumbered()
    {
        // 培育優秀人力 in two themes: a tie on the name, decided by the parent each one keeps.
        var before = Plan(2022, O("DL1", "學習", K("DL1.1", "培育優秀人力")), O("EL1", "學習", K("EL1.1", "培育優秀人力")));
        var after = Plan(2023, O("DL1", "學習", K("DL1.2", "培育優秀人力")), O("EL1", "學習", K("EL1.2", "培育優秀人力")));

        var c = PlanComparer.Compare(before, after);

        Assert.Equal(["DL1.1 → DL1.2: Renumbered", "EL1.1 → EL1.2: Renumbered"], c.Items.Where(i => i.Level == ItemLevel.Kpi).Select(Row));
    }

    [Fact]
    public void Of_two_equal_candidates_the_nearer_in_document_order_is_the_one_kept()
    {
        // Two action plans of one name under one KPI, one of them dropped and the other renumbered: the first keeps it.
        var before = Plan(2022, O("BC1", "目標", K("BC1.1", "指標", A("BC1.1.1", "社福績效考核實施計畫"), A("BC1.1.2", "社福績效考核實施計畫"))));
        var after = Plan(2023, O("BC1", "目標", K("BC1.1", "指標", A("BC1.1.3", "社福績效考核實施計畫"))));

        var c = PlanComparer.Compare(before, after);

        Assert.Equal(["BC1.1.2 → —: Removed", "BC1.1.1 → BC1.1.3: Renumbered"], c.Items.Where(i => i.Level == ItemLevel.ActionPlan).Select(Row));
        Assert.Equal("BC1.1.3", ItemOf(c, "BC1.1.2", null).Related?.Code);
    }

    [Fact]
    public void A_KPI_split_in_two_keeps_its_code_on_the_closer_half_and_the_other_half_points_back()
    {
        var before = Plan(2022, O("AC1", "目標", K("AC1.1", "家庭暴力及性侵害案件通報處理率")));
        var after = Plan(2023, O("AC1", "目標", K("AC1.1", "家庭暴力案件通報處理率"), K("AC1.2", "性侵害案件通報處理率")));

        var c = PlanComparer.Compare(before, after);

        Assert.Equal(["AC1.1 → AC1.1: Renamed", "— → AC1.2: Added"], c.Items.Where(i => i.Level == ItemLevel.Kpi).Select(Row));
        Assert.Equal("AC1.1", ItemOf(c, null, "AC1.2").Related?.Code);

        // Read the other way, two KPIs merged into one: the same pairs, the leftover removed and pointing forward.
        var merged = PlanComparer.Compare(after, before);
        Assert.Equal(["AC1.1 → AC1.1: Renamed", "AC1.2 → —: Removed"], merged.Items.Where(i => i.Level == ItemLevel.Kpi).Select(Row));
        Assert.Equal("AC1.1", ItemOf(merged, "AC1.2", null).Related?.Code);
    }

    [Fact]
    public void Plans_that_share_nothing_are_all_removed_and_added()
    {
        var before = Plan(2022, O("AC1", "提升家庭暴力被害人保護服務", K("AC1.1", "保護案件再通報率", A("AC1.1.1", "臺北市家庭暴力安全防護網計畫"))));
        var after = Plan(2023, O("AC1", "營造永續環境", K("AC1.1", "細懸浮微粒年平均濃度", A("AC1.1.1", "空氣品質維護改善計畫"))));

        var c = PlanComparer.Compare(before, after);

        Assert.Equal(
            ["AC1 → —: Removed", "— → AC1: Added", "AC1.1 → —: Removed", "— → AC1.1: Added", "AC1.1.1 → —: Removed", "— → AC1.1.1: Added"],
            c.Items.Select(Row));
        Assert.All(c.Items, i => Assert.Null(i.Related));
    }

    [Fact]
    public void An_empty_plan_against_a_plan_lists_everything_added()
    {
        var c = PlanComparer.Compare(Plan(2022), Dataset.Load("TPE-DVPC-2022.json"));

        Assert.Equal(15 + 20 + 22, c.Items.Count(i => i.Kinds is [Added]));
        Assert.Equal(new ItemCounts(new Count(0, 15), new Count(0, 20), new Count(0, 22)), c.Total);
    }

    [Fact]
    public void A_KPI_can_be_renumbered_renamed_retargeted_and_redefined_at_once()
    {
        var before = Plan(2022, O("AC1", "目標",
            K("AC1.1", "舊指標"),
            K("AC1.2", "保護案件再通報率") with { Formula = "(再通報/通報)*100%", Unit = "%", Direction = Direction.Negative, Values = [Target(2022, "7.7"), Target(2023, "7.5"), Target(2024, "7.3")] }));
        var after = Plan(2023, O("AC1", "目標",
            K("AC1.1", "保護案件再通報比率") with { Formula = "(1年內再通報/通報)*100%", Unit = "％", Direction = Direction.Positive, Values = [Target(2023, "7.5"), Target(2024, "7.0"), Target(2025, "6.8")] }));

        var item = ItemOf(PlanComparer.Compare(before, after), "AC1.2", "AC1.1");

        // "％" is "%" in compatibility form: the unit did not change.
        Assert.Equal([Renamed, Renumbered, TargetChanged, FormulaChanged, DirectionChanged], item.Kinds.Order());
        Assert.Equal(new FieldChange(DirectionChanged, "negative", "positive"), item.Changes.Single(x => x.Kind == DirectionChanged));
        Assert.Equal(new FieldChange(TargetChanged, "7.3", "7.0", 2024), item.Changes.Single(x => x.Kind == TargetChanged));
    }

    [Theory]
    // A target dropped inside the later plan's years is a change; one beyond the other's last year is not.
    [InlineData("2022:7.7|2023:7.5|2024:7.3", "2023:7.5|2025:7.1", "2024: 7.3 → —")]
    [InlineData("2022:7.7|2023:7.5", "2023:7.5|2024:7.3", "")]
    // A year before the later plan's is not compared (2022's own target is history by 2023).
    [InlineData("2022:7.7|2023:7.5", "2022:9.9|2023:7.5", "")]
    // Separators and spaces are no change: 803,500 is 803500.
    [InlineData("2023:≥ 99.5", "2023:≥99.5", "")]
    [InlineData("2023:1,900,000", "2023:1900000", "")]
    public void Targets_are_compared_over_the_years_both_plans_look_at(string before, string after, string changes)
    {
        static List<ValueDoc> Values(string spec) =>
            [.. spec.Split('|').Select(s => s.Split(':')).Select(p => Target(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p[1]))];
        var c = PlanComparer.Compare(
            Plan(2022, O("AC1", "目標", K("AC1.1", "指標") with { Values = Values(before) })),
            Plan(2023, O("AC1", "目標", K("AC1.1", "指標") with { Values = Values(after) })));

        var shown = ItemOf(c, "AC1.1", "AC1.1").Changes.Select(x => $"{x.Year}: {x.Before ?? "—"} → {x.After ?? "—"}");
        Assert.Equal(changes, string.Join("; ", shown));
    }

    [Fact]
    public void Targets_of_weighted_parts_are_compared_part_by_part()
    {
        KpiPartDoc Part(string name, string target2023) => new() { Name = name, Weight = 50, Values = [Target(2023, target2023)] };
        var c = PlanComparer.Compare(
            Plan(2023, O("BP2", "目標", K("BP2.1", "門戶計畫執行率") with { Parts = [Part("東區門戶計畫", "93"), Part("西區門戶計畫", "90")] })),
            Plan(2023, O("BP2", "目標", K("BP2.1", "門戶計畫執行率") with { Parts = [Part("東區門戶計畫", "95"), Part("西區門戶計畫", "90")] })));

        Assert.Equal(new FieldChange(TargetChanged, "93", "95", 2023, "東區門戶計畫"), Assert.Single(ItemOf(c, "BP2.1", "BP2.1").Changes));
    }

    [Fact]
    public void An_objective_under_another_theme_or_perspective_is_moved_and_one_with_another_number_renumbered()
    {
        var before = Plan(2022, O("AC1", "提升服務品質"), O("AC2", "落實集中派案時效"), O("AP1", "強化通報認知"));
        var after = Plan(2023, O("BC1", "提升服務品質"), O("AC1", "落實集中派案時效"), O("AL1", "強化通報認知"));

        var c = PlanComparer.Compare(before, after);

        Assert.Equal(["AC1 → BC1: Moved", "AC2 → AC1: Renumbered", "AP1 → AL1: Moved"], c.Items.Select(Row).Order(StringComparer.Ordinal));
        Assert.Equal(new FieldChange(Moved, "AP", "AL"), Assert.Single(ItemOf(c, "AP1", "AL1").Changes));
    }

    [Fact]
    public void A_KPI_following_its_renumbered_objective_is_renumbered_not_moved()
    {
        var c = PlanComparer.Compare(
            Plan(2022, O("AC1", "舊目標"), O("AC2", "提升服務品質", K("AC2.1", "服務滿意度"))),
            Plan(2023, O("AC1", "提升服務品質", K("AC1.1", "服務滿意度"))));

        Assert.Equal(["AC1 → —: Removed", "AC2 → AC1: Renumbered", "AC2.1 → AC1.1: Renumbered"], c.Items.Select(Row));
    }

    [Fact]
    public void Reasons_attached_to_a_value_or_an_item_go_to_its_row_and_the_rest_to_the_revision_as_a_whole()
    {
        var before = Dataset.Load("TPE-DVPC-2022.json");
        RevisionReason[] reasons =
        [
            new("AC1.1", "因 111 年再通報率上升，核定修正 112 年目標值", TargetChanged, 2023),
            new("AC1.1", "2024 年目標值未修正", TargetChanged, 2024),          // no change of that year: not on the row
            new("BC1.1", "業務移撥社會局，刪除本項指標"),                        // a removed item, by its old code
            new("BC1.1", "指標更名", Renamed),                                  // BC1.1 (now BC1.2's) was not renamed
            new("AC2.1", "配合衛福部用語修正指標名稱", Renamed),
            new(null, "因應組織調整，滾動修正計畫"),
        ];

        var c = PlanComparer.Compare(before, Dvpc2023(), reasons);

        Assert.Equal(["因 111 年再通報率上升，核定修正 112 年目標值"], ItemOf(c, "AC1.1", "AC1.1").Reasons);
        Assert.Equal(["業務移撥社會局，刪除本項指標"], ItemOf(c, "BC1.1", null).Reasons);
        Assert.Equal(["配合衛福部用語修正指標名稱"], ItemOf(c, "AC2.1", "AC2.1").Reasons);
        Assert.Empty(ItemOf(c, "BC1.2", "BC1.1").Reasons);
        Assert.Equal(["2024 年目標值未修正", "指標更名", "因應組織調整，滾動修正計畫"], c.Reasons);
    }

    [Fact]
    public void Approvals_only_one_plan_records_are_the_revision_basis()
    {
        var before = Dataset.Load("TPE-2021.json") with { Approvals = [new ApprovalDoc { Date = new DateOnly(2021, 1, 12), Body = "第 2125 次市政會議", Description = "通過" }] };
        var after = Dataset.Load("TPE-2021.json");

        var c = PlanComparer.Compare(before, after);

        Assert.Empty(c.ApprovalsBefore);
        Assert.Equal(new DateOnly(2021, 10, 7), Assert.Single(c.ApprovalsAfter).Date);
        Assert.False(c.HasChanges);
    }

    [Fact]
    public void Plans_of_two_organisations_are_refused_naming_both()
    {
        var problem = Assert.Single(PlanComparer.Check(Dataset.Load("TPE-DVPC-2022.json"), Dataset.Load("TPE-SWD-2018.json")));

        Assert.Equal("$.organisation.code", problem.Path);
        Assert.Contains("TPE-DVPC", problem.MessageEn);
        Assert.Contains("TPE-SWD", problem.Message);
        Assert.Empty(PlanComparer.Check(Dataset.Load("TPE-DVPC-2022.json"), Dvpc2023()));
    }

    [Fact]
    public void Rows_are_listed_by_perspective_then_code()
    {
        var c = PlanComparer.Compare(Dataset.Load("TPE-DVPC-2022.json"), Dvpc2023());

        var perspectives = c.Items.Select(i => i.Perspective).ToList();
        Assert.Equal(perspectives.Order(), perspectives);
        Assert.Equal("AC1", c.Items[0].Code);
        // A removed row stands where it stood, before the row that now has its code.
        Assert.Equal(["BC1.1 → —: Removed", "BC1.2 → BC1.1: Renumbered", "BC1.1.1 → —: Removed", "BC1.2.1 → BC1.1.1: Renumbered"],
            c.Items.Where(i => i.Code.StartsWith("BC1.1", StringComparison.Ordinal)).Select(Row));
    }

    [Theory]
    [InlineData("AC1", "AC1.1", -1)]
    [InlineData("AC1.1.1", "AC1.2", -1)]
    [InlineData("AC2", "AC10", -1)]
    [InlineData("AC1.10", "AC1.9", 1)]
    [InlineData("BC1", "BC1", 0)]
    public void Codes_are_ordered_as_read(string x, string y, int sign)
    {
        Assert.Equal(sign, Math.Sign(CodeOrder.Instance.Compare(x, y)));
    }
}
