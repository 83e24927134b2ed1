using System.Net;
using System.Text;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// A document as one HTML page for Chromium to print as PDF: the document's own stylesheet and the print rules the
/// pages share (wwwroot/css/print.css: A4, page numbers, header rows repeated, rows kept whole), charts drawn by the
/// bundled charting library from the tables that carry their data.
/// </summary>
public sealed class HtmlWriter(DocumentAssets assets)
{
    public string Write(DocumentModel document)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"").Append(Ui.Lang).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(document.Title)).Append("</title><style>").Append(assets.DocumentCss).Append('\n').Append(assets.PrintCss)
            .Append("</style></head><body class=\"document").Append(document.Landscape ? " landscape" : "").Append("\">");
        html.Append("<h1>").Append(E(document.Title)).Append("</h1>");
        foreach (var section in document.Sections)
        {
            // A table named as its section is captioned for screen readers only, not printed twice.
            html.Append("<section").Append(section.NewPage ? " class=\"new-page\"" : "").Append(section.Anchor is null ? "" : $" id=\"{E(section.Anchor)}\"").Append('>');
            if (section.Heading != document.Title) html.Append("<h2>").Append(E(section.Heading)).Append("</h2>");
            foreach (var block in section.Blocks) Block(html, block, section.Heading);
            html.Append("</section>");
        }
        if (document.Sections.Any(s => s.Blocks.OfType<ChartBlock>().Any()))
            html.Append("<script src=\"").Append(E(assets.ChartLibraryUri)).Append("\"></script><script src=\"").Append(E(assets.ChartScriptUri)).Append("\"></script>");
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Block(StringBuilder html, DocumentBlock block, string sectionHeading)
    {
        switch (block)
        {
            case ParagraphBlock p:
                html.Append("<p>").Append(E(p.Text)).Append("</p>");
                break;
            case FactsBlock f:
                html.Append("<dl class=\"facts\">");
                foreach (var fact in f.Facts) html.Append("<dt>").Append(E(fact.Label)).Append("</dt><dd>").Append(E(fact.Value)).Append("</dd>");
                html.Append("</dl>");
                break;
            case ContentsBlock c:
                html.Append("<nav class=\"contents\"><h2>").Append(E(c.Heading)).Append("</h2><ol>");
                foreach (var entry in c.Entries)
                    html.Append("<li><a href=\"#").Append(E(entry.Anchor)).Append("\"><span class=\"code\">").Append(E(entry.Label)).Append("</span> ").Append(E(entry.Text)).Append("</a></li>");
                html.Append("</ol></nav>");
                break;
            case PictureBlock picture:
                html.Append("<figure class=\"picture\">").Append(picture.Svg).Append("</figure>");
                break;
            case ChartBlock chart:
                Chart(html, chart);
                break;
            case TableBlock table:
                Table(html, table, "document-table" + (table.Columns.Count > 8 ? " wide" : ""), widths: true, hiddenCaption: table.Caption == sectionHeading);
                break;
        }
    }

    /// <summary>A chart as a page shows it (no style attributes, so the strict CSP holds).</summary>
    public static string Chart(ChartBlock chart)
    {
        var html = new StringBuilder();
        Chart(html, chart);
        return html.ToString();
    }

    /// <summary>A chart: its data table, which the chart script reads and draws above (data-chart names the kind).</summary>
    public static void Chart(StringBuilder html, ChartBlock chart)
    {
        html.Append("<figure class=\"chart\" data-chart=\"").Append(chart.Kind switch { ChartKind.StackedBar => "stacked", ChartKind.Line => "line", _ => "bar" })
            .Append('"');
        if (chart.Unit is not null) html.Append(" data-unit=\"").Append(E(chart.Unit)).Append('"');
        var colours = string.Join(",", chart.Series.Select(s => s.Color ?? ""));
        if (colours.Trim(',').Length > 0) html.Append(" data-colors=\"").Append(E(colours)).Append('"');
        html.Append("><figcaption>").Append(E(chart.Caption)).Append("</figcaption>");
        Table(html, chart.AsTable(), "chart-data", widths: false, hiddenCaption: true);
        html.Append("</figure>");
    }

    public static void Table(StringBuilder html, TableBlock table, string css, bool widths, bool hiddenCaption = false)
    {
        html.Append("<table class=\"").Append(css).Append("\"><caption").Append(hiddenCaption ? " class=\"sr\"" : "").Append('>').Append(E(table.Caption)).Append("</caption>");
        if (widths && table.Columns.Count > 0)
        {
            var total = table.Columns.Sum(c => c.Width);
            html.Append("<colgroup>");
            foreach (var column in table.Columns)
                html.Append("<col style=\"width:").Append((column.Width / total * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)).Append("%\">");
            html.Append("</colgroup>");
        }
        Rows(html, "thead", table.Header, header: true);
        Rows(html, "tbody", table.Body, header: false);
        if (table.Footer.Count > 0) Rows(html, "tfoot", table.Footer, header: false);
        html.Append("</table>");
    }

    private static void Rows(StringBuilder html, string group, IReadOnlyList<IReadOnlyList<Cell>> rows, bool header)
    {
        html.Append('<').Append(group).Append('>');
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var tag = header || cell.Heading ? "th" : "td";
                html.Append('<').Append(tag);
                if (header) html.Append(" scope=\"").Append(cell.ColSpan > 1 ? "colgroup" : "col").Append('"');
                else if (cell.Heading) html.Append(" scope=\"row\"");
                if (cell.Number is not null) html.Append(" class=\"num\"");
                if (cell.RowSpan > 1) html.Append(" rowspan=\"").Append(cell.RowSpan).Append('"');
                if (cell.ColSpan > 1) html.Append(" colspan=\"").Append(cell.ColSpan).Append('"');
                html.Append('>');
                var text = E(cell.Text).Replace("\n", "<br>", StringComparison.Ordinal);
                if (cell.Href is not null) html.Append("<a href=\"").Append(E(cell.Href)).Append("\">").Append(text).Append("</a>");
                else html.Append(text);
                html.Append("</").Append(tag).Append('>');
            }
            html.Append("</tr>");
        }
        html.Append("</").Append(group).Append('>');
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
