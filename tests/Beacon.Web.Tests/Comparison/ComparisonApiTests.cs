using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Beacon.Core.Tests.Comparison;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Comparison;

/// <summary>
/// GET /api/orgs/{org}/plans/{year}/compare on both databases: the DV centre's 2022 plan against a 2023 plan made from it
/// and revised (both imported as drafts), the city's 2021 plan against its 2018 map, and every refusal.
/// </summary>
public abstract class ComparisonApiTests(BeaconFactory app)
{
    private static readonly ConcurrentDictionary<BeaconFactory, Lazy<Task<string>>> Revised = new();

    /// <summary>An organisation with the DV centre's 2022 plan and its revised 2023 plan, both drafts.</summary>
    private Task<string> RevisedAsync() => Revised.GetOrAdd(app, _ => new Lazy<Task<string>>(async () =>
    {
        var plan2022 = Dataset.NewPlan();
        await app.ImportPlanAsync(plan2022);
        return await app.ImportPlanAsync(PlanKit.Dvpc2023(plan2022));
    })).Value;

    private static string Row(JsonElement item) =>
        $"{Code(item, "before")} → {Code(item, "after")}: {string.Join(", ", item.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()))}";

    private static string Code(JsonElement item, string side) =>
        item.GetProperty(side).ValueKind == JsonValueKind.Null ? "—" : item.GetProperty(side).GetProperty("code").GetString()!;

    [Fact]
    public async Task The_revised_DV_centre_plan_is_classed_row_by_row_earlier_plan_first()
    {
        var org = await RevisedAsync();
        var reader = await app.ReaderAsync();

        foreach (var url in new[] { $"/api/orgs/{org}/plans/2023/compare?with=2022", $"/api/orgs/{org}/plans/2022/compare?with=2023" })
        {
            var response = await reader.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var c = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(2022, c.GetProperty("before").GetProperty("year").GetInt32());
            Assert.Equal(2023, c.GetProperty("after").GetProperty("year").GetInt32());
            var rows = c.GetProperty("items").EnumerateArray().Where(i => !i.GetProperty("isUnchanged").GetBoolean()).Select(Row).ToList();
            Assert.Equal(19, rows.Count);
            Assert.Contains("BC1.2 → BC1.1: renumbered", rows);
            Assert.Contains("CC2.1 → CC1.2: moved", rows);
            Assert.Contains("— → BC3.4: added", rows);
            Assert.Contains("AC1.1.3 → —: removed", rows);
            var target = c.GetProperty("items").EnumerateArray().Single(i => Code(i, "after") == "AC1.1").GetProperty("changes")[0];
            Assert.Equal(("targetChanged", 2023, "7.5", "7.4"),
                (target.GetProperty("kind").GetString(), target.GetProperty("year").GetInt32(), target.GetProperty("before").GetString(), target.GetProperty("after").GetString()));
            var customer = c.GetProperty("perspectives")[0];
            Assert.Equal("customer", customer.GetProperty("perspective").GetString());
            var objectives = customer.GetProperty("counts").GetProperty("objectives");
            Assert.Equal((9, 8, -1), (objectives.GetProperty("before").GetInt32(), objectives.GetProperty("after").GetInt32(), objectives.GetProperty("difference").GetInt32()));
        }
    }

    [Fact]
    public async Task Drafts_are_compared_for_signed_in_readers_only()
    {
        var org = await RevisedAsync();

        var problem = await EvaluationKit.AssertProblemAsync(await app.CreateClient().GetAsync($"/api/orgs/{org}/plans/2023/compare?with=2022"), HttpStatusCode.NotFound);
        Assert.Contains($"no plan for {org} in 2023", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("?with=2022&version=2", HttpStatusCode.NotFound, "plan for 2023 has no version 2")]
    [InlineData("?with=2023&withVersion=1", HttpStatusCode.NotFound, "plan for 2023 has no version 1")]
    [InlineData("?with=2022&withOrg=TPE-SWD", HttpStatusCode.NotFound, "no plan for TPE-SWD in 2022")]
    [InlineData("?with=2023", HttpStatusCode.BadRequest, "choose another year to compare with")]
    [InlineData("?with=2031", HttpStatusCode.NotFound, "in 2031")]
    [InlineData("", HttpStatusCode.BadRequest, "name the year to compare with")]
    public async Task What_cannot_be_compared_is_a_clear_problem(string query, HttpStatusCode status, string message)
    {
        var org = await RevisedAsync();

        var problem = await EvaluationKit.AssertProblemAsync(await (await app.ReaderAsync()).GetAsync($"/api/orgs/{org}/plans/2023/compare{query}"), status);

        Assert.Contains(message, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Plans_of_two_organisations_are_refused_naming_both()
    {
        var problem = await EvaluationKit.AssertProblemAsync(
            await app.CreateClient().GetAsync("/api/orgs/TPE-DOL/plans/2018/compare?with=2018&withOrg=TPE-SWD"), HttpStatusCode.BadRequest);

        var title = problem.GetProperty("title").GetString()!;
        Assert.Contains("only plans of one organisation can be compared", title);
        Assert.Contains("TPE-DOL", title);
        Assert.Contains("TPE-SWD", title);
    }

    [Fact]
    public async Task The_city_2021_plan_against_its_2018_map_counts_objectives_per_perspective()
    {
        var c = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/orgs/TPE/plans/2021/compare?with=2018")).RootElement;

        var total = c.GetProperty("total");
        Assert.Equal((143, 85), (total.GetProperty("objectives").GetProperty("before").GetInt32(), total.GetProperty("objectives").GetProperty("after").GetInt32()));
        Assert.Equal((0, 162), (total.GetProperty("kpis").GetProperty("before").GetInt32(), total.GetProperty("kpis").GetProperty("after").GetInt32()));
        // 2018's BC4 提升綠色運輸使用 is 2021's AC3 提升綠色運輸: another theme and a shorter name.
        Assert.Contains("BC4 → AC3: renamed, moved", c.GetProperty("items").EnumerateArray().Select(Row));
        Assert.Equal(2, c.GetProperty("approvalsAfter").GetArrayLength());
    }

    [Fact]
    public async Task The_endpoints_are_in_the_OpenAPI_document_with_their_parameters()
    {
        var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");

        var compare = doc.GetProperty("/api/orgs/{org}/plans/{year}/compare").GetProperty("get");
        Assert.Equal(["org", "year", "with", "version", "withVersion", "withOrg"], compare.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Contains("versions of a year", compare.GetProperty("summary").GetString());
        Assert.True(compare.GetProperty("responses").TryGetProperty("400", out _));
        var cascade = doc.GetProperty("/api/orgs/{org}/plans/{year}/cascade").GetProperty("get");
        Assert.True(cascade.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ComparisonApiOnSqlite(SqliteBeacon app) : ComparisonApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ComparisonApiOnPostgres(PostgresBeacon app) : ComparisonApiTests(app);
