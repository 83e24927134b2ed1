namespace Beacon.Web.Features.Documents;

/// <summary>
/// How a cell looks. <see cref="Input"/> is a cell to fill in (white, unlocked on a protected sheet); <see cref="Shown"/>
/// a cell of a form shown for reference only (shaded, locked).
/// </summary>
public enum SheetStyle { Title, Heading, Text, Label, Header, Body, RowHeader, Footer, Input, Shown }

public sealed record SheetCell(int Row, int Column, Cell Cell, SheetStyle Style)
{
    /// <summary>A person may change the cell on a protected sheet.</summary>
    public bool Unlocked => Style == SheetStyle.Input;
}

/// <param name="Widths">Column widths in ems of Chinese text.</param>
/// <param name="FrozenRows">Rows kept in view while scrolling: the title and the table's header rows.</param>
/// <param name="RepeatRows">Rows printed at the top of every page (first and last index), when the sheet has one table.</param>
public sealed record Sheet(string Name, IReadOnlyList<double> Widths, IReadOnlyList<SheetCell> Cells, int Rows, int FrozenRows, (int First, int Last)? RepeatRows)
{
    /// <summary>Protected (no password): only <see cref="SheetStyle.Input"/> cells can be changed; a template's form.</summary>
    public bool Protected { get; init; }

    /// <summary>Hidden from the tabs (a template's record of what it was made from).</summary>
    public bool Hidden { get; init; }

    /// <summary>What the cells of a column may hold, checked by the spreadsheet program as they are typed.</summary>
    public IReadOnlyList<SheetValidation> Validations { get; init; } = [];
}

public enum ValidationKind { DecimalBetween, TextLengthAtMost, List }

/// <summary>
/// A check a spreadsheet program makes as a person types (data validation): on one column from a first to a last row
/// (0-based), a number between two bounds, a text of at most so many characters, or one of a list; with the message
/// shown when it fails, in the reader's language.
/// </summary>
public sealed record SheetValidation(int Column, int FirstRow, int LastRow, ValidationKind Kind, string Title, string Message,
    decimal Min = 0, decimal Max = 0, IReadOnlyList<string>? Values = null)
{
    public bool Covers(int row, int column) => column == Column && row >= FirstRow && row <= LastRow;
}

/// <summary>
/// A document laid out as spreadsheet sheets, the same for XLSX and ODS: one sheet per section, headed by the
/// document's title and ROC year, then the section's text, facts and tables top to bottom (a chart as its data
/// table). A sheet whose one table starts it keeps the table's header rows frozen and printed on every page.
/// </summary>
public static class SheetLayout
{
    public static IReadOnlyList<Sheet> Of(DocumentModel document)
    {
        var sheets = new List<Sheet>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in document.Sections)
        {
            if (section.Blocks.All(b => b is PictureBlock)) continue;
            sheets.Add(Lay(document, section, UniqueName(section.Heading, names)));
        }
        if (sheets.Count == 0) sheets.Add(new Sheet(UniqueName(document.Title, names), [40], [new SheetCell(0, 0, Cell.Of(document.Title), SheetStyle.Title)], 1, 0, null));
        return sheets;
    }

    private static Sheet Lay(DocumentModel document, DocumentSection section, string name)
    {
        var tables = section.Blocks.Select(b => b switch { TableBlock t => t, ChartBlock c => c.AsTable(), _ => null }).OfType<TableBlock>().ToList();
        var columnCount = Math.Max(2, tables.Select(t => TableGrid.Lay(t).Columns).DefaultIfEmpty(2).Max());
        var widths = new double[columnCount];
        for (var i = 0; i < columnCount; i++) widths[i] = 8;
        foreach (var table in tables)
            for (var i = 0; i < table.Columns.Count && i < columnCount; i++)
                widths[i] = Math.Max(widths[i], table.Columns[i].Width);

        var cells = new List<SheetCell>();
        var row = 0;
        void Line(string text, SheetStyle style)
        {
            cells.Add(new SheetCell(row, 0, Cell.Of(text).Spanning(columns: columnCount), style));
            row++;
        }
        Line(document.Title, SheetStyle.Title);
        if (section.Heading != document.Title) Line(section.Heading, SheetStyle.Heading);

        var frozen = 0;
        (int, int)? repeat = null;
        var onlyTable = section.Blocks.Count(b => b is TableBlock or ChartBlock) == 1;
        foreach (var block in section.Blocks)
        {
            switch (block)
            {
                case ParagraphBlock p:
                    Line(p.Text, SheetStyle.Text);
                    break;
                case FactsBlock f:
                    foreach (var fact in f.Facts)
                    {
                        cells.Add(new SheetCell(row, 0, Cell.Of(fact.Label), SheetStyle.Label));
                        cells.Add(new SheetCell(row, 1, Cell.Of(fact.Value).Spanning(columns: columnCount - 1), SheetStyle.Text));
                        row++;
                    }
                    break;
                case ContentsBlock c:
                    Line(c.Heading, SheetStyle.Heading);
                    foreach (var entry in c.Entries)
                    {
                        cells.Add(new SheetCell(row, 0, Cell.Of(entry.Label), SheetStyle.Label));
                        cells.Add(new SheetCell(row, 1, Cell.Of(entry.Text).Spanning(columns: columnCount - 1), SheetStyle.Text));
                        row++;
                    }
                    break;
                case PictureBlock picture:
                    Line(picture.Description, SheetStyle.Text);
                    break;
                case TableBlock or ChartBlock:
                    var table = block is ChartBlock chart ? chart.AsTable() : (TableBlock)block;
                    if (table.Caption != section.Heading) Line(table.Caption, SheetStyle.Heading);
                    var start = row;
                    var (placed, rows, _) = TableGrid.Lay(table);
                    var headerRows = table.Header.Count;
                    var footerStart = rows - table.Footer.Count;
                    foreach (var p in placed)
                    {
                        var style = p.Row < headerRows ? SheetStyle.Header
                            : p.Row >= footerStart ? SheetStyle.Footer
                            : p.Cell.Heading ? SheetStyle.RowHeader : SheetStyle.Body;
                        cells.Add(new SheetCell(start + p.Row, p.Column, p.Cell, style));
                    }
                    if (onlyTable && frozen == 0 && headerRows > 0)
                    {
                        frozen = start + headerRows;
                        repeat = (start, start + headerRows - 1);
                    }
                    row = start + rows;
                    break;
            }
        }
        return new Sheet(name, widths, cells, row, frozen, repeat);
    }

    /// <summary>A sheet name both formats accept: at most 31 characters, none of []:*?/\, unique in the book.</summary>
    private static string UniqueName(string heading, HashSet<string> taken)
    {
        var clean = new string([.. heading.Select(c => "[]:*?/\\'".Contains(c) ? '_' : c)]).Trim();
        if (clean.Length == 0) clean = "Sheet";
        var name = clean.Length > 31 ? clean[..31] : clean;
        for (var i = 2; !taken.Add(name); i++)
        {
            var suffix = $" ({i})";
            name = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return name;
    }

    /// <summary>How many lines a cell's text takes in a column of this many ems (for row heights).</summary>
    public static int Lines(string text, double widthEms) =>
        text.Split('\n').Sum(line => Math.Max(1, (int)Math.Ceiling(TextWidth.Of(line) / Math.Max(1, widthEms - 0.5))));
}
