using Beacon.Core.Plans;

namespace Beacon.Core.Tests.Authoring;

/// <summary>
/// Format version 2 adds a revised target's original and reason to a value; a document is written in the lowest version
/// that carries it, so a plan without revised targets reads and writes exactly as version 1.
/// </summary>
public sealed class FormatVersionTests
{
    private static PlanDocument Revised()
    {
        var plan = Dataset.Load("TPE-DVPC-2022.json");
        return plan with
        {
            FormatVersion = 2,
            Objectives = [.. plan.Objectives.Select((o, i) => i != 0 ? o : o with { Kpis = [o.Kpis[0] with { Values = [.. o.Kpis[0].Values.Select(v =>
                v is { Year: 2022, Kind: ValueKind.Target } ? v with { Text = "8.0", Original = "7.7", Reason = "因疫情影響通報型態" } : v)] }] })],
        };
    }

    [Fact]
    public void A_plan_without_revised_targets_is_version_1_and_one_with_them_version_2()
    {
        Assert.Equal(1, PlanDocument.VersionFor(Dataset.Load("TPE-DVPC-2022.json")));
        Assert.Equal(2, PlanDocument.VersionFor(Revised()));
    }

    [Fact]
    public void A_revised_target_travels_with_its_original_and_reason()
    {
        var json = PlanJson.Write(Revised());

        var (read, problems) = PlanJson.Read(json);

        Assert.Empty(problems);
        Assert.Empty(PlanValidator.Validate(read!));
        Assert.Contains("\"formatVersion\": 2,", json);
        Assert.Matches("\"text\": \"8.0\",\n *\"original\": \"7.7\",\n *\"reason\": \"因疫情影響通報型態\"", json);
        Assert.Equal(json, PlanJson.Write(read!));
    }

    [Fact]
    public void A_version_1_document_with_an_original_is_told_to_say_version_2()
    {
        var problems = PlanValidator.Validate(Revised() with { FormatVersion = 1 });

        Assert.Equal("$.objectives[0].kpis[0].values[3].original", Assert.Single(problems).Path);
        Assert.StartsWith("a revised target's original and reason belong to format version 2", problems[0].MessageEn);
    }

    [Fact]
    public void Only_a_years_target_keeps_an_original_and_a_reason_needs_one()
    {
        var plan = Revised();
        var kpi = plan.Objectives[0].Kpis[0];
        var actual = plan with { Objectives = [plan.Objectives[0] with { Kpis = [kpi with { Values = [kpi.Values[0] with { Original = "無實際值" }] }] }] };
        var reasonAlone = plan with { Objectives = [plan.Objectives[0] with { Kpis = [kpi with { Values = [kpi.Values[3] with { Original = null }] }] }] };

        Assert.Contains(PlanValidator.Validate(actual), p => p.MessageEn == "only a year's target can keep its original and the reason it was revised");
        Assert.Contains(PlanValidator.Validate(reasonAlone), p => p.Path.EndsWith(".reason") && p.MessageEn.StartsWith("a revision's reason goes with the original target"));
    }

    [Fact]
    public void A_version_3_document_is_refused_saying_which_versions_are_read()
    {
        var json = PlanJson.Write(Dataset.Load("TPE-DVPC-2022.json")).Replace("\"formatVersion\": 1", "\"formatVersion\": 3");

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        Assert.StartsWith("format version 3 cannot be read: this Beacon reads versions 1 to 2", Assert.Single(problems).MessageEn);
    }
}
