using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Core.Workflow;

namespace Beacon.Core.Tests.Evaluation;

/// <summary>
/// The entry rules (KpiEntryCheck), with KPIs of 家防中心's 111 (2022) scorecard and the city's: what an agency or a
/// reviewer may enter, what is refused and where (KPI, field, period as data; the API's path built from them), and
/// exactly what is stored. The forms, the API and the import call these rules; the HTTP tests show one case of each on
/// the wire (EvaluationWriteRulesTests), every case of a rule is here.
/// </summary>
public sealed class KpiEntryCheckTests
{
    private const string Org = "TPE-DVPC";
    private const int Year = 2022;

    // AC2.1 依限完成派案評估之案件比率: a formula KPI in %, responsible 專線組.
    private const string Ac21Formula = "[依限完成派案評估之案件] / [通報件數] * 100";
    private static readonly KpiEntryView Ac21 = Kpi("AC2.1", expression: Ac21Formula, responsible: "專線組");
    // AC3.1 typed in %, responsible 性保組.
    private static readonly KpiEntryView Ac31 = Kpi("AC3.1", responsible: "性保組");
    // BC3.3 in 人次 (not %), responsible 兒少組.
    private static readonly KpiEntryView Bc33 = Kpi("BC3.3", unit: "人次", responsible: "兒少組");
    // A KPI printed in two weighted parts (BP2.1 of the city: 東區, 西區).
    private static readonly KpiEntryView Parts = Kpi("BP2.1", parts: ["東區", "西區"]);
    // A qualitative KPI (高於6都平均值) and an exempt one (本項KPI屬資料統計，免予評核).
    private static readonly KpiEntryView Qualitative = Kpi("EC1.1", direction: Direction.Qualitative);
    private static readonly KpiEntryView Exempt = Kpi("EP1.2", exempt: true, actual: "7.5");

    private static KpiEntryView Kpi(string code, string unit = "%", Direction direction = Direction.Positive, string? expression = null, string responsible = "綜規組",
        IReadOnlyList<string>? parts = null, bool exempt = false, string? actual = null, int version = 3) =>
        new(code, unit, direction, exempt, expression, parts ?? [], [responsible], version, new DateTimeOffset(2023, 1, 20, 2, 30, 0, TimeSpan.Zero),
            actual is null ? null : ValueText.Parse(actual), [.. (parts ?? []).Select(_ => (ValueText?)null)], (80, 85, 85));

    private static readonly Actor Editor = new(Editor: true, Organisation: Org);
    private static readonly Actor Reviewer = new(Reviewer: true);

    private static EntryDecision Check(KpiEntry entry, KpiEntryView kpi, Actor? actor = null, PlanStatus status = PlanStatus.Draft) =>
        KpiEntryCheck.Check(new EntryContext(Org, Year, status, actor ?? Editor), [entry], new Dictionary<string, KpiEntryView> { [kpi.Code] = kpi });

    private static Problem Refused(KpiEntry entry, KpiEntryView kpi, Actor? actor = null, PlanStatus status = PlanStatus.Draft) =>
        Assert.Single(Check(entry, kpi, actor, status).Problems);

    private static ActualChange Stored(KpiEntry entry, KpiEntryView kpi) =>
        Assert.Single(Assert.Single(Check(entry, kpi).Changes).Actuals);

    // ---- actuals: what is stored ----

    [Theory]
    [InlineData("45.2", "45.2", 45.2)]          // as typed
    [InlineData("1,234.5", "1,234.5", 1234.5)]  // thousands kept as typed: the parser reads the same number
    [InlineData("85%", "85%", 85)]              // kept: the value parser reads 85 from it as well
    [InlineData("１２．３", "12.3", 12.3)]       // full-width digits stored plain: the value parser would not read them
    [InlineData(" −1 ", "−1", -1)]
    public void A_typed_actual_is_parsed_once_and_stored_with_its_number(string typed, string text, double number)
    {
        var stored = Stored(new KpiEntry("AC3.1", Actual: new ActualEntry(typed, Version: 3)), Ac31).Value!;

        Assert.Equal((text, ValueForm.Number, (decimal)number), (stored.Text, stored.Form, stored.Number));
    }

    [Fact]
    public void Formula_inputs_store_the_computed_actual_at_full_precision_with_readable_text_and_the_inputs()
    {
        // 依限完成派案評估之案件 1 of 通報件數 3: 33.3333… %.
        var change = Stored(new KpiEntry("AC2.1", Actual: new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 1, ["通報件數"] = 3 }, Version: 3)), Ac21);

        Assert.Equal("33.3333", change.Value!.Text);
        Assert.Equal(33.3333m, Math.Round(change.Value.Number!.Value, 4));
        Assert.True(change.Value.Number.Value.Scale > 20, $"stored rounded: {change.Value.Number}");
        Assert.Equal(new Dictionary<string, decimal> { ["依限完成派案評估之案件"] = 1, ["通報件數"] = 3 }, change.Inputs);
    }

    [Fact]
    public void Inputs_with_a_zero_divisor_store_no_value_with_the_reason_in_its_column()
    {
        var change = Stored(new KpiEntry("AC2.1", Actual: new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 0, ["通報件數"] = 0 }, Version: 3)), Ac21);

        Assert.Equal(ValueForm.Missing, change.Value!.Form);
        Assert.Equal("除數「通報件數」為 0", change.Value.MissingReason);
        Assert.Equal("無實際值：除數「通報件數」為 0", change.Value.Printed);
    }

    [Theory]
    [InlineData("教育局尚未提供數據", "教育局尚未提供數據", "教育局尚未提供數據")]   // says itself there is no value
    [InlineData("調查進行中", "調查進行中", "無實際值：調查進行中")]             // a reason that does not: printed with 無實際值
    public void A_reason_is_stored_as_no_value_with_the_reason_never_as_a_prefix(string reason, string text, string printed)
    {
        var stored = Stored(new KpiEntry("AC3.1", Actual: new ActualEntry(MissingReason: reason, Version: 3)), Ac31).Value!;

        Assert.Equal((text, ValueForm.Missing), (stored.Text, stored.Form));
        Assert.Equal(printed, stored.Printed);
    }

    [Fact]
    public void Parts_store_each_part_given_and_leave_a_blank_one_unchanged()
    {
        var change = Stored(new KpiEntry("BP2.1", Actual: new ActualEntry(Parts: ["10", " "], Version: 3)), Parts);

        Assert.Equal(["10", null], change.Parts!.Select(p => p?.Text));
    }

    [Fact]
    public void A_qualitative_actual_is_kept_as_written()
    {
        var stored = Stored(new KpiEntry("EC1.1", Actual: new ActualEntry("高於6都平均值", Version: 3)), Qualitative).Value!;

        Assert.Equal(("高於6都平均值", ValueForm.Qualitative), (stored.Text, stored.Form));
    }

    // ---- actuals: what is refused, and where ----

    public static TheoryData<string, ActualEntry, string, EntryField, string> RefusedActuals => new()
    {
        { "AC3.1", new ActualEntry("8,5", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "commas in '8,5' are misplaced" },
        { "AC3.1", new ActualEntry("12.3abc", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "leave it empty and give the reason" },
        { "BC3.3", new ActualEntry("85%", Version: 3), "kpis[BC3.3].actual.value", EntryField.Value, "percent sign" },
        { "AC3.1", new ActualEntry("≥46.5", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "'≥46.5' is not a number" },
        { "EC1.1", new ActualEntry("≥ 6", Version: 3), "kpis[EC1.1].actual.value", EntryField.Value, "comparator" },
        { "AC3.1", new ActualEntry("45", "調查中", Version: 3), "kpis[AC3.1].actual.missingReason", EntryField.MissingReason, "either a value or the reason" },
        { "AC3.1", new ActualEntry(Version: 3), "kpis[AC3.1].actual", EntryField.None, "value or missingReason" },
        { "AC2.1", new ActualEntry("98.5", Version: 3), "kpis[AC2.1].actual.value", EntryField.Value, "enter the inputs" },
        { "AC3.1", new ActualEntry(Inputs: new() { ["x"] = 1 }, Version: 3), "kpis[AC3.1].actual.inputs", EntryField.Inputs, "no formula" },
        { "AC2.1", new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 1 }, Version: 3), "kpis[AC2.1].actual.inputs[通報件數]", EntryField.Input, "Enter '通報件數'" },
        { "BP2.1", new ActualEntry(Parts: ["10"], Version: 3), "kpis[BP2.1].actual.parts", EntryField.Parts, "2 parts, 1 values" },
        { "BP2.1", new ActualEntry(Parts: ["10", "abc"], Version: 3), "kpis[BP2.1].actual.parts[1]", EntryField.Part, "part '西區'" },
        { "BP2.1", new ActualEntry("10", Version: 3), "kpis[BP2.1].actual.value", EntryField.Value, "scored by its parts" },
        { "AC3.1", new ActualEntry(new string('9', 201), Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "too long (200 characters at most)" },
        { "AC3.1", new ActualEntry("45", Period: "Q5", Version: 3), "kpis[AC3.1].actual.period", EntryField.Period, "period must be M1–M12" },
        // Typed numbers are read strictly (EnteredNumber): a wrong number is worse than none.
        { "AC3.1", new ActualEntry("abc", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "'abc' is not a number" },
        { "AC3.1", new ActualEntry("12,3", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "in '12,3' are misplaced" },
        { "AC3.1", new ActualEntry("1,23", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "in '1,23'" },
        { "AC3.1", new ActualEntry("85,", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "'85,'" },
        { "AC3.1", new ActualEntry("1e5", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "'1e5' is in scientific notation" },
        { "AC3.1", new ActualEntry("1.2.3", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "'1.2.3' has more than one decimal point" },
        { "AC3.1", new ActualEntry("0x10", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "'0x10'" },
        { "AC3.1", new ActualEntry("79228162514264337593543950335", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "'79228162514264337593543950335'" },
        { "AC3.1", new ActualEntry("≥50", Version: 3), "kpis[AC3.1].actual.value", EntryField.Value, "'≥50' is not a number" },
        { "AC3.1", new ActualEntry(Inputs: new(), Version: 3), "kpis[AC3.1].actual", EntryField.None, "value or missingReason" },
        { "AC3.1", new ActualEntry(MissingReason: new string('因', 4001), Version: 3), "kpis[AC3.1].actual.missingReason", EntryField.MissingReason, "too long (4001 characters, 4000 at most)" },
        // A formula KPI's actual comes from its inputs: each of them, none other, nothing beside them.
        { "AC2.1", new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 95, ["通報件數"] = 100, ["結案件數"] = 3 }, Version: 3), "kpis[AC2.1].actual.inputs[結案件數]", EntryField.Input,
            "The formula has no input '結案件數' (its inputs: 依限完成派案評估之案件, 通報件數)." },
        { "AC2.1", new ActualEntry("95", Inputs: new() { ["依限完成派案評估之案件"] = 95, ["通報件數"] = 100 }, Version: 3), "kpis[AC2.1].actual.value", EntryField.Value, "leave the value empty" },
        { "AC2.1", new ActualEntry(MissingReason: "調查中", Inputs: new() { ["依限完成派案評估之案件"] = 95, ["通報件數"] = 100 }, Version: 3), "kpis[AC2.1].actual.missingReason", EntryField.MissingReason,
            "either the inputs or the reason" },
        // Inputs are stored as numeric(28,8): a ninth decimal, or 10^20, would be changed without a word.
        { "AC2.1", new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 0.123456789m, ["通報件數"] = 100 }, Version: 3), "kpis[AC2.1].actual.inputs[依限完成派案評估之案件]", EntryField.InputValue,
            "The input 0.123456789 cannot be stored" },
        { "AC2.1", new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 1, ["通報件數"] = 100_000_000_000_000_000_000m }, Version: 3), "kpis[AC2.1].actual.inputs[通報件數]", EntryField.InputValue,
            "at most 20 digits before the decimal point" },
        { "BP2.1", new ActualEntry(Parts: ["≥5", "10"], Version: 3), "kpis[BP2.1].actual.parts[0]", EntryField.Part, "(part '東區')" },
        { "BP2.1", new ActualEntry(Inputs: new() { ["x"] = 1 }, Version: 3), "kpis[BP2.1].actual.value", EntryField.Value, "scored by its parts" },
    };

    [Theory, MemberData(nameof(RefusedActuals))]
    public void A_wrong_actual_is_one_problem_at_its_field(string code, ActualEntry entry, string path, EntryField field, string says)
    {
        var kpi = new[] { Ac21, Ac31, Bc33, Parts, Qualitative }.Single(k => k.Code == code);

        var problem = Assert.Single(Check(new KpiEntry(code, Actual: entry), kpi).Problems, p => p.Path == path);

        Assert.Equal((code, field, ProblemKind.Invalid), (problem.Place!.Kpi, problem.Place.Field, problem.Kind));
        Assert.Contains(says, problem.MessageEn, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_value_typed_for_a_formula_KPI_names_the_formula_to_enter_the_inputs_of()
    {
        var problem = Refused(new KpiEntry("AC2.1", Actual: new ActualEntry("50", Version: 3)), Ac21);

        Assert.Equal("kpis[AC2.1].actual.value", problem.Path);
        Assert.Equal($"AC2.1 的實際值由公式 {Ac21Formula} 的輸入值算出：請填各輸入值（inputs），或將實際值留空並填寫無數值原因", problem.Message);
    }

    [Fact]
    public void A_typed_actual_that_is_no_number_says_so_in_Chinese_and_how_to_say_there_is_none()
    {
        var problem = Refused(new KpiEntry("AC3.1", Actual: new ActualEntry("abc", Version: 3)), Ac31);

        Assert.StartsWith("「abc」不是數字", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("；沒有數值時請將欄位留空並填寫無數值原因", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("; when there is no value, leave it empty and give the reason.", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_input_the_formula_lacks_is_named_and_nothing_is_computed()
    {
        var decision = Check(new KpiEntry("AC2.1", Actual: new ActualEntry(Inputs: new() { ["通報件數"] = null }, Version: 3)), Ac21);

        Assert.Equal(["kpis[AC2.1].actual.inputs[依限完成派案評估之案件]", "kpis[AC2.1].actual.inputs[通報件數]"], decision.Problems.Select(p => p.Path));
        Assert.Equal("請填寫「依限完成派案評估之案件」", decision.Problems[0].Message);
        Assert.Empty(decision.Changes);
    }

    // ---- progress ----

    [Fact]
    public void Progress_values_are_actuals_keyed_by_period_and_null_removes_a_period()
    {
        var decision = Check(new KpiEntry("AC3.1", Progress: new ProgressEntry(new() { ["Q1"] = new ActualEntry("20"), ["B2"] = new ActualEntry(MissingReason: "資料彙整中"), ["M3"] = null }, 3)), Ac31);

        var actuals = Assert.Single(decision.Changes).Actuals;
        Assert.Equal([("Q1", "20", false), ("B2", "資料彙整中", false), ("M3", null, true)], actuals.Select(a => (a.Period, a.Value?.Text, a.Remove)));
    }

    [Theory]
    [InlineData("Q1", "abc", "kpis[AC3.1].progress.values[Q1].value", EntryField.Value)]
    [InlineData("Q9", "20", "kpis[AC3.1].progress.values[Q9]", EntryField.None)]
    public void A_wrong_progress_value_names_its_period_as_data(string period, string value, string path, EntryField field)
    {
        var problem = Refused(new KpiEntry("AC3.1", Progress: new ProgressEntry(new() { [period] = new ActualEntry(value) }, 3)), Ac31);

        Assert.Equal((path, "AC3.1", EntryBlock.Progress, field, period), (problem.Path, problem.Place!.Kpi, problem.Place.Block, problem.Place.Field, problem.Place.Period));
    }

    [Fact]
    public void Progress_without_values_is_nothing_to_save()
    {
        Assert.Equal("kpis[AC3.1].progress.values", Refused(new KpiEntry("AC3.1", Progress: new ProgressEntry([], 3)), Ac31).Path);
    }

    [Fact]
    public void A_progress_value_takes_its_period_from_its_key_alone()
    {
        var problem = Refused(new KpiEntry("AC3.1", Progress: new ProgressEntry(new() { ["Q2"] = new ActualEntry("3", Period: "Q3") }, 3)), Ac31);

        Assert.Equal(("kpis[AC3.1].progress.values[Q2].period", EntryField.Period, "Q2"), (problem.Path, problem.Place!.Field, problem.Place.Period));
        Assert.Equal("The period is the key 'Q2': leave it out (got 'Q3').", problem.MessageEn);
    }

    [Fact]
    public void A_formula_KPI_s_progress_is_computed_per_period_from_its_inputs()
    {
        // 19 of 20 cases assessed in time in Q1: 95.
        var change = Assert.Single(Assert.Single(Check(new KpiEntry("AC2.1", Progress: new ProgressEntry(new()
        {
            ["Q1"] = new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 19, ["通報件數"] = 20 }),
        }, 3)), Ac21).Changes).Actuals);

        Assert.Equal(("Q1", "95", 95m), (change.Period, change.Value!.Text, change.Value.Number!.Value));
    }

    // ---- self-assessment and review ----

    [Theory]
    [InlineData(101.0, 85.0, 85.0, "kpis[AC3.1].self.innovation", "創新度 101 超出範圍：應介於 0 與 100 之間", "innovation 101 is out of range: it must be between 0 and 100")]
    [InlineData(80.0, -5.0, 85.0, "kpis[AC3.1].self.challenge", "挑戰度 -5 超出範圍：應介於 0 與 100 之間", "challenge -5 is out of range: it must be between 0 and 100")]
    [InlineData(80.0, 85.12345, 85.0, "kpis[AC3.1].self.challenge", "挑戰度 85.12345 的小數超過 4 位：最多 4 位小數（例如 85.1235）", "challenge 85.12345 has more than 4 decimals: 4 at most (e.g. 85.1235)")]
    [InlineData(80.0, null, 85.0, "kpis[AC3.1].self.challenge", "請填寫挑戰度（三項分數須一併填寫）", "enter challenge (the three scores go together)")]
    [InlineData(80.0, 85.0, null, "kpis[AC3.1].self.contribution", "請填寫貢獻度（三項分數須一併填寫）", "enter contribution (the three scores go together)")]
    public void Self_scores_are_three_numbers_from_0_to_100(double innovation, double? challenge, double? contribution, string path, string zh, string en)
    {
        var problem = Refused(new KpiEntry("AC3.1", Self: new SelfEntry((decimal)innovation, (decimal?)challenge, (decimal?)contribution, Version: 3)), Ac31);

        Assert.Equal((path, EntryBlock.Self, zh, en), (problem.Path, problem.Place!.Block, problem.Message, problem.MessageEn));
    }

    [Fact]
    public void Every_score_out_of_range_is_named_and_so_is_each_missing_one()
    {
        var outOfRange = Check(new KpiEntry("AC3.1", Self: new SelfEntry(101, 50, -1, Version: 3)), Ac31).Problems;
        var one = Check(new KpiEntry("AC3.1", Self: new SelfEntry(Innovation: 80, Version: 3)), Ac31).Problems;

        Assert.Equal(["kpis[AC3.1].self.innovation", "kpis[AC3.1].self.contribution"], outOfRange.Select(p => p.Path));
        Assert.Equal([EntryField.Challenge, EntryField.Contribution], one.Select(p => p.Place!.Field));
    }

    [Fact]
    public void An_explanation_longer_than_4000_characters_is_refused()
    {
        var problem = Refused(new KpiEntry("AC3.1", Self: new SelfEntry(80, 85, 85, Explanation: new string('說', 4001), Version: 3)), Ac31);

        Assert.Equal(("kpis[AC3.1].self.explanation", "the text is too long (4001 characters, 4000 at most)"), (problem.Path, problem.MessageEn));
    }

    [Theory]
    [InlineData(80.0, -5.0, 85.0, "kpis[AC3.1].review.challenge")]
    [InlineData(100.5, 90.0, 90.0, "kpis[AC3.1].review.innovation")]
    [InlineData(70.0, 80.0, null, "kpis[AC3.1].review.contribution")]
    public void Review_scores_follow_the_same_rules(double innovation, double challenge, double? contribution, string path)
    {
        var problem = Refused(new KpiEntry("AC3.1", Review: new ReviewEntry((decimal)innovation, (decimal)challenge, (decimal?)contribution, Version: 3)), Ac31, Reviewer, PlanStatus.Submitted);

        Assert.Equal((path, EntryBlock.Review, ProblemKind.Invalid), (problem.Path, problem.Place!.Block, problem.Kind));
    }

    [Fact]
    public void A_self_assessment_is_stored_with_its_explanation_trimmed_and_a_blank_one_as_none()
    {
        var self = Assert.Single(Check(new KpiEntry("AC3.1", Self: new SelfEntry(80, 85, 85, Explanation: "  ", Version: 3)), Ac31).Changes).Self!;

        Assert.Equal((80m, 85m, 85m, (string?)null), (self.Innovation!.Value, self.Challenge!.Value, self.Contribution!.Value, self.Explanation));
    }

    [Theory]
    [InlineData("EP1.2", "is exempt from scoring")]
    [InlineData("AC3.1", "has no actual value")]
    public void A_reviewer_cannot_light_a_KPI_whose_light_can_only_be_unclear(string code, string why)
    {
        var problem = Refused(new KpiEntry(code, Review: new ReviewEntry(Light: Light.Excellent, Version: 3)), code == "EP1.2" ? Exempt : Ac31, Reviewer, PlanStatus.Submitted);

        Assert.Equal($"kpis[{code}].review.light", problem.Path);
        Assert.Contains(why, problem.MessageEn);
        Assert.Contains("? (unclear)", problem.MessageEn);
    }

    [Fact]
    public void Without_an_actual_the_light_says_why_in_Chinese_and_the_light_unclear_is_taken()
    {
        var refused = Refused(new KpiEntry("AC3.1", Review: new ReviewEntry(Light: Light.Good, Comment: "表現良好", Version: 3)), Ac31, Reviewer, PlanStatus.Submitted);
        var unclear = Check(new KpiEntry("AC3.1", Review: new ReviewEntry(Light: Light.Unclear, Comment: "請補實際值", Version: 3)), Ac31, Reviewer, PlanStatus.Submitted);

        Assert.Equal("AC3.1 尚無實際值，燈號為 ?（績效不明），不能評為「● 良」", refused.Message);
        Assert.Equal(Light.Unclear, Assert.Single(unclear.Changes).Review!.Light);
    }

    [Fact]
    public void A_review_of_a_KPI_with_an_actual_may_light_it()
    {
        var decision = Check(new KpiEntry("AC3.1", Review: new ReviewEntry(70, 80, 80, Light.Fair, Comment: " 自評偏高 ", Version: 3)), Ac31 with { Actual = ValueText.Parse("47.5") }, Reviewer, PlanStatus.UnderReview);

        var review = Assert.Single(decision.Changes).Review!;
        Assert.Equal((Light.Fair, "自評偏高"), (review.Light!.Value, review.Comment));
    }

    [Fact]
    public void A_review_comment_longer_than_4000_characters_is_refused()
    {
        var problem = Refused(new KpiEntry("AC3.1", Review: new ReviewEntry(Comment: new string('字', 4001), Version: 3)), Ac31, Reviewer, PlanStatus.UnderReview);

        Assert.Equal(("kpis[AC3.1].review.comment", EntryField.Comment), (problem.Path, problem.Place!.Field));
    }

    // ---- who, when, which version ----

    public static TheoryData<string, KpiEntry, Actor, PlanStatus, ProblemKind, string> Refusals => new()
    {
        // An editor of another agency, a viewer, a planner: not the agency's editors.
        { "another agency's editor", new KpiEntry("AC3.1", Actual: new ActualEntry("45", Version: 3)), new Actor(Editor: true, Organisation: "TPE-SWD"), PlanStatus.Draft, ProblemKind.Forbidden, "kpis" },
        { "a planner entering", new KpiEntry("AC3.1", Self: new SelfEntry(80, 85, 85, Version: 3)), new Actor(Planner: true), PlanStatus.Draft, ProblemKind.Forbidden, "kpis" },
        { "an editor reviewing", new KpiEntry("AC3.1", Review: new ReviewEntry(80, 85, 85, Version: 3)), Editor, PlanStatus.Submitted, ProblemKind.Forbidden, "kpis" },
        // 成保組's editor and 性保組's KPI.
        { "another division's KPI", new KpiEntry("AC3.1", Actual: new ActualEntry("45", Version: 3)), new Actor(Editor: true, Organisation: Org, Divisions: ["成保組"]), PlanStatus.Draft, ProblemKind.Forbidden, "kpis[AC3.1]" },
        { "entering a submitted plan", new KpiEntry("AC3.1", Actual: new ActualEntry("45", Version: 3)), Editor, PlanStatus.Submitted, ProblemKind.Locked, "status" },
        { "reviewing a draft", new KpiEntry("AC3.1", Review: new ReviewEntry(80, 85, 85, Version: 3)), Reviewer, PlanStatus.Draft, ProblemKind.Locked, "status" },
        { "entering an approved plan", new KpiEntry("AC3.1", Self: new SelfEntry(80, 85, 85, Version: 3)), Editor, PlanStatus.Approved, ProblemKind.Locked, "status" },
        { "no version", new KpiEntry("AC3.1", Actual: new ActualEntry("45")), Editor, PlanStatus.Draft, ProblemKind.VersionRequired, "kpis[AC3.1].actual.version" },
        { "a stale version", new KpiEntry("AC3.1", Self: new SelfEntry(80, 85, 85, Version: 2)), Editor, PlanStatus.Returned, ProblemKind.Stale, "kpis[AC3.1].self.version" },
        { "no such KPI", new KpiEntry("ZZ9.9", Actual: new ActualEntry("45", Version: 3)), Editor, PlanStatus.Draft, ProblemKind.Unknown, "kpis[ZZ9.9]" },
        { "a reviewer entering the agency's self-assessment", new KpiEntry("AC3.1", Self: new SelfEntry(80, 85, 85, Version: 3)), Reviewer, PlanStatus.Draft, ProblemKind.Forbidden, "kpis" },
        { "a viewer entering", new KpiEntry("AC3.1", Actual: new ActualEntry("45", Version: 3)), new Actor(Viewer: true), PlanStatus.Draft, ProblemKind.Forbidden, "kpis" },
        { "reviewing an approved plan", new KpiEntry("AC3.1", Review: new ReviewEntry(Light: Light.Unclear, Version: 3)), Reviewer, PlanStatus.Approved, ProblemKind.Locked, "status" },
        { "no version of a self-assessment", new KpiEntry("AC3.1", Self: new SelfEntry(80, 85, 85)), Editor, PlanStatus.Draft, ProblemKind.VersionRequired, "kpis[AC3.1].self.version" },
        { "no version of progress", new KpiEntry("AC3.1", Progress: new ProgressEntry(new() { ["Q1"] = new ActualEntry("20") })), Editor, PlanStatus.Draft, ProblemKind.VersionRequired, "kpis[AC3.1].progress.version" },
        { "no version of a review", new KpiEntry("AC3.1", Review: new ReviewEntry(Comment: "請補充")), Reviewer, PlanStatus.Submitted, ProblemKind.VersionRequired, "kpis[AC3.1].review.version" },
        { "progress on a stale version", new KpiEntry("AC3.1", Progress: new ProgressEntry(new() { ["Q1"] = new ActualEntry("20") }, 1)), Editor, PlanStatus.Draft, ProblemKind.Stale, "kpis[AC3.1].progress.version" },
        { "a review on a stale version", new KpiEntry("AC3.1", Review: new ReviewEntry(Comment: "請補充", Version: 4)), Reviewer, PlanStatus.UnderReview, ProblemKind.Stale, "kpis[AC3.1].review.version" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public void Who_when_and_which_version_come_before_the_values(string _, KpiEntry entry, Actor actor, PlanStatus status, ProblemKind kind, string path)
    {
        var problem = Refused(entry, Ac31, actor, status);

        Assert.Equal((kind, path), (problem.Kind, problem.Path));
    }

    [Fact]
    public void A_status_message_names_the_year_in_the_ROC_calendar_in_Chinese_and_ends_with_a_full_stop_in_English()
    {
        var problem = Refused(new KpiEntry("AC3.1", Actual: new ActualEntry("45", Version: 3)), Ac31, Editor, PlanStatus.Submitted);

        Assert.Equal("111 年計畫目前為「已送出」，不能修改此項", problem.Message);
        Assert.Equal("The 2022 plan is submitted: this cannot be changed now.", problem.MessageEn);
    }

    [Fact]
    public void A_missing_version_says_where_to_read_it()
    {
        var problem = Refused(new KpiEntry("AC3.1", Actual: new ActualEntry("40")), Ac31);

        Assert.Equal("請附上 AC3.1 目前的版本（version）：見 GET /api/orgs/TPE-DVPC/plans/2022/evaluation 的 rows[].version，以免覆蓋他人剛存的資料", problem.Message);
        Assert.Contains("read rows[].version from GET /api/orgs/TPE-DVPC/plans/2022/evaluation", problem.MessageEn);
    }

    [Fact]
    public void Two_blocks_without_a_version_are_both_named()
    {
        var problems = Check(new KpiEntry("AC3.1", Actual: new ActualEntry("40"), Self: new SelfEntry(80, 85, 85)), Ac31).Problems;

        Assert.Equal(["kpis[AC3.1].actual.version", "kpis[AC3.1].self.version"], problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.Equal(ProblemKind.VersionRequired, p.Kind));
    }

    [Fact]
    public void A_version_for_a_KPI_nobody_has_entered_yet_is_stale_at_version_0()
    {
        var problem = Refused(new KpiEntry("BC3.3", Self: new SelfEntry(80, 85, 85, Version: 3)), Bc33 with { Version = 0, UpdatedAt = null });

        Assert.Equal((ProblemKind.Stale, "kpis[BC3.3].self.version"), (problem.Kind, problem.Path));
        Assert.Equal("BC3.3 has no entries yet (version 0, not 3); your change was not saved, reload it.", problem.MessageEn);
    }

    [Fact]
    public void A_stale_version_shows_what_someone_else_saved()
    {
        var problem = Refused(new KpiEntry("AC3.1", Self: new SelfEntry(90, 90, 90, Version: 2)), Ac31 with { Actual = ValueText.Parse("40") });

        Assert.Contains("version 3, 2023-01-20 02:30 UTC: actual 40; self 80/85/85", problem.MessageEn);
    }

    [Fact]
    public void A_division_bound_editor_enters_the_KPIs_of_their_division()
    {
        var bound = new Actor(Editor: true, Organisation: Org, Divisions: ["性保組"]);

        Assert.True(Check(new KpiEntry("AC3.1", Actual: new ActualEntry("45", Version: 3)), Ac31, bound).Accepted);
    }

    [Fact]
    public void Every_problem_of_the_values_is_reported_at_once()
    {
        var decision = KpiEntryCheck.Check(new EntryContext(Org, Year, PlanStatus.Draft, Editor),
            [new KpiEntry("AC3.1", Actual: new ActualEntry("abc", Version: 3), Self: new SelfEntry(101, 85, 85, Version: 3)), new KpiEntry("BC3.3", Actual: new ActualEntry("85%", Version: 3))],
            new Dictionary<string, KpiEntryView> { ["AC3.1"] = Ac31, ["BC3.3"] = Bc33 });

        Assert.Equal(["kpis[AC3.1].actual.value", "kpis[AC3.1].self.innovation", "kpis[BC3.3].actual.value"], decision.Problems.Select(p => p.Path));
        Assert.Empty(decision.Changes);
    }
}
