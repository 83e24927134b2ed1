using System.Globalization;
using System.Xml;
using static Beacon.Web.Features.Documents.OdfPackage;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// A document as an OpenDocument text: title, sections (each long one from a new page, with a bookmark the
/// contents page links to), facts, tables with their header rows repeated on every page, rows kept whole across
/// pages, merges as spanned and covered cells, numbers as floats; A4, landscape for wide tables, page n / N below.
/// </summary>
public static class OdtWriter
{
    public const string ContentType = "application/vnd.oasis.opendocument.text";

    public static byte[] Write(DocumentModel document)
    {
        var pageWidth = document.Landscape ? 29.7 - 3 : 21 - 3;
        var tables = 0;
        return OdfPackage.Write(ContentType, new Dictionary<string, Action<XmlWriter>>
        {
            ["content.xml"] = x =>
            {
                Root(x, "document-content");
                x.WriteStartElement("office", "automatic-styles", Office);
                ParagraphStyle(x, "Title", "16pt", bold: true, breakBefore: false, centre: true);
                ParagraphStyle(x, "H2", "13pt", bold: true, breakBefore: false, centre: false);
                ParagraphStyle(x, "H2Page", "13pt", bold: true, breakBefore: true, centre: false);
                ParagraphStyle(x, "Caption", "10.5pt", bold: true, breakBefore: false, centre: false);
                ParagraphStyle(x, "Head", "9pt", bold: true, breakBefore: false, centre: true);
                ParagraphStyle(x, "Cell", "9pt", bold: false, breakBefore: false, centre: false);
                ParagraphStyle(x, "Num", "9pt", bold: false, breakBefore: false, centre: false, right: true);
                AutoStyle(x, "Bold", "text", y => TextProperties(y, bold: true, size: "10pt"));
                AutoStyle(x, "Tab", "table", y =>
                {
                    y.WriteStartElement("style", "table-properties", Style);
                    y.WriteAttributeString("style", "width", Style, Cm(pageWidth));
                    y.WriteAttributeString("table", "align", Table, "margins");
                    y.WriteAttributeString("fo", "margin-top", Fo, "0.15cm");
                    y.WriteAttributeString("fo", "margin-bottom", Fo, "0.3cm");
                    y.WriteEndElement();
                });
                // A row is never split across pages: it moves whole to the next one.
                AutoStyle(x, "Row", "table-row", y =>
                {
                    y.WriteStartElement("style", "table-row-properties", Style);
                    y.WriteAttributeString("fo", "keep-together", Fo, "always");
                    y.WriteEndElement();
                });
                foreach (var (name, fill) in new[] { ("CH", "#e9eef4"), ("CB", null), ("CF", "#f0f4f8") })
                    AutoStyle(x, name, "table-cell", y =>
                    {
                        y.WriteStartElement("style", "table-cell-properties", Style);
                        y.WriteAttributeString("fo", "border", Fo, "0.5pt solid #9aa5b1");
                        y.WriteAttributeString("fo", "padding", Fo, "0.08cm");
                        if (fill is not null) y.WriteAttributeString("fo", "background-color", Fo, fill);
                        y.WriteEndElement();
                    });
                // Column styles per table, relative widths from the column hints.
                var index = 0;
                foreach (var table in TablesOf(document))
                {
                    index++;
                    var columns = TableGrid.Lay(table).Columns;
                    for (var c = 0; c < columns; c++)
                    {
                        var ems = c < table.Columns.Count ? table.Columns[c].Width : 6;
                        AutoStyle(x, $"T{index}C{c + 1}", "table-column", y =>
                        {
                            y.WriteStartElement("style", "table-column-properties", Style);
                            y.WriteAttributeString("style", "rel-column-width", Style, ((int)Math.Round(ems * 100)).ToString(CultureInfo.InvariantCulture) + "*");
                            y.WriteEndElement();
                        });
                    }
                }
                x.WriteEndElement();

                x.WriteStartElement("office", "body", Office);
                x.WriteStartElement("office", "text", Office);
                Heading(x, document.Title, 1, "Title", null);
                var first = true;
                foreach (var section in document.Sections)
                {
                    if (section.Heading != document.Title)
                        Heading(x, section.Heading, 2, section.NewPage && !first ? "H2Page" : "H2", section.Anchor);
                    first = false;
                    foreach (var block in section.Blocks)
                    {
                        switch (block)
                        {
                            case ParagraphBlock p:
                                Paragraphs(x, p.Text);
                                break;
                            case PictureBlock picture:
                                Paragraphs(x, picture.Description);
                                break;
                            case FactsBlock f:
                                foreach (var fact in f.Facts) Labelled(x, fact.Label, fact.Value, null);
                                break;
                            case ContentsBlock c:
                                Heading(x, c.Heading, 2, "H2", null);
                                foreach (var entry in c.Entries) Labelled(x, entry.Label, entry.Text, "#" + entry.Anchor);
                                break;
                            case TableBlock or ChartBlock:
                                var table = block is ChartBlock chart ? chart.AsTable() : (TableBlock)block;
                                tables++;
                                if (table.Caption != section.Heading) Paragraphs(x, table.Caption, "Caption");
                                WriteTable(x, table, tables);
                                break;
                        }
                    }
                }
                x.WriteEndElement();
                x.WriteEndElement();
                x.WriteEndElement();
            },
            ["styles.xml"] = StylesPart("paragraph", document.Landscape),
            ["meta.xml"] = MetaPart(document.Title),
        });
    }

    private static IEnumerable<TableBlock> TablesOf(DocumentModel document) =>
        document.Sections.SelectMany(s => s.Blocks).Select(b => b switch { TableBlock t => t, ChartBlock c => c.AsTable(), _ => null }).OfType<TableBlock>();

    private static void WriteTable(XmlWriter x, TableBlock table, int index)
    {
        var matrix = TableGrid.Matrix(table);
        var rows = matrix.GetLength(0);
        var columns = matrix.GetLength(1);
        x.WriteStartElement("table", "table", Table);
        x.WriteAttributeString("table", "name", Table, $"Table{index}");
        x.WriteAttributeString("table", "style-name", Table, "Tab");
        for (var c = 0; c < columns; c++)
        {
            x.WriteStartElement("table", "table-column", Table);
            x.WriteAttributeString("table", "style-name", Table, $"T{index}C{c + 1}");
            x.WriteEndElement();
        }
        var headerRows = table.Header.Count;
        var footerStart = rows - table.Footer.Count;
        for (var r = 0; r < rows; r++)
        {
            if (r == 0 && headerRows > 0) x.WriteStartElement("table", "table-header-rows", Table);
            x.WriteStartElement("table", "table-row", Table);
            x.WriteAttributeString("table", "style-name", Table, "Row");
            for (var c = 0; c < columns; c++)
            {
                var (cell, covered) = matrix[r, c];
                if (cell is null)
                {
                    x.WriteStartElement("table", covered ? "covered-table-cell" : "table-cell", Table);
                    if (!covered) x.WriteAttributeString("table", "style-name", Table, "CB");
                    x.WriteEndElement();
                    continue;
                }
                var header = r < headerRows;
                x.WriteStartElement("table", "table-cell", Table);
                x.WriteAttributeString("table", "style-name", Table, header ? "CH" : r >= footerStart ? "CF" : "CB");
                Spans(x, cell);
                CellValue(x, cell);
                Paragraphs(x, cell.Text, header ? "Head" : cell.Number is not null ? "Num" : "Cell");
                x.WriteEndElement();
            }
            x.WriteEndElement();
            if (r == headerRows - 1) x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    private static void Heading(XmlWriter x, string text, int level, string style, string? bookmark)
    {
        x.WriteStartElement("text", "h", Text);
        x.WriteAttributeString("text", "style-name", Text, style);
        x.WriteAttributeString("text", "outline-level", Text, level.ToString(CultureInfo.InvariantCulture));
        if (bookmark is not null)
        {
            x.WriteStartElement("text", "bookmark", Text);
            x.WriteAttributeString("text", "name", Text, bookmark);
            x.WriteEndElement();
        }
        x.WriteString(Clean(text));
        x.WriteEndElement();
    }

    /// <summary>"Label：value", the label bold; linked to a bookmark when given.</summary>
    private static void Labelled(XmlWriter x, string label, string value, string? href)
    {
        x.WriteStartElement("text", "p", Text);
        if (href is not null)
        {
            x.WriteStartElement("text", "a", Text);
            x.WriteAttributeString("xlink", "type", XLink, "simple");
            x.WriteAttributeString("xlink", "href", XLink, href);
        }
        x.WriteStartElement("text", "span", Text);
        x.WriteAttributeString("text", "style-name", Text, "Bold");
        x.WriteString(Clean(label));
        x.WriteEndElement();
        x.WriteString("　" + Clean(value));
        if (href is not null) x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void AutoStyle(XmlWriter x, string name, string family, Action<XmlWriter> properties)
    {
        x.WriteStartElement("style", "style", Style);
        x.WriteAttributeString("style", "name", Style, name);
        x.WriteAttributeString("style", "family", Style, family);
        properties(x);
        x.WriteEndElement();
    }

    private static void ParagraphStyle(XmlWriter x, string name, string size, bool bold, bool breakBefore, bool centre, bool right = false) =>
        AutoStyle(x, name, "paragraph", y =>
        {
            y.WriteStartElement("style", "paragraph-properties", Style);
            if (breakBefore) y.WriteAttributeString("fo", "break-before", Fo, "page");
            if (centre) y.WriteAttributeString("fo", "text-align", Fo, "center");
            if (right) y.WriteAttributeString("fo", "text-align", Fo, "end");
            if (name is "Title" or "H2" or "H2Page") y.WriteAttributeString("fo", "margin-bottom", Fo, "0.2cm");
            y.WriteEndElement();
            TextProperties(y, bold, size);
        });
}
