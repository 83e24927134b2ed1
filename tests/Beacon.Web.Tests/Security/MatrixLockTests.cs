using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// An approved plan year is locked for everyone, administrators included: every write of the API and of the forms is
/// refused with 409 and says the plan is approved, until a planner unlocks it with a reason.
/// </summary>
public abstract class MatrixLockTests(BeaconFactory app)
{
    private const string Settings = """{"weights":{"achievement":0.25,"innovation":0.25,"challenge":0.3,"contribution":0.2},"bands":{"excellent":95,"good":80,"fair":70},"bandRule":"proportional"}""";

    private static string Api(string org, string path) => $"/api/orgs/{org}/plans/{MatrixKit.Year}/{path}";

    private static HttpRequestMessage Request(HttpMethod method, string url, string? body) =>
        new(method, url) { Content = body is null ? null : EvaluationKit.Json(body) };

    /// <summary>A fresh plan taken through the real steps: imported, submitted by its agency, approved by the reviewer.</summary>
    private async Task<string> ApprovedPlanAsync()
    {
        var org = await app.ImportAsPlannerAsync();
        foreach (var (who, step) in new[] { (Persona.Editor, "submit"), (Persona.Reviewer, "approve") })
        {
            var response = await (await app.ApiClientAsync(who, org)).StepAsync(org, step);
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{step}: {await response.DescribeAsync()}");
        }
        Assert.Equal(PlanStatus.Approved, (await app.StateAsync(org)).Status);
        return org;
    }

    [Fact]
    public async Task An_approved_plan_refuses_every_write_with_409_until_a_planner_unlocks_it_with_a_reason()
    {
        var org = await ApprovedPlanAsync();
        var planner = await app.ApiClientAsync(Persona.Planner, org);
        var exported = await planner.ExportAsync(org);
        var before = await app.StateAsync(org);
        var replacement = PlanJson.Write(Dataset.NewPlan(org));

        var attempts = new List<(Persona Who, HttpMethod Method, string Url, string? Body)>();
        foreach (var who in new[] { Persona.Editor, Persona.Administrator })
        {
            attempts.Add((who, HttpMethod.Put, Api(org, "kpis/AC1.1/actual"), """{"value":"8.1"}"""));
            attempts.Add((who, HttpMethod.Put, Api(org, "kpis/AC1.1/self"), """{"innovation":80,"challenge":80,"contribution":80}"""));
            attempts.Add((who, HttpMethod.Post, Api(org, "workflow/submit"), null));
        }
        foreach (var who in new[] { Persona.Reviewer, Persona.Administrator })
        {
            attempts.Add((who, HttpMethod.Put, Api(org, "kpis/AC1.1/review"), """{"innovation":60,"challenge":60,"contribution":60}"""));
            foreach (var step in new[] { "start-review", "approve", "return" })
                attempts.Add((who, HttpMethod.Post, Api(org, $"workflow/{step}"), """{"comment":"再看一次"}"""));
        }
        foreach (var who in new[] { Persona.Planner, Persona.Administrator })
        {
            attempts.Add((who, HttpMethod.Put, Api(org, "evaluation/settings"), Settings));
            attempts.Add((who, HttpMethod.Post, "/api/import?replace=true", replacement));
        }

        foreach (var (who, method, url, body) in attempts)
        {
            var response = await (await app.ApiClientAsync(who, org)).SendAsync(Request(method, url, body));
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{who} {method} {url}: expected 409, got {await response.DescribeAsync()}");
            var text = await response.ProblemTextAsync();
            Assert.Contains("核定", text);       // 已核定 / 已核定並鎖定
            Assert.Contains("approved", text);
        }

        Assert.Equal(exported, await planner.ExportAsync(org));
        Assert.Equal(before, await app.StateAsync(org));

        // Unlocking is a planner's step and needs a reason.
        foreach (var body in new[] { null, """{"comment":"   "}""" })
        {
            var refused = await planner.SendAsync(Request(HttpMethod.Post, Api(org, "workflow/unlock"), body));
            var problem = await EvaluationKit.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
            var error = Assert.Single(problem.Errors());
            Assert.Equal(("comment", "解鎖時請說明原因", "Say why the plan is unlocked."), error);
        }
        Assert.Equal(PlanStatus.Approved, (await app.StateAsync(org)).Status);

        var unlocked = await planner.StepAsync(org, "unlock", "更正 AC1.1 年度實際值");
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);

        var workflow = await planner.GetFromJsonAsync<JsonElement>(Api(org, "workflow"));
        Assert.Equal("draft", workflow.GetProperty("status").GetString());
        var last = workflow.GetProperty("steps").EnumerateArray().Last();
        Assert.Equal(("Unlock", "approved", "draft", "更正 AC1.1 年度實際值", await app.AccountAsync(Roles.Planner)),
            (last.String("action"), last.String("from"), last.String("to"), last.String("comment"), last.String("user")));

        // Open again: the agency enters, a planner may replace the plan.
        var editor = await app.ApiClientAsync(Persona.Editor, org);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.PutAsync(Api(org, "kpis/AC1.1/actual"), EvaluationKit.Json(
            """{"inputs":{"當年度通報案件中為過去1年內結案之件數":81,"當年度通報案件數":1000},"version":0}"""))).StatusCode);
        Assert.Equal("8.1", (await app.StateAsync(org)).Actual);
        Assert.Equal(HttpStatusCode.OK, (await planner.PostAsync("/api/import?replace=true", EvaluationKit.Json(replacement))).StatusCode);
    }

    [Fact]
    public async Task A_form_opened_before_the_approval_and_saved_after_it_gets_409_and_says_it_is_approved()
    {
        var org = await ApprovedPlanAsync();

        foreach (var (who, page, open, type) in LockedForms)
        {
            // Opened while the plan was open for this form, saved once it is approved: the form is shown again
            // read-only, without a save button.
            await app.SetStatusAsync(org, open);
            var (client, url, fields) = await TypeIntoFormAsync(org, who, page, type);
            await app.SetStatusAsync(org, PlanStatus.Approved);
            var before = await app.StateAsync(org);

            var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));

            var document = await EvaluationKit.ParseAsync(response, app.ServerAddress, url, HttpStatusCode.Conflict);
            Assert.Contains("已核定", document.QuerySelector("main .notice.error[role=alert]")?.TextContent);
            Assert.Null(document.QuerySelector("main form button[type=submit]"));   // a locked form has no save button
            Assert.Equal(before, await app.StateAsync(org));
        }
    }

    private static readonly (Persona Who, string Page, PlanStatus Open, Action<List<KeyValuePair<string, string>>, IHtmlFormElement> Type)[] LockedForms =
    [
        (Persona.Editor, "entry", PlanStatus.Draft, (fields, form) => fields.Set($"Rows[{form.RowIndex("AC3.1")}].Value", "95")),
        (Persona.Reviewer, "review", PlanStatus.Submitted, (fields, form) => fields.Set($"Rows[{form.RowIndex("AC1.1")}].Text", "複核意見")),
        (Persona.Planner, "settings", PlanStatus.Draft, (fields, _) => fields.Set("BandExcellent", "95")),
    ];

    /// <summary>Opens a form as the person and types into it.</summary>
    private async Task<(HttpClient Client, string Url, List<KeyValuePair<string, string>> Fields)> TypeIntoFormAsync(string org, Persona who, string page,
        Action<List<KeyValuePair<string, string>>, IHtmlFormElement> type)
    {
        var client = await app.PageClientAsync(who, org);
        var url = $"/orgs/{org}/{MatrixKit.Year}/{page}";
        var opened = await client.OpenAsync(app.ServerAddress, url);
        var form = opened.QuerySelectorAll("main form[method=post]").OfType<IHtmlFormElement>().Single();
        var fields = form.Fields();
        type(fields, form);
        return (client, url, fields);
    }

    /// <summary>The workflow form of an approved plan refuses every step but unlocking with 409 and says why.</summary>
    [Fact]
    public async Task The_workflow_form_of_an_approved_plan_refuses_steps_with_409()
    {
        var org = await ApprovedPlanAsync();
        var before = await app.StateAsync(org);
        var administrator = await app.PageClientAsync(Persona.Administrator, org);
        var url = $"/orgs/{org}/{MatrixKit.Year}/workflow";
        foreach (var step in new[] { "Submit", "StartReview", "Approve", "Return" })
        {
            var response = await administrator.PostFormAsync(url, [new("Version", before.PlanVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("step", step), new("Comment", "再看一次")]);

            var page = await EvaluationKit.ParseAsync(response, app.ServerAddress, url, HttpStatusCode.Conflict);
            Assert.Contains("已核定", page.QuerySelector("main .notice.error[role=alert]")?.TextContent);
        }
        Assert.Equal(before, await app.StateAsync(org));
    }

    [Fact]
    public async Task The_409_of_an_approved_plan_is_titled_as_a_lock_not_as_someone_elses_change()
    {
        var org = await ApprovedPlanAsync();
        var attempts = new (Persona Who, HttpMethod Method, string Url, string Body)[]
        {
            (Persona.Editor, HttpMethod.Put, Api(org, "kpis/AC1.1/actual"), """{"value":"8.1"}"""),
            (Persona.Planner, HttpMethod.Put, Api(org, "evaluation/settings"), Settings),
            (Persona.Editor, HttpMethod.Post, Api(org, "workflow/submit"), "{}"),
            (Persona.Planner, HttpMethod.Post, "/api/import?replace=true", PlanJson.Write(Dataset.NewPlan(org))),
        };
        foreach (var (who, method, url, body) in attempts)
        {
            var response = await (await app.ApiClientAsync(who, org)).SendAsync(Request(method, url, body));
            var title = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString();
            Assert.DoesNotContain("他人", title);
            Assert.DoesNotContain("already exists", title);
            Assert.True(title!.Contains("核定", StringComparison.Ordinal) || title.Contains("狀態", StringComparison.Ordinal), $"{url}: {title}");
        }
    }

    [Fact]
    public async Task A_step_the_status_does_not_allow_is_refused_in_plain_English()
    {
        var org = await ApprovedPlanAsync();
        var administrator = await app.ApiClientAsync(Persona.Administrator, org);
        foreach (var (step, done) in new[] { ("submit", "submitted"), ("start-review", "put under review"), ("approve", "approved") })
        {
            var response = await administrator.PostAsync(Api(org, $"workflow/{step}"), null);
            var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Equal($"The plan is approved: it cannot be {done} now.", Assert.Single(problem.Errors()).MessageEn);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MatrixLockOnSqlite(SqliteBeacon app) : MatrixLockTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MatrixLockOnPostgres(PostgresBeacon app) : MatrixLockTests(app);
