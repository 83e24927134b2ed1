using System.Globalization;
using Beacon.Core.Values;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// A document as it is handed around, before it is a file: its title as printed (with the ROC year), sections, and
/// blocks of text, tables with typed cells and charts' data. Built once per document from the page's figures, then
/// written by one writer per format (XLSX, ODS, ODT, HTML for PDF, CSV).
/// </summary>
/// <param name="Key">The document's name in its address: scorecard, theme-A, report …</param>
/// <param name="Title">The title as the documents print it: 臺北市政府 110年 平衡計分卡.</param>
/// <param name="FileStem">Organisation, ROC year and document, for the file name: TPE_110年_平衡計分卡.</param>
/// <param name="Landscape">Printed on landscape A4 (wide tables).</param>
public sealed record DocumentModel(string Key, string Title, string FileStem, IReadOnlyList<DocumentSection> Sections, bool Landscape)
{
    public IEnumerable<TableBlock> Tables => Sections.SelectMany(s => s.Blocks).OfType<TableBlock>();
}

/// <param name="Heading">Shown above the section; also the sheet's name in a spreadsheet.</param>
/// <param name="Anchor">Where the contents page links to (HTML and PDF).</param>
/// <param name="NewPage">Printed from the top of a new page.</param>
public sealed record DocumentSection(string Heading, IReadOnlyList<DocumentBlock> Blocks, string? Anchor = null, bool NewPage = false);

public abstract record DocumentBlock;

public sealed record ParagraphBlock(string Text) : DocumentBlock;

/// <summary>Label and value pairs (lead agency: 環保局).</summary>
public sealed record FactsBlock(IReadOnlyList<Fact> Facts) : DocumentBlock;

public sealed record Fact(string Label, string Value);

/// <summary>The contents page of a document of many sections: each entry links to a section's anchor.</summary>
public sealed record ContentsBlock(string Heading, IReadOnlyList<ContentsEntry> Entries) : DocumentBlock;

/// <param name="Label">Code or number (A, 1).</param>
public sealed record ContentsEntry(string Label, string Text, string Anchor);

/// <summary>An SVG picture (the strategy map), drawn whole on one page.</summary>
public sealed record PictureBlock(string Svg, string Description) : DocumentBlock;

/// <summary>
/// A table as the documents lay it out: header rows, body rows and footer rows of cells, with merges given as
/// row and column spans (the covered positions are simply absent, as in HTML).
/// </summary>
/// <param name="Caption">What the table is, for screen readers and above the table in files.</param>
public sealed record TableBlock(string Caption, IReadOnlyList<ColumnHint> Columns, IReadOnlyList<IReadOnlyList<Cell>> Header,
    IReadOnlyList<IReadOnlyList<Cell>> Body, IReadOnlyList<IReadOnlyList<Cell>> Footer) : DocumentBlock
{
    public IEnumerable<IReadOnlyList<Cell>> AllRows => Header.Concat(Body).Concat(Footer);
}

/// <summary>A column's width in characters of Chinese text (one em each), and whether it holds numbers.</summary>
public sealed record ColumnHint(double Width, bool Numeric = false);

/// <summary>
/// One cell: the text as printed, and where the cell is a number, the number and its format (0, 0.0, #,##0) so
/// spreadsheets store a number, not text. <see cref="Heading"/> marks a row header (th scope=row).
/// </summary>
public sealed record Cell(string Text, decimal? Number = null, string? Format = null, int RowSpan = 1, int ColSpan = 1, bool Heading = false, string? Href = null)
{
    public static Cell Of(string? text) => new(text ?? "");

    public static Cell Count(int n) => new(n.ToString(CultureInfo.InvariantCulture), n, "0");

    /// <summary>A score or rate shown to one decimal (87.5), or empty when there is none.</summary>
    public static Cell OneDecimal(decimal? value) => value is { } v
        ? new Cell(Beacon.Core.Evaluation.Rounding.Show(v), Beacon.Core.Evaluation.Rounding.OneDecimal(v), "0.0")
        : new Cell("");

    /// <summary>A score as entered (85, 92.5), or empty.</summary>
    public static Cell Score(decimal? value) => value is { } v
        ? new Cell(v.ToString("0.##", CultureInfo.InvariantCulture), v, v == decimal.Truncate(v) ? "0" : "0.0#")
        : new Cell("");

    /// <summary>
    /// A value as printed (≥99.5, 累積啟動 19,661 戶, 88.5): a number cell only when the text is the number alone, so
    /// nothing printed is lost; its format keeps the printed decimals and thousands separator.
    /// </summary>
    public static Cell Value(string? text)
    {
        if (text is null) return new Cell("");
        var parsed = ValueText.Parse(text);
        if (parsed is { Form: ValueForm.Number, Number: { } n, Comparator: Comparator.None, Prefix: "", Suffix: "", Breakdown: null })
            return new Cell(text, n, NumberFormat(text.Trim()));
        return new Cell(text);
    }

    /// <summary>An amount in NT$ as printed (1,200,000 or 無), a number when it is one.</summary>
    public static Cell Amount(string text, decimal? amount) =>
        amount is { } a && decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var same) && same == a
            ? new Cell(text, a, NumberFormat(text.Trim()))
            : new Cell(text);

    /// <summary>The format that prints the number as the text does: decimals kept, thousands separator when printed.</summary>
    public static string NumberFormat(string printed)
    {
        var dot = printed.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : printed.Length - dot - 1;
        var integer = printed.Contains(',', StringComparison.Ordinal) ? "#,##0" : "0";
        return decimals == 0 ? integer : integer + "." + new string('0', decimals);
    }

    public Cell Spanning(int rows = 1, int columns = 1) => this with { RowSpan = rows, ColSpan = columns };

    public Cell AsHeading() => this with { Heading = true };
}

public enum ChartKind { Bar, StackedBar, Line }

/// <summary>
/// A chart's data: categories along one axis, one or more series of numbers. Every writer shows it as a table with
/// the same data (screen readers, spreadsheets); the HTML writer also draws it.
/// </summary>
public sealed record ChartBlock(string Caption, ChartKind Kind, string CategoryHeading, IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series, string? Unit = null) : DocumentBlock
{
    /// <summary>The chart's data as a table: a category column and one column per series.</summary>
    public TableBlock AsTable() => new(Caption,
        [new ColumnHint(Math.Max(8, Categories.Select(c => TextWidth.Of(c)).DefaultIfEmpty(8).Max())), .. Series.Select(s => new ColumnHint(Math.Max(6, TextWidth.Of(s.Name)), true))],
        [[Cell.Of(CategoryHeading), .. Series.Select(s => Cell.Of(s.Name))]],
        [.. Categories.Select((c, i) => (IReadOnlyList<Cell>)[Cell.Of(c).AsHeading(), .. Series.Select(s => s.Values[i] is { } v
            ? new Cell(v.ToString(s.Format, CultureInfo.InvariantCulture), v, s.Format == "0.##" ? null : s.Format) : Cell.Of(""))])],
        []);
}

/// <param name="Format">How values print: 0, 0.0, or 0.## (as many decimals as the value has, up to two).</param>
/// <param name="Color">A CSS colour for the series (lights have theirs).</param>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values, string Format = "0.0", string? Color = null);

/// <summary>How wide a text prints, in ems: a CJK character is one, a Latin letter or digit about half.</summary>
public static class TextWidth
{
    public static double Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        double width = 0;
        foreach (var c in text) width += c >= 0x2E80 ? 1 : 0.55;
        return width;
    }

    /// <summary>A column width in ems that fits the longest line of its cells, capped so long texts wrap.</summary>
    public static double Fit(IEnumerable<string?> texts, double min, double max) =>
        Math.Clamp(texts.Select(t => (t ?? "").Split('\n').Select(Of).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max() + 1, min, max);
}
