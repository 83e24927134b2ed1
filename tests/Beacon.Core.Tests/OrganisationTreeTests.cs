using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

/// <summary>What a list of organisations shows: the Taipei dataset whole, a nation by its cities and counties.</summary>
public sealed class OrganisationTreeTests
{
    /// <summary>The Taipei dataset: the city, two bureaus, the DV centre under Social Welfare; every plan readable.</summary>
    private static readonly OrganisationNode[] Taipei =
    [
        new("TPE", null, 2, 2), new("TPE-SWD", "TPE", 1, 1), new("TPE-DOL", "TPE", 1, 1), new("TPE-DVPC", "TPE-SWD", 1, 1),
    ];

    /// <summary>22 cities and counties of 40 agencies each, as <c>beacon generate</c> makes them.</summary>
    private static OrganisationNode[] Nation() =>
    [
        .. Enumerable.Range(1, 22).SelectMany(c => new[] { new OrganisationNode($"C{c:00}", null, 1, 1) }
            .Concat(Enumerable.Range(1, 40).Select(a => new OrganisationNode($"C{c:00}-A{a:00}", $"C{c:00}", 1, 1)))),
    ];

    private static string Show(IEnumerable<ListedOrganisation> rows) =>
        string.Join(" ", rows.Select(r => new string('>', r.Depth) + r.Code + (r.NotShownBeneath > 0 ? $"(+{r.NotShownBeneath})" : "")));

    [Fact]
    public void The_Taipei_dataset_is_listed_whole_parents_first()
    {
        var visible = OrganisationTree.Visible(Taipei);

        Assert.Equal("TPE >TPE-DOL >TPE-SWD >>TPE-DVPC", Show(OrganisationTree.Beneath(visible, null)));
        Assert.Equal("TPE-DVPC", Show(OrganisationTree.Beneath(visible, "TPE-SWD")));
        Assert.Equal("TPE-DOL TPE-SWD >TPE-DVPC", Show(OrganisationTree.Beneath(visible, "TPE")));
        Assert.Equal("", Show(OrganisationTree.Beneath(visible, "TPE-DVPC")));
        Assert.Equal(["TPE", "TPE-SWD"], OrganisationTree.Above(visible, "TPE-DVPC"));
    }

    [Fact]
    public void A_nation_is_listed_by_its_cities_and_counties_each_counting_its_agencies()
    {
        var visible = OrganisationTree.Visible(Nation());

        var home = OrganisationTree.Beneath(visible, null);
        var county = OrganisationTree.Beneath(visible, "C07");

        Assert.Equal(902, visible.Count);
        Assert.Equal(22, home.Count);
        Assert.All(home, r => Assert.Equal((0, 40), (r.Depth, r.NotShownBeneath)));
        Assert.Equal(40, county.Count);
        Assert.Equal("C07-A01", county[0].Code);
        Assert.All(county, r => Assert.Equal((0, 0), (r.Depth, r.NotShownBeneath)));
    }

    [Theory]
    [InlineData(2, "R(+4)")]                           // the root alone: its children (2 more) would make 3
    [InlineData(3, "R >A(+1) >B(+1)")]                 // the root and its children; their children would make 5
    [InlineData(4, "R >A(+1) >B(+1)")]
    [InlineData(5, "R >A >>A1 >B >>B1")]               // everything
    public void Levels_are_added_whole_while_the_listing_fits_its_budget(int budget, string expected)
    {
        OrganisationNode[] tree = [new("R", null, 1, 1), new("A", "R", 1, 1), new("B", "R", 1, 1), new("A1", "A", 1, 1), new("B1", "B", 1, 1)];

        Assert.Equal(expected, Show(OrganisationTree.Beneath(OrganisationTree.Visible(tree), null, budget)));
    }

    [Fact]
    public void The_first_level_is_listed_whole_however_long()
    {
        var visible = OrganisationTree.Visible(Nation());

        var rows = OrganisationTree.Beneath(visible, null, budget: 5);

        Assert.Equal(22, rows.Count);
    }

    [Fact]
    public void An_organisation_whose_plans_are_all_hidden_is_left_out_unless_it_heads_one_shown()
    {
        OrganisationNode[] tree =
        [
            new("TPE", null, 2, 2),
            new("TPE-SWD", "TPE", 0, 1),      // its only plan is a draft, but the centre beneath it is shown
            new("TPE-DVPC", "TPE-SWD", 1, 1),
            new("TPE-DOL", "TPE", 0, 1),      // a draft only: left out
            new("TPE-NEW", "TPE", 0, 0),      // no plan yet: shown, as a new organisation
        ];

        Assert.Equal("TPE >TPE-NEW >TPE-SWD >>TPE-DVPC", Show(OrganisationTree.Beneath(OrganisationTree.Visible(tree), null)));
        Assert.Equal("", Show(OrganisationTree.Beneath(OrganisationTree.Visible(tree), "TPE-DOL")));
    }

    [Fact]
    public void An_organisation_whose_parent_is_missing_is_listed_at_the_top()
    {
        OrganisationNode[] tree = [new("TPE", null, 1, 1), new("KHH-X", "KHH", 1, 1)];

        Assert.Equal("KHH-X TPE", Show(OrganisationTree.Beneath(OrganisationTree.Visible(tree), null)));
    }

    [Theory]
    [InlineData("社會局", "TPE-SWD(+1)", 1)]
    [InlineData("swd", "TPE-SWD(+1)", 1)]             // codes in any case
    [InlineData("labor", "TPE-DOL", 1)]                // English names
    [InlineData("臺北市", "TPE(+3) TPE-DOL TPE-SWD(+1)", 4)]   // at most 3 listed, 4 matched
    [InlineData("高雄", "", 0)]
    public void Finding_an_organisation_by_name_or_code(string text, string expected, int matched)
    {
        var names = new Dictionary<string, string?[]>
        {
            ["TPE"] = ["臺北市政府", "Taipei City Government"], ["TPE-SWD"] = ["臺北市政府社會局", "Department of Social Welfare"],
            ["TPE-DOL"] = ["臺北市政府勞動局", "Department of Labor"], ["TPE-DVPC"] = ["臺北市家庭暴力暨性侵害防治中心", null],
        };

        var found = OrganisationTree.Find(OrganisationTree.Visible(Taipei), code => names[code], text, most: 3);

        Assert.Equal((expected, matched), (Show(found.Rows), found.Matched));
    }
}
