using Beacon.Core.Maps;
using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

public class StrategyMapLayoutTests
{
    // StrategyMapLayout keeps text 6 px from each side of its box and measures CJK characters one em wide,
    // others 0.58 em.
    private const double Pad = 6;

    private static MapInput InputFor(PlanDocument plan, bool markCity = false) => new(
        plan.Perspectives.Select(p => (p.Code, p.Name)).ToList(),
        plan.Themes.Select(t => (t.Code, t.Name)).ToList(),
        plan.Objectives.Select(o => (o.Code, o.Name, PerspectiveOf(plan, o.Code))).ToList(),
        plan.Links.Select(l => (l.From, l.To)).ToList(),
        [("使命", plan.Mission ?? ""), ("願景", plan.Vision ?? ""), ("核心價值", string.Join("、", plan.CoreValues))],
        "策略主題",
        markCity ? CarriesCity(plan) : null);

    // The themes and objectives that carry a city one, as the page gives them.
    private static HashSet<string> CarriesCity(PlanDocument plan) =>
        [.. plan.Themes.Where(t => t.CityTheme is not null).Select(t => t.Code), .. plan.Objectives.Where(o => o.CityObjective is not null).Select(o => o.Code)];

    // The objective's perspective letter, or the row of that kind (the Labor map prints T for learning, codes say L).
    private static string PerspectiveOf(PlanDocument plan, string code) =>
        plan.Perspectives.FirstOrDefault(p => p.Code == code[1..2])?.Code
        ?? plan.Perspectives.First(p => p.Kind.StandardLetter() == code[1]).Code;

    private static readonly Lazy<(PlanDocument Plan, MapLayout Layout)> City2021 = new(() =>
    {
        var plan = Dataset.Load("TPE-2021.json");
        return (plan, StrategyMapLayout.Lay(InputFor(plan)));
    });

    private static IEnumerable<MapBox> ObjectiveBoxes(MapLayout layout) =>
        layout.Boxes.Where(b => b.Kind is MapBoxKind.Objective or MapBoxKind.SharedObjective);

    [Fact]
    public void City_2021_map_has_eight_theme_columns()
    {
        var (_, layout) = City2021.Value;
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"],
            layout.Boxes.Where(b => b.Kind == MapBoxKind.ThemeHead).OrderBy(b => b.X).Select(b => b.Code));
    }

    [Fact]
    public void Every_objective_of_the_city_2021_map_gets_exactly_one_box()
    {
        var (plan, layout) = City2021.Value;

        var boxed = ObjectiveBoxes(layout).Select(b => b.Code!).OrderBy(c => c, StringComparer.Ordinal).ToList();

        Assert.Equal(85, boxed.Count);
        Assert.Equal(plan.Objectives.Select(o => o.Code).OrderBy(c => c, StringComparer.Ordinal), boxed);
    }

    [Fact]
    public void Shared_TC1_to_TC4_span_the_theme_columns()
    {
        var (_, layout) = City2021.Value;
        var heads = layout.Boxes.Where(b => b.Kind == MapBoxKind.ThemeHead).ToList();
        var shared = layout.Boxes.Where(b => b.Kind == MapBoxKind.SharedObjective).OrderBy(b => b.X).ToList();

        Assert.Equal(["TC1", "TC2", "TC3", "TC4"], shared.Select(b => b.Code));
        Assert.Equal(heads.Min(h => h.X), shared[0].X, 6);
        Assert.Equal(heads.Max(h => h.X + h.Width), shared[^1].X + shared[^1].Width, 6);
        Assert.All(shared, b => Assert.Equal(shared[0].Y, b.Y, 6)); // one band
        Assert.All(shared, b => Assert.True(b.Width > heads[0].Width, $"{b.Code} is no wider than one column"));
    }

    [Fact]
    public void Shared_objectives_sit_above_the_themes_own_customer_objectives()
    {
        var (_, layout) = City2021.Value;
        var sharedBottom = layout.Boxes.Where(b => b.Kind == MapBoxKind.SharedObjective).Max(b => b.Y + b.Height);
        var customer = layout.Boxes.Where(b => b.Kind == MapBoxKind.Objective && b.Code![1] == 'C').ToList();
        Assert.Equal(27 - 4, customer.Count);
        Assert.All(customer, b => Assert.True(b.Y >= sharedBottom, $"{b.Code} overlaps the shared band"));
    }

    [Fact]
    public void Each_objective_sits_in_its_themes_column_and_its_perspectives_row()
    {
        var (_, layout) = City2021.Value;
        var heads = layout.Boxes.Where(b => b.Kind == MapBoxKind.ThemeHead).ToDictionary(b => b.Code![0]);
        var rows = layout.Boxes.Where(b => b.Kind == MapBoxKind.PerspectiveLabel).ToDictionary(b => b.Code![0]);

        foreach (var box in layout.Boxes.Where(b => b.Kind == MapBoxKind.Objective))
        {
            var head = heads[box.Code![0]];
            var row = rows[box.Code[1]];
            Assert.True(box.X == head.X && box.Width == head.Width, $"{box.Code} is not in column {head.Code}");
            Assert.True(box.Y >= row.Y && box.Y + box.Height <= row.Y + row.Height + 1e-6, $"{box.Code} is not in row {row.Code}");
        }
    }

    [Fact]
    public void Rows_follow_the_perspective_order_customer_process_learning_financial()
    {
        var (_, layout) = City2021.Value;
        Assert.Equal(["C", "P", "L", "F"],
            layout.Boxes.Where(b => b.Kind == MapBoxKind.PerspectiveLabel).OrderBy(b => b.Y).Select(b => b.Code));
    }

    [Fact]
    public void No_two_boxes_of_the_city_2021_map_overlap()
    {
        var (_, layout) = City2021.Value;
        var boxes = layout.Boxes;
        for (var i = 0; i < boxes.Count; i++)
            for (var j = i + 1; j < boxes.Count; j++)
                Assert.False(Overlap(boxes[i], boxes[j]),
                    $"{boxes[i].Kind} {boxes[i].Code} overlaps {boxes[j].Kind} {boxes[j].Code}");
    }

    [Fact]
    public void Every_text_line_fits_its_box()
    {
        var (_, layout) = City2021.Value;
        foreach (var box in layout.Boxes)
        {
            foreach (var line in box.Lines)
                Assert.True(TextWidth(line) <= box.Width - 2 * Pad + 1e-9,
                    $"{box.Kind} {box.Code}: '{line}' is {TextWidth(line)} wide in a box of {box.Width}");
            Assert.True(box.Lines.Count * layout.FontSize * 1.35 <= box.Height + 1e-9, $"{box.Kind} {box.Code}: lines overflow the height");
        }
    }

    [Fact]
    public void Wrapping_loses_no_characters_of_an_objective_name()
    {
        var (plan, layout) = City2021.Value;
        var names = plan.Objectives.ToDictionary(o => o.Code, o => $"{o.Code} {o.Name}");
        foreach (var box in ObjectiveBoxes(layout))
            Assert.Equal(names[box.Code!].Replace(" ", "", StringComparison.Ordinal),
                string.Concat(box.Lines).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void The_map_is_no_wider_than_asked_for_eight_themes()
    {
        var (_, layout) = City2021.Value;
        Assert.True(layout.Width <= 1280, $"width {layout.Width}");
        Assert.All(layout.Boxes, b => Assert.True(b.X >= 0 && b.X + b.Width <= layout.Width + 1e-6 && b.Y + b.Height <= layout.Height + 1e-6,
            $"{b.Kind} {b.Code} is outside the map"));
    }

    [Fact]
    public void Arrows_join_the_boxes_of_linked_objectives()
    {
        // The city 110 report lost its linkage diagrams, so link two objectives of the DV centre map by hand.
        var plan = Dataset.Load("TPE-DVPC-2022.json");
        plan.Links.Add(new LinkDoc { From = "TL1", To = "AP1" });
        plan.Links.Add(new LinkDoc { From = "AP1", To = "AC1" });

        var layout = StrategyMapLayout.Lay(InputFor(plan));

        var boxes = ObjectiveBoxes(layout).ToDictionary(b => b.Code!);
        Assert.Equal(2, layout.Arrows.Count);
        var arrow = layout.Arrows[1];
        Assert.Equal(("AP1", "AC1"), (arrow.From, arrow.To));
        Assert.Equal(boxes["AP1"].Y, arrow.Y1, 6);                            // leaves the cause's top
        Assert.Equal(boxes["AC1"].Y + boxes["AC1"].Height, arrow.Y2, 6);     // enters the effect's bottom
    }

    [Theory]
    [MemberData(nameof(Dataset.Files), MemberType = typeof(Dataset))]
    public void Every_dataset_map_boxes_each_objective_once_without_overlap(string file)
    {
        var plan = Dataset.Load(file);
        var layout = StrategyMapLayout.Lay(InputFor(plan));

        Assert.Equal(plan.Objectives.Select(o => o.Code).Order(StringComparer.Ordinal),
            ObjectiveBoxes(layout).Select(b => b.Code!).Order(StringComparer.Ordinal));
        var boxes = layout.Boxes;
        for (var i = 0; i < boxes.Count; i++)
            for (var j = i + 1; j < boxes.Count; j++)
                Assert.False(Overlap(boxes[i], boxes[j]), $"{file}: {boxes[i].Code} overlaps {boxes[j].Code}");
    }

    [Fact]
    public void Labor_2018_marks_the_themes_and_objectives_carrying_the_citys_as_the_document_prints_them()
    {
        // 勞動局 107: "建構職場安全體系 B(府)" … "BC1優化職場安全衛生環境(府)".
        var plan = Dataset.Load("TPE-DOL-2018.json");
        var layout = StrategyMapLayout.Lay(InputFor(plan, markCity: true));

        string TextOf(string code) => string.Concat(layout.Boxes.Single(b => b.Code == code && b.Kind != MapBoxKind.PerspectiveLabel).Lines);
        Assert.Equal("建構職場安全體系 B(府)", TextOf("B"));
        Assert.Equal("維護勞動權益 A", TextOf("A"));
        Assert.Equal("BC1 優化職場安全衛生環境(府)".Replace(" ", "", StringComparison.Ordinal), TextOf("BC1").Replace(" ", "", StringComparison.Ordinal));
        Assert.DoesNotContain("(府)", TextOf("AC1"));
        Assert.Equal(["B", "C", "D", "BC1", "CP1", "DP1"], layout.Boxes.Where(b => b.CarriesCity).Select(b => b.Code));
    }

    [Fact]
    public void The_city_mark_is_the_callers_word_and_its_lines_still_fit()
    {
        var plan = Dataset.Load("TPE-DOL-2018.json");
        var input = InputFor(plan, markCity: true) with { CityMark = " (city)" };
        var layout = StrategyMapLayout.Lay(input);

        Assert.EndsWith("B (city)", string.Join(" ", layout.Boxes.Single(b => b.Kind == MapBoxKind.ThemeHead && b.Code == "B").Lines));
        foreach (var box in layout.Boxes)
            foreach (var line in box.Lines)
                Assert.True(TextWidth(line) <= box.Width - 2 * Pad + 1e-9, $"{box.Code}: '{line}' overflows");
        // Without the set nothing is marked, whatever the plan says.
        Assert.DoesNotContain(StrategyMapLayout.Lay(InputFor(plan)).Boxes, b => b.CarriesCity || b.Lines.Any(l => l.Contains("(府)", StringComparison.Ordinal)));
    }

    [Fact]
    public void Wrap_breaks_a_long_name_into_lines_no_wider_than_asked()
    {
        var lines = StrategyMapLayout.Wrap("AC4 推動低碳節能、綠色運輸及資源循環利用", 100);
        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(TextWidth(l) <= 100, l));
        Assert.Equal([""], StrategyMapLayout.Wrap("  ", 100));
    }

    private static bool Overlap(MapBox a, MapBox b) =>
        a.X < b.X + b.Width - 1e-6 && b.X < a.X + a.Width - 1e-6 && a.Y < b.Y + b.Height - 1e-6 && b.Y < a.Y + a.Height - 1e-6;

    private static double TextWidth(string line) =>
        line.Sum(ch => ch < 0x2E80 ? StrategyMapLayout.FontSize * 0.58 : StrategyMapLayout.FontSize);
}
