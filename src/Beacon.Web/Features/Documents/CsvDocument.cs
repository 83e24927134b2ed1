using Beacon.Web.Features.OpenData;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// A document as CSV (UTF-8 with BOM, RFC 4180, <see cref="Csv"/>): the title line, then each table (a chart as its
/// data) under its caption, a merged cell's text in its first position, tables apart by an empty line.
/// </summary>
public static class CsvDocument
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] Write(DocumentModel document)
    {
        var tables = document.Sections.SelectMany(s => s.Blocks)
            .Select(b => b switch { TableBlock t => t, ChartBlock c => c.AsTable(), _ => null }).OfType<TableBlock>().ToList();
        var width = Math.Max(1, tables.Select(t => TableGrid.Lay(t).Columns).DefaultIfEmpty(1).Max());
        string?[] Line(params string?[] fields) => [.. fields, .. Enumerable.Repeat<string?>("", width - fields.Length)];
        var records = new List<IReadOnlyList<string?>> { Line(document.Title) };
        foreach (var table in tables)
        {
            records.Add(Line());
            records.Add(Line(table.Caption));
            var matrix = TableGrid.Matrix(table);
            for (var r = 0; r < matrix.GetLength(0); r++)
            {
                var fields = new string?[width];
                for (var c = 0; c < matrix.GetLength(1); c++) fields[c] = matrix[r, c].Cell?.Text ?? "";
                for (var c = matrix.GetLength(1); c < width; c++) fields[c] = "";
                records.Add(fields);
            }
        }
        return Csv.WriteRecords(records);
    }
}
