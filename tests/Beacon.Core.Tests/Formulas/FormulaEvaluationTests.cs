using System.Globalization;
using Beacon.Core.Formulas;

namespace Beacon.Core.Tests.Formulas;

public class FormulaEvaluationTests
{
    internal static Formula Read(string text)
    {
        var result = Formula.Parse(text);
        Assert.True(result.Succeeded, $"{text}: {result.Error?.MessageEn}");
        Assert.Null(result.Error);
        return result.Formula!;
    }

    internal static decimal? Value(string text, params (string Name, decimal Value)[] inputs) =>
        Read(text).Evaluate(inputs.ToDictionary(i => i.Name, i => i.Value)).Value;

    [Fact]
    public void Ratio_formula_from_the_DV_centre_computes_the_percentage()
    {
        // 家防中心 111, AC2.1: (依限完成派案評估之案件/通報件數)*100%; 1,947 of 1,950 reports assessed in time.
        var formula = Read("依限完成派案評估之案件 / 通報件數 * 100");
        var result = formula.Evaluate(new Dictionary<string, decimal> { ["依限完成派案評估之案件"] = 1947m, ["通報件數"] = 1950m });
        Assert.True(result.HasValue);
        Assert.Equal(99.85m, decimal.Round(result.Value!.Value, 2));
        Assert.Null(result.MissingReason);
        Assert.Null(result.MissingReasonEn);
    }

    [Theory]
    [InlineData(1947, 1950, "99.84615384615384615384615385")]   // AC2.1: every digit computed, not 99.8462
    [InlineData(95, 100, "95")]
    [InlineData(1, 3, "33.33333333333333333333333333")]
    [InlineData(-1, 8, "-12.5")]
    public void The_computed_value_keeps_full_precision_as_text(int done, int total, string text)
    {
        var result = Read("依限完成派案評估之案件 / 通報件數 * 100").Evaluate(new Dictionary<string, decimal> { ["依限完成派案評估之案件"] = done, ["通報件數"] = total });

        Assert.Equal(text, result.ExactText);
        Assert.Equal(result.Value, Beacon.Core.Values.ValueText.Parse(result.ExactText!).Number);
    }

    [Fact]
    public void No_value_has_no_exact_text()
    {
        Assert.Null(Read("a / b").Evaluate(new Dictionary<string, decimal> { ["a"] = 1, ["b"] = 0 }).ExactText);
    }

    [Theory]
    [InlineData("100.000", "100")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("-0.6666666666666666666666666667", "-0.6666666666666666666666666667")]
    public void Exact_text_drops_trailing_zeros_and_never_uses_an_exponent(string value, string text)
    {
        Assert.Equal(text, Formula.ExactText(decimal.Parse(value, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Bracketed_name_starting_with_a_digit_is_an_input()
    {
        // 家防中心 111, BC1.1: (性侵害案件開案後14個日曆天內完成評估件數 / 開案件數) *100
        var formula = Read("[14個日曆天內完成評估件數] / 開案件數 * 100");
        Assert.Equal(["14個日曆天內完成評估件數", "開案件數"], formula.Inputs);
        Assert.Equal(95m, formula.Evaluate(new Dictionary<string, decimal> { ["14個日曆天內完成評估件數"] = 38m, ["開案件數"] = 40m }).Value);
    }

    [Fact]
    public void Corner_bracketed_name_is_the_same_input_as_the_square_bracketed_one()
    {
        var formula = Read("「14個日曆天內完成評估件數」 / [14個日曆天內完成評估件數]");
        Assert.Equal(["14個日曆天內完成評估件數"], formula.Inputs);
        Assert.Equal(1m, formula.Evaluate(new Dictionary<string, decimal> { ["14個日曆天內完成評估件數"] = 7m }).Value);
    }

    [Fact]
    public void Spaces_inside_brackets_around_the_name_are_ignored_but_kept_inside()
    {
        var formula = Read("[ 所有送醫 OHCA 件數 ] * 2");
        Assert.Equal(["所有送醫 OHCA 件數"], formula.Inputs);
        Assert.Equal("[所有送醫 OHCA 件數] * 2", formula.ToString());
    }

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("100 / 10 / 5", "2")]
    [InlineData("2 * 3 / 4", "1.5")]
    [InlineData("-2 * 3", "-6")]
    [InlineData("2 * -3", "-6")]
    [InlineData("2 - -3", "5")]
    [InlineData("-(2 + 3)", "-5")]
    [InlineData("--4", "4")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("0.5 + 0.25", "0.75")]
    [InlineData("50%", "0.5")]
    [InlineData("3 / 4 * 100%", "0.75")]
    [InlineData("(1 + 1)%", "0.02")]
    [InlineData("-5%", "-0.05")]
    [InlineData("  1+2*3  ", "7")]
    public void Arithmetic_follows_the_usual_precedence(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Value(text));
    }

    [Theory]
    [InlineData("6 ＋ 2", "8")]
    [InlineData("6 － 2", "4")]
    [InlineData("6 − 2", "4")]
    [InlineData("6 × 2", "12")]
    [InlineData("6 ＊ 2", "12")]
    [InlineData("6 ÷ 2", "3")]
    [InlineData("6 ／ 2", "3")]
    [InlineData("（6 ＋ 2）× 2", "16")]
    [InlineData("max（1，5，3）", "5")]
    [InlineData("50％", "0.5")]
    public void Full_width_and_typographic_operators_read_as_their_ASCII_forms(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Value(text));
    }

    [Theory]
    [InlineData("sum(1, 2, 3)", "6")]
    [InlineData("sum(4)", "4")]
    [InlineData("avg(1, 2, 3, 4)", "2.5")]
    [InlineData("min(3, -1, 2)", "-1")]
    [InlineData("max(3, -1, 2)", "3")]
    [InlineData("round(2.5)", "3")]
    [InlineData("round(-2.5)", "-3")]
    [InlineData("round(2.45, 1)", "2.5")]
    [InlineData("round(-2.45, 1)", "-2.5")]
    [InlineData("round(88.5 / 80 * 100, 1)", "110.6")]
    [InlineData("round(1.23456, 0)", "1")]
    [InlineData("round(1.23456789012, 10)", "1.2345678901")]
    [InlineData("ROUND(1.5)", "2")]
    [InlineData("Sum(1, 2) * 2", "6")]
    [InlineData("sum(1, max(2, 3), 4)", "8")]
    public void Functions_compute_as_named(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Value(text));
    }

    // The examples of docs/formulas.md.
    [Theory]
    [InlineData("(查詢案件 - 無正當理由查詢案件) / 查詢案件 * 100", "80")]
    [InlineData("(死亡人數 + 受傷人數) / 本市人口數 * 100000", "250")]
    [InlineData("avg(長者流感涵蓋率, 幼兒流感涵蓋率, 輪狀病毒涵蓋率, 長者肺炎鏈球菌涵蓋率)", "65")]
    [InlineData("round(達成件數 / 目標件數 * 100, 1)", "66.7")]
    public void User_guide_examples_compute(string text, string expected)
    {
        var inputs = new Dictionary<string, decimal>
        {
            ["查詢案件"] = 50m, ["無正當理由查詢案件"] = 10m,
            ["死亡人數"] = 1m, ["受傷人數"] = 4m, ["本市人口數"] = 2000m,
            ["長者流感涵蓋率"] = 50m, ["幼兒流感涵蓋率"] = 60m, ["輪狀病毒涵蓋率"] = 70m, ["長者肺炎鏈球菌涵蓋率"] = 80m,
            ["達成件數"] = 2m, ["目標件數"] = 3m,
        };
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Read(text).Evaluate(inputs).Value);
    }

    [Fact]
    public void Functions_take_inputs_as_arguments()
    {
        Assert.Equal(90m, Value("avg(上半年, 下半年)", ("上半年", 85m), ("下半年", 95m)));
    }

    [Fact]
    public void Names_are_case_sensitive()
    {
        var formula = Read("Cases + cases");
        Assert.Equal(["Cases", "cases"], formula.Inputs);
        Assert.Equal(3m, formula.Evaluate(new Dictionary<string, decimal> { ["Cases"] = 1m, ["cases"] = 2m }).Value);
    }

    [Fact]
    public void A_name_like_a_function_is_an_input_when_not_called()
    {
        var formula = Read("sum + round(sum)");
        Assert.Equal(["sum"], formula.Inputs);
        Assert.Equal(4m, formula.Evaluate(new Dictionary<string, decimal> { ["sum"] = 2m }).Value);
    }

    [Fact]
    public void Inputs_are_listed_once_in_order_of_first_appearance()
    {
        var formula = Read("(b - a) / a + c_1 * b + [a]");
        Assert.Equal(["b", "a", "c_1"], formula.Inputs);
    }

    [Fact]
    public void Formula_without_inputs_has_an_empty_input_list()
    {
        Assert.Empty(Read("1 + 2").Inputs);
    }

    [Fact]
    public void Text_is_kept_as_given()
    {
        Assert.Equal("  a＋b ", Read("  a＋b ").Text);
    }

    [Fact]
    public void Missing_input_makes_the_value_missing_with_that_reason()
    {
        var result = Read("依限完成派案評估之案件 / 通報件數 * 100")
            .Evaluate(new Dictionary<string, decimal> { ["依限完成派案評估之案件"] = 1947m });
        Assert.False(result.HasValue);
        Assert.Null(result.Value);
        Assert.Equal("缺少輸入值「通報件數」", result.MissingReason);
        Assert.Equal("missing input '通報件數'", result.MissingReasonEn);
    }

    [Fact]
    public void Every_missing_input_is_named()
    {
        var result = Read("a / b + c").Evaluate(new Dictionary<string, decimal> { ["b"] = 1m });
        Assert.Null(result.Value);
        Assert.Equal("缺少輸入值「a」、「c」", result.MissingReason);
        Assert.Equal("missing inputs 'a', 'c'", result.MissingReasonEn);
    }

    [Fact]
    public void Division_by_zero_makes_the_value_missing_with_that_reason()
    {
        var result = Read("依限完成派案評估之案件 / 通報件數 * 100")
            .Evaluate(new Dictionary<string, decimal> { ["依限完成派案評估之案件"] = 0m, ["通報件數"] = 0m });
        Assert.Null(result.Value);
        Assert.Equal("除數「通報件數」為 0", result.MissingReason);
        Assert.Equal("division by zero: '通報件數' is 0", result.MissingReasonEn);
    }

    [Fact]
    public void Division_by_zero_names_the_divisor_expression()
    {
        var result = Read("(查詢案件 - 無正當理由查詢案件) / (查詢案件 - 5)")
            .Evaluate(new Dictionary<string, decimal> { ["查詢案件"] = 5m, ["無正當理由查詢案件"] = 1m });
        Assert.Null(result.Value);
        Assert.Equal("除數「查詢案件 - 5」為 0", result.MissingReason);
        Assert.Equal("division by zero: '查詢案件 - 5' is 0", result.MissingReasonEn);
    }

    [Fact]
    public void Division_by_a_bracketed_input_names_it_without_brackets()
    {
        var result = Read("1 / [14個日曆天內完成評估件數]")
            .Evaluate(new Dictionary<string, decimal> { ["14個日曆天內完成評估件數"] = 0m });
        Assert.Equal("除數「14個日曆天內完成評估件數」為 0", result.MissingReason);
    }

    [Fact]
    public void Division_by_zero_inside_a_function_makes_the_whole_value_missing()
    {
        var result = Read("avg(a / b, 1)").Evaluate(new Dictionary<string, decimal> { ["a"] = 1m, ["b"] = 0m });
        Assert.Null(result.Value);
        Assert.Equal("division by zero: 'b' is 0", result.MissingReasonEn);
    }

    [Fact]
    public void Overflow_makes_the_value_missing_with_a_reason()
    {
        var result = Read("a * a").Evaluate(new Dictionary<string, decimal> { ["a"] = decimal.MaxValue });
        Assert.Null(result.Value);
        Assert.Equal("「a * a」的計算結果超出數值範圍", result.MissingReason);
        Assert.Equal("the result of 'a * a' is out of range", result.MissingReasonEn);
    }

    [Fact]
    public void Overflow_in_a_sum_makes_the_value_missing()
    {
        var result = Read("sum(a, a)").Evaluate(new Dictionary<string, decimal> { ["a"] = decimal.MaxValue });
        Assert.Null(result.Value);
        Assert.Equal("the result of 'sum(a, a)' is out of range", result.MissingReasonEn);
    }

    [Fact]
    public void Dividing_by_a_tiny_number_overflows_rather_than_throwing()
    {
        var result = Read("a / 0.0000000000000000000000000001").Evaluate(new Dictionary<string, decimal> { ["a"] = decimal.MaxValue });
        Assert.Null(result.Value);
        Assert.Equal("the result of 'a / 0.0000000000000000000000000001' is out of range", result.MissingReasonEn);
    }

    [Fact]
    public void Extra_inputs_are_ignored()
    {
        Assert.Equal(3m, Value("a + 1", ("a", 2m), ("unused", 9m)));
    }

    [Theory]
    [InlineData("a/b*100", "a / b * 100")]
    [InlineData("(a/b)*100", "a / b * 100")]
    [InlineData("a/(b*100)", "a / (b * 100)")]
    [InlineData("a-(b-c)", "a - (b - c)")]
    [InlineData("(a-b)-c", "a - b - c")]
    [InlineData("a+(b+c)", "a + (b + c)")]
    [InlineData("(a+b)*c", "(a + b) * c")]
    [InlineData("-(a)", "-a")]
    [InlineData("-(-a)", "-(-a)")]
    [InlineData("-(a*b)", "-(a * b)")]
    [InlineData("(-a)*b", "-a * b")]
    [InlineData("(a+b)%", "(a + b)%")]
    [InlineData("(-5)%", "(-5)%")]
    [InlineData("(5%)%", "(5%)%")]
    [InlineData("ROUND(a,2)", "round(a, 2)")]
    [InlineData("round(a, 2.0)", "round(a, 2.0)")]
    [InlineData("0.50 × ［b］", "0.50 * b")]
    [InlineData("「a]b」 + [通報 件數] + 通報件數", "「a]b」 + [通報 件數] + 通報件數")]
    [InlineData("「a[b」 + 「a［b」 + [填答「滿意」以上之問卷數]", "「a[b」 + 「a［b」 + [填答「滿意」以上之問卷數]")]
    [InlineData("[性侵害案件開案後14個日曆天內完成評估件數] / [開案 件數]", "性侵害案件開案後14個日曆天內完成評估件數 / [開案 件數]")]
    [InlineData("（依限完成派案評估之案件／通報件數）×100％", "依限完成派案評估之案件 / 通報件數 * 100%")]
    public void Canonical_text_uses_ASCII_operators_and_only_needed_parentheses(string text, string canonical)
    {
        Assert.Equal(canonical, Read(text).ToString());
    }
}
