using System.Globalization;
using System.Xml;
using static Beacon.Web.Features.Documents.OdfPackage;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// A document as an OpenDocument spreadsheet: the same sheets as the XLSX (<see cref="SheetLayout"/>), numbers as
/// floats with number styles, merges as spanned and covered cells, header rows frozen (settings.xml) and repeated
/// on printed pages (table:table-header-rows).
/// </summary>
public static class OdsWriter
{
    public const string ContentType = "application/vnd.oasis.opendocument.spreadsheet";

    public static byte[] Write(DocumentModel document) => Write(document.Title, SheetLayout.Of(document), document.Landscape);

    /// <summary>Sheets laid out already (a template's form, say) as a spreadsheet titled <paramref name="title"/>.</summary>
    public static byte[] Write(string title, IReadOnlyList<Sheet> sheets, bool landscape)
    {
        var cellStyles = new List<(SheetStyle Style, string? Format)>();
        var numberFormats = new List<string>();
        var widths = new List<double>();
        string CellStyle(SheetStyle style, string? format)
        {
            if (format is not null && !numberFormats.Contains(format)) numberFormats.Add(format);
            var i = cellStyles.IndexOf((style, format));
            if (i < 0) { cellStyles.Add((style, format)); i = cellStyles.Count - 1; }
            return $"ce{i + 1}";
        }
        string ColumnStyle(double ems)
        {
            var cm = Math.Round(ems * 0.42 + 0.3, 2);
            var i = widths.IndexOf(cm);
            if (i < 0) { widths.Add(cm); i = widths.Count - 1; }
            return $"co{i + 1}";
        }

        // The body first, into a buffer, so the automatic styles it uses are known when content.xml is written.
        var body = new List<Action<XmlWriter>>();
        foreach (var sheet in sheets)
        {
            var columnStyles = sheet.Widths.Select(ColumnStyle).ToList();
            var width = sheet.Widths.Count;
            var grid = new (SheetCell? Cell, bool Covered)[sheet.Rows, width];
            foreach (var c in sheet.Cells)
            {
                CellStyle(c.Style, c.Cell.Number is null ? null : c.Cell.Format);
                for (var r = c.Row; r < Math.Min(sheet.Rows, c.Row + c.Cell.RowSpan); r++)
                    for (var col = c.Column; col < Math.Min(width, c.Column + c.Cell.ColSpan); col++)
                        grid[r, col] = (null, true);
                grid[c.Row, c.Column] = (c, false);
            }
            var s = sheet;
            var sheetIndex = body.Count;
            var validations = s.Validations.Select((v, i) => (Validation: v, Name: ValidationName(sheetIndex, i))).ToList();
            // A cell to fill in is written even when empty, so it carries its style (unlocked) and its validation.
            body.Add(x =>
            {
                x.WriteStartElement("table", "table", Table);
                x.WriteAttributeString("table", "name", Table, s.Name);
                x.WriteAttributeString("table", "style-name", Table, s.Hidden ? "ta2" : "ta1");
                if (s.Protected) x.WriteAttributeString("table", "protected", Table, "true");
                foreach (var style in columnStyles)
                {
                    x.WriteStartElement("table", "table-column", Table);
                    x.WriteAttributeString("table", "style-name", Table, style);
                    x.WriteEndElement();
                }
                for (var r = 0; r < s.Rows; r++)
                {
                    if (s.RepeatRows is { } repeat && r == repeat.First) x.WriteStartElement("table", "table-header-rows", Table);
                    x.WriteStartElement("table", "table-row", Table);
                    x.WriteAttributeString("table", "style-name", Table, "ro1");
                    for (var col = 0; col < width; col++)
                    {
                        var (cell, covered) = grid[r, col];
                        if (cell is null)
                        {
                            x.WriteStartElement("table", covered ? "covered-table-cell" : "table-cell", Table);
                            x.WriteEndElement();
                            continue;
                        }
                        x.WriteStartElement("table", "table-cell", Table);
                        x.WriteAttributeString("table", "style-name", Table, CellStyle(cell.Style, cell.Cell.Number is null ? null : cell.Cell.Format));
                        if (validations.FirstOrDefault(v => v.Validation.Covers(r, col)) is { Name: { } validation })
                            x.WriteAttributeString("table", "content-validation-name", Table, validation);
                        Spans(x, cell.Cell);
                        CellValue(x, cell.Cell);
                        if (cell.Cell.Text.Length > 0) Paragraphs(x, cell.Cell.Text);
                        x.WriteEndElement();
                    }
                    x.WriteEndElement();
                    if (s.RepeatRows is { } end && r == end.Last) x.WriteEndElement();
                }
                x.WriteEndElement();
            });
        }

        return OdfPackage.Write(ContentType, new Dictionary<string, Action<XmlWriter>>
        {
            ["content.xml"] = x =>
            {
                Root(x, "document-content");
                x.WriteStartElement("office", "automatic-styles", Office);
                for (var i = 0; i < numberFormats.Count; i++) NumberStyle(x, $"N{i + 1}", numberFormats[i]);
                for (var i = 0; i < widths.Count; i++)
                {
                    x.WriteStartElement("style", "style", Style);
                    x.WriteAttributeString("style", "name", Style, $"co{i + 1}");
                    x.WriteAttributeString("style", "family", Style, "table-column");
                    x.WriteStartElement("style", "table-column-properties", Style);
                    x.WriteAttributeString("style", "column-width", Style, Cm(widths[i]));
                    x.WriteEndElement();
                    x.WriteEndElement();
                }
                x.WriteStartElement("style", "style", Style);
                x.WriteAttributeString("style", "name", Style, "ro1");
                x.WriteAttributeString("style", "family", Style, "table-row");
                x.WriteStartElement("style", "table-row-properties", Style);
                x.WriteAttributeString("style", "use-optimal-row-height", Style, "true");
                x.WriteEndElement();
                x.WriteEndElement();
                foreach (var (name, display) in new[] { ("ta1", "true"), ("ta2", "false") })
                {
                    x.WriteStartElement("style", "style", Style);
                    x.WriteAttributeString("style", "name", Style, name);
                    x.WriteAttributeString("style", "family", Style, "table");
                    x.WriteAttributeString("style", "master-page-name", Style, "Default");
                    x.WriteStartElement("style", "table-properties", Style);
                    x.WriteAttributeString("table", "display", Table, display);
                    x.WriteEndElement();
                    x.WriteEndElement();
                }
                for (var i = 0; i < cellStyles.Count; i++)
                {
                    var (style, format) = cellStyles[i];
                    x.WriteStartElement("style", "style", Style);
                    x.WriteAttributeString("style", "name", Style, $"ce{i + 1}");
                    x.WriteAttributeString("style", "family", Style, "table-cell");
                    if (format is not null) x.WriteAttributeString("style", "data-style-name", Style, $"N{numberFormats.IndexOf(format) + 1}");
                    x.WriteStartElement("style", "table-cell-properties", Style);
                    x.WriteAttributeString("fo", "wrap-option", Fo, "wrap");
                    x.WriteAttributeString("style", "vertical-align", Style, style == SheetStyle.Header ? "middle" : "top");
                    if (style is SheetStyle.Header or SheetStyle.Body or SheetStyle.RowHeader or SheetStyle.Footer or SheetStyle.Input or SheetStyle.Shown)
                        x.WriteAttributeString("fo", "border", Fo, "0.5pt solid #9aa5b1");
                    if (style is SheetStyle.Header) x.WriteAttributeString("fo", "background-color", Fo, "#e9eef4");
                    if (style is SheetStyle.Footer or SheetStyle.Shown) x.WriteAttributeString("fo", "background-color", Fo, "#f0f4f8");
                    // Cells are protected by default; a cell to fill in is not (it matters only on a protected sheet).
                    x.WriteAttributeString("style", "cell-protect", Style, style == SheetStyle.Input ? "none" : "protected");
                    x.WriteEndElement();
                    if (style == SheetStyle.Header)
                    {
                        x.WriteStartElement("style", "paragraph-properties", Style);
                        x.WriteAttributeString("fo", "text-align", Fo, "center");
                        x.WriteEndElement();
                    }
                    TextProperties(x, bold: style is SheetStyle.Title or SheetStyle.Heading or SheetStyle.Label or SheetStyle.Header or SheetStyle.Footer,
                        size: style == SheetStyle.Title ? "14pt" : "10pt");
                    x.WriteEndElement();
                }
                x.WriteEndElement();
                x.WriteStartElement("office", "body", Office);
                x.WriteStartElement("office", "spreadsheet", Office);
                if (sheets.Any(s => s.Validations.Count > 0)) ContentValidations(x, sheets);
                foreach (var write in body) write(x);
                x.WriteEndElement();
                x.WriteEndElement();
                x.WriteEndElement();
            },
            ["styles.xml"] = StylesPart("table-cell", landscape),
            ["meta.xml"] = MetaPart(title),
            ["settings.xml"] = Settings(sheets),
        });
    }

    private static string ValidationName(int sheet, int validation) =>
        $"val{(sheet + 1).ToString(CultureInfo.InvariantCulture)}_{(validation + 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// table:content-validations: each sheet's checks as ODF formulas (a number between two bounds, a text length,
    /// one of a list), with the help and the error message in the reader's language.
    /// </summary>
    private static void ContentValidations(XmlWriter x, IReadOnlyList<Sheet> sheets)
    {
        x.WriteStartElement("table", "content-validations", Table);
        for (var si = 0; si < sheets.Count; si++)
            for (var i = 0; i < sheets[si].Validations.Count; i++)
            {
                var sheet = sheets[si];
                var v = sheet.Validations[i];
                x.WriteStartElement("table", "content-validation", Table);
                x.WriteAttributeString("table", "name", Table, ValidationName(si, i));
                x.WriteAttributeString("table", "condition", Table, v.Kind switch
                {
                    ValidationKind.DecimalBetween => $"of:cell-content-is-decimal-number() and cell-content-is-between({Invariant(v.Min)};{Invariant(v.Max)})",
                    ValidationKind.TextLengthAtMost => $"of:cell-content-text-length()<={Invariant(v.Max)}",
                    _ => $"of:cell-content-is-in-list({string.Join(";", (v.Values ?? []).Select(value => $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""))})",
                });
                x.WriteAttributeString("table", "allow-empty-cell", Table, "true");
                x.WriteAttributeString("table", "base-cell-address", Table, $"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'.{XlsxWriter.Reference(v.FirstRow, v.Column)}");
                if (v.Kind == ValidationKind.List) x.WriteAttributeString("table", "display-list", Table, "unsorted");
                foreach (var (element, extra) in new[] { ("help-message", (string?)null), ("error-message", "stop") })
                {
                    x.WriteStartElement("table", element, Table);
                    x.WriteAttributeString("table", "title", Table, v.Title);
                    x.WriteAttributeString("table", "display", Table, "true");
                    if (extra is not null) x.WriteAttributeString("table", "message-type", Table, extra);
                    Paragraphs(x, v.Message);
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
        x.WriteEndElement();
    }

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>settings.xml: each sheet's frozen header rows (VerticalSplitMode 2 is LibreOffice's freeze).</summary>
    private static Action<XmlWriter> Settings(IReadOnlyList<Sheet> sheets) => x =>
    {
        Root(x, "document-settings");
        x.WriteStartElement("office", "settings", Office);
        x.WriteStartElement("config", "config-item-set", Config);
        x.WriteAttributeString("config", "name", Config, "ooo:view-settings");
        x.WriteStartElement("config", "config-item-map-indexed", Config);
        x.WriteAttributeString("config", "name", Config, "Views");
        x.WriteStartElement("config", "config-item-map-entry", Config);
        Item(x, "ViewId", "string", "view1");
        x.WriteStartElement("config", "config-item-map-named", Config);
        x.WriteAttributeString("config", "name", Config, "Tables");
        foreach (var sheet in sheets.Where(s => s.FrozenRows > 0))
        {
            var rows = sheet.FrozenRows.ToString(CultureInfo.InvariantCulture);
            x.WriteStartElement("config", "config-item-map-entry", Config);
            x.WriteAttributeString("config", "name", Config, sheet.Name);
            Item(x, "VerticalSplitMode", "short", "2");
            Item(x, "VerticalSplitPosition", "int", rows);
            Item(x, "ActiveSplitRange", "short", "2");
            Item(x, "PositionTop", "int", "0");
            Item(x, "PositionBottom", "int", rows);
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
    };

    private static void Item(XmlWriter x, string name, string type, string value)
    {
        x.WriteStartElement("config", "config-item", Config);
        x.WriteAttributeString("config", "name", Config, name);
        x.WriteAttributeString("config", "type", Config, type);
        x.WriteString(value);
        x.WriteEndElement();
    }
}
