using System.Globalization;
using System.Text;

namespace Beacon.Core.Sheets;

// A spreadsheet as the core reads it: sheets of cells with their row, column, text and what the program stored in
// them (a number, a date, a formula without a value …), merges as spans. The web's readers turn XLSX, ODS and CSV
// files into this; the rules of the uploads read only this, so they are tested with tables written in code.

/// <summary>What a spreadsheet program stored in a cell.</summary>
public enum CellKind
{
    Text,
    /// <summary>A number; <see cref="GridCell.Text"/> is the number as the cell shows it (1,234 with its format).</summary>
    Number,
    /// <summary>A date or time (a serial number formatted as a date); <see cref="GridCell.Text"/> is the date, 2021-10-07.</summary>
    Date,
    Boolean,
    /// <summary>An error value such as #DIV/0! or #REF!.</summary>
    Error,
    /// <summary>A formula saved without its result (a program that does not calculate wrote the file).</summary>
    FormulaWithoutValue,
}

/// <summary>
/// One cell: 0-based row and column, the text it shows, what kind of value it holds, the number (for numbers and
/// dates: the serial number), and the merge it starts (row and column span). <paramref name="Formula"/> marks a cell
/// whose value a formula computed (its cached value is what is read).
/// </summary>
public sealed record GridCell(int Row, int Column, string Text, CellKind Kind = CellKind.Text, decimal? Number = null,
    int RowSpan = 1, int ColSpan = 1, bool Formula = false)
{
    public static GridCell Of(int row, int column, string text) => new(row, column, text);

    public static GridCell Of(int row, int column, decimal number) =>
        new(row, column, number.ToString(CultureInfo.InvariantCulture), CellKind.Number, number);
}

/// <summary>
/// One sheet: its cells by position (empty cells are absent), which rows are hidden, and whether the sheet itself is
/// hidden. A position covered by a merge answers with the merge's first cell (<see cref="Covering"/>).
/// </summary>
public sealed class GridSheet
{
    private readonly Dictionary<(int Row, int Column), GridCell> cells = [];
    private readonly Dictionary<(int Row, int Column), GridCell> covered = [];
    private readonly Dictionary<int, List<GridCell>> rows = [];

    public GridSheet(string name, IEnumerable<GridCell> cells, bool hidden = false, IEnumerable<int>? hiddenRows = null)
    {
        Name = name;
        Hidden = hidden;
        HiddenRows = new HashSet<int>(hiddenRows ?? []);
        var merged = new List<GridCell>();
        foreach (var cell in cells)
        {
            // A merge over more than MaxMergeArea positions (a whole column, say) says nothing about the table.
            var given = (long)cell.RowSpan * cell.ColSpan > MaxMergeArea ? cell with { RowSpan = 1, ColSpan = 1 } : cell;
            this.cells[(given.Row, given.Column)] = given;
            if (given.RowSpan > 1 || given.ColSpan > 1) merged.Add(given);
        }
        foreach (var cell in merged)
            for (var r = cell.Row; r < cell.Row + cell.RowSpan; r++)
                for (var c = cell.Column; c < cell.Column + cell.ColSpan; c++)
                {
                    if (r == cell.Row && c == cell.Column) continue;
                    covered[(r, c)] = cell;
                    // What a program writes at a merge's other positions (empty, styled cells) is not a cell of its own.
                    if (this.cells.TryGetValue((r, c), out var under) && under.Text.Length == 0 && under.Kind == CellKind.Text) this.cells.Remove((r, c));
                }
        foreach (var cell in this.cells.Values)
        {
            (rows.TryGetValue(cell.Row, out var list) ? list : rows[cell.Row] = []).Add(cell);
            Rows = Math.Max(Rows, cell.Row + cell.RowSpan);
            Columns = Math.Max(Columns, cell.Column + cell.ColSpan);
        }
    }

    /// <summary>The most positions one merge may cover.</summary>
    public const int MaxMergeArea = 10_000;

    public string Name { get; }

    public bool Hidden { get; }

    public IReadOnlySet<int> HiddenRows { get; }

    /// <summary>One past the last row holding a cell.</summary>
    public int Rows { get; }

    /// <summary>One past the last column holding a cell.</summary>
    public int Columns { get; }

    /// <summary>The cell that starts at this position; null when it is empty or covered by a merge.</summary>
    public GridCell? this[int row, int column] => cells.GetValueOrDefault((row, column));

    /// <summary>The cell at this position, or the first cell of the merge covering it.</summary>
    public GridCell? Covering(int row, int column) => cells.GetValueOrDefault((row, column)) ?? covered.GetValueOrDefault((row, column));

    /// <summary>The position is covered by a merge that starts elsewhere.</summary>
    public bool IsCovered(int row, int column) => covered.ContainsKey((row, column));

    public IEnumerable<GridCell> Cells => cells.Values.OrderBy(c => c.Row).ThenBy(c => c.Column);

    /// <summary>The cells of a row, left to right.</summary>
    public IEnumerable<GridCell> Row(int row) => rows.TryGetValue(row, out var list) ? list.OrderBy(c => c.Column) : [];

    /// <summary>Nothing at all is written on the sheet.</summary>
    public bool IsEmpty => cells.Values.All(c => c.Text.Trim().Length == 0 && c.Kind == CellKind.Text);
}

/// <summary>A spreadsheet file read into sheets, in the file's order.</summary>
public sealed record Workbook(IReadOnlyList<GridSheet> Sheets);

/// <summary>Where a cell is: sheet, 0-based row and column; printed as a spreadsheet names it (C12).</summary>
public readonly record struct CellAt(string Sheet, int Row, int Column)
{
    /// <summary>The cell's reference, column letters and 1-based row: C12.</summary>
    public string Reference => CellNames.Reference(Row, Column);

    /// <summary>The 1-based row number as the program shows it.</summary>
    public int RowNumber => Row + 1;

    public string ColumnName => CellNames.Column(Column);

    /// <summary>"工作表「填報」C12" / "sheet '填報', cell C12".</summary>
    public string Describe(bool english) => english ? $"sheet '{Sheet}', cell {Reference}" : $"工作表「{Sheet}」{Reference} 儲存格";
}

/// <summary>Column letters and cell references as spreadsheets print them.</summary>
public static class CellNames
{
    /// <summary>A, B … Z, AA, AB … for 0, 1 … 25, 26, 27.</summary>
    public static string Column(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    public static string Reference(int row, int column) => Column(column) + (row + 1).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A problem of an uploaded spreadsheet with the cell it is about (null when it is about the file or the plan as a
/// whole). Its messages start with the place, so they can be read alone: "工作表「填報」F12 儲存格：…".
/// </summary>
public sealed record CellProblem(Problem Problem, CellAt? Cell)
{
    public ProblemKind Kind => Problem.Kind;

    public string Message => Cell is { } at ? $"{at.Describe(false)}：{Problem.Message}" : Problem.Message;

    public string MessageEn => Cell is { } at ? $"{Capital(at.Describe(true))}: {Problem.MessageEn}" : Problem.MessageEn;

    public string MessageFor(bool english) => english ? MessageEn : Message;

    /// <summary>A problem at a cell, in zh-TW and English (an English message ends with a full stop).</summary>
    public static CellProblem At(CellAt at, string zh, string en, ProblemKind kind = ProblemKind.Invalid) =>
        new(new Problem($"{at.Sheet}!{at.Reference}", zh, en) { Kind = kind }, at);

    /// <summary>A problem about the file or the plan as a whole.</summary>
    public static CellProblem Whole(string zh, string en, ProblemKind kind = ProblemKind.Invalid) =>
        new(new Problem("file", zh, en) { Kind = kind }, null);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public override string ToString() => $"{Message} ({MessageEn})";
}

/// <summary>
/// How cells are read whatever program wrote them: text trimmed and full-width letters and digits made plain
/// (ＡＣ１．１ is AC1.1), headers compared without spaces, case or brackets.
/// </summary>
public static class CellText
{
    /// <summary>
    /// Full-width ASCII (Ａ–Ｚ, ０–９, ．, ：…) and the ideographic space made plain, character for character (the
    /// length is kept, so a match in the result is at the same place in the original). For codes, numbers, headers.
    /// </summary>
    public static string Narrow(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
            result.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' or '\u00A0' => ' ',
                _ => c,
            });
        return result.ToString();
    }

    /// <summary>A code, a number or a header as compared: narrow and trimmed.</summary>
    public static string Plain(string? text) => Narrow(text).Trim();

    /// <summary>A text as written (a name, a formula, a reason): line breaks as \n, trimmed, nothing else changed.</summary>
    public static string Trim(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    /// <summary>A header or label as compared: plain, lower case, without spaces, line breaks or bracketed notes.</summary>
    public static string Key(string? text)
    {
        var plain = Plain(text).ToLowerInvariant();
        var result = new StringBuilder(plain.Length);
        var depth = 0;
        foreach (var c in plain)
        {
            if (c is '(' or '（' or '[' or '【') { depth++; continue; }
            if (c is ')' or '）' or ']' or '】') { depth = Math.Max(0, depth - 1); continue; }
            if (depth > 0 || char.IsWhiteSpace(c) || c is ':' or '：' or '_') continue;
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>A cell's text as written, trimmed; null when blank.</summary>
    public static string? Value(GridCell? cell) => Trim(cell?.Text) is { Length: > 0 } text ? text : null;
}
