using Beacon.Core.Cascade;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using static Beacon.Core.Tests.Comparison.PlanKit;

namespace Beacon.Core.Tests.Cascade;

/// <summary>
/// Who carries what of a city year and the roll-up: the Labor Department's 2018 KPIs that name 府級 KPIs under the
/// city's 2018 objectives, and example tables of the counting.
/// </summary>
public class CascadeRulesTests
{
    private static readonly OrganisationDoc City = new() { Code = "TPE", Name = "臺北市政府", Kind = OrganisationKind.City };

    private static OrganisationDoc Agency(string code, string name, string? shortName = null) =>
        new() { Code = code, Name = name, ShortName = shortName, Kind = OrganisationKind.Agency, Parent = "TPE" };

    /// <summary>An evaluation with the outcome given: achieved or not (null: no data), the self light and the reviewed one.</summary>
    private static KpiEvaluation Eval(string code, bool? achieved, Light self, Light? reviewed = null, bool exempt = false)
    {
        var achievement = achieved is { } a ? Achievement.Of(a ? 110m : 80m, a) : Achievement.NoActual(null);
        return new KpiEvaluation(code, exempt, achievement, achieved is null ? null : 85m, self, achievement, reviewed is null ? null : 80m, reviewed);
    }

    private static BureauPlan Bureau(PlanDocument plan, params KpiEvaluation[] evaluations) =>
        new(plan, evaluations.ToDictionary(e => e.Code));

    private static string Line(RollUp r) =>
        $"{r.Kpis} KPI: 達成 {r.Self.Achieved} 未達成 {r.Self.NotAchieved} 無資料 {r.Self.NoData}; " +
        $"自評 ★{r.Self.Lights.Excellent} ●{r.Self.Lights.Good} ▲{r.Self.Lights.Fair} ×{r.Self.Lights.Poor} ?{r.Self.Lights.Unclear}; " +
        $"複核 ★{r.Reviewed.Lights.Excellent} ●{r.Reviewed.Lights.Good} ▲{r.Reviewed.Lights.Fair} ×{r.Reviewed.Lights.Poor} ?{r.Reviewed.Lights.Unclear}";

    private static CityCascadeTree Labor2018() =>
        CascadeRules.Build(Dataset.Load("TPE-2018.json"), [Bureau(Dataset.Load("TPE-DOL-2018.json"))], [Agency("TPE-DOL", "臺北市政府勞動局", "勞動局")]);

    [Fact]
    public void The_Labor_Department_2018_KPIs_naming_city_KPIs_carry_the_city_objectives_of_those_codes()
    {
        var tree = Labor2018();
        var objectives = tree.Objectives.ToDictionary(o => o.Code);

        // BC1 is marked (府) DP5, and its KPIs BC1.1 and BC1.2 name DP5.1 and DP5.2: one objective, all three KPIs.
        var dp5 = Assert.Single(objectives["DP5"].CarriedBy);
        Assert.Equal(("TPE-DOL", "BC1", true), (dp5.Bureau.Code, dp5.Code, dp5.Whole));
        Assert.Equal(["BC1.1", "BC1.2", "BC1.3"], dp5.Kpis.Select(k => k.Code));
        // DP4: DP1 carries it whole (DP4.1 on DP1.1 as well), and DC1 only through DC1.2, which names DP4.2.
        Assert.Equal(["DC1 DC1.2", "DP1 DP1.1 DP1.2"],
            objectives["DP4"].CarriedBy.Select(c => $"{c.Code} {string.Join(" ", c.Kpis.Select(k => k.Code))}"));
        Assert.False(objectives["DP4"].CarriedBy[0].Whole);
        // DP2.3 names EC2.2, a KPI of the social-welfare theme E.
        Assert.Equal("DP2.3", Assert.Single(Assert.Single(objectives["EC2"].CarriedBy).Kpis).Code);
        Assert.Equal(["DP4", "DP5", "DP6", "EC2"], tree.Objectives.Where(o => o.IsCarried).Select(o => o.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_actuals_the_2018_roll_up_counts_every_carrying_KPI_as_no_data()
    {
        var tree = Labor2018();
        var objectives = tree.Objectives.ToDictionary(o => o.Code);

        Assert.Equal("3 KPI: 達成 0 未達成 0 無資料 3; 自評 ★0 ●0 ▲0 ×0 ?3; 複核 ★0 ●0 ▲0 ×0 ?3", Line(objectives["DP4"].RollUp));
        // Theme D: the KPIs of DP4, DP5, DP6, and every KPI of the bureau themes B, C and D marked (府) D — 27 KPIs once each.
        var d = tree.Themes.Single(t => t.Code == "D");
        Assert.Equal(["B", "C", "D"], d.CarriedByThemes.Select(t => t.Code));
        Assert.Equal(27, d.RollUp.Kpis);
        Assert.Equal(1, tree.Themes.Single(t => t.Code == "E").RollUp.Kpis);
        Assert.Equal(27, tree.Total.Kpis);
    }

    [Fact]
    public void The_2018_gaps_are_the_uncarried_city_objectives_and_city_KPIs_a_map_only_city_plan_does_not_list()
    {
        var tree = Labor2018();

        Assert.Equal(143 - 4, tree.Gaps.UncarriedObjectives.Count);
        Assert.Empty(tree.Gaps.MissingCityObjectives);
        Assert.Empty(tree.Gaps.IdleMembers);   // the 2018 city map names no lead or member agencies
        Assert.False(tree.CityListsKpis);
        Assert.Equal(["BC1.1 DP5.1", "BC1.2 DP5.2", "CP1.1 DP6.1", "DC1.2 DP4.2", "DP1.1 DP4.1", "DP2.3 EC2.2"],
            tree.Gaps.MissingCityKpis.Select(g => $"{g.Code} {g.CityKpi}").Order(StringComparer.Ordinal));
        Assert.All(tree.Gaps.MissingCityKpis, g => Assert.True(g.CityObjectiveFound));
    }

    /// <summary>A city of two themes: A (AC1 with AC1.1, AC2) and B (BC1), and TC1 shared by both.</summary>
    private static PlanDocument SmallCity() => Plan(2021,
        O("AC1", "提升空氣品質", K("AC1.1", "細懸浮微粒年平均濃度")),
        O("AC2", "推動資源循環"),
        O("BC1", "打造宜居城市"),
        O("TC1", "提升滿意的住民")) with
    {
        Organisation = City,
        Themes =
        [
            new ThemeDoc { Code = "A", Name = "營造永續環境", Lead = "環保局", Members = ["工務局", "產業局", "翡翠局"] },
            new ThemeDoc { Code = "B", Name = "建構宜居城市", Lead = "都發局", Members = [] },
        ],
    };

    [Fact]
    public void Each_carrying_KPI_counts_once_at_every_level_however_many_ways_it_carries()
    {
        var env = Plan(2021,
            // A1 carries AC1 whole; A1.1 also names AC1.1: once under AC1.
            O("AC1", "改善空氣", K("AC1.1", "空品良好日數") with { CityKpi = "AC1.1" }, K("AC1.2", "電動機車數")),
            // AC2.1 names AC1.1 while its objective carries AC2: under both objectives, once in theme A.
            O("AC2", "減少廢棄物", K("AC2.1", "廚餘回收量") with { CityKpi = "AC1.1" }, K("AC2.2", "資源回收率")) with { CityObjective = "AC2" }) with
        {
            Organisation = Agency("TPE-DEP", "臺北市政府環境保護局", "環保局"),
        };
        env = env.EditObjective("AC1", o => o with { CityObjective = "AC1" });
        var evaluations = new[]
        {
            Eval("AC1.1", true, Light.Excellent, Light.Good),
            Eval("AC1.2", false, Light.Poor, Light.Poor),
            Eval("AC2.1", true, Light.Good),
            Eval("AC2.2", null, Light.Unclear, exempt: true),
        };

        var tree = CascadeRules.Build(SmallCity(), [Bureau(env, evaluations)], []);
        var objectives = tree.Objectives.ToDictionary(o => o.Code);

        // AC1 carries AC1 whole; AC2.1 carries it only through the city KPI it names.
        Assert.Equal(["AC1 whole: AC1.1 AC1.2", "AC2: AC2.1"],
            objectives["AC1"].CarriedBy.Select(c => $"{c.Code}{(c.Whole ? " whole" : "")}: {string.Join(" ", c.Kpis.Select(k => k.Code))}"));
        Assert.Equal("3 KPI: 達成 2 未達成 1 無資料 0; 自評 ★1 ●1 ▲0 ×1 ?0; 複核 ★0 ●1 ▲0 ×1 ?1", Line(objectives["AC1"].RollUp));
        Assert.Equal(["AC1.1", "AC2.1"], Assert.Single(objectives["AC1"].Kpis).CarriedBy.Select(k => k.Code));
        Assert.Equal("2 KPI: 達成 2 未達成 0 無資料 0; 自評 ★1 ●1 ▲0 ×0 ?0; 複核 ★0 ●1 ▲0 ×0 ?1", Line(Assert.Single(objectives["AC1"].Kpis).RollUp));
        // AC2 is carried whole by AC2: an exempt KPI counts under no data and ?.
        Assert.Equal("2 KPI: 達成 1 未達成 0 無資料 1; 自評 ★0 ●1 ▲0 ×0 ?1; 複核 ★0 ●0 ▲0 ×0 ?2", Line(objectives["AC2"].RollUp));
        // Theme A: four KPIs, AC2.1 once though it carries two of its objectives.
        Assert.Equal("4 KPI: 達成 2 未達成 1 無資料 1; 自評 ★1 ●1 ▲0 ×1 ?1; 複核 ★0 ●1 ▲0 ×1 ?2", Line(tree.Themes[0].RollUp));
        Assert.Equal(4, tree.Total.Kpis);
        Assert.Equal(0, tree.Themes[1].RollUp.Kpis);
        Assert.Equal("T", tree.Shared?.Code);
    }

    [Fact]
    public void Alignment_gaps_name_what_carries_nothing_and_what_points_nowhere()
    {
        var env = Plan(2021,
            O("AC1", "改善空氣", K("AC1.1", "空品良好日數") with { CityKpi = "AC1.9" }, K("AC1.2", "電動機車數") with { CityKpi = "XC9.1" }) with { CityObjective = "AC1" },
            O("AP1", "減少廢棄物", K("AP1.1", "資源回收率")) with { CityObjective = "AP7" }) with
        {
            Organisation = Agency("TPE-DEP", "臺北市政府環境保護局", "環保局"),
        };
        var works = Plan(2021, O("AC1", "道路平整", K("AC1.1", "路平完成率"))) with { Organisation = Agency("TPE-PWD", "臺北市政府工務局", "工務局") };
        // Carries theme A through a theme marked (府) A, without being named in its membership.
        var urban = Plan(2021, O("AC1", "都市更新", K("AC1.1", "都更核定件數"))) with
        {
            Organisation = Agency("TPE-UDD", "臺北市政府都市發展局", "都發局"),
            Themes = [new ThemeDoc { Code = "A", Name = "永續都市", CityTheme = "A" }],
        };
        OrganisationDoc[] organisations = [Agency("TPE-DEP", "臺北市政府環境保護局", "環保局"), Agency("TPE-PWD", "臺北市政府工務局", "工務局"),
            Agency("TPE-DOED", "臺北市政府產業發展局", "產業局"), Agency("TPE-UDD", "臺北市政府都市發展局", "都發局")];

        var tree = CascadeRules.Build(SmallCity(), [Bureau(env), Bureau(works), Bureau(urban)], organisations);
        var gaps = tree.Gaps;

        Assert.Equal(["AC2", "BC1", "TC1"], gaps.UncarriedObjectives.Select(g => g.Code));
        Assert.Equal("TPE-DEP AP1 → AP7", Assert.Single(gaps.MissingCityObjectives) is var m ? $"{m.Bureau.Code} {m.Code} → {m.CityObjective}" : "");
        Assert.Equal(["AC1.1 → AC1.9 (AC1 found)", "AC1.2 → XC9.1 (XC9 missing)"],
            gaps.MissingCityKpis.Select(g => $"{g.Code} → {g.CityKpi} ({g.CityKpi[..g.CityKpi.IndexOf('.')]} {(g.CityObjectiveFound ? "found" : "missing")})"));
        // 工務局 has a plan carrying nothing of A; 產業局 has no plan; 翡翠局 is no organisation Beacon knows; 都發局,
        // the lead of B, carries A but nothing of B.
        Assert.Equal(["A 工務局 Member TPE-PWD plan", "A 產業局 Member TPE-DOED no plan", "A 翡翠局 Member — no plan", "B 都發局 Lead TPE-UDD plan"],
            gaps.IdleMembers.Select(g => $"{g.Theme} {g.Name} {g.Role} {g.Bureau?.Code ?? "—"} {(g.HasPlan ? "plan" : "no plan")}"));
        Assert.Equal(3 + 1 + 4 + 2, gaps.Count);

        var a = tree.Membership.Single(m => m.Theme == "A");
        // 環保局's AC1.1 names AC1.9, which the city does not list, but still carries AC1.
        Assert.Equal(["環保局 Lead AC1,AC1.1", "工務局 Member ", "產業局 Member ", "翡翠局 Member "],
            a.Agencies.Select(x => $"{x.Name} {x.Role} {string.Join(",", x.Themes.Concat(x.Objectives).Concat(x.Kpis))}"));
        Assert.Equal("都發局 A", Assert.Single(a.Unlisted) is var u ? $"{u.Name} {string.Join(",", u.Themes)}" : "");
    }

    [Fact]
    public void A_city_year_without_bureau_plans_has_every_objective_uncarried_and_every_member_without_a_plan()
    {
        var tree = CascadeRules.Build(Dataset.Load("TPE-2021.json"), [], [Agency("TPE-SWD", "臺北市政府社會局", "社會局"), Agency("TPE-DOL", "臺北市政府勞動局", "勞動局")]);

        Assert.Equal(85, tree.Gaps.UncarriedObjectives.Count);
        Assert.True(tree.CityListsKpis);
        Assert.Equal(0, tree.Total.Kpis);
        var lead = tree.Gaps.IdleMembers.Single(g => g.Theme == "E" && g.Role == MemberRole.Lead);
        Assert.Equal(("社會局", "TPE-SWD", false), (lead.Name, lead.Bureau?.Code, lead.HasPlan));
        // 勞動局 joins C, D and E.
        Assert.Equal(["C", "D", "E"], tree.Gaps.IdleMembers.Where(g => g.Name == "勞動局").Select(g => g.Theme));
        Assert.Equal(tree.Membership.Sum(m => m.Agencies.Count), tree.Gaps.IdleMembers.Count);
    }
}
