using Beacon.Core.Codes;
using Beacon.Core.Plans;

namespace Beacon.Core.Maps;

public enum MapBoxKind { Header, ThemeHead, PerspectiveLabel, Objective, SharedObjective, Corner }

/// <summary>
/// A rectangle of the map with its text already broken into lines. <paramref name="CarriesCity"/>: a bureau theme or
/// objective that carries a city one, marked as the documents mark it ("建構職場安全體系 B(府)").
/// </summary>
public sealed record MapBox(MapBoxKind Kind, double X, double Y, double Width, double Height, string? Code, IReadOnlyList<string> Lines, bool CarriesCity = false)
{
    public double CenterX => X + Width / 2;
    public double CenterY => Y + Height / 2;
}

public sealed record MapArrow(string From, string To, double X1, double Y1, double X2, double Y2);

public sealed record MapLayout(double Width, double Height, double FontSize, IReadOnlyList<MapBox> Boxes, IReadOnlyList<MapArrow> Arrows)
{
    /// <summary>The space between neighbouring boxes, where links run (<see cref="StrategyMapRoutes"/>).</summary>
    public double Gap { get; init; } = 8;
}

/// <summary>
/// What the layout needs to know about a plan; the caller supplies the words for the header labels and the mark put
/// after the themes and objectives in <paramref name="CarriesCity"/> (codes of those that carry a city theme or objective).
/// </summary>
public sealed record MapInput(
    IReadOnlyList<(string Code, string Name)> Perspectives,
    IReadOnlyList<(string Code, string Name)> Themes,
    IReadOnlyList<(string Code, string Name, string PerspectiveCode)> Objectives,
    IReadOnlyList<(string From, string To)> Links,
    IReadOnlyList<(string Label, string Text)> Header,
    string ThemeRowLabel,
    IReadOnlySet<string>? CarriesCity = null,
    string CityMark = "(府)")
{
    public bool Carries(string code) => CarriesCity?.Contains(code) == true;

    /// <summary>The mark after a name, or nothing.</summary>
    public string MarkOf(string code) => Carries(code) ? CityMark : "";
}

/// <summary>
/// Lays a strategy map out as the documents draw it: a header (mission, vision, values), themes as columns,
/// perspectives as rows, objectives shared by every theme as a band across the row, then each theme's
/// objectives stacked in its cell. Pure geometry: the page turns it into SVG.
/// </summary>
public static class StrategyMapLayout
{
    public const double FontSize = 13;
    private const double LineHeight = FontSize * 1.35;
    private const double LabelWidth = 84;
    private const double MinColumnWidth = 138;
    private const double MinGap = 8;
    private const double Pad = 6;

    /// <summary>The extra room between boxes a map with links gets, so the links run in lanes beside each other.</summary>
    public static double RoomFor(int links) => links == 0 ? 0 : Math.Min(24, 2.0 * links + 2);

    public static MapLayout Lay(MapInput input, double targetWidth = 1280)
    {
        var boxes = new List<MapBox>();
        var gap = MinGap + RoomFor(input.Links.Count);
        var columns = Math.Max(1, input.Themes.Count);
        var columnWidth = Math.Max(MinColumnWidth, (targetWidth - LabelWidth - gap * (columns + 1)) / columns);
        var width = LabelWidth + gap + columns * (columnWidth + gap);
        double y = gap;

        // Header: one box per item, side by side.
        if (input.Header.Count > 0)
        {
            var headerWidth = (width - gap * (input.Header.Count + 1)) / input.Header.Count;
            var lines = input.Header.Select(h => (IReadOnlyList<string>)[$"【{h.Label}】", .. Wrap(h.Text, headerWidth - 2 * Pad)]).ToList();
            var height = lines.Max(l => l.Count) * LineHeight + 2 * Pad;
            for (var i = 0; i < input.Header.Count; i++)
                boxes.Add(new MapBox(MapBoxKind.Header, gap + i * (headerWidth + gap), y, headerWidth, height, null, lines[i]));
            y += height + gap;
        }

        // Theme heads.
        var themeLines = input.Themes.Select(t => Wrap($"{t.Name} {t.Code}{input.MarkOf(t.Code)}", columnWidth - 2 * Pad)).ToList();
        var headHeight = (themeLines.Count == 0 ? 1 : themeLines.Max(l => l.Count)) * LineHeight + 2 * Pad;
        boxes.Add(new MapBox(MapBoxKind.Corner, 0, y, LabelWidth, headHeight, null, Wrap(input.ThemeRowLabel, LabelWidth - 2 * Pad)));
        for (var t = 0; t < input.Themes.Count; t++)
            boxes.Add(new MapBox(MapBoxKind.ThemeHead, ColumnX(t), y, columnWidth, headHeight, input.Themes[t].Code, themeLines[t], input.Carries(input.Themes[t].Code)));
        y += headHeight + gap;

        var themeIndex = input.Themes.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        foreach (var perspective in input.Perspectives)
        {
            var rowTop = y;
            var inRow = input.Objectives.Where(o => o.PerspectiveCode == perspective.Code).ToList();

            // Shared objectives (TC1 …) run across every theme column.
            var shared = inRow.Where(o => ObjectiveCode.TryParse(o.Code, out var c) && c.IsShared).ToList();
            if (shared.Count > 0)
            {
                var bandWidth = columns * (columnWidth + gap) - gap;
                var perRow = Math.Max(1, Math.Min(shared.Count, (int)(bandWidth / (columnWidth + gap))));
                var boxWidth = (bandWidth - gap * (perRow - 1)) / perRow;
                for (var start = 0; start < shared.Count; start += perRow)
                {
                    var chunk = shared.Skip(start).Take(perRow).ToList();
                    var lines = chunk.Select(o => Wrap($"{o.Code} {o.Name}{input.MarkOf(o.Code)}", boxWidth - 2 * Pad)).ToList();
                    var height = lines.Max(l => l.Count) * LineHeight + 2 * Pad;
                    for (var i = 0; i < chunk.Count; i++)
                        boxes.Add(new MapBox(MapBoxKind.SharedObjective, ColumnX(0) + i * (boxWidth + gap), y, boxWidth, height, chunk[i].Code, lines[i], input.Carries(chunk[i].Code)));
                    y += height + gap;
                }
            }

            // Each theme's own objectives stacked in its cell.
            var cellTop = y;
            var bottom = y;
            foreach (var group in inRow.Except(shared).GroupBy(o => o.Code[..1]))
            {
                if (!themeIndex.TryGetValue(group.Key, out var column)) continue;
                var cy = cellTop;
                foreach (var o in group)
                {
                    var lines = Wrap($"{o.Code} {o.Name}{input.MarkOf(o.Code)}", columnWidth - 2 * Pad);
                    var height = lines.Count * LineHeight + 2 * Pad;
                    boxes.Add(new MapBox(MapBoxKind.Objective, ColumnX(column), cy, columnWidth, height, o.Code, lines, input.Carries(o.Code)));
                    cy += height + gap;
                }
                bottom = Math.Max(bottom, cy);
            }
            y = Math.Max(bottom, rowTop + 2 * LineHeight + 2 * Pad + gap);
            boxes.Add(new MapBox(MapBoxKind.PerspectiveLabel, 0, rowTop, LabelWidth, y - rowTop - gap, perspective.Code,
                Wrap($"{perspective.Name} {perspective.Code}", LabelWidth - 2 * Pad)));
        }

        var byCode = boxes.Where(b => b.Kind is MapBoxKind.Objective or MapBoxKind.SharedObjective && b.Code is not null)
            .GroupBy(b => b.Code!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var arrows = new List<MapArrow>();
        foreach (var (from, to) in input.Links)
        {
            if (!byCode.TryGetValue(from, out var a) || !byCode.TryGetValue(to, out var b)) continue;
            // Causes sit lower on the map (learning → process → customer): arrows run from a box's top to the next box's bottom.
            var upward = a.Y > b.Y;
            arrows.Add(new MapArrow(from, to, a.CenterX, upward ? a.Y : a.Y + a.Height, b.CenterX, upward ? b.Y + b.Height : b.Y));
        }
        return new MapLayout(width, y, FontSize, boxes, arrows) { Gap = gap };

        double ColumnX(int column) => LabelWidth + gap + column * (columnWidth + gap);
    }

    /// <summary>Breaks text into lines that fit a width: CJK characters are one em wide, Latin ones about half.</summary>
    public static IReadOnlyList<string> Wrap(string text, double width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        double used = 0;
        foreach (var ch in text.Trim())
        {
            var w = CharWidth(ch);
            if (used + w > width && line.Length > 0)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                used = 0;
                if (ch == ' ') continue;
            }
            line.Append(ch);
            used += w;
        }
        if (line.Length > 0) lines.Add(line.ToString().TrimEnd());
        return lines.Count == 0 ? [""] : lines;
    }

    private static double CharWidth(char ch) => ch < 0x2E80 ? FontSize * 0.58 : FontSize;
}
