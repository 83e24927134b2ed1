using System.Text;
using Beacon.Web.Features.OpenData;

namespace Beacon.Web.Tests.OpenData;

/// <summary>The CSV writer on its own: RFC 4180 quoting and the guard against spreadsheet formulas.</summary>
public sealed class CsvTests
{
    [Fact]
    public void Commas_quotes_and_line_breaks_are_quoted_and_records_end_in_CRLF_after_a_BOM()
    {
        var bytes = Csv.Write(["kpi", "note"], [["AC1.1", "說明，含逗號"], ["x,y", "他說 \"好\"\n第二行"], ["", null]]);

        Assert.Equal(
            "\uFEFFkpi,note\r\nAC1.1,說明，含逗號\r\n\"x,y\",\"他說 \"\"好\"\"\n第二行\"\r\n,\r\n",
            Encoding.UTF8.GetString(bytes));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(
            new List<List<string>> { new() { "kpi", "note" }, new() { "AC1.1", "說明，含逗號" }, new() { "x,y", "他說 \"好\"\n第二行" }, new() { "", "" } },
            Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3)));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("+10%", "+10%")]
    [InlineData("-1,234", "-1,234")]
    [InlineData("-", "-")]
    [InlineData("≥99.5", "≥99.5")]
    [InlineData("累積啟動 19,661 戶", "累積啟動 19,661 戶")]
    public void A_cell_that_would_start_a_formula_is_made_text_and_numbers_are_left_alone(string value, string written) =>
        Assert.Equal(written, Csv.Defused(value));

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_a_programming_error_not_a_shifted_file() =>
        Assert.Throws<ArgumentException>(() => Csv.Write(["a", "b"], [["only one"]]));
}
