using System.Globalization;
using Beacon.Core.Values;
using FsCheck;
using FsCheck.Fluent;

namespace Beacon.Core.Tests;

/// <summary>The strict reading of numbers typed into the entry forms and the API.</summary>
public class EnteredNumberTests
{
    [Theory]
    [InlineData("12.3", null, "12.3")]
    [InlineData("-1", null, "-1")]
    [InlineData("0", null, "0")]
    [InlineData("-0", null, "0")]
    [InlineData("0.5", null, "0.5")]
    [InlineData("+2.5", null, "2.5")]
    [InlineData("1,234.5", null, "1234.5")]
    [InlineData("27,537,119", null, "27537119")]
    [InlineData("-1,234", null, "-1234")]
    [InlineData("1234567", null, "1234567")]
    [InlineData("  12.3  ", null, "12.3")]
    [InlineData("\u300012.3\u3000", null, "12.3")]       // full-width spaces around it
    [InlineData("85%", "%", "85")]
    [InlineData("85 %", "%", "85")]
    [InlineData("99.68％", "％", "99.68")]
    [InlineData("１２．３", null, "12.3")]               // full-width digits and point
    [InlineData("－１．５", null, "-1.5")]
    [InlineData("−1.5", null, "-1.5")]                   // the typographic minus
    [InlineData("１，２３４", null, "1234")]
    [InlineData("12.30", null, "12.30")]                 // the typed decimals are kept
    [InlineData("1000000000000000", null, "1000000000000000")]  // 10^15 itself
    [InlineData("-1000000000000000", null, "-1000000000000000")]
    [InlineData("1234567890123.456789012345678", null, "1234567890123.456789012345678")] // 28 significant digits
    [InlineData("0.0000000000000000000000000001", null, "0.0000000000000000000000000001")]
    public void Accepted_numbers(string typed, string? unit, string value)
    {
        var result = EnteredNumber.Parse(typed, unit);

        Assert.Null(result.Problem);
        Assert.Equal(decimal.Parse(value, CultureInfo.InvariantCulture), result.Value);
        Assert.Equal(value, result.Text);
    }

    [Theory]
    [InlineData("", "請填數字（例如 12.3、-1 或 1,234.5）", "enter a number (e.g. 12.3, -1 or 1,234.5)")]
    [InlineData("   ", "請填數字（例如 12.3、-1 或 1,234.5）", "enter a number (e.g. 12.3, -1 or 1,234.5)")]
    [InlineData("12,3", "「12,3」的逗號位置不對：逗號只用於千分位，每三位一組（1,234.5）；小數點請用「.」",
        "the commas in '12,3' are misplaced: a comma only separates groups of three digits (1,234.5); the decimal point is '.'")]
    [InlineData("1e5", "「1e5」是科學記號：請寫出完整的數字（例如 1e5 寫成 100000）", "'1e5' is in scientific notation: write the number out (1e5 as 100000)")]
    [InlineData("1.2.3", "「1.2.3」有不只一個小數點", "'1.2.3' has more than one decimal point")]
    [InlineData("0x10", "「0x10」不是十進位數字：請填十進位數字（例如 12.3、-1 或 1,234.5）", "'0x10' is not a decimal number: enter a decimal number (e.g. 12.3, -1 or 1,234.5)")]
    [InlineData("12.3abc", "「12.3abc」的數字後面有多餘的文字「abc」：請只填數字，不寫單位或說明（例如 12.3、-1 或 1,234.5）",
        "'12.3abc' has extra text 'abc' after the number: enter the number only, without a unit or note (e.g. 12.3, -1 or 1,234.5)")]
    [InlineData("85%", "「85%」帶有百分號，但此 KPI 的單位不是 %：請只填數字（例如 12.3、-1 或 1,234.5）",
        "'85%' has a percent sign, but this KPI's unit is not %: enter the number only (e.g. 12.3, -1 or 1,234.5)")]
    [InlineData("1000000000000001", "「1000000000000001」超出 ±10^15（一千兆）：KPI 數值不會這麼大，請檢查是否多打了位數",
        "'1000000000000001' is beyond ±10^15 (a thousand trillion): no KPI value is that large, so check for extra digits")]
    [InlineData("12345678901234.567890123456789", "「12345678901234.567890123456789」的位數太多（最多 28 位有效數字）：多出的位數無法精確計算",
        "'12345678901234.567890123456789' has too many digits (28 significant digits at most): more could not be computed exactly")]
    public void Refused_numbers_say_what_was_expected(string typed, string zh, string en)
    {
        var result = EnteredNumber.Parse(typed, unit: null, path: "kpis[AC1.1].actual.value");

        Assert.Null(result.Value);
        Assert.Null(result.Text);
        Assert.Equal(new Problem("kpis[AC1.1].actual.value", zh, en), result.Problem);
    }

    [Theory]
    [InlineData("12,34", "逗號")]
    [InlineData("1234,567", "逗號")]
    [InlineData("0,123", "逗號")]
    [InlineData(",123", "不是數字")]
    [InlineData("1,234,56", "逗號")]
    [InlineData("1.234,5", "逗號")]
    [InlineData("1E5", "科學記號")]
    [InlineData("2e-3", "科學記號")]
    [InlineData("0X1F", "十進位")]
    [InlineData("abc", "不是數字")]
    [InlineData("-", "不是數字")]
    [InlineData("--1", "不是數字")]
    [InlineData("- 1", "不是數字")]
    [InlineData("%", "不是數字")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "小數點後缺少數字")]
    [InlineData("1 234", "多餘的文字")]
    [InlineData("12.3 人", "多餘的文字")]
    [InlineData("≥99.5", "不是數字")]
    [InlineData("5%%", "百分號")]
    [InlineData("50%5", "百分號")]
    [InlineData("NaN", "不是數字")]
    [InlineData("Infinity", "不是數字")]
    [InlineData("99999999999999999999999999999999", "超出")]
    [InlineData("-1000000000000000.5", "超出")]
    [InlineData("0.00000000000000000000000000001", "位數太多")]  // 29 decimals
    [InlineData("1.0000000000000000000000000000", "位數太多")]   // 29 significant digits, though it equals 1
    public void More_refused_numbers(string typed, string inMessage)
    {
        var result = EnteredNumber.Parse(typed, unit: "%");

        Assert.Null(result.Value);
        Assert.Contains(inMessage, result.Problem!.Message);
        Assert.False(string.IsNullOrWhiteSpace(result.Problem.MessageEn));
        Assert.Equal("value", result.Problem.Path);
    }

    [Fact]
    public void Null_is_refused_like_an_empty_field()
    {
        Assert.Equal("enter a number (e.g. 12.3, -1 or 1,234.5)", EnteredNumber.Parse(null).Problem!.MessageEn);
    }

    [Fact]
    public void Every_number_in_range_reads_back_as_itself_plain_and_grouped()
    {
        var numbers = from whole in Gen.Choose(0, int.MaxValue) from cents in Gen.Choose(0, 9999) from negative in Gen.Elements(true, false)
                      select (negative ? -1 : 1) * (whole + cents / 10000m);
        Prop.ForAll(Arb.From(numbers), n =>
        {
            var plain = EnteredNumber.Parse(n.ToString(CultureInfo.InvariantCulture));
            var grouped = EnteredNumber.Parse(n.ToString("#,##0.####", CultureInfo.InvariantCulture));
            // What is stored reads back the same through the value parser the evaluation uses.
            return plain.Value == n && grouped.Value == n && ValueText.Parse(plain.Text!).Number == n;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_text_gives_a_value_or_a_problem_and_never_throws()
    {
        var pieces = Gen.Elements("1", "0", "9", ",", ".", "-", "+", "%", "e", "x", " ", "１", "．", "－", "，", "％", "a", "≥", "000");
        var texts = pieces.ListOf().Select(p => string.Concat(p));
        Prop.ForAll(Arb.From(texts), text =>
        {
            var result = EnteredNumber.Parse(text, "%");
            return (result.Value is null) != (result.Problem is null)
                && (result.Value is not { } v || Math.Abs(v) <= EnteredNumber.Limit);
        }).QuickCheckThrowOnFailure();
    }
}
