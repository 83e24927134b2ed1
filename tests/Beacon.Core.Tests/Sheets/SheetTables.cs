using System.Globalization;
using Beacon.Core.Sheets;

namespace Beacon.Core.Tests.Sheets;

/// <summary>
/// Sheets written as tables in a test: one line per row, cells apart by " | ". A cell is text, except: #48 a number
/// cell, #85%0.85 a number shown as 85%, @2021-10-07 a date (its serial number), =SUM(A1) a formula saved without its
/// value, !#DIV/0! an error, ~ an empty cell covered by the merge above (the cell above spans down to it), and a line
/// starting with "(hidden)" a hidden row.
/// </summary>
internal static class SheetTables
{
    public static GridSheet Sheet(string name, string table, bool hidden = false)
    {
        var cells = new List<GridCell>();
        var hiddenRows = new List<int>();
        var lines = table.TrimEnd('\n', '\r').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var anchors = new Dictionary<int, GridCell>();   // by column: the last cell started, for ~ to extend
        for (var r = 0; r < lines.Count; r++)
        {
            var line = lines[r];
            if (line.TrimStart().StartsWith("(hidden)", StringComparison.Ordinal)) { hiddenRows.Add(r); line = line.TrimStart()["(hidden)".Length..].Trim(); }
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(" | ");
            for (var c = 0; c < fields.Length; c++)
            {
                var f = fields[c].Trim();
                if (f.Length == 0) continue;
                if (f == "~")
                {
                    var anchor = anchors[c];
                    var extended = anchor with { RowSpan = r - anchor.Row + 1 };
                    cells[cells.IndexOf(anchor)] = extended;
                    anchors[c] = extended;
                    continue;
                }
                var cell = f[0] switch
                {
                    '#' when f.Contains('%') => new GridCell(r, c, f[1..(f.IndexOf('%') + 1)], CellKind.Number, decimal.Parse(f[(f.IndexOf('%') + 1)..], CultureInfo.InvariantCulture)),
                    '#' => new GridCell(r, c, f[1..], CellKind.Number, decimal.Parse(f[1..].Replace(",", ""), CultureInfo.InvariantCulture)),
                    '@' => new GridCell(r, c, f[1..], CellKind.Date, (decimal)(DateTime.Parse(f[1..], CultureInfo.InvariantCulture) - new DateTime(1899, 12, 30)).TotalDays),
                    '=' => new GridCell(r, c, "", CellKind.FormulaWithoutValue, Formula: true),
                    '!' => new GridCell(r, c, f[1..], CellKind.Error),
                    _ => GridCell.Of(r, c, f.Replace("\\n", "\n", StringComparison.Ordinal)),
                };
                cells.Add(cell);
                anchors[c] = cell;
            }
        }
        return new GridSheet(name, cells, hidden, hiddenRows);
    }

    public static Workbook Book(params GridSheet[] sheets) => new(sheets);
}
