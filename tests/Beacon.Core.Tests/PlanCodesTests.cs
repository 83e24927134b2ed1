using Beacon.Core.Codes;
using FsCheck;
using FsCheck.Fluent;

namespace Beacon.Core.Tests;

public class PlanCodesTests
{
    [Fact]
    public void TC1_is_the_first_customer_objective_shared_by_every_theme()
    {
        Assert.True(ObjectiveCode.TryParse("TC1", out var code));
        Assert.Equal(new ObjectiveCode('T', 'C', 1), code);
        Assert.True(code.IsShared);
    }

    [Fact]
    public void AC1_is_theme_A_customer_objective_1_and_not_shared()
    {
        Assert.True(ObjectiveCode.TryParse("AC1", out var code));
        Assert.Equal(new ObjectiveCode('A', 'C', 1), code);
        Assert.False(code.IsShared);
    }

    [Fact]
    public void HF3_is_theme_H_financial_objective_3()
    {
        Assert.True(ObjectiveCode.TryParse("HF3", out var code));
        Assert.Equal(new ObjectiveCode('H', 'F', 3), code);
        Assert.Equal("HF3", code.ToString());
    }

    [Fact]
    public void AC1_1_is_the_first_kpi_of_objective_AC1()
    {
        Assert.True(KpiCode.TryParse("AC1.1", out var code));
        Assert.Equal(new KpiCode(new ObjectiveCode('A', 'C', 1), 1), code);
        Assert.Equal("AC1.1", code.ToString());
    }

    [Fact]
    public void AC1_1_1_is_the_first_action_plan_of_kpi_AC1_1()
    {
        Assert.True(ActionPlanCode.TryParse("AC1.1.1", out var code));
        Assert.Equal(new ActionPlanCode(new KpiCode(new ObjectiveCode('A', 'C', 1), 1), 1), code);
        Assert.Equal("AC1", code.Kpi.Objective.ToString());
        Assert.Equal("AC1.1.1", code.ToString());
    }

    [Fact]
    public void Codes_with_numbers_above_nine_keep_every_digit()
    {
        Assert.True(ActionPlanCode.TryParse("GP12.10.3", out var code));
        Assert.Equal(12, code.Kpi.Objective.Number);
        Assert.Equal(10, code.Kpi.Number);
        Assert.Equal(3, code.Number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A1")]        // perspective letter missing
    [InlineData("AC")]        // number missing
    [InlineData("AC0")]       // numbering starts at 1
    [InlineData("AC01")]      // no leading zero
    [InlineData("ac1")]       // letters are capitals
    [InlineData("ACC1")]      // one theme letter, one perspective letter
    [InlineData("AC1000")]    // at most three digits
    [InlineData(" AC1")]
    [InlineData("AC1 ")]
    [InlineData("ＡＣ1")]     // full-width letters as a PDF may give them
    [InlineData("AC1.1")]     // a KPI code is not an objective code
    [InlineData("F1")]        // the printed "F1.1.2" lost its theme letter
    public void Malformed_objective_codes_are_rejected(string text)
    {
        Assert.False(ObjectiveCode.TryParse(text, out _));
        Assert.NotNull(CodeRules.ObjectiveError(text));
    }

    [Theory]
    [InlineData("AC1")]
    [InlineData("AC1.")]      // "AC4.2." printed without its number
    [InlineData("AC1.0")]
    [InlineData("AC1.01")]
    [InlineData("AC01.1")]
    [InlineData("AC1.1.1")]   // an action plan code is not a KPI code
    [InlineData("AC1-1")]
    [InlineData("AC1．1")]    // full-width full stop
    public void Malformed_kpi_codes_are_rejected(string text) => Assert.False(KpiCode.TryParse(text, out _));

    [Theory]
    [InlineData("AC1.1")]
    [InlineData("AC1.1.")]    // trailing "." as printed in "AC1.1.1." is stripped on transcription, not accepted here
    [InlineData("F1.1.2")]    // printed under FF1.1 in the city 110 report
    [InlineData("AC1.1.0")]
    [InlineData("AC1.1.1.1")]
    [InlineData("AC1.1.1：")]
    public void Malformed_action_plan_codes_are_rejected(string text) => Assert.False(ActionPlanCode.TryParse(text, out _));

    [Fact]
    public void Null_is_not_a_code()
    {
        Assert.False(ObjectiveCode.TryParse(null, out _));
        Assert.False(KpiCode.TryParse(null, out _));
        Assert.False(ActionPlanCode.TryParse(null, out _));
    }

    [Fact]
    public void Kpi_code_must_start_with_its_objective_code()
    {
        // AC2.1 printed in the rows of objective AC1.
        Assert.Equal(
            "KPI 代碼「AC2.1」不屬於策略目標 AC1：應以「AC1.」開頭|" +
            "KPI code 'AC2.1' does not belong to objective AC1: it must start with 'AC1.'",
            CodeRules.KpiError("AC2.1", "AC1"));
    }

    [Fact]
    public void Kpi_code_under_its_own_objective_has_no_error() => Assert.Null(CodeRules.KpiError("AC1.2", "AC1"));

    [Fact]
    public void Malformed_kpi_code_message_says_what_a_kpi_code_looks_like()
    {
        Assert.Equal(
            "KPI 代碼「AC1-1」格式不符：應為策略目標代碼＋「.」＋序號，例如 AC1.1|" +
            "KPI code 'AC1-1' is malformed: expected the objective code + '.' + number, e.g. AC1.1",
            CodeRules.KpiError("AC1-1", "AC1"));
    }

    [Fact]
    public void Action_plan_code_must_start_with_its_kpi_code()
    {
        // The DV centre 111 scorecard prints AP2.1.1 on the row of KPI AP1.1.
        Assert.Equal(
            "行動計畫代碼「AP2.1.1」不屬於 KPI AP1.1：應以「AP1.1.」開頭|" +
            "action plan code 'AP2.1.1' does not belong to KPI AP1.1: it must start with 'AP1.1.'",
            CodeRules.ActionPlanError("AP2.1.1", "AP1.1"));
    }

    [Fact]
    public void Action_plan_code_without_theme_letter_is_malformed()
    {
        // The city 110 report prints "F1.1.2" under FF1.1.
        Assert.Equal(
            "行動計畫代碼「F1.1.2」格式不符：應為 KPI 代碼＋「.」＋序號，例如 FF1.1.1|" +
            "action plan code 'F1.1.2' is malformed: expected the KPI code + '.' + number, e.g. FF1.1.1",
            CodeRules.ActionPlanError("F1.1.2", "FF1.1"));
    }

    [Fact]
    public void Malformed_objective_code_message_gives_examples()
    {
        Assert.Equal(
            "策略目標代碼「A1」格式不符：應為主題字母＋構面字母＋序號，例如 AC1、TC2|" +
            "objective code 'A1' is malformed: expected theme letter + perspective letter + number, e.g. AC1, TC2",
            CodeRules.ObjectiveError("A1"));
        Assert.Null(CodeRules.ObjectiveError("TL3"));
    }

    private static readonly Gen<ObjectiveCode> Objectives =
        from theme in Gen.Choose('A', 'Z')
        from perspective in Gen.Choose('A', 'Z')
        from number in Gen.Choose(1, 999)
        select new ObjectiveCode((char)theme, (char)perspective, number);

    private static readonly Gen<ActionPlanCode> ActionPlans =
        from objective in Objectives
        from kpi in Gen.Choose(1, 999)
        from plan in Gen.Choose(1, 999)
        select new ActionPlanCode(new KpiCode(objective, kpi), plan);

    [Fact]
    public void Every_code_parses_back_from_its_text()
    {
        Prop.ForAll(ActionPlans.ToArbitrary(), code =>
            ActionPlanCode.TryParse(code.ToString(), out var plan) && plan == code
            && KpiCode.TryParse(code.Kpi.ToString(), out var kpi) && kpi == code.Kpi
            && ObjectiveCode.TryParse(code.Kpi.Objective.ToString(), out var objective) && objective == code.Kpi.Objective)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_text_that_parses_as_a_code_is_exactly_that_code_written_out()
    {
        // Arbitrary strings rarely look like codes, so mix in code-shaped ones with noise around them.
        var texts = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>(),
            from code in ActionPlans
            from cut in Gen.Choose(0, 2)
            from noise in Gen.Elements("", "", " ", ".", "：", "0", "x")
            select Shorten(code, cut) + noise);
        Prop.ForAll(texts.Where(t => t is not null).ToArbitrary(), text =>
            (!ObjectiveCode.TryParse(text, out var o) || o.ToString() == text)
            && (!KpiCode.TryParse(text, out var k) || k.ToString() == text)
            && (!ActionPlanCode.TryParse(text, out var a) || a.ToString() == text))
            .QuickCheckThrowOnFailure();

        static string Shorten(ActionPlanCode code, int cut) => cut switch
        {
            0 => code.ToString(),
            1 => code.Kpi.ToString(),
            _ => code.Kpi.Objective.ToString(),
        };
    }

    [Fact]
    public void A_code_followed_by_a_line_feed_is_not_a_code()
    {
        Assert.False(ObjectiveCode.TryParse("AC1\n", out _));
        Assert.False(KpiCode.TryParse("AC1.1\n", out _));
        Assert.False(ActionPlanCode.TryParse("AC1.1.1\n", out _));
    }
}
