using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Cascade;

/// <summary>
/// The cascade of a city year through GET …/cascade and the pages, on both databases: the Labor Department's 2018 KPIs
/// under the city's 2018 objectives; a bureau plan of 2021 with evaluated KPIs carrying the city's AC1 (a draft, so
/// only signed-in readers see it), and the query count of the cascade page as bureau plans are added.
/// </summary>
public abstract class CascadeTests(BeaconFactory app)
{
    private static readonly ConcurrentDictionary<BeaconFactory, Lazy<Task<string>>> Bureaus = new();

    private static ValueDoc Value(ValueKind kind, string text) => new() { Year = 2021, Kind = kind, Text = text };

    /// <summary>
    /// A bureau of the city with a 2021 plan (the DV centre's, retold): AC1 carries the city's AC1 whole with AC1.1
    /// (negative, target 7.7, actual 7.0: achieved; self ●, reviewed ★); AC2.1 names the city KPI AC1.1 (target 100,
    /// actual 90: not achieved; self ●, not reviewed); AC3 names a city objective AC9 that 2021 lacks; BC1.1 names a
    /// city KPI AC1.9 that 2021 lacks, of the objective AC1 it has.
    /// </summary>
    public static PlanDocument BureauPlan2021(string? code = null)
    {
        var source = Dataset.NewPlan(code);
        var self = new AssessmentDoc { Self = new SelfAssessmentDoc { Innovation = 80, Challenge = 85, Contribution = 85 } };
        return source with
        {
            Year = 2021,
            Organisation = source.Organisation with { Name = "串接測試局" + source.Organisation.Code[^4..], ShortName = null, NameEn = null, Parent = "TPE" },
            Objectives = [.. source.Objectives.Select(o => o.Code switch
            {
                "AC1" => o with { CityObjective = "AC1", Kpis = [o.Kpis[0] with
                {
                    Values = [Value(ValueKind.Target, "7.7"), Value(ValueKind.Actual, "7.0")],
                    Assessment = self with { Review = new ReviewDoc { Light = Light.Excellent } },
                }] },
                "AC2" => o with { Kpis = [o.Kpis[0] with
                {
                    CityKpi = "AC1.1", Values = [Value(ValueKind.Target, "100"), Value(ValueKind.Actual, "90")],
                    Assessment = new AssessmentDoc { Self = new SelfAssessmentDoc { Innovation = 80, Challenge = 80, Contribution = 80 } },
                }] },
                "AC3" => o with { CityObjective = "AC9" },
                "BC1" => o with { Kpis = [.. o.Kpis.Select(k => k.Code == "BC1.1" ? k with { CityKpi = "AC1.9" } : k)] },
                _ => o,
            })],
        };
    }

    private Task<string> BureauAsync() => Bureaus.GetOrAdd(app, _ => new Lazy<Task<string>>(() => app.ImportPlanAsync(BureauPlan2021()))).Value;

    private static JsonElement Objective(JsonElement cascade, string code) =>
        cascade.GetProperty("themes").EnumerateArray().SelectMany(t => t.GetProperty("objectives").EnumerateArray())
            .Single(o => o.GetProperty("code").GetString() == code);

    private static string Line(JsonElement rollUp)
    {
        string Of(JsonElement s) => $"{s.GetProperty("kpis").GetInt32()} {s.GetProperty("achieved").GetInt32()}/{s.GetProperty("notAchieved").GetInt32()}/{s.GetProperty("noData").GetInt32()} "
            + string.Join(" ", new[] { "excellent", "good", "fair", "poor", "unclear" }.Select(l => s.GetProperty("lights").GetProperty(l).GetInt32()));
        return $"self {Of(rollUp.GetProperty("self"))}; reviewed {Of(rollUp.GetProperty("reviewed"))}";
    }

    [Fact]
    public async Task The_Labor_Department_2018_KPIs_roll_up_under_the_city_2018_objectives()
    {
        var cascade = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/orgs/TPE/plans/2018/cascade")).RootElement;

        var dp5 = Objective(cascade, "DP5");
        var carrier = Assert.Single(dp5.GetProperty("carriedBy").EnumerateArray());
        Assert.Equal(("TPE-DOL", "BC1", true), (carrier.GetProperty("organisation").GetString(), carrier.GetProperty("code").GetString(), carrier.GetProperty("whole").GetBoolean()));
        Assert.Equal(["BC1.1 DP5.1", "BC1.2 DP5.2", "BC1.3 "], carrier.GetProperty("kpis").EnumerateArray().Select(k => $"{k.GetProperty("code").GetString()} {k.GetProperty("cityKpi").GetString()}"));
        // The 2018 scorecard gives no 2018 actuals: every carrying KPI is no data, light ?.
        Assert.Equal("self 3 0/0/3 0 0 0 0 3; reviewed 3 0/0/3 0 0 0 0 3", Line(dp5.GetProperty("rollUp")));
        Assert.Equal(["DC1", "DP1"], Objective(cascade, "DP4").GetProperty("carriedBy").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.False(cascade.GetProperty("cityListsKpis").GetBoolean());
        Assert.Equal(6, cascade.GetProperty("gaps").GetProperty("missingCityKpis").GetArrayLength());
    }

    [Fact]
    public async Task A_bureau_plan_of_2021_rolls_up_its_evaluated_KPIs_for_readers_who_may_see_it()
    {
        var org = await BureauAsync();

        var cascade = JsonDocument.Parse(await (await app.ReaderAsync()).GetStringAsync("/api/orgs/TPE/plans/2021/cascade")).RootElement;

        var mine = Objective(cascade, "AC1").GetProperty("carriedBy").EnumerateArray().Where(c => c.GetProperty("organisation").GetString() == org).ToList();
        Assert.Equal(["AC1 whole", "AC2", "BC1"], mine.Select(c => c.GetProperty("code").GetString() + (c.GetProperty("whole").GetBoolean() ? " whole" : "")));
        Assert.Equal("self 1 1/0/0 0 1 0 0 0; reviewed 1 1/0/0 1 0 0 0 0", Line(mine[0].GetProperty("rollUp")));
        Assert.Equal("self 1 0/1/0 0 1 0 0 0; reviewed 1 0/1/0 0 0 0 0 1", Line(mine[1].GetProperty("rollUp")));
        var kpi = mine[1].GetProperty("kpis")[0];
        Assert.Equal((90.0m, "good"), (kpi.GetProperty("achievement").GetDecimal(), kpi.GetProperty("selfLight").GetString()));
        Assert.Contains(Objective(cascade, "AC1").GetProperty("kpis")[0].GetProperty("carriedBy").EnumerateArray(),
            k => k.GetProperty("organisation").GetString() == org && k.GetProperty("code").GetString() == "AC2.1");

        var gaps = cascade.GetProperty("gaps");
        Assert.Contains(gaps.GetProperty("missingCityObjectives").EnumerateArray(),
            g => g.GetProperty("bureau").GetProperty("code").GetString() == org && g.GetProperty("cityObjective").GetString() == "AC9");
        Assert.Contains(gaps.GetProperty("missingCityKpis").EnumerateArray(),
            g => g.GetProperty("bureau").GetProperty("code").GetString() == org && g.GetProperty("cityKpi").GetString() == "AC1.9" && g.GetProperty("cityObjectiveFound").GetBoolean());
        Assert.DoesNotContain(gaps.GetProperty("uncarriedObjectives").EnumerateArray(), g => g.GetProperty("code").GetString() == "AC1");
    }

    [Fact]
    public async Task Anonymous_readers_see_no_draft_in_the_cascade_roll_ups_or_gaps()
    {
        var org = await BureauAsync();

        var json = await app.CreateClient().GetStringAsync("/api/orgs/TPE/plans/2021/cascade");

        Assert.DoesNotContain(org, json);
        var cascade = JsonDocument.Parse(json).RootElement;
        Assert.Contains(cascade.GetProperty("gaps").GetProperty("uncarriedObjectives").EnumerateArray(), g => g.GetProperty("code").GetString() == "AC1");
        Assert.DoesNotContain(org, await app.CreateClient().GetStringAsync("/orgs/TPE/2021/objectives/AC1"));
        Assert.DoesNotContain(org, await app.CreateClient().GetStringAsync("/orgs/TPE/2021/kpis/AC1.1"));
    }

    [Fact]
    public async Task The_cascade_of_an_agency_plan_is_refused_and_a_missing_plan_is_not_found()
    {
        var refused = await EvaluationKit.AssertProblemAsync(await app.CreateClient().GetAsync("/api/orgs/TPE-DOL/plans/2018/cascade"), HttpStatusCode.BadRequest);
        Assert.Contains("the cascade is for a city plan", refused.GetProperty("title").GetString());
        await EvaluationKit.AssertProblemAsync(await app.CreateClient().GetAsync("/api/orgs/TPE/plans/2019/cascade"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_cascade_page_takes_the_same_number_of_queries_with_one_more_bureau_plan()
    {
        await BureauAsync();
        var reader = await app.ReaderAsync();
        (await reader.GetAsync("/orgs/TPE/2021/cascade")).EnsureSuccessStatusCode();   // warm: the reader's account is known
        // What every request asks (the account, the plan's head, the digest) is asked again after the import below has
        // changed the database: forgotten here too, so that both reads count it.
        app.Services.GetRequiredService<ChangeWatch>().Forget();
        var before = app.Queries.Start();
        (await reader.GetAsync("/orgs/TPE/2021/cascade")).EnsureSuccessStatusCode();
        var queries = before.Count;

        await app.ImportPlanAsync(BureauPlan2021());
        var after = app.Queries.Start();
        var page = await reader.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/cascade");

        // The city plan (one query per collection: 13), the bureau plans (the same 13, whatever their number), the
        // city's organisations, and the reader's account: 29 here, and no query per bureau, objective or KPI.
        Assert.True(after.Count <= queries, $"before: {queries} queries; with one more bureau plan: {after}");
        Assert.InRange(queries, 1, 30);
        Assert.True(page.QuerySelectorAll("details.cascade-carrier").Length >= 6);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CascadeOnSqlite(SqliteBeacon app) : CascadeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CascadeOnPostgres(PostgresBeacon app) : CascadeTests(app);
