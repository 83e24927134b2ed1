using System.Globalization;
using System.Text;
using Beacon.Core.Sheets;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// An Excel workbook read with the Open XML SDK into the core's grid: each worksheet's cells streamed (OpenXmlReader,
/// never the whole sheet as a tree), shared and inline strings, a formula's saved result (none saved: the cell says
/// so), numbers shown as their format shows them (1,234.5, 85%), dates told from numbers by their format, merges,
/// hidden rows and hidden sheets. <see cref="SpreadsheetReader"/> has checked the package's sizes first.
/// </summary>
public static class XlsxReader
{
    public static SpreadsheetRead Read(byte[] bytes, SpreadsheetLimits limits)
    {
        using var package = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false,
            new OpenSettings { MaxCharactersInPart = limits.MaxEntryBytes, AutoSave = false });
        var book = package.WorkbookPart;
        if (book?.Workbook is null) return SpreadsheetReader.NotSpreadsheet("沒有活頁簿的 Office 檔", "an Office file without a workbook");
        var strings = SharedStrings(book);
        var formats = Formats(book);
        var date1904 = book.Workbook.WorkbookProperties?.Date1904?.Value == true;
        var sheets = new List<GridSheet>();
        var cellCount = 0;
        foreach (var sheet in book.Workbook.Sheets?.Elements<X.Sheet>() ?? [])
        {
            if (sheet.Id?.Value is not { } id || book.GetPartById(id) is not WorksheetPart part) continue;   // a chart sheet has no cells
            var hidden = sheet.State?.Value is { } state && (state == SheetStateValues.Hidden || state == SheetStateValues.VeryHidden);
            var (cells, hiddenRows, tooMany) = Cells(part, strings, formats, date1904, limits, ref cellCount);
            if (tooMany) return CsvReader.TooMany(limits);
            sheets.Add(new GridSheet(sheet.Name?.Value ?? $"Sheet{sheets.Count + 1}", cells, hidden, hiddenRows));
        }
        return new SpreadsheetRead(new Beacon.Core.Sheets.Workbook(sheets), SpreadsheetFormat.Xlsx, null);
    }

    private static List<string> SharedStrings(WorkbookPart book)
    {
        var list = new List<string>();
        if (book.SharedStringTablePart is not { } part) return list;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                list.Add(Text(reader.LoadCurrentElement()!));
        return list;
    }

    /// <summary>The text of a string item or inline string: its t, or its runs' t joined (phonetic hints left out).</summary>
    private static string Text(OpenXmlElement item)
    {
        var text = new StringBuilder();
        foreach (var child in item.ChildElements)
            switch (child)
            {
                case X.Text t: text.Append(t.Text); break;
                case Run r: text.Append(r.Text?.Text); break;
            }
        return text.ToString();
    }

    /// <summary>Each cell format's number format code (null: General), by the cell's style index.</summary>
    private static List<string?> Formats(WorkbookPart book)
    {
        var sheet = book.WorkbookStylesPart?.Stylesheet;
        var custom = sheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .GroupBy(f => f.NumberFormatId!.Value).ToDictionary(g => g.Key, g => g.First().FormatCode?.Value) ?? [];
        var list = new List<string?>();
        foreach (var xf in sheet?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            var id = xf.NumberFormatId?.Value ?? 0;
            list.Add(custom.TryGetValue(id, out var code) ? code : BuiltIn(id));
        }
        return list;
    }

    /// <summary>ECMA-376's built-in number formats (18.8.30): the ones that matter for reading are numbers, percentages and dates.</summary>
    private static string? BuiltIn(uint id) => id switch
    {
        1 => "0", 2 => "0.00", 3 => "#,##0", 4 => "#,##0.00", 9 => "0%", 10 => "0.00%", 11 => "0.00E+00",
        >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58 => "yyyy-mm-dd",
        37 or 38 => "#,##0", 39 or 40 => "#,##0.00",
        _ => null,
    };

    private static (List<GridCell> Cells, List<int> HiddenRows, bool TooMany) Cells(WorksheetPart part, List<string> strings, List<string?> formats,
        bool date1904, SpreadsheetLimits limits, ref int count)
    {
        var cells = new List<GridCell>();
        var hiddenRows = new List<int>();
        var merges = new List<(int Row, int Column, int Rows, int Columns)>();
        var rowIndex = -1;
        using (var reader = OpenXmlReader.Create(part))
        {
            while (reader.Read())
            {
                if (!reader.IsStartElement) continue;
                if (reader.ElementType == typeof(Row))
                {
                    var r = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
                    rowIndex = r is not null && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n - 1 : rowIndex + 1;
                    if (rowIndex >= limits.MaxRows) return (cells, hiddenRows, true);
                    if (reader.Attributes.FirstOrDefault(a => a.LocalName == "hidden").Value is "1" or "true") hiddenRows.Add(rowIndex);
                }
                else if (reader.ElementType == typeof(X.Cell))
                {
                    var element = (X.Cell)reader.LoadCurrentElement()!;
                    if (CellOf(element, rowIndex, cells.Count > 0 && cells[^1].Row == rowIndex ? cells[^1].Column + 1 : 0, strings, formats, date1904) is { } cell)
                    {
                        if (cell.Column >= limits.MaxColumns || ++count > limits.MaxCells) return (cells, hiddenRows, true);
                        cells.Add(cell);
                    }
                }
                else if (reader.ElementType == typeof(MergeCell))
                {
                    var reference = reader.Attributes.FirstOrDefault(a => a.LocalName == "ref").Value;
                    if (reference?.Split(':') is [var from, var to] && Position(from) is { } a && Position(to) is { } b && b.Row >= a.Row && b.Column >= a.Column)
                        merges.Add((a.Row, a.Column, b.Row - a.Row + 1, b.Column - a.Column + 1));
                }
            }
        }
        if (merges.Count == 0) return (cells, hiddenRows, false);
        var byPosition = cells.Select((c, i) => (c, i)).ToDictionary(x => (x.c.Row, x.c.Column), x => x.i);
        foreach (var (row, column, rows, columns) in merges)
        {
            if (++count > limits.MaxCells) return (cells, hiddenRows, true);
            if (byPosition.TryGetValue((row, column), out var index)) cells[index] = cells[index] with { RowSpan = rows, ColSpan = columns };
            else
            {
                byPosition[(row, column)] = cells.Count;
                cells.Add(new GridCell(row, column, "", RowSpan: rows, ColSpan: columns));
            }
        }
        return (cells, hiddenRows, false);
    }

    private static GridCell? CellOf(X.Cell element, int row, int next, List<string> strings, List<string?> formats, bool date1904)
    {
        var (r, c) = element.CellReference?.Value is { } reference && Position(reference) is { } p ? p : (row, next);
        var value = element.CellValue?.Text;
        var type = element.DataType?.Value;
        var formula = element.CellFormula is not null;
        if (type == CellValues.InlineString)
            return element.InlineString is { } inline ? new GridCell(r, c, Text(inline), Formula: formula) : null;
        if (string.IsNullOrEmpty(value))
            return formula ? new GridCell(r, c, "", CellKind.FormulaWithoutValue, Formula: true) : null;
        if (type == CellValues.SharedString)
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? new GridCell(r, c, strings[i], Formula: formula) : null;
        if (type == CellValues.String) return new GridCell(r, c, value, Formula: formula);
        if (type == CellValues.Boolean) return new GridCell(r, c, value is "1" or "true" ? "TRUE" : "FALSE", CellKind.Boolean, Formula: formula);
        if (type == CellValues.Error) return new GridCell(r, c, value, CellKind.Error, Formula: formula);
        if (type == CellValues.Date)
            return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)
                ? new GridCell(r, c, ShowDate(iso), CellKind.Date, (decimal)iso.ToOADate(), Formula: formula) : new GridCell(r, c, value, Formula: formula);
        // A number, as a double's text. Through double to 15 significant digits, so a computed 0.30000000000000004 reads as 0.3.
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 1e20)
            return new GridCell(r, c, value, CellKind.Error, Formula: formula);
        var number = (decimal)d;
        var format = element.StyleIndex?.Value is { } s && s < formats.Count ? formats[(int)s] : null;
        if (format is not null && NumberFormats.IsDate(format))
        {
            var serial = date1904 ? d + 1462 : d;
            return serial is > 0 and < 2958466
                ? new GridCell(r, c, ShowDate(DateTime.FromOADate(serial)), CellKind.Date, (decimal)serial, Formula: formula)
                : new GridCell(r, c, value, CellKind.Error, Formula: formula);
        }
        return new GridCell(r, c, NumberFormats.Show(number, format), CellKind.Number, number, Formula: formula);
    }

    private static string ShowDate(DateTime date) =>
        date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>C12 → (11, 2), 0-based.</summary>
    private static (int Row, int Column)? Position(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetterUpper(reference[i]); i++)
        {
            column = column * 26 + (reference[i] - 'A' + 1);
            if (column > 20_000) return null;
        }
        return i > 0 && i < reference.Length && int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > 0
            ? (row - 1, column - 1) : null;
    }
}

/// <summary>
/// Spreadsheet number formats, read as far as an upload needs: whether one shows a date, and a number as it shows
/// it (decimals, thousands separator, percentage), so the text matches what the person saw.
/// </summary>
public static class NumberFormats
{
    public static bool IsDate(string format)
    {
        var plain = Unquoted(format);
        return plain.Any(c => c is 'y' or 'Y' or 'd' or 'D' or 'h' or 'H' or 's' or 'S' or 'm' or 'M' or '年' or '月' or '日')
            && !plain.Contains("General", StringComparison.OrdinalIgnoreCase);
    }

    public static string Show(decimal value, string? format)
    {
        if (format is null || format.Equals("General", StringComparison.OrdinalIgnoreCase) || format.Contains('E', StringComparison.Ordinal))
            return CellReading.Invariant(value);
        var plain = Unquoted(format.Split(';')[0]);
        var percent = plain.Contains('%');
        var dot = plain.IndexOf('.');
        var fraction = dot < 0 ? "" : new string([.. plain[(dot + 1)..].TakeWhile(ch => ch is '0' or '#')]);
        var min = fraction.Count(ch => ch == '0');
        var max = Math.Min(fraction.Length, 10);
        min = Math.Min(min, max);
        var shown = percent ? value * 100 : value;
        var pattern = (plain.Contains(',') ? "#,##0" : "0") + (max > 0 ? "." + new string('0', min) + new string('#', max - min) : "");
        return Math.Round(shown, max, MidpointRounding.AwayFromZero).ToString(pattern, CultureInfo.InvariantCulture) + (percent ? "%" : "");
    }

    /// <summary>The format without its quoted texts, escaped characters and bracketed parts ([Red], [$-404]).</summary>
    private static string Unquoted(string format)
    {
        var result = new StringBuilder();
        var inQuote = false;
        var inBracket = false;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (inQuote) { if (c == '"') inQuote = false; continue; }
            if (inBracket) { if (c == ']') inBracket = false; continue; }
            if (c == '"') { inQuote = true; continue; }
            if (c == '[') { inBracket = true; continue; }
            if (c is '\\' or '_' or '*') { i++; continue; }
            result.Append(c);
        }
        return result.ToString();
    }
}
