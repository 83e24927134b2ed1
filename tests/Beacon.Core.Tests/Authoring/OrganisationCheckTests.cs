using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using static Beacon.Core.Tests.Authoring.AuthoringKit;

namespace Beacon.Core.Tests.Authoring;

/// <summary>Adding an organisation and renaming one: planners' acts, each problem at its field.</summary>
public sealed class OrganisationCheckTests
{
    private static readonly Dictionary<string, string?> Known = new()
    {
        ["TPE"] = null, ["TPE-SWD"] = "TPE", ["TPE-DVPC"] = "TPE-SWD", ["TPE-DOL"] = "TPE",
    };

    [Theory]
    [InlineData("planner", "TPE-DOIT", "臺北市政府資訊局", "TPE", "✓")]
    [InlineData("editor", "TPE-DOIT", "臺北市政府資訊局", "TPE", "Forbidden : Only planners may add organisations.")]
    [InlineData("planner", "tpe-doit", "臺北市政府資訊局", "TPE", "Invalid code: The organisation code 'tpe-doit' is malformed: capital letters, digits and '-', e.g. TPE-SWD.")]
    [InlineData("planner", "TPE-SWD", "臺北市政府社會局", "TPE", "Conflict code: The code TPE-SWD is already an organisation's.")]
    [InlineData("planner", "TPE-DOIT", " ", "TPE", "Invalid name: Enter the organisation's name.")]
    [InlineData("planner", "TPE-DOIT", "臺北市政府資訊局", "TPE-X", "Invalid parent: There is no organisation TPE-X.")]
    public void Adding_an_organisation(string who, string code, string name, string parent, string expected)
    {
        var decision = OrganisationCheck.Add(who == "planner" ? Planner : Editor,
            new OrganisationEdit { Code = code, Name = name, Kind = OrganisationKind.Agency, Parent = parent }, Known);

        Assert.Equal(expected, decision.Accepted ? "✓" : $"{decision.Problems[0].Kind} {decision.Problems[0].Element!.Field}: {decision.Problems[0].MessageEn}");
    }

    [Fact]
    public void Renaming_keeps_the_code_and_a_parent_beneath_it_is_refused()
    {
        var current = Dvpc().Organisation;

        var renamed = OrganisationCheck.Change(Planner, current, 2, new OrganisationEdit { Name = "臺北市家庭暴力暨性侵害防治中心（新）", ShortName = "家防中心", Kind = OrganisationKind.Agency, Parent = "TPE-SWD", Version = 2 }, Known);
        var cycle = OrganisationCheck.Change(Planner, Known.ContainsKey("TPE-SWD") ? current with { Code = "TPE-SWD", Parent = "TPE" } : current, 1,
            new OrganisationEdit { Name = "臺北市政府社會局", Kind = OrganisationKind.Agency, Parent = "TPE-DVPC", Version = 1 }, Known);
        var stale = OrganisationCheck.Change(Planner, current, 3, new OrganisationEdit { Name = "新名稱", Kind = OrganisationKind.Agency, Version = 2 }, Known);

        Assert.Equal(("TPE-DVPC", "臺北市家庭暴力暨性侵害防治中心（新）"), (renamed.Organisation!.Code, renamed.Organisation.Name));
        Assert.Equal("parent: The parent cannot be TPE-SWD itself or one beneath it.", $"{cycle.Problems[0].Element!.Field}: {cycle.Problems[0].MessageEn}");
        Assert.Equal(Beacon.Core.ProblemKind.Stale, Assert.Single(stale.Problems).Kind);
    }
}
