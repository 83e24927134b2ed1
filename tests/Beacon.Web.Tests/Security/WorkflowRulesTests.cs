using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// The workflow's own rules: a form without a real step is refused, the API needs the version it read, and the public
/// history of an approved plan says what happened and why but not who (staff e-mail addresses stay inside).
/// </summary>
public abstract class WorkflowRulesTests(BeaconFactory app)
{
    [Theory]
    [InlineData(null, "請按下要進行的步驟按鈕")]
    [InlineData("", "請按下要進行的步驟按鈕")]
    [InlineData("Publish", "「Publish」不是其中之一")]
    [InlineData("0", "「0」不是其中之一")]
    [InlineData("submit", "「submit」不是其中之一")]
    public async Task A_workflow_form_without_a_real_step_gets_400_and_changes_nothing(string? step, string says)
    {
        var org = await app.SharedDraftAsync(nameof(WorkflowRulesTests));
        await app.SetStatusAsync(org, PlanStatus.Draft);
        var before = await app.StateAsync(org);
        var editor = await app.PageClientAsync(Persona.Editor, org);
        var url = $"/orgs/{org}/{MatrixKit.Year}/workflow";
        List<KeyValuePair<string, string>> fields = [new("Version", before.PlanVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Comment", "送出")];
        if (step is not null) fields.Add(new("step", step));

        var response = await editor.PostFormAsync(url, fields);

        var page = await EvaluationKit.ParseAsync(response, app.ServerAddress, url, HttpStatusCode.BadRequest);
        Assert.Contains(says, page.QuerySelector("main .notice.error[role=alert]")?.TextContent);
        Assert.Equal(before, await app.StateAsync(org));
    }

    [Fact]
    public async Task A_step_through_the_API_without_the_version_gets_428_saying_where_to_read_it()
    {
        var org = await app.SharedDraftAsync(nameof(WorkflowRulesTests));
        await app.SetStatusAsync(org, PlanStatus.Draft);
        var before = await app.StateAsync(org);
        var editor = await app.ApiClientAsync(Persona.Editor, org);

        foreach (var body in new HttpContent?[] { null, EvaluationKit.Json("{}"), EvaluationKit.Json("""{"comment":"送出"}""") })
        {
            var response = await editor.PostAsync($"/api/orgs/{org}/plans/{MatrixKit.Year}/workflow/submit", body);

            var problem = await EvaluationKit.AssertProblemAsync(response, (HttpStatusCode)428);
            Assert.Equal(428, problem.GetProperty("status").GetInt32());
            var (path, message, messageEn) = Assert.Single(problem.Errors());
            Assert.Equal("version", path);
            Assert.Contains($"GET /api/orgs/{org}/plans/{MatrixKit.Year}/workflow", messageEn);
            Assert.Contains("(→ version)", messageEn);
            Assert.Contains("version", message);
        }
        Assert.Equal(before, await app.StateAsync(org));
    }

    [Fact]
    public async Task Anonymous_readers_of_an_approved_plan_see_the_steps_but_not_who_took_them()
    {
        var org = await app.ImportAsPlannerAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(Persona.Editor, org)).StepAsync(org, "submit", "請複核")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(Persona.Reviewer, org)).StepAsync(org, "approve", "核定")).StatusCode);
        var editorEmail = await app.AccountAsync(Roles.AgencyEditor, org);
        var reviewerEmail = await app.AccountAsync(Roles.Reviewer);
        var anonymous = app.FormClient();

        var workflow = await anonymous.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{MatrixKit.Year}/workflow");
        var steps = workflow.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["Submit", "Approve"], steps.Select(s => s.String("action")));
        Assert.Equal(["請複核", "核定"], steps.Select(s => s.String("comment")));
        Assert.All(steps, s => Assert.True(!s.TryGetProperty("user", out var user) || user.ValueKind == JsonValueKind.Null));
        var page = await anonymous.OpenAsync(app.ServerAddress, $"/orgs/{org}/{MatrixKit.Year}/workflow");
        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain(editorEmail, html);
        Assert.DoesNotContain(reviewerEmail, html);
        Assert.DoesNotContain("@", page.QuerySelector("table.history")!.TextContent);
        Assert.Equal(["送出", "草稿 → 已送出", "請複核"], page.QuerySelectorAll("table.history tbody tr").First().QuerySelectorAll("td").Skip(1).Select(c => c.Text()));

        // Signed in, the names are there.
        var viewer = await app.ApiClientAsync(Persona.Viewer, org);
        var inside = await viewer.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{MatrixKit.Year}/workflow");
        Assert.Equal([editorEmail, reviewerEmail], inside.GetProperty("steps").EnumerateArray().Select(s => s.String("user")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WorkflowRulesOnSqlite(SqliteBeacon app) : WorkflowRulesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WorkflowRulesOnPostgres(PostgresBeacon app) : WorkflowRulesTests(app);
