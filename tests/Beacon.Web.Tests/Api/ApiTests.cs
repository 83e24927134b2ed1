using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.ReadModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Api;

/// <summary>The JSON API on a real database, run once on SQLite and once on PostgreSQL (the two classes below).</summary>
public abstract class ApiTests(BeaconFactory app) : IAsyncLifetime
{
    // A planner: imports plans and reads drafts. What anonymous readers and other roles may do is in Security/.
    private HttpClient client = null!;

    public async Task InitializeAsync() => client = await app.ClientAsAsync(Beacon.Web.Data.Roles.Planner);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> DatasetFiles => [.. Dataset.FileNames];

    [Fact]
    public async Task Organisations_list_the_four_Taipei_organisations_with_the_years_of_their_plans()
    {
        var orgs = await OrganisationPages.AllAsync(client);

        var years = orgs.ToDictionary(o => o.GetProperty("code").GetString()!,
            o => o.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).ToArray());
        Assert.Equal([2018, 2021], years["TPE"]);
        Assert.Equal([2018], years["TPE-SWD"]);
        Assert.Equal([2018], years["TPE-DOL"]);
        Assert.Equal([2022], years["TPE-DVPC"]);
        var dvpc = orgs.Single(o => o.GetProperty("code").GetString() == "TPE-DVPC");
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
        BytesAssert.Equal(Dataset.Bytes(fileName), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Exporting_a_plan_takes_the_same_number_of_queries_whatever_its_size()
    {
        // The same plan cut down to 2 of its 15 objectives: the same kinds of rows, far fewer of them. Both are drafts,
        // read from their rows (an approved plan is served from its published version's document).
        var full = Dataset.NewPlan();
        var small = Dataset.NewPlan() with { Objectives = [.. full.Objectives.Take(2)] };
        (await client.PostAsync("/api/import", Json(PlanJson.Write(small)))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/import", Json(PlanJson.Write(full)))).EnsureSuccessStatusCode();

        // Both read cold: neither plan's view cached.
        await app.ClearReadModelAsync();
        var smallQueries = app.Queries.Start();
        (await client.GetAsync($"/api/orgs/{small.Organisation.Code}/plans/2022")).EnsureSuccessStatusCode();
        var smallCount = smallQueries.Count;
        await app.ClearReadModelAsync();
        var fullQueries = app.Queries.Start();
        (await client.GetAsync($"/api/orgs/{full.Organisation.Code}/plans/2022")).EnsureSuccessStatusCode();
        var fullCount = fullQueries.Count;

        // One query per included collection (a split query), never one per objective, KPI or action plan.
        Assert.True(fullCount == smallCount, $"2 objectives took {smallCount} queries, 15 took {fullQueries}");
        Assert.InRange(smallCount, 2, 20);
        // Asked again, the plan's view is reused: the plan's head and stamp, and the planner's sign-in checked (on SQLite
        // both are kept until the database next changes: none then, unless something was committed in between).
        var again = app.Queries.Start();
        (await client.GetAsync($"/api/orgs/{full.Organisation.Code}/plans/2022")).EnsureSuccessStatusCode();
        if (app.Kind == DatabaseKind.Sqlite) Assert.True(again.Count is 0 or 2, $"asked again: {again}");
        else Assert.True(again.Count == 2, $"asked again: {again}");
    }

    [Fact]
    public async Task Organisation_kinds_are_written_as_in_the_interchange_format()
    {
        var orgs = await OrganisationPages.AllAsync(client);

        var kinds = orgs.ToDictionary(o => o.GetProperty("code").GetString()!, o => o.GetProperty("kind").ToString());
        Assert.Equal("city", kinds["TPE"]);
        Assert.Equal("agency", kinds["TPE-DVPC"]);
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
        var kpi = objective.Kpis[0] with { Code = "BC9.1" }; // not under its objective (AC1)
        plan = plan with { Objectives = [objective with { Kpis = [kpi, .. objective.Kpis.Skip(1)] }, .. plan.Objectives.Skip(1)] };
        var before = await app.RowCountsAsync();

        var response = await client.PostAsync("/api/import", Json(PlanJson.Write(plan)));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        // The KPI code first, then each of its action plans, whose codes no longer start with the KPI's.
        Assert.Equal(["$.objectives[0].kpis[0].code", .. kpi.ActionPlans.Select((_, a) => $"$.objectives[0].kpis[0].actionPlans[{a}].code")],
            errors.Select(e => e.GetProperty("path").GetString()));
        Assert.Contains($"「{objective.Code}.」", errors[0].GetProperty("message").GetString());
        Assert.Equal($"KPI code 'BC9.1' does not belong to objective {objective.Code}: it must start with '{objective.Code}.'",
            errors[0].GetProperty("messageEn").GetString());
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
    public async Task A_plan_using_every_part_of_the_format_exports_exactly_as_imported()
    {
        // The dataset has no milestones, links, weighted parts with fractions or evaluation data; this plan has them all.
        var plan = Beacon.Core.Tests.FullPlan.From(Dataset.NewPlan());
        var sent = PlanJson.Write(plan);

        var response = await client.PostAsync("/api/import", Json(sent));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
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
        BytesAssert.Equal(Dataset.Bytes("TPE-2021.json"), await client.GetByteArrayAsync("/api/orgs/TPE/plans/2021"));
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
        var body = document.GetProperty("paths").GetProperty("/api/import").GetProperty("post").GetProperty("requestBody");
        Assert.True(body.GetProperty("content").TryGetProperty("application/json", out _), body.ToString());
    }

    [Fact]
    public async Task OpenAPI_document_declares_the_problems_the_plan_endpoints_answer()
    {
        var paths = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        string[] Statuses(string path, string method) => [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name)];
        bool IsProblem(string path, string method, string status) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _);

        Assert.Equal(["200", "404"], Statuses("/api/orgs/{org}/plans", "get"));
        Assert.Equal(["200", "404"], Statuses("/api/orgs/{org}/plans/{year}", "get"));
        Assert.True(IsProblem("/api/orgs/{org}/plans", "get", "404"));
        Assert.True(IsProblem("/api/orgs/{org}/plans/{year}", "get", "404"));
        Assert.Equal(["200", "400", "401", "403", "409", "415", "429"], Statuses("/api/import", "post"));
        Assert.All(new[] { "400", "401", "403", "409", "415", "429" }, status => Assert.True(IsProblem("/api/import", "post", status), status));
    }

    [Fact]
    public async Task Anonymous_callers_see_no_organisation_whose_plans_are_all_drafts()
    {
        var plan = Dataset.NewPlan();
        (await client.PostAsync("/api/import", Json(PlanJson.Write(plan)))).EnsureSuccessStatusCode();
        var code = plan.Organisation.Code;
        var anonymous = app.CreateClient();

        var listed = (await OrganisationPages.AllAsync(anonymous)).Select(o => o.GetProperty("code").GetString()).ToList();
        var plans = await anonymous.GetAsync($"/api/orgs/{code}/plans");

        Assert.DoesNotContain(code, listed);
        Assert.Contains("TPE-DVPC", listed);
        Assert.Equal((await AssertProblem(plans, HttpStatusCode.NotFound)).GetProperty("title").GetString(),
            (await AssertProblem(await anonymous.GetAsync("/api/orgs/TPE-NOPE/plans"), HttpStatusCode.NotFound)).GetProperty("title").GetString()!.Replace("TPE-NOPE", code, StringComparison.Ordinal));
        // Signed in, the draft is there.
        var mine = (await OrganisationPages.AllAsync(client)).Single(o => o.GetProperty("code").GetString() == code);
        Assert.Equal([2022], mine.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));
        var drafts = await client.GetFromJsonAsync<JsonElement>($"/api/orgs/{code}/plans");
        Assert.Equal("draft", Assert.Single(drafts.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Anonymous_callers_see_only_the_published_years_of_an_organisation()
    {
        var published = Dataset.NewPlan();
        var code = published.Organisation.Code;
        (await client.PostAsync("/api/import", Json(PlanJson.Write(published)))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/import", Json(PlanJson.Write(published with { Year = 2023 })))).EnsureSuccessStatusCode();
        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<BeaconDb>().Plans.Where(p => p.Organisation.Code == code && p.Year == 2022)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PlanStatus.Approved));
        var anonymous = app.CreateClient();

        var years = await anonymous.GetFromJsonAsync<JsonElement>($"/api/orgs/{code}/plans");
        var orgs = await OrganisationPages.AllAsync(anonymous);

        Assert.Equal([2022], years.EnumerateArray().Select(p => p.GetProperty("year").GetInt32()));
        Assert.Equal([2022], orgs.Single(o => o.GetProperty("code").GetString() == code).GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/orgs/{code}/plans/2023")).StatusCode);
        Assert.Equal([2022, 2023], (await client.GetFromJsonAsync<JsonElement>($"/api/orgs/{code}/plans")).EnumerateArray().Select(p => p.GetProperty("year").GetInt32()));
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
}

[Collection(SqliteCollection.Name)]
public sealed class ApiOnSqlite(SqliteBeacon app) : ApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiOnPostgres(PostgresBeacon app) : ApiTests(app);
