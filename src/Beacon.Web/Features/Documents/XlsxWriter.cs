using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// A document as an Excel workbook (Open XML SDK): one sheet per section (<see cref="SheetLayout"/>), numbers stored
/// as numbers with their formats, merges as the documents merge, header rows frozen and repeated on printed pages,
/// columns wide enough for Chinese text, A4 fitted to the page width.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Built-in number formats (ECMA-376 18.8.30); any other gets an id from 164 on.
    private static readonly Dictionary<string, uint> BuiltIn = new(StringComparer.Ordinal) { ["0"] = 1, ["0.00"] = 2, ["#,##0"] = 3, ["#,##0.00"] = 4 };

    public static byte[] Write(DocumentModel document) => Write(document.Title, SheetLayout.Of(document), document.Landscape);

    /// <summary>Sheets laid out already (a template's form, say) as a workbook titled <paramref name="title"/>.</summary>
    public static byte[] Write(string title, IReadOnlyList<Sheet> sheets, bool landscape)
    {
        var styles = new Styles();
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            package.PackageProperties.Title = title;
            package.PackageProperties.Creator = "Beacon";
            var book = package.AddWorkbookPart();
            book.Workbook = new Workbook();
            var sheetList = new Sheets();
            var definedNames = new DefinedNames();
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = book.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(sheet, styles, landscape);
                sheetList.Append(new X.Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = sheet.Name, State = sheet.Hidden ? SheetStateValues.Hidden : null });
                if (sheet.RepeatRows is { } repeat)
                    definedNames.Append(new DefinedName($"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!${repeat.First + 1}:${repeat.Last + 1}")
                        { Name = "_xlnm.Print_Titles", LocalSheetId = id - 1 });
                id++;
            }
            book.Workbook.Append(sheetList);
            if (definedNames.HasChildren) book.Workbook.Append(definedNames);
            var stylesPart = book.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = styles.Stylesheet();
        }
        return stream.ToArray();
    }

    private static Worksheet Worksheet(Sheet sheet, Styles styles, bool landscape)
    {
        var view = new SheetView { WorkbookViewId = 0, TabSelected = false };
        if (sheet.FrozenRows > 0)
            view.Append(new Pane { VerticalSplit = sheet.FrozenRows, TopLeftCell = $"A{sheet.FrozenRows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        var columns = new Columns();
        for (var i = 0; i < sheet.Widths.Count; i++)
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Round(sheet.Widths[i] * 2.1 + 1, 1), CustomWidth = true });

        var data = new SheetData();
        var merges = new MergeCells();
        var byRow = sheet.Cells.GroupBy(c => c.Row).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Column).ToList());
        // Covered positions of a merge get an empty cell of the same style, so borders run round the whole merge.
        var covered = new Dictionary<int, List<(int Column, uint Style)>>();
        foreach (var c in sheet.Cells.Where(c => c.Cell.RowSpan > 1 || c.Cell.ColSpan > 1))
        {
            var last = Math.Min(c.Column + c.Cell.ColSpan, sheet.Widths.Count) - 1;
            merges.Append(new MergeCell { Reference = $"{Reference(c.Row, c.Column)}:{Reference(c.Row + c.Cell.RowSpan - 1, last)}" });
            for (var r = c.Row; r < c.Row + c.Cell.RowSpan; r++)
                for (var col = c.Column; col <= last; col++)
                    if (r != c.Row || col != c.Column)
                        (covered.TryGetValue(r, out var list) ? list : covered[r] = []).Add((col, styles.Index(c.Style, null)));
        }
        for (var r = 0; r < sheet.Rows; r++)
        {
            var row = new Row { RowIndex = (uint)r + 1 };
            var entries = new List<(int Column, X.Cell Cell)>();
            var lines = 1;
            foreach (var c in byRow.GetValueOrDefault(r) ?? [])
            {
                entries.Add((c.Column, CellOf(c, styles)));
                if (c.Cell.RowSpan == 1)
                {
                    var width = Enumerable.Range(c.Column, Math.Min(c.Cell.ColSpan, sheet.Widths.Count - c.Column)).Sum(i => sheet.Widths[i]);
                    lines = Math.Max(lines, SheetLayout.Lines(c.Cell.Text, width));
                }
            }
            foreach (var (column, style) in covered.GetValueOrDefault(r) ?? [])
                entries.Add((column, new X.Cell { CellReference = Reference(r, column), StyleIndex = style }));
            foreach (var (_, cell) in entries.OrderBy(e => e.Column)) row.Append(cell);
            // Wrapped text needs the row's height; spreadsheets do not grow rows they read from a file.
            row.Height = Math.Min(409, lines * 15.0 + 3);
            row.CustomHeight = true;
            data.Append(row);
        }

        var worksheet = new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(view),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            columns,
            data);
        // A protected form: locked cells cannot be changed or selected, columns may still be widened; no password.
        if (sheet.Protected)
            worksheet.Append(new SheetProtection { Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false, SelectLockedCells = false });
        if (merges.HasChildren) worksheet.Append(merges);
        if (sheet.Validations.Count > 0) worksheet.Append(Validations(sheet.Validations));
        worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        worksheet.Append(new PageSetup { PaperSize = 9, Orientation = landscape ? OrientationValues.Landscape : OrientationValues.Portrait, FitToWidth = 1, FitToHeight = 0 });
        worksheet.Append(new HeaderFooter(new OddFooter("&C&P / &N")));
        return worksheet;
    }

    private static DataValidations Validations(IReadOnlyList<SheetValidation> validations)
    {
        var list = new DataValidations();
        foreach (var v in validations)
        {
            var validation = new DataValidation
            {
                AllowBlank = true, ShowErrorMessage = true, ShowInputMessage = true,
                ErrorTitle = Short(v.Title, 32), Error = Short(v.Message, 255), PromptTitle = Short(v.Title, 32), Prompt = Short(v.Message, 255),
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{Reference(v.FirstRow, v.Column)}:{Reference(v.LastRow, v.Column)}" },
            };
            switch (v.Kind)
            {
                case ValidationKind.DecimalBetween:
                    validation.Type = DataValidationValues.Decimal;
                    validation.Operator = DataValidationOperatorValues.Between;
                    validation.Append(new Formula1(v.Min.ToString(CultureInfo.InvariantCulture)), new Formula2(v.Max.ToString(CultureInfo.InvariantCulture)));
                    break;
                case ValidationKind.TextLengthAtMost:
                    validation.Type = DataValidationValues.TextLength;
                    validation.Operator = DataValidationOperatorValues.LessThanOrEqual;
                    validation.Append(new Formula1(v.Max.ToString(CultureInfo.InvariantCulture)));
                    break;
                default:
                    validation.Type = DataValidationValues.List;
                    validation.Append(new Formula1($"\"{string.Join(",", v.Values ?? [])}\""));
                    break;
            }
            list.Append(validation);
        }
        list.Count = (uint)validations.Count;
        return list;
    }

    /// <summary>Excel refuses a file whose validation title or message is longer than it allows.</summary>
    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static X.Cell CellOf(SheetCell c, Styles styles)
    {
        var cell = new X.Cell { CellReference = Reference(c.Row, c.Column), StyleIndex = styles.Index(c.Style, c.Cell.Number is null ? null : c.Cell.Format) };
        if (c.Cell.Number is { } number)
            cell.CellValue = new CellValue(number);
        else if (c.Cell.Text.Length > 0)
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(Clean(c.Cell.Text)) { Space = SpaceProcessingModeValues.Preserve });
        }
        return cell;
    }

    /// <summary>Characters XML 1.0 cannot carry are left out (a control character pasted into a name).</summary>
    private static string Clean(string text) => text.Any(ch => ch < 0x20 && ch is not ('\t' or '\n' or '\r'))
        ? new string([.. text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r')]) : text;

    public static string Reference(int row, int column) => ColumnName(column) + (row + 1).ToString(CultureInfo.InvariantCulture);

    public static string ColumnName(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>The cell formats used, one per (style, number format), made as cells ask for them.</summary>
    private sealed class Styles
    {
        private readonly List<(SheetStyle Style, string? Format)> formats = [];
        private readonly Dictionary<string, uint> custom = new(StringComparer.Ordinal);

        public uint Index(SheetStyle style, string? format)
        {
            var i = formats.IndexOf((style, format));
            if (i >= 0) return (uint)i;
            formats.Add((style, format));
            if (format is not null && !BuiltIn.ContainsKey(format) && !custom.ContainsKey(format)) custom[format] = 164 + (uint)custom.Count;
            return (uint)formats.Count - 1;
        }

        private const string Font = "Microsoft JhengHei";

        public Stylesheet Stylesheet()
        {
            var numberFormats = new NumberingFormats(custom.Select(c => new NumberingFormat { NumberFormatId = c.Value, FormatCode = c.Key }));
            numberFormats.Count = (uint)custom.Count;
            var fonts = new Fonts(
                new X.Font(new FontSize { Val = 11 }, new FontName { Val = Font }),
                new X.Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = Font }),
                new X.Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = Font }))
            { Count = 3 };
            var fills = new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE9EEF4" }) { PatternType = PatternValues.Solid }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFF0F4F8" }) { PatternType = PatternValues.Solid }))
            { Count = 4 };
            BorderPropertiesType Side<T>() where T : BorderPropertiesType, new() => new T { Style = BorderStyleValues.Thin, Color = new Color { Rgb = "FF9AA5B1" } };
            var borders = new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(Side<LeftBorder>(), Side<RightBorder>(), Side<TopBorder>(), Side<BottomBorder>(), new DiagonalBorder()))
            { Count = 2 };
            var xfs = new CellFormats();
            foreach (var (style, format) in formats)
            {
                var (font, fill, border) = style switch
                {
                    SheetStyle.Title => (2u, 0u, 0u),
                    SheetStyle.Heading or SheetStyle.Label => (1u, 0u, 0u),
                    SheetStyle.Header => (1u, 2u, 1u),
                    SheetStyle.Footer => (1u, 3u, 1u),
                    SheetStyle.Body or SheetStyle.RowHeader or SheetStyle.Input => (0u, 0u, 1u),
                    SheetStyle.Shown => (0u, 3u, 1u),
                    _ => (0u, 0u, 0u),
                };
                var numberFormat = format is null ? 0u : BuiltIn.TryGetValue(format, out var b) ? b : custom[format];
                var centred = style == SheetStyle.Header;
                var xf = new CellFormat(new Alignment
                {
                    WrapText = true,
                    Vertical = centred ? VerticalAlignmentValues.Center : VerticalAlignmentValues.Top,
                    Horizontal = centred ? HorizontalAlignmentValues.Center : null,
                })
                {
                    NumberFormatId = numberFormat, FontId = font, FillId = fill, BorderId = border, FormatId = 0,
                    ApplyNumberFormat = numberFormat != 0, ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyAlignment = true,
                };
                // Cells are locked by default; a cell to fill in is not (it matters only on a protected sheet).
                if (style == SheetStyle.Input)
                {
                    xf.Append(new Protection { Locked = false });
                    xf.ApplyProtection = true;
                }
                xfs.Append(xf);
            }
            if (formats.Count == 0) xfs.Append(new CellFormat());
            xfs.Count = (uint)xfs.ChildElements.Count;
            var sheet = new Stylesheet();
            if (custom.Count > 0) sheet.Append(numberFormats);
            sheet.Append(fonts, fills, borders,
                new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
                xfs,
                new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
            return sheet;
        }
    }
}
