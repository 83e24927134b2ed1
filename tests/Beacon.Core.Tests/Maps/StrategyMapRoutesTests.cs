using Beacon.Core.Maps;
using Beacon.Core.Plans;

namespace Beacon.Core.Tests.Maps;

/// <summary>
/// The links of a map routed between the boxes (StrategyMapRoutes): the city's 2021 map with 30 links across its eight
/// themes and four perspectives, and the DV centre's with two. No piece of a link crosses a box (or its text, which is
/// inside it), every link leaves and enters a box at its edge, and no two links run on top of each other.
/// </summary>
public sealed class StrategyMapRoutesTests
{
    private static MapLayout Layout(PlanDocument plan) => StrategyMapLayout.Lay(new MapInput(
        [.. plan.Perspectives.Select(p => (p.Code, p.Name))],
        [.. plan.Themes.Select(t => (t.Code, t.Name))],
        [.. plan.Objectives.Select(o => (o.Code, o.Name, plan.PerspectiveOf(o.Code)!.Code))],
        [.. plan.Links.Select(l => (l.From, l.To))],
        [("使命", plan.Mission ?? ""), ("願景", plan.Vision ?? ""), ("核心價值", string.Join("、", plan.CoreValues))],
        "策略主題"));

    /// <summary>30 links as a planner draws them: from learning and process objectives up to process and customer ones, across themes.</summary>
    private static PlanDocument CityWithThirtyLinks()
    {
        var city = Dataset.Load("TPE-2021.json");
        var causes = city.Objectives.Where(o => o.Code[1] is 'L' or 'P' or 'F').Select(o => o.Code).ToList();
        var effects = city.Objectives.Where(o => o.Code[1] is 'C' or 'P').Select(o => o.Code).ToList();
        var links = new List<LinkDoc>();
        for (var i = 0; links.Count < 30; i++)
        {
            var (from, to) = (causes[i * 7 % causes.Count], effects[(i * 5 + 3) % effects.Count]);
            if (from != to && links.All(l => l.From != from || l.To != to)) links.Add(new LinkDoc { From = from, To = to });
        }
        return city with { Links = links };
    }

    [Fact]
    public void Thirty_links_on_the_city_map_cross_no_box_and_no_text()
    {
        var layout = Layout(CityWithThirtyLinks());

        var routes = StrategyMapRoutes.Route(layout);

        Assert.Equal(30, routes.Count);
        foreach (var route in routes)
            foreach (var (a, b) in Pieces(route))
            {
                Assert.True(a.X == b.X || a.Y == b.Y, $"{route.From}→{route.To}: a piece is not horizontal or vertical");
                var crossed = layout.Boxes.FirstOrDefault(box => Crosses(a, b, box));
                Assert.True(crossed is null, $"{route.From}→{route.To}: ({a.X:0.#},{a.Y:0.#})–({b.X:0.#},{b.Y:0.#}) crosses {crossed?.Kind} {crossed?.Code}");
            }
    }

    [Fact]
    public void Each_link_leaves_its_first_box_and_enters_its_second_at_their_edges()
    {
        var layout = Layout(CityWithThirtyLinks());
        var boxes = layout.Boxes.Where(b => b.Code is not null && b.Kind is MapBoxKind.Objective or MapBoxKind.SharedObjective).ToDictionary(b => b.Code!);

        foreach (var route in StrategyMapRoutes.Route(layout))
        {
            Assert.True(OnEdge(route.Points[0], boxes[route.From]), $"{route.From}→{route.To} does not start on {route.From}'s edge");
            Assert.True(OnEdge(route.Points[^1], boxes[route.To]), $"{route.From}→{route.To} does not end on {route.To}'s edge");
        }
    }

    [Fact]
    public void No_two_links_run_on_top_of_each_other()
    {
        var routes = StrategyMapRoutes.Route(Layout(CityWithThirtyLinks()));

        var pieces = routes.SelectMany((r, i) => Pieces(r).Select(p => (Route: i, p.A, p.B))).ToList();
        var overlapping = (from x in pieces
                           from y in pieces
                           where x.Route < y.Route && Overlap(x.A, x.B, y.A, y.B)
                           select $"{routes[x.Route].From}→{routes[x.Route].To} and {routes[y.Route].From}→{routes[y.Route].To} at ({x.A.X:0.#},{x.A.Y:0.#})–({x.B.X:0.#},{x.B.Y:0.#}) / ({y.A.X:0.#},{y.A.Y:0.#})–({y.B.X:0.#},{y.B.Y:0.#})").ToList();
        Assert.True(overlapping.Count == 0, "links on top of each other: " + string.Join("; ", overlapping.Take(5)));
    }

    [Fact]
    public void A_map_with_links_gets_room_for_them_between_its_boxes_and_one_without_stays_as_it_was()
    {
        var plan = Dataset.Load("TPE-DVPC-2022.json");

        var without = Layout(plan);
        var with = Layout(plan with { Links = [new LinkDoc { From = "TL1", To = "AP1" }, new LinkDoc { From = "AP1", To = "AC3" }] });

        Assert.Equal(8, without.Gap);
        Assert.Equal(8 + StrategyMapLayout.RoomFor(2), with.Gap);
        Assert.Empty(StrategyMapRoutes.Route(without));
        Assert.Equal(["TL1→AP1", "AP1→AC3"], StrategyMapRoutes.Route(with).Select(r => $"{r.From}→{r.To}"));
    }

    private static IEnumerable<(MapPoint A, MapPoint B)> Pieces(MapRoute route) => route.Points.Zip(route.Points.Skip(1));

    /// <summary>Whether a piece passes through the inside of a box (touching its edge is not crossing it).</summary>
    private static bool Crosses(MapPoint a, MapPoint b, MapBox box)
    {
        const double e = 0.01;
        var (x1, x2) = (Math.Min(a.X, b.X), Math.Max(a.X, b.X));
        var (y1, y2) = (Math.Min(a.Y, b.Y), Math.Max(a.Y, b.Y));
        return x2 > box.X + e && x1 < box.X + box.Width - e && y2 > box.Y + e && y1 < box.Y + box.Height - e;
    }

    private static bool OnEdge(MapPoint p, MapBox box) =>
        (Math.Abs(p.Y - box.Y) < 0.01 || Math.Abs(p.Y - box.Y - box.Height) < 0.01) && p.X >= box.X && p.X <= box.X + box.Width
        || (Math.Abs(p.X - box.X) < 0.01 || Math.Abs(p.X - box.X - box.Width) < 0.01) && p.Y >= box.Y && p.Y <= box.Y + box.Height;

    /// <summary>Two pieces on the same line (within a pixel) sharing more than a pixel of it.</summary>
    private static bool Overlap(MapPoint a, MapPoint b, MapPoint c, MapPoint d)
    {
        if (a.X == b.X && c.X == d.X && Math.Abs(a.X - c.X) < 1)
            return Math.Min(Math.Max(a.Y, b.Y), Math.Max(c.Y, d.Y)) - Math.Max(Math.Min(a.Y, b.Y), Math.Min(c.Y, d.Y)) > 1;
        if (a.Y == b.Y && c.Y == d.Y && Math.Abs(a.Y - c.Y) < 1)
            return Math.Min(Math.Max(a.X, b.X), Math.Max(c.X, d.X)) - Math.Max(Math.Min(a.X, b.X), Math.Min(c.X, d.X)) > 1;
        return false;
    }
}
