using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Interchange;

/// <summary>
/// POST /api/import beyond the format: a dry run answers as the real import would, every problem of a document is
/// answered at once, a replace keeps the plan year's workflow history, and who may import what.
/// </summary>
public abstract class ImportRulesTests(BeaconFactory app)
{
    private Task<HttpClient> PlannerAsync() => app.ClientAsAsync(Roles.Planner);

    private static StringContent Json(PlanDocument plan) => EvaluationKit.Json(PlanJson.Write(plan));

    [Theory]
    [InlineData("/api/import?dryRun=true&replace=true")]
    [InlineData("/api/import?replace=true")]
    public async Task Replacing_an_approved_plan_is_refused_in_a_dry_run_as_in_a_real_import(string url)
    {
        // The dataset loads approved: TPE 2021 is locked.
        var planner = await PlannerAsync();
        var before = await app.RowCountsAsync();

        var response = await planner.PostAsync(url, EvaluationKit.Json(Encoding.UTF8.GetString(Dataset.Bytes("TPE-2021.json"))));

        var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("核定並鎖定", problem.GetProperty("title").GetString());
        var error = Assert.Single(problem.Errors());
        Assert.Equal("$.year", error.Path);
        Assert.Equal("the TPE plan for 2021 is approved and locked: a planner must unlock it before it can be replaced", error.MessageEn);
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task A_dry_run_of_a_plan_that_exists_without_replace_is_a_409_too()
    {
        var org = await app.ImportPlanAsync();

        var response = await (await PlannerAsync()).PostAsync("/api/import?dryRun=true", Json(Dataset.NewPlan(org)));

        var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("replace", Assert.Single(problem.Errors()).MessageEn);
    }

    [Fact]
    public async Task Every_problem_of_a_document_is_answered_at_once_with_its_path()
    {
        var json = PlanJson.Write(Dataset.NewPlan());
        json = ReplaceFirst(ReplaceFirst(ReplaceFirst(json, "\"direction\": \"negative\"", "\"direction\": \"downward\""),
            "\"unit\": \"%\"", "\"unitt\": \"%\""), "\"code\": \"AC1.1\"", "\"code\": \"AC9.1\"");
        var before = await app.RowCountsAsync();

        var response = await (await PlannerAsync()).PostAsync("/api/import", EvaluationKit.Json(json));

        var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.Errors().ToDictionary(e => e.Path);
        Assert.StartsWith("direction must be one of positive, negative, band, qualitative, not 'downward'", errors["$.objectives[0].kpis[0].direction"].MessageEn, StringComparison.Ordinal);
        Assert.StartsWith("'unitt' is not a property of a KPI; did you mean 'unit'?", errors["$.objectives[0].kpis[0].unitt"].MessageEn, StringComparison.Ordinal);
        Assert.StartsWith("「unitt」不是KPI的欄位", errors["$.objectives[0].kpis[0].unitt"].Message, StringComparison.Ordinal);
        Assert.Equal("KPI code 'AC9.1' does not belong to objective AC1: it must start with 'AC1.'", errors["$.objectives[0].kpis[0].code"].MessageEn);
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task A_replace_keeps_the_workflow_history_and_records_itself_as_a_step()
    {
        var planner = await PlannerAsync();
        var org = await app.ImportPlanAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await planner.StepAsync(org, "submit", year: 2022)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await planner.StepAsync(org, "return", "請補正 AC1.1", year: 2022)).StatusCode);

        var response = await planner.PostAsync("/api/import?replace=true", Json(Dataset.NewPlan(org) with { Mission = "修正後的使命" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var history = await planner.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/2022/workflow");
        Assert.Equal("draft", history.String("status"));
        var steps = history.GetProperty("steps").EnumerateArray().Select(s => (s.String("action"), s.String("from"), s.String("to"), s.String("comment"))).ToList();
        Assert.Equal([("Submit", "draft", "submitted", null), ("Return", "submitted", "returned", "請補正 AC1.1"), ("Replace", "returned", "draft", "匯入取代")], steps);
        Assert.Equal(await app.AccountAsync(Roles.Planner), history.GetProperty("steps")[2].String("user"));
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        Assert.Equal(0, await db.PlanSteps.CountAsync(s => !db.Plans.Any(p => p.Id == s.PlanId)));
    }

    [Fact]
    public async Task The_workflow_page_names_the_replace_step()
    {
        var planner = await PlannerAsync();
        var org = await app.ImportPlanAsync();
        (await planner.PostAsync("/api/import?replace=true", Json(Dataset.NewPlan(org)))).EnsureSuccessStatusCode();
        var browser = await app.CookieClientAsAsync(Roles.Planner);

        var page = await browser.GetStringAsync($"/orgs/{org}/2022/workflow");

        // The step's action and its comment: not the stored action name.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(page, "<td>匯入取代</td>"));
        Assert.DoesNotContain("<td>Replace</td>", page);
    }

    [Fact]
    public async Task An_agency_editor_imports_and_replaces_plans_of_their_own_organisation()
    {
        var org = await app.ImportPlanAsync();
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org);

        var created = await editor.PostAsync("/api/import", Json(Dataset.NewPlan(org) with { Year = 2023 }));
        var replaced = await editor.PostAsync("/api/import?replace=true", Json(Dataset.NewPlan(org) with { Vision = "機關自己修正的願景" }));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.False((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replaced").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Contains("機關自己修正的願景", await editor.ExportAsync(org));
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/api/orgs/{org}/plans/2023")).StatusCode);
    }

    [Fact]
    public async Task An_agency_editor_may_not_replace_a_plan_in_review_a_planner_may()
    {
        var org = await app.ImportPlanAsync();
        var planner = await PlannerAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await planner.StepAsync(org, "submit", year: 2022)).StatusCode);
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org);
        var exported = await editor.ExportAsync(org);

        var refused = await editor.PostAsync("/api/import?replace=true&dryRun=true", Json(Dataset.NewPlan(org) with { Vision = "送出後又改" }));
        var done = await planner.PostAsync("/api/import?replace=true", Json(Dataset.NewPlan(org) with { Vision = "研考會取代" }));

        var problem = await EvaluationKit.AssertProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("in review", problem.GetProperty("title").GetString());
        Assert.Equal($"the {org} plan for 2022 is submitted: an agency may replace only a draft or a returned plan", Assert.Single(problem.Errors()).MessageEn);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.NotEqual(exported, await editor.ExportAsync(org));
    }

    [Fact]
    public async Task An_agency_editor_may_not_import_a_plan_of_another_organisation()
    {
        var org = await app.ImportPlanAsync();
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org);
        var other = Dataset.NewPlan();
        var before = await app.RowCountsAsync();

        foreach (var url in new[] { "/api/import", "/api/import?dryRun=true" })
        {
            var response = await editor.PostAsync(url, Json(other));

            var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.Forbidden);
            Assert.Contains(other.Organisation.Code, problem.GetProperty("title").GetString());
            Assert.Contains($"your own organisation ({org})", problem.GetProperty("title").GetString());
            Assert.Equal("$.organisation.code", Assert.Single(problem.Errors()).Path);
        }
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task An_editor_bound_to_divisions_may_not_import()
    {
        var org = await app.ImportPlanAsync();
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org, "成保組");
        var before = await app.RowCountsAsync();

        var response = await editor.PostAsync("/api/import", Json(Dataset.NewPlan(org) with { Year = 2023 }));

        var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("agency editors not bound to divisions", problem.GetProperty("title").GetString());
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task A_document_with_reviews_is_refused_to_an_editor_who_may_not_review()
    {
        var org = await app.ImportPlanAsync();
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org);
        var plan = Beacon.Core.Tests.FullPlan.From(Dataset.NewPlan(org) with { Year = 2023 }) with { Evaluation = null };
        var before = await app.RowCountsAsync();

        foreach (var url in new[] { "/api/import", "/api/import?dryRun=true" })
        {
            var response = await editor.PostAsync(url, Json(plan));

            var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.Forbidden);
            var error = Assert.Single(problem.Errors());
            Assert.Equal("$.objectives[0].kpis[0].assessment.review", error.Path);
            Assert.Equal("reviews are entered by reviewers: the document must not carry any review", error.MessageEn);
            Assert.Equal("複核資料由複核人員填寫：匯入的文件不可含複核（review）", error.Message);
        }
        Assert.Equal(before, await app.RowCountsAsync());
        // Without the review the same document is the editor's to import.
        var withoutReview = plan with
        {
            Objectives = [.. plan.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Assessment is null ? k : k with { Assessment = k.Assessment with { Review = null } })] })],
        };
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync("/api/import", Json(withoutReview))).StatusCode);
    }

    [Fact]
    public async Task An_editor_may_neither_change_the_years_settings_nor_replace_away_its_reviews()
    {
        var planner = await PlannerAsync();
        var org = Dataset.NewOrganisationCode();
        var full = Beacon.Core.Tests.FullPlan.From(Dataset.NewPlan(org));
        (await planner.PostAsync("/api/import", Json(full))).EnsureSuccessStatusCode();
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org);
        var exported = await editor.ExportAsync(org);

        // The document carries no review of its own: the refusals are about the stored plan.
        var withoutReviews = full with
        {
            Objectives = [.. full.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Assessment is null ? k : k with { Assessment = k.Assessment with { Review = null } })] })],
        };

        var settings = await editor.PostAsync("/api/import?replace=true", Json(withoutReviews with { Evaluation = null }));
        var reviews = await editor.PostAsync("/api/import?replace=true&dryRun=true", Json(withoutReviews));

        var settingsProblem = await EvaluationKit.AssertProblemAsync(settings, HttpStatusCode.Forbidden);
        Assert.Equal("$.evaluation", Assert.Single(settingsProblem.Errors()).Path);
        var reviewsProblem = await EvaluationKit.AssertProblemAsync(reviews, HttpStatusCode.Forbidden);
        Assert.Equal("this plan holds reviews, which a replace would remove: ask a planner to replace it", Assert.Single(reviewsProblem.Errors()).MessageEn);
        Assert.Equal(exported, await editor.ExportAsync(org));
    }

    [Fact]
    public async Task A_planner_replaces_a_plan_with_reviews_and_settings()
    {
        var planner = await PlannerAsync();
        var org = Dataset.NewOrganisationCode();
        var full = Beacon.Core.Tests.FullPlan.From(Dataset.NewPlan(org));
        (await planner.PostAsync("/api/import", Json(full))).EnsureSuccessStatusCode();

        var response = await planner.PostAsync("/api/import?replace=true", Json(full with { Mission = "新的使命" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PlanJson.Write(full with { Mission = "新的使命" }), await planner.ExportAsync(org));
    }

    [Fact]
    public async Task A_plan_approved_while_the_replace_reads_it_is_never_replaced()
    {
        var org = await app.ImportPlanAsync();
        var approveMeanwhile = new ApproveAfterRead(app, org);
        await using var scope = app.CreateScope();
        var options = new DbContextOptionsBuilder<BeaconDb>(scope.ServiceProvider.GetRequiredService<DbContextOptions<BeaconDb>>()).AddInterceptors(approveMeanwhile).Options;
        await using var db = new BeaconDb(options) { Audit = scope.ServiceProvider.GetRequiredService<AuditScope>() };
        var importer = new Beacon.Web.Features.Interchange.PlanImporter(db, TimeProvider.System, scope.ServiceProvider.GetRequiredService<AuditScope>());

        var result = await importer.ImportAsync(Dataset.NewPlan(org) with { Mission = "不該寫入" }, dryRun: false, replace: true);

        await using var check = app.CreateScope();
        var stored = await check.ServiceProvider.GetRequiredService<BeaconDb>().Plans.AsNoTracking().SingleAsync(p => p.Organisation.Code == org);
        Assert.True(approveMeanwhile.Tried);
        if (approveMeanwhile.Approved)
        {
            // PostgreSQL: the approval went through between the read and the delete; the replace is refused.
            Assert.True(result.Locked, string.Join("; ", result.Problems));
            Assert.Equal(PlanStatus.Approved, stored.Status);
            Assert.NotEqual("不該寫入", stored.Mission);
        }
        else
        {
            // SQLite: the import's transaction holds the write lock from its start; the approval had to wait.
            Assert.True(result.Succeeded, string.Join("; ", result.Problems));
            Assert.Equal(PlanStatus.Draft, stored.Status);
        }
    }

    /// <summary>Right after the importer has read the stored plan, approves it through another connection.</summary>
    private sealed class ApproveAfterRead(BeaconFactory app, string org) : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public bool Tried { get; private set; }
        public bool Approved { get; private set; }

        public override async ValueTask<System.Data.Common.DbDataReader> ReaderExecutedAsync(System.Data.Common.DbCommand command,
            Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, System.Data.Common.DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (Tried || !command.CommandText.Contains("\"Version\"", StringComparison.Ordinal) || !command.CommandText.Contains("FROM \"Plans\"", StringComparison.Ordinal))
                return result;
            Tried = true;
            await using var other = app.Database.CreateContext();
            other.Database.SetCommandTimeout(1); // how long SQLite waits for a lock
            try
            {
                Approved = await other.Plans.Where(p => p.Organisation.Code == org)
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PlanStatus.Approved).SetProperty(p => p.Version, p => p.Version + 1), cancellationToken) == 1;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5) // SQLITE_BUSY: the import holds the lock
            {
                Approved = false;
            }
            return result;
        }
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{old}' is not in the text");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportRulesOnSqlite(SqliteBeacon app) : ImportRulesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportRulesOnPostgres(PostgresBeacon app) : ImportRulesTests(app);
