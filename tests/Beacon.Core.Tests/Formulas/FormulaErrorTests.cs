using Beacon.Core.Formulas;

namespace Beacon.Core.Tests.Formulas;

public class FormulaErrorTests
{
    private static FormulaError ErrorOf(string text)
    {
        var result = Formula.Parse(text);
        Assert.False(result.Succeeded, $"{text} should not parse");
        Assert.Null(result.Formula);
        return result.Error!;
    }

    [Fact]
    public void Missing_closing_parenthesis_names_its_position()
    {
        // 25 characters; the ')' belongs after the last one.
        var error = ErrorOf("(依限完成派案評估之案件 / 通報件數 * 100");
        Assert.Equal(25, error.Position);
        Assert.Equal(0, error.Length);
        Assert.Equal("第 26 個字元：缺少右括號「)」（第 1 個字元的「(」沒有對應的右括號）", error.Message);
        Assert.Equal("at character 26: missing ')' to close the '(' at character 1", error.MessageEn);
    }

    [Fact]
    public void Missing_closing_parenthesis_of_a_function_names_the_opening_one()
    {
        var error = ErrorOf("round(a / b, 1");
        Assert.Equal(14, error.Position);
        Assert.Equal("at character 15: missing ')' to close the '(' at character 6", error.MessageEn);
    }

    // text, position, length, Chinese message, English message
    [Theory]
    [InlineData("", 0, 0, "第 1 個字元：公式是空的", "at character 1: the formula is empty")]
    [InlineData("   ", 0, 0, "第 1 個字元：公式是空的", "at character 1: the formula is empty")]
    [InlineData("a + @", 4, 1, "第 5 個字元：無法辨識的字元「@」", "at character 5: unexpected character '@'")]
    [InlineData("a # b", 2, 1, "第 3 個字元：無法辨識的字元「#」", "at character 3: unexpected character '#'")]
    [InlineData("a\u0001", 1, 1, "第 2 個字元：無法辨識的字元「U+0001」", "at character 2: unexpected character 'U+0001'")]
    [InlineData("率 = a / b", 2, 1, "第 3 個字元：公式只寫計算式，不寫「=」", "at character 3: write only the calculation, without '='")]
    [InlineData("foo(1)", 0, 3,
        "第 1 個字元：未知的函數「foo」（可用的函數：sum、avg、min、max、round；名稱含括號時請用 [ ] 括起來）",
        "at character 1: unknown function 'foo' (the functions are sum, avg, min, max, round; write a name containing parentheses in brackets)")]
    [InlineData("round(1, 2, 3)", 0, 14, "第 1 個字元：函數 round 需要 1 或 2 個引數，這裡有 3 個", "at character 1: round takes 1 or 2 arguments, not 3")]
    [InlineData("round()", 0, 7, "第 1 個字元：函數 round 需要 1 或 2 個引數，這裡有 0 個", "at character 1: round takes 1 or 2 arguments, not 0")]
    [InlineData("1 + sum()", 4, 5, "第 5 個字元：函數 sum 至少需要 1 個引數", "at character 5: sum needs at least 1 argument")]
    [InlineData("round(a, 11)", 9, 2, "第 10 個字元：round 的第二個引數（小數位數）必須是 0 到 10 的整數",
        "at character 10: round's second argument (decimal places) must be a whole number from 0 to 10")]
    [InlineData("a +", 2, 1, "第 3 個字元：運算子「+」後面缺少運算元", "at character 3: operator '+' has no operand after it")]
    [InlineData("* b", 0, 1, "第 1 個字元：運算子「*」前面缺少運算元", "at character 1: operator '*' has no operand before it")]
    [InlineData("a * / b", 4, 1, "第 5 個字元：運算子「/」前面缺少運算元", "at character 5: operator '/' has no operand before it")]
    [InlineData("a b", 2, 1, "第 3 個字元：「a」與「b」之間缺少運算子", "at character 3: missing operator between 'a' and 'b'")]
    [InlineData("(a) (b)", 4, 1, "第 5 個字元：「)」與「(」之間缺少運算子", "at character 5: missing operator between ')' and '('")]
    [InlineData("[通報件數", 0, 1, "第 1 個字元：名稱的「[」沒有對應的「]」", "at character 1: the name opened with '[' is never closed with ']'")]
    [InlineData("「通報件數 / 2", 0, 1, "第 1 個字元：名稱的「「」沒有對應的「」」", "at character 1: the name opened with '「' is never closed with '」'")]
    [InlineData("a) + b", 1, 1, "第 2 個字元：多出的右括號「)」，前面沒有對應的「(」", "at character 2: ')' has no matching '('")]
    [InlineData("1,000 + a", 0, 5, "第 1 個字元：「1,000」：數字請勿加千分位逗號（寫成 1000）；若是兩個引數，請在逗號後加空格",
        "at character 1: '1,000': write numbers without thousands separators (1000); to separate two arguments, put a space after the comma")]
    [InlineData("a / 14個日曆天內完成評估件數", 4, 13,
        "第 5 個字元：名稱「14個日曆天內完成評估件數」不能以數字開頭：若是名稱請寫成 [14個日曆天內完成評估件數]，若是相乘請在數字後加上 *",
        "at character 5: the name '14個日曆天內完成評估件數' starts with a digit: write it in brackets, [14個日曆天內完成評估件數], or put * after the number to multiply")]
    [InlineData("a x 100%", 2, 1, "第 3 個字元：「a」與「x」之間缺少運算子（乘法請寫 * 或 ×）",
        "at character 3: missing operator between 'a' and 'x' (to multiply, write * or ×)")]
    public void Error_names_the_position_and_the_problem(string text, int position, int length, string message, string messageEn)
    {
        Assert.Equal(new FormulaError(position, length, message, messageEn), ErrorOf(text));
    }

    [Theory]
    [InlineData("a, b", 1, "at character 2: ',' only separates function arguments, as in round(x, 1); write numbers without thousands separators")]
    [InlineData("(a, b)", 2, "at character 3: ',' only separates function arguments, as in round(x, 1); write numbers without thousands separators")]
    [InlineData("sum((a, b))", 6, "at character 7: ',' only separates function arguments, as in round(x, 1); write numbers without thousands separators")]
    [InlineData("max(1,200)", 4, "at character 5: '1,200': write numbers without thousands separators (1200); to separate two arguments, put a space after the comma")]
    [InlineData("1,000,000", 0, "at character 1: '1,000,000': write numbers without thousands separators (1000000); to separate two arguments, put a space after the comma")]
    [InlineData("sum(a, )", 7, "at character 8: sum has an empty argument")]
    [InlineData("sum(, a)", 4, "at character 5: sum has an empty argument")]
    [InlineData("()", 0, "at character 1: the parentheses are empty")]
    [InlineData("(", 1, "at character 2: missing ')' to close the '(' at character 1")]
    [InlineData("sum(", 4, "at character 5: missing ')' to close the '(' at character 4")]
    [InlineData("-", 0, "at character 1: operator '-' has no operand after it")]
    [InlineData("a + (b * )", 7, "at character 8: operator '*' has no operand after it")]
    [InlineData("5%%", 2, "at character 3: unexpected '%'")]
    [InlineData("% 5", 0, "at character 1: operator '%' has no operand before it")]
    [InlineData("5.", 0, "at character 1: the number '5.' has no digits after the decimal point")]
    [InlineData(".5", 0, "at character 1: the number '.5' must start with a digit: write 0.5")]
    [InlineData("1.2.3", 0, "at character 1: the number '1.2.3' is malformed")]
    [InlineData("99999999999999999999999999999999", 0, "at character 1: the number '99999999999999999999999999999999' is too large")]
    [InlineData("[] + 1", 0, "at character 1: the brackets hold no name")]
    [InlineData("[a [b] + 1", 0, "at character 1: the name opened with '[' is never closed with ']'")]
    [InlineData("a ] + 1", 2, "at character 3: ']' has no matching '['")]
    [InlineData("合格家數（件）/ 查核家數", 0,
        "at character 1: unknown function '合格家數' (the functions are sum, avg, min, max, round; write a name containing parentheses in brackets)")]
    [InlineData("round(a, -1)", 9, "at character 10: round's second argument (decimal places) must be a whole number from 0 to 10")]
    [InlineData("round(a, 1.5)", 9, "at character 10: round's second argument (decimal places) must be a whole number from 0 to 10")]
    [InlineData("round(a, b)", 9, "at character 10: round's second argument (decimal places) must be a whole number from 0 to 10")]
    public void Error_points_at_the_problem(string text, int position, string messageEn)
    {
        var error = ErrorOf(text);
        Assert.Equal(messageEn, error.MessageEn);
        Assert.Equal(position, error.Position);
        Assert.StartsWith($"第 {position + 1} 個字元：", error.Message);
    }

    [Fact]
    public void Error_messages_come_in_both_languages()
    {
        var error = ErrorOf("(a + b");
        Assert.Equal(error.Message, error.MessageFor(english: false));
        Assert.Equal(error.MessageEn, error.MessageFor(english: true));
    }

    [Fact]
    public void Deep_nesting_is_refused_rather_than_overflowing_the_stack()
    {
        var text = new string('(', 100_000) + "1" + new string(')', 100_000);
        var error = ErrorOf(text);
        Assert.Equal(200, error.Position);
        Assert.Equal("at character 201: the formula nests too deeply (more than 200 levels)", error.MessageEn);
    }

    [Fact]
    public void Long_chain_of_unary_minus_is_refused()
    {
        var error = ErrorOf(new string('-', 50_000) + "1");
        Assert.Equal("at character 201: the formula nests too deeply (more than 200 levels)", error.MessageEn);
    }

    [Fact]
    public void Sum_of_two_hundred_terms_is_accepted_but_not_of_thousands()
    {
        Assert.True(Formula.Parse(string.Join(" + ", Enumerable.Repeat("1", 200))).Succeeded);
        var error = ErrorOf(string.Join("+", Enumerable.Repeat("1", 10_000)));
        // The 200th '+' (at index 399) would make the 201st level.
        Assert.Equal("at character 400: the formula nests too deeply (more than 200 levels)", error.MessageEn);
    }
}
