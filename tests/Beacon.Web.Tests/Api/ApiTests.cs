using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Api;

/// <summary>The JSON API on a real database, run once on SQLite and once on PostgreSQL (the two classes below).</summary>
public abstract class ApiTests(BeaconFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    public static TheoryData<string> DatasetFiles => [.. Dataset.FileNames];

    [Fact]
    public async Task Organisations_list_the_four_Taipei_organisations_with_the_years_of_their_plans()
    {
        var orgs = await client.GetFromJsonAsync<JsonElement>("/api/orgs");

        var years = orgs.EnumerateArray().ToDictionary(o => o.GetProperty("code").GetString()!,
            o => o.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).ToArray());
        Assert.Equal([2018, 2021], years["TPE"]);
        Assert.Equal([2018], years["TPE-SWD"]);
        Assert.Equal([2018], years["TPE-DOL"]);
        Assert.Equal([2022], years["TPE-DVPC"]);
        var dvpc = orgs.EnumerateArray().Single(o => o.GetProperty("code").GetString() == "TPE-DVPC");
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心", dvpc.GetProperty("name").GetString());
        Assert.Equal("TPE-SWD", dvpc.GetProperty("parent").GetString());
    }

    [Fact]
    public async Task Plans_of_Taipei_are_2018_and_2021_with_the_counts_of_the_2021_document()
    {
        var plans = await client.GetFromJsonAsync<JsonElement>("/api/orgs/TPE/plans");

        Assert.Equal([2018, 2021], plans.EnumerateArray().Select(p => p.GetProperty("year").GetInt32()));
        var plan2021 = plans[1];
        Assert.Equal(110, plan2021.GetProperty("rocYear").GetInt32());
        Assert.Equal(85, plan2021.GetProperty("objectives").GetInt32());
        Assert.Equal(162, plan2021.GetProperty("kpis").GetInt32());
        Assert.Equal(243, plan2021.GetProperty("actionPlans").GetInt32());
    }

    [Theory]
    [MemberData(nameof(DatasetFiles))]
    public async Task Export_of_every_dataset_plan_is_byte_identical_to_its_file(string fileName)
    {
        // The file was imported at start-up; exporting it again gives back exactly its bytes.
        var document = Dataset.Document(fileName);

        var response = await client.GetAsync($"/api/orgs/{document.Organisation.Code}/plans/{document.Year}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        AssertSameBytes(Dataset.Bytes(fileName), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Exporting_a_plan_takes_the_same_number_of_queries_for_a_small_and_a_large_plan()
    {
        var small = app.Queries.Start();
        (await client.GetAsync("/api/orgs/TPE/plans/2018")).EnsureSuccessStatusCode();
        var smallCount = small.Count;
        var large = app.Queries.Start();
        (await client.GetAsync("/api/orgs/TPE/plans/2021")).EnsureSuccessStatusCode();

        // One query per collection (split query), never one per objective or KPI: 85 objectives, 162 KPIs here.
        Assert.InRange(large.Count, 1, 20);
        Assert.True(large.Count == smallCount, $"TPE 2018 took {smallCount} commands, TPE 2021 took {large}");
    }

    [Fact]
    public async Task Unknown_organisation_is_a_404_problem_naming_it()
    {
        var response = await client.GetAsync("/api/orgs/TPE-NOPE/plans");

        var problem = await AssertProblem(response, HttpStatusCode.NotFound);
        Assert.Contains("TPE-NOPE", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_ROC_year_is_a_404_problem_that_explains_years_are_Gregorian()
    {
        var response = await client.GetAsync("/api/orgs/TPE/plans/110");

        var title = (await AssertProblem(response, HttpStatusCode.NotFound)).GetProperty("title").GetString()!;
        Assert.Contains("TPE", title);
        Assert.Contains("Gregorian", title);
        Assert.Contains("2021", title);
    }

    [Fact]
    public async Task Unknown_organisation_in_a_plan_address_is_a_404_problem()
    {
        var response = await client.GetAsync("/api/orgs/TPE-NOPE/plans/2021");

        var title = (await AssertProblem(response, HttpStatusCode.NotFound)).GetProperty("title").GetString()!;
        Assert.Contains("TPE-NOPE", title);
    }

    [Fact]
    public async Task Import_of_a_broken_document_is_a_400_listing_each_problem_with_its_path_and_writes_nothing()
    {
        var plan = Dataset.NewPlan();
        var objective = plan.Objectives[0];
        var kpi = objective.Kpis[0] with { Code = "BC9.1" }; // not under its objective AC1
        plan = plan with { Objectives = [objective with { Kpis = [kpi, .. objective.Kpis.Skip(1)] }, .. plan.Objectives.Skip(1)] };
        var before = await app.RowCountsAsync();

        var response = await client.PostAsync("/api/import", Json(PlanJson.Write(plan)));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("$.objectives[0].kpis[0].code", error.GetProperty("path").GetString());
        Assert.Contains("BC9.1", error.GetProperty("message").GetString());
        Assert.Contains("BC9.1", error.GetProperty("messageEn").GetString());
        Assert.Equal(before, await app.RowCountsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/orgs/{plan.Organisation.Code}/plans")).StatusCode);
    }

    [Fact]
    public async Task Import_dry_run_of_a_valid_new_plan_answers_its_summary_and_writes_nothing()
    {
        var plan = Dataset.NewPlan();
        var before = await app.RowCountsAsync();

        var response = await client.PostAsync("/api/import?dryRun=true", Json(PlanJson.Write(plan)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(summary.GetProperty("dryRun").GetBoolean());
        Assert.Equal(plan.Organisation.Code, summary.GetProperty("organisation").GetString());
        Assert.Equal(plan.Objectives.Count, summary.GetProperty("objectives").GetInt32());
        Assert.Equal(before, await app.RowCountsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/orgs/{plan.Organisation.Code}/plans/2022")).StatusCode);
    }

    [Fact]
    public async Task Import_of_a_valid_new_plan_stores_it_and_it_exports_exactly_as_sent()
    {
        var plan = Dataset.NewPlan();
        var sent = PlanJson.Write(plan);

        var response = await client.PostAsync("/api/import", Json(sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(summary.GetProperty("dryRun").GetBoolean());
        Assert.False(summary.GetProperty("replaced").GetBoolean());
        Assert.Equal(sent, await client.GetStringAsync($"/api/orgs/{plan.Organisation.Code}/plans/2022"));
    }

    [Fact]
    public async Task Importing_a_plan_that_exists_is_a_409_and_changes_nothing()
    {
        var before = await app.RowCountsAsync();

        var response = await client.PostAsync("/api/import", Json(Encoding.UTF8.GetString(Dataset.Bytes("TPE-2021.json"))));

        var problem = await AssertProblem(response, HttpStatusCode.Conflict);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("$.year", error.GetProperty("path").GetString());
        Assert.Contains("replace", error.GetProperty("messageEn").GetString());
        Assert.Equal(before, await app.RowCountsAsync());
        AssertSameBytes(Dataset.Bytes("TPE-2021.json"), await client.GetByteArrayAsync("/api/orgs/TPE/plans/2021"));
    }

    [Fact]
    public async Task Importing_with_replace_overwrites_the_existing_plan()
    {
        var original = Dataset.NewPlan();
        (await client.PostAsync("/api/import", Json(PlanJson.Write(original)))).EnsureSuccessStatusCode();
        var revised = original with
        {
            Mission = "修正後的使命",
            Objectives = [.. original.Objectives.Take(2)],
            Links = [],
        };
        var before = await app.RowCountsAsync();

        var response = await client.PostAsync("/api/import?replace=true", Json(PlanJson.Write(revised)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replaced").GetBoolean());
        Assert.Equal(PlanJson.Write(revised), await client.GetStringAsync($"/api/orgs/{original.Organisation.Code}/plans/2022"));
        var after = await app.RowCountsAsync();
        Assert.Equal(before["Plans"], after["Plans"]);
        Assert.Equal(before["Organisations"], after["Organisations"]);
        Assert.Equal(before["Objectives"] - (original.Objectives.Count - 2), after["Objectives"]);
    }

    [Fact]
    public async Task Import_that_is_not_JSON_content_is_a_415_problem()
    {
        var response = await client.PostAsync("/api/import",
            new StringContent(PlanJson.Write(Dataset.NewPlan()), Encoding.UTF8, "text/plain"));

        var problem = await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Import_of_malformed_JSON_is_a_400_naming_the_line()
    {
        const string json = "{\n  \"format\": \"beacon.plan\",\n  \"formatVersion\": 1,\n  \"year\": 2022,,\n  \"objectives\": []\n}\n";

        var response = await client.PostAsync("/api/import", Json(json));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Contains("line 4", error.GetProperty("messageEn").GetString());
        Assert.Contains("第 4 行", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task OpenAPI_document_describes_the_plan_endpoints()
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/orgs", paths);
        Assert.Contains("/api/orgs/{org}/plans/{year}", paths);
        Assert.Contains("/api/import", paths);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    internal static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var at = 0;
        while (at < Math.Min(expected.Length, actual.Length) && expected[at] == actual[at]) at++;
        var line = 1 + expected.AsSpan(0, at).Count((byte)'\n');
        Assert.Fail($"{actual.Length} bytes differ from the expected {expected.Length} from byte {at} (line {line}): " +
            $"expected «{Excerpt(expected, at)}», got «{Excerpt(actual, at)}»");

        static string Excerpt(byte[] bytes, int at) =>
            Encoding.UTF8.GetString(bytes, Math.Max(0, at - 40), Math.Min(bytes.Length, at + 40) - Math.Max(0, at - 40));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiOnSqlite(SqliteBeacon app) : ApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiOnPostgres(PostgresBeacon app) : ApiTests(app);
