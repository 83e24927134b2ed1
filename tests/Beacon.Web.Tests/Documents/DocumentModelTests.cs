using Beacon.Web.Features.Documents;

namespace Beacon.Web.Tests.Documents;

/// <summary>The document model's rules, read like the documents: what is stored as a number, and where merged cells land.</summary>
public sealed class DocumentModelTests
{
    [Theory]
    [InlineData("27,000,000", 27000000, "#,##0")]
    [InlineData("12.9", 12.9, "0.0")]
    [InlineData("96.90", 96.90, "0.00")]
    [InlineData("1,234.5", 1234.5, "#,##0.0")]
    [InlineData("217", 217, "0")]
    public void A_value_printed_as_a_number_alone_is_stored_as_that_number_with_its_printed_format(string printed, double number, string format)
    {
        var cell = Cell.Value(printed);
        Assert.Equal((decimal)number, cell.Number);
        Assert.Equal(format, cell.Format);
        Assert.Equal(printed, cell.Text);
    }

    [Theory]
    [InlineData("≥99.5")]
    [InlineData("累積啟動 19,661 戶")]
    [InlineData("4,143 (身障3,107+老人1,036)")]
    [InlineData("無實際值")]
    [InlineData("高於6都平均值")]
    [InlineData("±10")]
    public void A_value_with_anything_around_its_number_stays_text_as_printed(string printed)
    {
        var cell = Cell.Value(printed);
        Assert.Null(cell.Number);
        Assert.Equal(printed, cell.Text);
    }

    [Fact]
    public void Merged_cells_push_the_next_rows_cells_right_as_in_HTML()
    {
        // The scorecard's shape: the objective spans two KPI rows, the KPI spans its two action plans.
        var table = new TableBlock("t", [new(4), new(4), new(4)],
            [[Cell.Of("objective"), Cell.Of("KPI"), Cell.Of("action plan")]],
            [
                [Cell.Of("AC1").Spanning(rows: 3), Cell.Of("AC1.1").Spanning(rows: 2), Cell.Of("AC1.1.1")],
                [Cell.Of("AC1.1.2")],
                [Cell.Of("AC1.2"), Cell.Of("AC1.2.1")],
            ],
            []);
        var (cells, rows, columns) = TableGrid.Lay(table);
        Assert.Equal((4, 3), (rows, columns));
        Assert.Equal((2, 2), cells.Where(c => c.Cell.Text == "AC1.1.2").Select(c => (c.Row, c.Column)).Single());
        Assert.Equal((3, 1), cells.Where(c => c.Cell.Text == "AC1.2").Select(c => (c.Row, c.Column)).Single());
        var matrix = TableGrid.Matrix(table);
        Assert.True(matrix[2, 0].Covered && matrix[2, 1].Covered && matrix[3, 0].Covered);
    }

    [Fact]
    public void Sheet_names_are_short_unique_and_free_of_characters_spreadsheets_refuse()
    {
        var document = new DocumentModel("x", "標題", "x",
        [
            new DocumentSection("A/B: 營造永續環境的一個非常非常非常非常非常非常非常長的名稱", [new ParagraphBlock("1")]),
            new DocumentSection("A/B: 營造永續環境的一個非常非常非常非常非常非常非常長的名稱", [new ParagraphBlock("2")]),
        ], false);
        var names = SheetLayout.Of(document).Select(s => s.Name).ToList();
        Assert.Equal(2, names.Distinct().Count());
        Assert.All(names, n => Assert.True(n.Length <= 31 && n.IndexOfAny(['/', ':', '[', ']', '*', '?', '\\']) < 0, n));
    }

    [Fact]
    public void Chinese_text_is_measured_at_one_em_a_character_and_Latin_at_about_half()
    {
        Assert.Equal(4, TextWidth.Of("營造永續"));
        Assert.Equal(2.2, TextWidth.Of("AC1."), 3);
        Assert.Equal(12, TextWidth.Fit(["營造永續環境的一個非常長的名稱"], 4, 12));
    }
}
