using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Core.Tests.Evaluation;

/// <summary>
/// The evaluation data of an imported plan document checked by the entry rules (DocumentEntryCheck → KpiEntryCheck):
/// what the entry forms and the API refuse, an import refuses with the same message, at the document's JSON path; what
/// they accept imports. The differences by nature are shown too: the city's 110 (2021) report prints its actuals as
/// published ("57.9 億元", "3.72(9人)", a formula KPI's figure without its inputs), which no one could type.
/// </summary>
public sealed class DocumentEntryCheckTests
{
    private const int Year = 2021;
    private const string Path = "$.objectives[0].kpis[0]";
    private const string Ac21Formula = "[依限完成派案評估之案件] / [通報件數] * 100";

    private static ValueDoc Actual(string text, string? period = null, int year = Year) => new() { Year = year, Period = period, Kind = ValueKind.Actual, Text = text };

    private static ValueDoc Target(string text) => new() { Year = Year, Kind = ValueKind.Target, Text = text };

    private static KpiDoc Kpi(string code = "AC3.1", string unit = "%", Direction direction = Direction.Positive, string? expression = null, bool exempt = false,
        List<ValueDoc>? values = null, List<InputDoc>? inputs = null, List<KpiPartDoc>? parts = null, AssessmentDoc? assessment = null) => new()
    {
        Code = code, Name = code, Unit = unit, Direction = direction, Expression = expression, Exempt = exempt, Responsible = ["綜規組"],
        Values = values ?? [], Inputs = inputs, Parts = parts ?? [], Assessment = assessment,
    };

    private static IReadOnlyList<Problem> Check(KpiDoc kpi) => DocumentEntryCheck.Check(Path, kpi, Year);

    /// <summary>The entry rules' own answer to the same entry, for the comparison of messages.</summary>
    private static Problem Entry(KpiDoc kpi, ActualEntry entry, bool printed = false) =>
        Assert.Single(KpiEntryCheck.CheckActual(new EntryPlace(kpi.Code, EntryBlock.Actual, Period: entry.Period), View(kpi), entry, printed).Problems);

    private static KpiEntryView View(KpiDoc kpi) =>
        new(kpi.Code, kpi.Unit, kpi.Direction, kpi.Exempt, kpi.Expression, [.. kpi.Parts.Select(p => p.Name)], kpi.Responsible, 0, null, null, [.. kpi.Parts.Select(_ => (ValueText?)null)]);

    // ---- what the documents print is imported as printed ----

    [Theory]
    [InlineData("BC3.1", "元", Direction.Positive, "57.9 億元")]                               // a number with its unit around it
    [InlineData("DP5.1", "百萬人率", Direction.Negative, "3.72(9人)")]                          // a number with a note
    [InlineData("BC2.1", "戶", Direction.Positive, "累積啟動 20,160 戶")]
    [InlineData("CC2.1", "%", Direction.Positive, "110年尚未調查完成，故無數據提供")]          // no value, with the reason as printed
    [InlineData("EP1.2", "‰", Direction.Qualitative, "未高於6都平均值")]
    [InlineData("GC1.1", "歲", Direction.Positive, "84.12 (109 年度)")]
    public void The_city_s_published_actuals_import_as_printed_which_no_one_could_type(string code, string unit, Direction direction, string printed)
    {
        var kpi = Kpi(code, unit, direction, values: [Target("100"), Actual(printed)]);

        Assert.Empty(Check(kpi));
        if (direction != Direction.Qualitative && ValueText.Parse(printed).Form != ValueForm.Missing)
            Assert.Equal(ProblemKind.Invalid, Entry(kpi, new ActualEntry(printed, Version: 1)).Kind);
    }

    [Fact]
    public void A_formula_KPI_s_published_figure_imports_without_its_inputs()
    {
        // The city's report prints the rate; the counts it was computed from are not published.
        var kpi = Kpi("AC2.1", expression: Ac21Formula, values: [Actual("98.59")]);

        Assert.Empty(Check(kpi));
        Assert.Contains("enter the inputs", Entry(kpi, new ActualEntry("98.59", Version: 1)).MessageEn);
    }

    // ---- what the entry refuses, the import refuses with the same message ----

    [Theory]
    [InlineData("≥95")]                  // a comparator belongs to a target
    [InlineData("± 10")]
    public void An_actual_with_a_comparator_is_refused_as_the_entry_refuses_it(string text)
    {
        var kpi = Kpi(values: [Target("≥95"), Actual(text)]);

        var problem = Assert.Single(Check(kpi));

        Assert.Equal($"{Path}.values[1].text", problem.Path);
        Assert.Equal((Entry(kpi, new ActualEntry(text, Version: 1), printed: true).Message, "An actual value cannot carry a comparator (≥, ≤, ±)."), (problem.Message, problem.MessageEn));
    }

    [Fact]
    public void A_progress_actual_of_the_plan_year_is_an_entry_too_and_past_years_are_history()
    {
        var kpi = Kpi(values: [Actual("≥99.5", year: Year - 1), Actual("≥20", "Q1"), Actual(new string('9', 201), "M3")]);

        Assert.Equal([$"{Path}.values[1].text", $"{Path}.values[2].text"], Check(kpi).Select(p => p.Path));
        Assert.Equal("The value is too long (200 characters at most).", Check(kpi)[1].MessageEn);
    }

    [Fact]
    public void A_reason_longer_than_4000_characters_is_refused_and_one_of_4000_printed_after_無實際值_imports()
    {
        var refused = Kpi(values: [Actual(new string('因', 4001) + "尚未提供")]);
        var entered = Kpi(values: [Actual("無實際值：" + new string('因', 4000))]);   // what the entry stores for a reason of 4000 characters

        Assert.Equal(($"{Path}.values[0].text", "the text is too long (4005 characters, 4000 at most)"), (Assert.Single(Check(refused)).Path, Check(refused)[0].MessageEn));
        Assert.Empty(Check(entered));
    }

    [Fact]
    public void A_KPI_in_parts_carries_its_actuals_in_the_parts_as_the_entry_says()
    {
        // BP2.1 of the city: 東區門戶計畫 and 西區門戶計畫 at 50 % each, actuals 93 and 94.
        var parts = new List<KpiPartDoc>
        {
            new() { Name = "東區門戶計畫", Weight = 50, Values = [Target("93"), Actual("93")] },
            new() { Name = "西區門戶計畫", Weight = 50, Values = [Target("70"), Actual("≥94")] },
        };
        var kpi = Kpi("BP2.1", values: [Actual("93.5")], parts: parts);

        var problems = Check(kpi);

        Assert.Equal([$"{Path}.values[0].text", $"{Path}.parts[1].values[1].text"], problems.Select(p => p.Path));
        Assert.Equal("BP2.1 依分項計分，請填各分項的實際值", problems[0].Message);
        Assert.Equal("An actual value cannot carry a comparator (≥, ≤, ±) (part '西區門戶計畫').", problems[1].MessageEn);
        Assert.Empty(Check(kpi with { Values = [Actual("無實際值")], Parts = [parts[0], parts[1] with { Values = [Target("70"), Actual("94")] }] }));
    }

    // ---- inputs: the entry's rules, and the computed actual beside them ----

    private static InputDoc Input(string name, decimal value, string? period = null) => new() { Year = Year, Period = period, Name = name, Value = value };

    [Fact]
    public void Inputs_compute_the_actual_written_beside_them_to_the_digits_shown()
    {
        // 1,947 of 1,950: 99.846153…, written 99.8462 (as Beacon writes it) or 99.85 (as a report rounds it).
        List<InputDoc> inputs = [Input("依限完成派案評估之案件", 1947), Input("通報件數", 1950)];

        Assert.Empty(Check(Kpi("AC2.1", expression: Ac21Formula, values: [Actual("99.8462")], inputs: inputs)));
        Assert.Empty(Check(Kpi("AC2.1", expression: Ac21Formula, values: [Actual("99.85")], inputs: inputs)));
        var wrong = Assert.Single(Check(Kpi("AC2.1", expression: Ac21Formula, values: [Actual("98.5")], inputs: inputs)));
        Assert.Equal(($"{Path}.values[0].text", "AC2.1's actual '98.5' is not what its inputs compute (99.8462): a formula KPI's actual comes from its inputs."), (wrong.Path, wrong.MessageEn));
    }

    [Fact]
    public void A_zero_divisor_computes_no_value_which_the_document_writes_as_such()
    {
        List<InputDoc> inputs = [Input("依限完成派案評估之案件", 0), Input("通報件數", 0)];

        Assert.Empty(Check(Kpi("AC2.1", expression: Ac21Formula, values: [Actual("無實際值：除數「通報件數」為 0")], inputs: inputs)));
        Assert.Equal($"{Path}.values[0].text", Assert.Single(Check(Kpi("AC2.1", expression: Ac21Formula, values: [Actual("0")], inputs: inputs))).Path);
    }

    [Fact]
    public void Inputs_without_the_actual_they_compute_are_refused()
    {
        var problem = Assert.Single(Check(Kpi("AC2.1", expression: Ac21Formula, inputs: [Input("依限完成派案評估之案件", 19, "Q1"), Input("通報件數", 20, "Q1")])));

        Assert.Equal(($"{Path}.inputs[0]", "AC2.1 110 年第1季的輸入值算出實際值 95，文件卻沒有這個實際值（values）"), (problem.Path, problem.Message));
    }

    [Fact]
    public void Inputs_break_the_entry_s_rules_with_the_entry_s_messages_at_their_place_in_the_document()
    {
        var kpi = Kpi("AC2.1", expression: Ac21Formula, values: [Actual("95", "Q1")], inputs:
        [
            Input("依限完成派案評估之案件", 95), Input("結案件數", 3),        // the year-end: one missing, one the formula lacks
            Input("依限完成派案評估之案件", 0.123456789m, "Q1"), Input("通報件數", 100, "Q1"),   // Q1: a ninth decimal
        ]);

        var problems = Check(kpi);

        Assert.Equal([$"{Path}.inputs[0]", $"{Path}.inputs[1].name", $"{Path}.inputs[2].value"], problems.Select(p => p.Path));
        Assert.Equal("Enter '通報件數'.", problems[0].MessageEn);
        Assert.Equal("公式中沒有「結案件數」（公式的輸入項目：依限完成派案評估之案件、通報件數）", problems[1].Message);
        Assert.StartsWith("The input 0.123456789 cannot be stored", problems[2].MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_of_a_KPI_without_a_formula_are_refused_once()
    {
        var problem = Assert.Single(Check(Kpi(values: [Actual("47.5")], inputs: [Input("人數", 3), Input("人數", 4, "Q1")])));

        Assert.Equal(($"{Path}.inputs", "AC3.1 沒有計算公式，請直接填實際值"), (problem.Path, problem.Message));
    }

    // ---- self-assessment and review ----

    [Fact]
    public void Scores_and_texts_are_refused_as_the_entry_refuses_them()
    {
        var kpi = Kpi(values: [Actual("47.5")], assessment: new AssessmentDoc
        {
            Self = new SelfAssessmentDoc { Innovation = 101, Challenge = 85, Contribution = 85, Explanation = new string('說', 4001) },
            Review = new ReviewDoc { Innovation = 70, Challenge = 80 },
        });

        var problems = Check(kpi);

        Assert.Equal([$"{Path}.assessment.self.innovation", $"{Path}.assessment.self.explanation", $"{Path}.assessment.review.contribution"], problems.Select(p => p.Path));
        Assert.Equal("創新度 101 超出範圍：應介於 0 與 100 之間", problems[0].Message);
        Assert.Equal("enter contribution (the three scores go together)", problems[2].MessageEn);
    }

    [Theory]
    [InlineData(true, "47.5", "is exempt from scoring")]     // 本項KPI屬資料統計，免予評核
    [InlineData(false, null, "has no actual value")]
    [InlineData(false, "無實際值", "has no actual value")]
    public void A_review_cannot_light_a_KPI_whose_light_can_only_be_unclear(bool exempt, string? actual, string why)
    {
        var kpi = Kpi(exempt: exempt, values: actual is null ? [] : [Actual(actual)], assessment: new AssessmentDoc { Review = new ReviewDoc { Light = Light.Good } });

        var problem = Assert.Single(Check(kpi));

        Assert.Equal($"{Path}.assessment.review.light", problem.Path);
        Assert.Equal($"AC3.1 {why}, so its light is ? (unclear): it cannot be rated ● good.", problem.MessageEn);
        Assert.Empty(Check(kpi with { Assessment = new AssessmentDoc { Review = new ReviewDoc { Light = Light.Unclear, Comment = "請補實際值" } } }));
    }

    [Fact]
    public void A_part_s_actual_lets_a_review_light_a_KPI_in_parts()
    {
        var kpi = Kpi("BP2.1", parts: [new KpiPartDoc { Name = "東區門戶計畫", Values = [Actual("93")] }, new KpiPartDoc { Name = "西區門戶計畫" }],
            assessment: new AssessmentDoc { Review = new ReviewDoc { Innovation = 80, Challenge = 80, Contribution = 80, Light = Light.Good } });

        Assert.Empty(Check(kpi));
    }

    // ---- what the entry accepts, imports ----

    public static TheoryData<string, ActualEntry> Accepted => new()
    {
        { "AC3.1", new ActualEntry("45.2") },
        { "AC3.1", new ActualEntry("1,234.5") },
        { "AC3.1", new ActualEntry("１２．３") },
        { "AC3.1", new ActualEntry(" −1 ") },
        { "AC3.1", new ActualEntry(MissingReason: "調查尚未完成") },
        { "AC3.1", new ActualEntry(MissingReason: "教育局尚未提供數據") },
        { "AC3.1", new ActualEntry(MissingReason: new string('因', 4000)) },
        { "AC3.1", new ActualEntry("20", Period: "Q1") },
        { "AC2.1", new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 1, ["通報件數"] = 3 }) },
        { "AC2.1", new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 0, ["通報件數"] = 0 }) },
        { "AC2.1", new ActualEntry(Inputs: new() { ["依限完成派案評估之案件"] = 0.12345678m, ["通報件數"] = 99_999_999_999_999_999_999m }, Period: "B2") },
        { "EC1.1", new ActualEntry("高於6都平均值（第2名）") },
    };

    [Theory, MemberData(nameof(Accepted))]
    public void Whatever_the_entry_accepts_is_exported_and_imports_again(string code, ActualEntry entry)
    {
        var kpi = Kpi(code, expression: code == "AC2.1" ? Ac21Formula : null, direction: code == "EC1.1" ? Direction.Qualitative : Direction.Positive);
        var (change, problems) = KpiEntryCheck.CheckActual(new EntryPlace(code, entry.Period is null ? EntryBlock.Actual : EntryBlock.Progress, Period: entry.Period), View(kpi), entry);
        Assert.Empty(problems);

        // As the export writes it: the value as printed, the inputs beside it.
        var exported = kpi with
        {
            Values = [Actual(change!.Value!.Printed, entry.Period)],
            Inputs = change.Inputs is { } given ? [.. given.Select(i => Input(i.Key, i.Value, entry.Period))] : null,
        };

        Assert.Empty(Check(exported));
    }
}
