using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Beacon.Core.Sheets;
using static Beacon.Web.Features.Documents.OdfPackage;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// An OpenDocument spreadsheet read into the core's grid from its content.xml, streamed with an XmlReader (no DTDs,
/// no external entities, a character limit): sheets and their hidden state, rows and cells with their repeats (an
/// empty row repeated a million times costs nothing), values by type (float, percentage, currency, date, boolean,
/// string) and the text they show, a formula's saved result, merges, hidden and filtered rows.
/// </summary>
public static class OdsReader
{
    public static SpreadsheetRead Read(ZipArchive zip, SpreadsheetLimits limits)
    {
        if (zip.GetEntry("META-INF/manifest.xml") is { } manifest)
        {
            using var reader = new StreamReader(manifest.Open(), Encoding.UTF8);
            if (reader.ReadToEnd().Contains("encryption-data", StringComparison.Ordinal))
                return SpreadsheetRead.Refused(StatusCodes.Status400BadRequest,
                    "檔案設有密碼保護（已加密），無法讀取：請在試算表軟體中移除密碼後另存新檔再上傳",
                    "the file is password-protected (encrypted) and cannot be read: remove the password in the spreadsheet program, save it and upload it.");
        }
        if (zip.GetEntry("content.xml") is not { } content)
            return SpreadsheetReader.NotSpreadsheet("沒有內容的 ODF 檔", "an ODF file without content");
        using var stream = content.Open();
        using var xml = XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxEntryBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        });
        return new Walker(limits).Walk(xml);
    }

    private sealed class Walker(SpreadsheetLimits limits)
    {
        private readonly HashSet<string> hiddenTableStyles = new(StringComparer.Ordinal);
        private readonly List<GridSheet> sheets = [];
        private int count;

        public SpreadsheetRead Walk(XmlReader x)
        {
            while (x.Read())
            {
                if (x.NodeType != XmlNodeType.Element) continue;
                if (x.LocalName == "style" && x.NamespaceURI == Style && x.GetAttribute("family", Style) == "table" && !x.IsEmptyElement)
                    ReadTableStyle(x);
                else if (x.LocalName == "table" && x.NamespaceURI == Table)
                {
                    if (!ReadTable(x)) return CsvReader.TooMany(limits);
                }
            }
            return new SpreadsheetRead(new Workbook(sheets), SpreadsheetFormat.Ods, null);
        }

        private void ReadTableStyle(XmlReader x)
        {
            var name = x.GetAttribute("name", Style);
            var depth = x.Depth;
            while (x.Read() && x.Depth > depth)
                if (x.NodeType == XmlNodeType.Element && x.LocalName == "table-properties" && x.GetAttribute("display", Table) == "false" && name is not null)
                    hiddenTableStyles.Add(name);
        }

        private bool ReadTable(XmlReader x)
        {
            var name = x.GetAttribute("name", Table) ?? $"Sheet{sheets.Count + 1}";
            var hidden = x.GetAttribute("style-name", Table) is { } style && hiddenTableStyles.Contains(style);
            var cells = new List<GridCell>();
            var hiddenRows = new List<int>();
            var row = 0;
            if (!x.IsEmptyElement)
            {
                var depth = x.Depth;
                while (x.Read() && x.Depth > depth)
                {
                    if (x.NodeType != XmlNodeType.Element || x.NamespaceURI != Table || x.LocalName != "table-row") continue;
                    var repeat = Count(x.GetAttribute("number-rows-repeated", Table));
                    var rowHidden = x.GetAttribute("visibility", Table) is "collapse" or "filter";
                    var rowCells = ReadRow(x, row);
                    if (rowCells is null) return false;
                    if (rowCells.Count > 0)
                    {
                        // A repeated row with content is that many rows (a few, as programs write them).
                        if (row + repeat > limits.MaxRows || (count += rowCells.Count * (repeat - 1)) > limits.MaxCells) return false;
                        for (var i = 0; i < repeat; i++)
                        {
                            cells.AddRange(i == 0 ? rowCells : rowCells.Select(c => c with { Row = row + i }));
                            if (rowHidden) hiddenRows.Add(row + i);
                        }
                    }
                    row += repeat;
                }
            }
            sheets.Add(new GridSheet(name, cells, hidden, hiddenRows));
            return true;
        }

        /// <summary>A row's cells (null when there are too many); the reader ends on the row's end.</summary>
        private List<GridCell>? ReadRow(XmlReader x, int row)
        {
            var cells = new List<GridCell>();
            if (x.IsEmptyElement) return cells;
            var depth = x.Depth;
            var column = 0;
            while (x.Read() && x.Depth > depth)
            {
                if (x.NodeType != XmlNodeType.Element || x.NamespaceURI != Table) continue;
                var repeat = Count(x.GetAttribute("number-columns-repeated", Table));
                if (x.LocalName == "covered-table-cell")
                {
                    column += repeat;
                    Skip(x);
                    continue;
                }
                if (x.LocalName != "table-cell") continue;
                var cell = ReadCell(x, row, column);
                if (cell is not null)
                {
                    if (column + repeat > limits.MaxColumns || (count += repeat) > limits.MaxCells) return null;
                    for (var i = 0; i < repeat; i++) cells.Add(i == 0 ? cell : cell with { Column = column + i });
                }
                column += repeat;
            }
            return cells;
        }

        /// <summary>One cell: its value by type, the text it shows, its spans; null when empty. The reader ends on the cell's end.</summary>
        private static GridCell? ReadCell(XmlReader x, int row, int column)
        {
            var type = x.GetAttribute("value-type", Office);
            var value = x.GetAttribute("value", Office);
            var date = x.GetAttribute("date-value", Office);
            var boolean = x.GetAttribute("boolean-value", Office);
            var formula = x.GetAttribute("formula", Table) is not null;
            var rows = Count(x.GetAttribute("number-rows-spanned", Table));
            var columns = Count(x.GetAttribute("number-columns-spanned", Table));
            var text = x.IsEmptyElement ? "" : Paragraphs(x);
            if (type is null && text.Length == 0)
                return formula ? new GridCell(row, column, "", CellKind.FormulaWithoutValue, Formula: true)
                    : rows > 1 || columns > 1 ? new GridCell(row, column, "", RowSpan: rows, ColSpan: columns) : null;
            GridCell Make(string shown, CellKind kind = CellKind.Text, decimal? number = null) =>
                new(row, column, shown, kind, number, rows, columns, formula);
            switch (type)
            {
                case "float" or "percentage" or "currency" when Number(value) is { } n:
                    return Make(text.Length > 0 ? text : CellReading.Invariant(n), CellKind.Number, n);
                case "date" when DateTime.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d):
                    return Make(d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), CellKind.Date, (decimal)d.ToOADate());
                case "time":
                    return Make(text, CellKind.Date);
                case "boolean":
                    return Make(boolean is "true" ? "TRUE" : "FALSE", CellKind.Boolean);
                case "float" or "percentage" or "currency" or "date":
                    return Make(text, CellKind.Error);
            }
            // A formula's error shows as its text (#DIV/0!, Err:502) with no value.
            if (formula && type is null && (text.StartsWith('#') || text.StartsWith("Err:", StringComparison.Ordinal))) return Make(text, CellKind.Error);
            return Make(text);
        }

        /// <summary>The cell's paragraphs as lines, spaces (text:s), tabs and line breaks kept; annotations left out.</summary>
        private static string Paragraphs(XmlReader x)
        {
            var text = new StringBuilder();
            var depth = x.Depth;
            var paragraphs = 0;
            while (x.Read() && x.Depth > depth)
            {
                if (x.NodeType == XmlNodeType.Element && x.NamespaceURI == OdfPackage.Text)
                {
                    switch (x.LocalName)
                    {
                        case "p" or "h":
                            if (paragraphs++ > 0) text.Append('\n');
                            break;
                        case "s":
                            text.Append(' ', Math.Min(Count(x.GetAttribute("c", OdfPackage.Text)), 1000));
                            break;
                        case "tab":
                            text.Append('\t');
                            break;
                        case "line-break":
                            text.Append('\n');
                            break;
                    }
                }
                else if (x.NodeType == XmlNodeType.Element && x.NamespaceURI == Office && x.LocalName == "annotation")
                    Skip(x);
                else if (x.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA)
                    text.Append(x.Value);
            }
            return text.ToString();
        }

        private static void Skip(XmlReader x)
        {
            if (x.IsEmptyElement) return;
            var depth = x.Depth;
            while (x.Read() && x.Depth > depth) { }
        }

        private static int Count(string? attribute) =>
            int.TryParse(attribute, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, 10_000_000) : 1;

        private static decimal? Number(string? value) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d) && Math.Abs(d) <= 1e20 ? (decimal)d : null;
    }
}
