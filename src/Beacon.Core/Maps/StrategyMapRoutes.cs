namespace Beacon.Core.Maps;

public readonly record struct MapPoint(double X, double Y);

/// <summary>One link of the map drawn as a line of straight horizontal and vertical pieces, from the edge of its first box to the edge of its second.</summary>
public sealed record MapRoute(string From, string To, IReadOnlyList<MapPoint> Points);

/// <summary>
/// Draws the links of a laid-out strategy map (<see cref="StrategyMapLayout"/>) so that none crosses a box or its text:
/// each leaves its box from the middle of a side, runs in the gaps between columns and rows, and enters the other box
/// from the middle of a side. The way is the shortest with few bends over the lines through the middle of every gap
/// (a search over that grid), each link made dearer on stretches others already use, so links spread over the gaps; links
/// sharing a stretch of gap then run side by side in lanes a few pixels apart, never on top of each other. Pure geometry:
/// the page and a document writer draw the same routes.
/// </summary>
public static class StrategyMapRoutes
{
    /// <summary>A bend costs as much as this many pixels of length.</summary>
    public const double BendCost = 30;

    /// <summary>Each link already on a stretch makes it this much dearer per pixel.</summary>
    public const double CrowdCost = 0.8;

    /// <summary>The distance between links running side by side.</summary>
    public const double LaneSpacing = 4;

    public static IReadOnlyList<MapRoute> Route(MapLayout layout)
    {
        var boxes = layout.Boxes;
        var byCode = boxes.Where(b => b.Kind is MapBoxKind.Objective or MapBoxKind.SharedObjective && b.Code is not null)
            .GroupBy(b => b.Code!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var links = layout.Arrows.Where(a => byCode.ContainsKey(a.From) && byCode.ContainsKey(a.To) && a.From != a.To).ToList();
        if (links.Count == 0) return [];
        var grid = new Grid(layout, links.SelectMany(l => new[] { byCode[l.From], byCode[l.To] }).Distinct().ToList());
        var routes = new List<List<MapPoint>>();
        foreach (var link in links)
            routes.Add(grid.Find(byCode[link.From], byCode[link.To]) ?? Straight(byCode[link.From], byCode[link.To]));
        Nudge(routes, layout.Gap, links.Select(l => (byCode[l.From], byCode[l.To])).ToList());
        return [.. links.Select((l, i) => new MapRoute(l.From, l.To, routes[i]))];
    }

    /// <summary>When no way through the gaps exists (it always does on a laid-out map): from one box's edge to the other's.</summary>
    private static List<MapPoint> Straight(MapBox a, MapBox b)
    {
        var upward = a.Y > b.Y;
        return [new(a.CenterX, upward ? a.Y : a.Y + a.Height), new(b.CenterX, upward ? b.Y + b.Height : b.Y)];
    }

    // Directions: 0 right, 1 left, 2 down, 3 up.
    private static readonly int[] Dx = [1, -1, 0, 0];
    private static readonly int[] Dy = [0, 0, 1, -1];

    private sealed class Grid
    {
        private readonly double[] xs;
        private readonly double[] ys;
        private readonly bool[] free;      // node (xi, yi) lies outside every box
        private readonly bool[] right;     // the stretch from (xi, yi) to (xi + 1, yi) crosses no box
        private readonly bool[] down;      // the stretch from (xi, yi) to (xi, yi + 1) crosses no box
        private readonly int[] usedRight;  // links already routed along each stretch
        private readonly int[] usedDown;
        private readonly double half;

        public Grid(MapLayout layout, IReadOnlyList<MapBox> ends)
        {
            half = layout.Gap / 2;
            var boxes = layout.Boxes;
            var xset = new SortedSet<double>();
            var yset = new SortedSet<double>();
            foreach (var b in boxes)
            {
                xset.Add(Round(b.X - half)); xset.Add(Round(b.X + b.Width + half));
                yset.Add(Round(b.Y - half)); yset.Add(Round(b.Y + b.Height + half));
            }
            foreach (var b in ends)
            {
                xset.Add(Round(b.CenterX)); yset.Add(Round(b.CenterY));
            }
            xs = [.. xset.Where(x => x > 0 && x < layout.Width)];
            ys = [.. yset.Where(y => y > 0 && y < layout.Height)];
            var n = xs.Length * ys.Length;
            free = new bool[n];
            right = new bool[n];
            down = new bool[n];
            usedRight = new int[n];
            usedDown = new int[n];
            for (var yi = 0; yi < ys.Length; yi++)
            {
                var across = boxes.Where(b => b.Y < ys[yi] && ys[yi] < b.Y + b.Height).ToList();
                for (var xi = 0; xi < xs.Length; xi++)
                {
                    free[Id(xi, yi)] = !across.Any(b => b.X < xs[xi] && xs[xi] < b.X + b.Width);
                    right[Id(xi, yi)] = xi + 1 < xs.Length && !across.Any(b => b.X < xs[xi + 1] && xs[xi] < b.X + b.Width);
                }
            }
            for (var xi = 0; xi < xs.Length; xi++)
            {
                var along = boxes.Where(b => b.X < xs[xi] && xs[xi] < b.X + b.Width).ToList();
                for (var yi = 0; yi + 1 < ys.Length; yi++)
                    down[Id(xi, yi)] = !along.Any(b => b.Y < ys[yi + 1] && ys[yi] < b.Y + b.Height);
            }
        }

        private int Id(int xi, int yi) => xi * ys.Length + yi;

        private static double Round(double v) => Math.Round(v * 2, MidpointRounding.AwayFromZero) / 2;

        /// <summary>The node just outside the middle of a side of a box, the direction leading away from the box, and the point on its edge.</summary>
        private IEnumerable<(int Node, int Away, MapPoint Edge)> Ports(MapBox b)
        {
            var cx = Array.BinarySearch(xs, Round(b.CenterX));
            var cy = Array.BinarySearch(ys, Round(b.CenterY));
            var top = Array.BinarySearch(ys, Round(b.Y - half));
            var bottom = Array.BinarySearch(ys, Round(b.Y + b.Height + half));
            var left = Array.BinarySearch(xs, Round(b.X - half));
            var rightSide = Array.BinarySearch(xs, Round(b.X + b.Width + half));
            if (cx >= 0 && top >= 0) yield return (Id(cx, top), 3, new(xs[cx], b.Y));
            if (cx >= 0 && bottom >= 0) yield return (Id(cx, bottom), 2, new(xs[cx], b.Y + b.Height));
            if (cy >= 0 && left >= 0) yield return (Id(left, cy), 1, new(b.X, ys[cy]));
            if (cy >= 0 && rightSide >= 0) yield return (Id(rightSide, cy), 0, new(b.X + b.Width, ys[cy]));
        }

        /// <summary>The cheapest way from one box to the other over the gaps, as points; null when there is none.</summary>
        public List<MapPoint>? Find(MapBox from, MapBox to)
        {
            var starts = Ports(from).Where(p => free[p.Node]).ToList();
            var goals = Ports(to).Where(p => free[p.Node]).ToDictionary(p => p.Node);
            if (starts.Count == 0 || goals.Count == 0) return null;
            var states = xs.Length * ys.Length * 4;
            var cost = new double[states];
            Array.Fill(cost, double.PositiveInfinity);
            var previous = new int[states];
            Array.Fill(previous, -1);
            var queue = new PriorityQueue<int, double>();
            double Guess(int node)
            {
                var (x, y) = (xs[node / ys.Length], ys[node % ys.Length]);
                return goals.Values.Min(g => Math.Abs(xs[g.Node / ys.Length] - x) + Math.Abs(ys[g.Node % ys.Length] - y));
            }
            foreach (var s in starts)
            {
                var state = s.Node * 4 + s.Away;
                cost[state] = half;
                queue.Enqueue(state, half + Guess(s.Node));
            }
            var best = double.PositiveInfinity;
            var end = -1;
            while (queue.TryDequeue(out var state, out var priority))
            {
                if (priority >= best) break;
                var node = state / 4;
                var heading = state % 4;
                var here = cost[state];
                if (goals.TryGetValue(node, out var goal))
                {
                    // Into the box against its side's outward direction; a turn there costs a bend.
                    var inward = goal.Away ^ 1;
                    var total = here + half + (heading == inward ? 0 : BendCost);
                    if (total < best) { best = total; end = state; }
                }
                var (xi, yi) = (node / ys.Length, node % ys.Length);
                for (var d = 0; d < 4; d++)
                {
                    if (d == (heading ^ 1)) continue;
                    var (nx, ny) = (xi + Dx[d], yi + Dy[d]);
                    if (nx < 0 || ny < 0 || nx >= xs.Length || ny >= ys.Length) continue;
                    var next = Id(nx, ny);
                    if (!free[next]) continue;
                    var (open, used) = d switch
                    {
                        0 => (right[node], usedRight[node]),
                        1 => (right[next], usedRight[next]),
                        2 => (down[node], usedDown[node]),
                        _ => (down[next], usedDown[next]),
                    };
                    if (!open) continue;
                    var length = Math.Abs(xs[nx] - xs[xi]) + Math.Abs(ys[ny] - ys[yi]);
                    var step = here + length * (1 + CrowdCost * used) + (d == heading ? 0 : BendCost);
                    var nextState = next * 4 + d;
                    if (step >= cost[nextState]) continue;
                    cost[nextState] = step;
                    previous[nextState] = state;
                    queue.Enqueue(nextState, step + Guess(next));
                }
            }
            if (end < 0) return null;

            var nodes = new List<int>();
            for (var s = end; s >= 0; s = previous[s]) nodes.Add(s / 4);
            nodes.Reverse();
            for (var i = 0; i + 1 < nodes.Count; i++)
            {
                var (a, b) = (nodes[i], nodes[i + 1]);
                if (b == a + ys.Length) usedRight[a]++;
                else if (a == b + ys.Length) usedRight[b]++;
                else if (b == a + 1) usedDown[a]++;
                else usedDown[b]++;
            }
            var startPort = starts.First(p => p.Node == nodes[0]);
            var goalPort = goals[nodes[^1]];
            var points = new List<MapPoint> { startPort.Edge };
            points.AddRange(nodes.Select(n => new MapPoint(xs[n / ys.Length], ys[n % ys.Length])));
            points.Add(goalPort.Edge);
            return Simplify(points);
        }
    }

    /// <summary>Points where the line turns, the others dropped.</summary>
    private static List<MapPoint> Simplify(List<MapPoint> points)
    {
        var result = new List<MapPoint>();
        foreach (var p in points)
        {
            if (result.Count > 0 && result[^1] == p) continue;
            if (result.Count >= 2)
            {
                var (a, b) = (result[^2], result[^1]);
                if ((a.X == b.X && b.X == p.X) || (a.Y == b.Y && b.Y == p.Y)) result.RemoveAt(result.Count - 1);
            }
            result.Add(p);
        }
        return result;
    }

    /// <summary>
    /// Links sharing a stretch of the same line are moved apart into lanes, centred on the line and
    /// <see cref="LaneSpacing"/> apart (closer when more must fit in the gap); a piece leaving or entering a box slides
    /// along that box's side.
    /// </summary>
    private static void Lanes(List<(int Route, int Index, bool Vertical, double At, double Low, double High)> component, double gap, Dictionary<(int, int), double> offsets)
    {
        if (component.Count < 2) return;
        var lanes = new List<List<(double Low, double High)>>();
        var lane = new List<int>();
        foreach (var p in component)
        {
            var at = lanes.FindIndex(l => l.All(x => x.High <= p.Low + 0.5 || p.High <= x.Low + 0.5));
            if (at < 0) { lanes.Add([]); at = lanes.Count - 1; }
            lanes[at].Add((p.Low, p.High));
            lane.Add(at);
        }
        var centre = component.Average(p => p.At);
        var spacing = lanes.Count < 2 ? 0 : Math.Min(LaneSpacing, (gap - 2) / (lanes.Count - 1));
        for (var i = 0; i < component.Count; i++)
            offsets[(component[i].Route, component[i].Index)] = centre + (lane[i] - (lanes.Count - 1) / 2.0) * spacing - component[i].At;
    }

    private static void Nudge(List<List<MapPoint>> routes, double gap, IReadOnlyList<(MapBox From, MapBox To)> ends)
    {
        var pieces = new List<(int Route, int Index, bool Vertical, double At, double Low, double High)>();
        for (var r = 0; r < routes.Count; r++)
            for (var i = 0; i + 1 < routes[r].Count; i++)
            {
                var (a, b) = (routes[r][i], routes[r][i + 1]);
                var vertical = a.X == b.X;
                pieces.Add((r, i, vertical, vertical ? a.X : a.Y, vertical ? Math.Min(a.Y, b.Y) : Math.Min(a.X, b.X), vertical ? Math.Max(a.Y, b.Y) : Math.Max(a.X, b.X)));
            }
        var offsets = new Dictionary<(int, int), double>();
        foreach (var orientation in pieces.GroupBy(p => p.Vertical))
        {
            // Lines closer than a lane apart are one line: links on them would touch.
            var clusters = new List<List<(int Route, int Index, bool Vertical, double At, double Low, double High)>>();
            foreach (var p in orientation.OrderBy(p => p.At))
                if (clusters.Count > 0 && p.At - clusters[^1][^1].At < LaneSpacing) clusters[^1].Add(p);
                else clusters.Add([p]);
            foreach (var cluster in clusters)
            {
                // Links sharing a stretch of the line, directly or through one another, take lanes side by side around it. A
                // piece's ends may move by up to half a gap when the pieces it turns into take lanes, so pieces that come
                // that close count as sharing the stretch.
                var margin = gap / 2;
                var sorted = cluster.Select(p => p with { Low = p.Low - margin, High = p.High + margin })
                    .OrderBy(p => p.Low).ThenBy(p => p.High).ThenBy(p => p.Route).ToList();
                var component = new List<(int Route, int Index, bool Vertical, double At, double Low, double High)>();
                var reach = double.NegativeInfinity;
                foreach (var p in sorted.Append((-1, -1, false, 0, double.PositiveInfinity, double.PositiveInfinity)))
                {
                    if (component.Count > 0 && p.Low >= reach - 0.5)
                    {
                        Lanes(component, gap, offsets);
                        component.Clear();
                    }
                    component.Add(p);
                    reach = component.Count == 1 ? p.High : Math.Max(reach, p.High);
                }
            }
        }
        for (var r = 0; r < routes.Count; r++)
        {
            var points = routes[r];
            var moved = new List<MapPoint>(points);
            for (var i = 0; i + 1 < points.Count; i++)
            {
                if (!offsets.TryGetValue((r, i), out var off)) continue;
                // A piece touching a box slides along its side, never past its corners.
                var box = i == 0 ? ends[r].From : i + 2 == points.Count ? ends[r].To : null;
                var vertical = points[i].X == points[i + 1].X;
                if (box is not null) off = Math.Clamp(off, -(vertical ? box.Width : box.Height) / 2 + 4, (vertical ? box.Width : box.Height) / 2 - 4);
                moved[i] = vertical ? moved[i] with { X = points[i].X + off } : moved[i] with { Y = points[i].Y + off };
                moved[i + 1] = vertical ? moved[i + 1] with { X = points[i + 1].X + off } : moved[i + 1] with { Y = points[i + 1].Y + off };
            }
            routes[r] = moved;
        }
    }
}
