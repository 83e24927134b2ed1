namespace Beacon.Web.Features.Documents;

/// <summary>Where a cell of a <see cref="TableBlock"/> lands on the grid once the merges above and left of it are placed.</summary>
public readonly record struct PlacedCell(int Row, int Column, Cell Cell);

/// <summary>
/// Lays a table's rows out on a grid as HTML does: a cell takes the first column of its row not covered by a
/// merge from a row above. The spreadsheet and ODF writers need grid positions; HTML does not.
/// </summary>
public static class TableGrid
{
    /// <summary>Every cell with its row (0 = first header row) and column, row by row; and the grid's width.</summary>
    public static (IReadOnlyList<PlacedCell> Cells, int Rows, int Columns) Lay(TableBlock table)
    {
        var covered = new HashSet<(int, int)>();
        var cells = new List<PlacedCell>();
        var rowIndex = 0;
        var width = table.Columns.Count;
        foreach (var row in table.AllRows)
        {
            var column = 0;
            foreach (var cell in row)
            {
                while (covered.Contains((rowIndex, column))) column++;
                cells.Add(new PlacedCell(rowIndex, column, cell));
                for (var r = 0; r < cell.RowSpan; r++)
                    for (var c = 0; c < cell.ColSpan; c++)
                        covered.Add((rowIndex + r, column + c));
                column += cell.ColSpan;
                width = Math.Max(width, column);
            }
            rowIndex++;
        }
        return (cells, rowIndex, width);
    }

    /// <summary>The grid as rows of cells, covered positions null, for writers that visit every position (ODF, CSV).</summary>
    public static (Cell? Cell, bool Covered)[,] Matrix(TableBlock table)
    {
        var (cells, rows, columns) = Lay(table);
        var matrix = new (Cell?, bool)[rows, columns];
        foreach (var placed in cells)
        {
            for (var r = 0; r < placed.Cell.RowSpan && placed.Row + r < rows; r++)
                for (var c = 0; c < placed.Cell.ColSpan && placed.Column + c < columns; c++)
                    matrix[placed.Row + r, placed.Column + c] = (null, true);
            matrix[placed.Row, placed.Column] = (placed.Cell, false);
        }
        return matrix;
    }
}
