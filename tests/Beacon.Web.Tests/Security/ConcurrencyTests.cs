using Beacon.Core.Evaluation;
using Beacon.Web.Features.Shared;
using Beacon.Web.Features.Account;
using Microsoft.AspNetCore.Http;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// Two people working on the same thing from the same starting point: the first save wins, the second is refused
/// with 409 (naming what the first one saved, where there are values to name) and overwrites nothing. Each test has
/// a fresh draft of the DV centre's 2022 plan. The two editors are different people of the same role: the agency's
/// editor and the editor of 成保組, both allowed to enter AC1.1.
/// </summary>
public abstract class ConcurrencyTests(BeaconFactory app)
{
    private static string Api(string org, string path) => $"/api/orgs/{org}/plans/{MatrixKit.Year}/{path}";

    private const string SettingsBody = """{"weights":{"achievement":0.25,"innovation":0.25,"challenge":0.3,"contribution":0.2},"bands":{"excellent":%E%,"good":%G%,"fair":70},"bandRule":"proportional","version":%V%}""";

    private static string Settings(int excellent, int good, int version) =>
        SettingsBody.Replace("%E%", $"{excellent}").Replace("%G%", $"{good}").Replace("%V%", $"{version}");

    [Fact]
    public async Task The_second_of_two_editors_saving_a_self_assessment_from_the_same_version_gets_409_naming_the_first_ones_scores()
    {
        var org = await app.ImportAsPlannerAsync();
        var first = await app.ApiClientAsync(Persona.Editor, org);
        var second = await app.ApiClientAsync(Persona.ResponsibleEditor, org);
        var version = (await first.EvaluationAsync(org)).Row("AC1.1").GetProperty("version").GetInt32();
        Assert.Equal(version, (await second.EvaluationAsync(org)).Row("AC1.1").GetProperty("version").GetInt32());

        await first.PutOkAsync(org, "AC1.1", "self", $$"""{"innovation":80,"challenge":85,"contribution":85,"explanation":"先存的","version":{{version}}}""");
        var late = await second.PutAsync(org, "AC1.1", "self", $$"""{"innovation":60,"challenge":65,"contribution":70,"explanation":"後存的","version":{{version}}}""");

        var problem = await EvaluationKit.AssertProblemAsync(late, HttpStatusCode.Conflict);
        var (path, message, messageEn) = Assert.Single(problem.Errors());
        Assert.Equal("kpis[AC1.1].self.version", path);
        Assert.Contains("自評 80/85/85", message);
        Assert.Contains("self 80/85/85", messageEn);
        var self = (await second.EvaluationAsync(org)).Row("AC1.1");
        Assert.Equal(version + 1, self.GetProperty("version").GetInt32());
        Assert.Equal((80m, 85m, 85m, "先存的"), Scores(self.GetProperty("self")));
    }

    [Fact]
    public async Task Two_self_assessments_sent_at_the_same_moment_from_the_same_version_save_one_and_refuse_the_other()
    {
        var org = await app.ImportAsPlannerAsync();
        var first = await app.ApiClientAsync(Persona.Editor, org);
        var second = await app.ApiClientAsync(Persona.ResponsibleEditor, org);
        await first.PutOkAsync(org, "AC1.1", "self", """{"innovation":70,"challenge":70,"contribution":70,"version":0}""");

        var winner = await RaceAsync(org, first, second, version: 1);

        var row = (await first.EvaluationAsync(org)).Row("AC1.1");
        Assert.Equal(2, row.GetProperty("version").GetInt32());
        Assert.Equal((winner, winner, winner, null), Scores(row.GetProperty("self")));
    }

    [Fact]
    public async Task Two_first_self_assessments_sent_at_the_same_moment_save_one_and_refuse_the_other()
    {
        var org = await app.ImportAsPlannerAsync();
        var first = await app.ApiClientAsync(Persona.Editor, org);
        var second = await app.ApiClientAsync(Persona.ResponsibleEditor, org);

        var winner = await RaceAsync(org, first, second, version: 0);

        var row = (await first.EvaluationAsync(org)).Row("AC1.1");
        Assert.Equal(1, row.GetProperty("version").GetInt32());
        Assert.Equal((winner, winner, winner, null), Scores(row.GetProperty("self")));
    }

    /// <summary>Both editors send a self-assessment based on the same version at once; one is saved, the other refused with 409. Returns the saved score.</summary>
    private static async Task<decimal> RaceAsync(string org, HttpClient first, HttpClient second, int version)
    {
        var answers = await Task.WhenAll(
            first.PutAsync(org, "AC1.1", "self", $$"""{"innovation":80,"challenge":80,"contribution":80,"version":{{version}}}"""),
            second.PutAsync(org, "AC1.1", "self", $$"""{"innovation":60,"challenge":60,"contribution":60,"version":{{version}}}"""));

        var statuses = answers.Select(a => a.StatusCode).Order().ToList();
        Assert.True(statuses.SequenceEqual([HttpStatusCode.NoContent, HttpStatusCode.Conflict]),
            $"expected one 204 and one 409, got {string.Join(", ", await Task.WhenAll(answers.Select(a => a.DescribeAsync())))}");
        return answers[0].StatusCode == HttpStatusCode.NoContent ? 80m : 60m;
    }

    [Fact]
    public async Task The_second_of_two_planners_saving_settings_from_the_same_version_gets_409_and_the_first_ones_stay()
    {
        // A plan without settings of its own is at settings version 0, as its settings page and GET evaluation show (see below).
        var org = await app.ImportAsPlannerAsync();
        var first = await app.ClientAsAsync(Roles.Planner);
        var second = await app.ClientAsAsync(Roles.Planner);

        Assert.Equal(HttpStatusCode.NoContent, (await first.PutAsync(Api(org, "evaluation/settings"), EvaluationKit.Json(Settings(95, 85, 0)))).StatusCode);
        var late = await second.PutAsync(Api(org, "evaluation/settings"), EvaluationKit.Json(Settings(88, 75, 0)));

        var problem = await EvaluationKit.AssertProblemAsync(late, HttpStatusCode.Conflict);
        var (path, message, _) = Assert.Single(problem.Errors());
        Assert.Equal("settings.version", path);
        Assert.Contains("版本 1", message);
        var bands = (await second.EvaluationAsync(org)).GetProperty("settings").GetProperty("bands");
        Assert.Equal((95m, 85m), (bands.GetProperty("excellent").GetDecimal(), bands.GetProperty("good").GetDecimal()));
    }

    [Fact]
    public async Task The_settings_version_to_send_back_is_read_from_GET_evaluation()
    {
        var org = await app.ImportAsPlannerAsync();
        var planner = await app.ClientAsAsync(Roles.Planner);
        Assert.Equal(0, (await planner.EvaluationAsync(org)).GetProperty("settingsVersion").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await planner.PutAsync(Api(org, "evaluation/settings"), EvaluationKit.Json(Settings(95, 85, 0)))).StatusCode);

        Assert.Equal(1, (await planner.EvaluationAsync(org)).GetProperty("settingsVersion").GetInt32());
    }

    [Fact]
    public async Task The_second_of_two_reviewers_taking_a_step_from_the_same_version_gets_409_and_the_first_step_stands()
    {
        var org = await app.ImportAsPlannerAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(Persona.Editor, org)).StepAsync(org, "submit")).StatusCode);
        var first = await app.ClientAsAsync(Roles.Reviewer);
        var second = await app.ClientAsAsync(Roles.Reviewer);
        var version = (await first.GetFromJsonAsync<JsonElement>(Api(org, "workflow"))).GetProperty("version").GetInt32();
        Assert.Equal(version, (await second.GetFromJsonAsync<JsonElement>(Api(org, "workflow"))).GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync(Api(org, "workflow/start-review"), EvaluationKit.Json($$"""{"version":{{version}}}"""))).StatusCode);
        var late = await second.PostAsync(Api(org, "workflow/approve"), EvaluationKit.Json($$"""{"version":{{version}}}"""));

        var problem = await EvaluationKit.AssertProblemAsync(late, HttpStatusCode.Conflict);
        var (path, message, messageEn) = Assert.Single(problem.Errors());
        Assert.Equal("version", path);
        Assert.Contains("複核中", message);
        Assert.Contains("under review", messageEn);
        var workflow = await second.GetFromJsonAsync<JsonElement>(Api(org, "workflow"));
        Assert.Equal("underReview", workflow.GetProperty("status").GetString());
        Assert.Equal(["Submit", "StartReview"], workflow.GetProperty("steps").EnumerateArray().Select(s => s.String("action")));

        // Having seen the new state, the second reviewer's step goes through.
        var current = workflow.GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await second.PostAsync(Api(org, "workflow/approve"), EvaluationKit.Json($$"""{"version":{{current}}}"""))).StatusCode);
    }

    [Fact]
    public async Task Two_browsers_posting_the_entry_form_from_the_same_page_the_second_is_shown_the_conflict_and_nothing_of_it_is_saved()
    {
        var org = await app.ImportAsPlannerAsync();
        var url = $"/orgs/{org}/{MatrixKit.Year}/entry";
        var first = await app.SignInThroughPageAsync(Persona.Editor, org);
        var second = await app.SignInThroughPageAsync(Persona.ResponsibleEditor, org);
        var (firstForm, firstFields) = await OpenEntryAsync(first, url);
        var (secondForm, secondFields) = await OpenEntryAsync(second, url);
        var row = firstForm.RowIndex("AC1.1");
        Assert.Equal(row, secondForm.RowIndex("AC1.1"));
        Assert.Equal(firstFields.Single(f => f.Key == $"Rows[{row}].Version").Value, secondFields.Single(f => f.Key == $"Rows[{row}].Version").Value);

        Type(firstFields, row, "80", "85", "85", "先存的");
        var saved = await first.PostAsync(url, new FormUrlEncodedContent(firstFields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{url}?saved=1", saved.Headers.Location?.PathAndQuery());

        Type(secondFields, row, "60", "65", "70", "後存的");
        secondFields.Set($"Rows[{row}].Inputs[當年度通報案件中為過去1年內結案之件數]", "90");   // and the actual in the same save
        secondFields.Set($"Rows[{row}].Inputs[當年度通報案件數]", "1000");
        var refused = await second.PostAsync(url, new FormUrlEncodedContent(secondFields));

        var page = await EvaluationKit.ParseAsync(refused, app.ServerAddress, url, HttpStatusCode.Conflict);
        var kpiRow = page.KpiRow("AC1.1");
        var error = kpiRow.QuerySelector(".field-error")?.TextContent ?? "";
        Assert.Contains("已被他人更新", error);
        Assert.Contains("自評 80/85/85", error);
        Assert.Contains("有 1 個欄位需要修正，尚未儲存任何資料", page.QuerySelector("main .notice.error[role=alert]")?.TextContent);
        // What the second person typed is still in the form, to compare and save again.
        Assert.Equal(["60", "65", "70"], new[] { "Innovation", "Challenge", "Contribution" }
            .Select(f => ((IHtmlInputElement)page.QuerySelector($"#Rows_{row}__{f}")!).Value));

        var evaluation = await (await app.ApiClientAsync(Persona.Viewer, org)).EvaluationAsync(org);
        Assert.Equal((80m, 85m, 85m, "先存的"), Scores(evaluation.Row("AC1.1").GetProperty("self")));
        Assert.Null(evaluation.Row("AC1.1").String("actual"));
    }

    // ---- actuals: one version per KPI and year ----

    [Fact]
    public async Task An_actual_changed_through_the_API_is_not_reverted_by_a_form_opened_before_and_saved_with_another_change()
    {
        // Client B sets BC2.1 to 85; person A opens the entry form; B changes BC2.1 to 33; A, who only edited BC3.2's
        // explanation, saves. A's save writes BC3.2 alone: BC2.1 stays 33.
        var org = await app.ImportAsPlannerAsync();
        var b = await app.ApiClientAsync(Persona.Editor, org);
        await b.PutOkAsync(org, "BC2.1", "actual", """{"value":"85"}""");
        var url = $"/orgs/{org}/{MatrixKit.Year}/entry";
        var a = await app.SignInThroughPageAsync(Persona.Editor, org);
        var (form, fields) = await OpenEntryAsync(a, url);
        await b.PutOkAsync(org, "BC2.1", "actual", """{"value":"33"}""");

        fields.Set($"Rows[{form.RowIndex("BC3.2")}].Text", "依公式重算");
        var saved = await a.PostAsync(url, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{url}?saved=1", saved.Headers.Location?.PathAndQuery());
        var evaluation = await b.EvaluationAsync(org);
        Assert.Equal("33", evaluation.Row("BC2.1").String("actual"));
        Assert.Equal("依公式重算", evaluation.Row("BC3.2").GetProperty("self").String("text"));
    }

    [Fact]
    public async Task An_actual_changed_on_the_form_after_someone_else_changed_it_is_refused_naming_their_value()
    {
        var org = await app.ImportAsPlannerAsync();
        var b = await app.ApiClientAsync(Persona.Editor, org);
        var url = $"/orgs/{org}/{MatrixKit.Year}/entry";
        var a = await app.SignInThroughPageAsync(Persona.Editor, org);
        var (form, fields) = await OpenEntryAsync(a, url);
        await b.PutOkAsync(org, "BC2.1", "actual", """{"value":"33"}""");

        fields.Set($"Rows[{form.RowIndex("BC2.1")}].Value", "85");
        var refused = await a.PostAsync(url, new FormUrlEncodedContent(fields));

        var page = await EvaluationKit.ParseAsync(refused, app.ServerAddress, url, HttpStatusCode.Conflict);
        var error = page.KpiRow("BC2.1").QuerySelector(".field-error")?.TextContent ?? "";
        Assert.Contains("已被他人更新", error);
        Assert.Contains("實際值 33", error);
        Assert.Equal("33", (await b.EvaluationAsync(org)).Row("BC2.1").String("actual"));
    }

    [Fact]
    public async Task The_second_of_two_clients_putting_an_actual_from_the_same_version_gets_409_naming_the_first_value()
    {
        // AC1.1's actual comes from its formula's inputs: 400 of 1000 → 40, 470 of 1000 → 47.
        var org = await app.ImportAsPlannerAsync();
        var first = await app.ApiClientAsync(Persona.Editor, org);
        var second = await app.ApiClientAsync(Persona.ResponsibleEditor, org);
        var version = (await first.EvaluationAsync(org)).Row("AC1.1").GetProperty("version").GetInt32();

        var saved = await first.PutAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(400, version));
        var late = await second.PutAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(470, version));

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        var problem = await EvaluationKit.AssertProblemAsync(late, HttpStatusCode.Conflict);
        var (path, message, messageEn) = Assert.Single(problem.Errors());
        Assert.Equal("kpis[AC1.1].actual.version", path);
        Assert.Contains("實際值 40", message);
        Assert.Contains("actual 40", messageEn);
        var row = (await second.EvaluationAsync(org)).Row("AC1.1");
        Assert.Equal("40", row.String("actual"));
        Assert.Equal(version + 1, row.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Two_first_actuals_sent_at_the_same_moment_save_one_and_refuse_the_other()
    {
        var org = await app.ImportAsPlannerAsync();
        var first = await app.ApiClientAsync(Persona.Editor, org);
        var second = await app.ApiClientAsync(Persona.ResponsibleEditor, org);

        var answers = await Task.WhenAll(
            first.PutAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(400, 0)),
            second.PutAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(470, 0)));

        var statuses = answers.Select(a => a.StatusCode).Order().ToList();
        Assert.True(statuses.SequenceEqual([HttpStatusCode.NoContent, HttpStatusCode.Conflict]),
            $"expected one 204 and one 409, got {string.Join(", ", await Task.WhenAll(answers.Select(a => a.DescribeAsync())))}");
        var row = (await first.EvaluationAsync(org)).Row("AC1.1");
        Assert.Equal(answers[0].StatusCode == HttpStatusCode.NoContent ? "40" : "47", row.String("actual"));
        Assert.Equal(1, row.GetProperty("version").GetInt32());
    }

    // ---- a step taken between reading the plan and writing ----

    [Fact]
    public async Task A_review_is_refused_when_the_plan_is_approved_after_the_status_was_read_and_writes_nothing()
    {
        var org = await app.ImportAsPlannerAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(Persona.Editor, org)).StepAsync(org, "submit")).StatusCode);
        var before = await app.StateAsync(org);

        var result = await SaveWithStepInBetweenAsync(Roles.Reviewer, null, org, PlanStatus.Approved,
            (writer, user) => writer.SaveAsync(org, MatrixKit.Year, [new KpiEntry("AC1.1", Review: new ReviewEntry(60, 60, 60, Comment: "來不及", Version: 0))], user));

        Assert.True(result.Locked && result.StatusCode == StatusCodes.Status409Conflict, string.Join("; ", result.Problems));
        Assert.Contains("已核定", Assert.Single(result.Problems).Message);
        var after = await app.StateAsync(org);
        Assert.Equal(PlanStatus.Approved, after.Status);
        Assert.Equal((before.ReviewInnovation, before.ReviewComment, before.AssessmentVersion), (after.ReviewInnovation, after.ReviewComment, after.AssessmentVersion));
    }

    [Fact]
    public async Task An_actual_is_refused_when_the_plan_is_submitted_after_the_status_was_read()
    {
        var org = await app.ImportAsPlannerAsync();

        var result = await SaveWithStepInBetweenAsync(Roles.AgencyEditor, org, org, PlanStatus.Submitted,
            (writer, user) => writer.SaveAsync(org, MatrixKit.Year, [new KpiEntry("AC3.1", Actual: new ActualEntry("40", Version: 0))], user));

        Assert.True(result.Locked, string.Join("; ", result.Problems));
        Assert.Contains("submitted", Assert.Single(result.Problems).MessageEn);
        Assert.Null((await (await app.ApiClientAsync(Persona.Viewer, org)).EvaluationAsync(org)).Row("AC3.1").String("actual"));
    }

    [Fact]
    public async Task Settings_are_refused_when_the_plan_is_approved_after_the_status_was_read()
    {
        var org = await app.ImportAsPlannerAsync();

        var result = await SaveWithStepInBetweenAsync(Roles.Planner, null, org, PlanStatus.Approved,
            (writer, user) => writer.SaveSettingsAsync(org, MatrixKit.Year, Beacon.Core.Evaluation.EvaluationSettings.Default with
            {
                Bands = new Beacon.Core.Evaluation.LightBands(95, 85, 70),
            }, 0, user));

        Assert.True(result.Locked, string.Join("; ", result.Problems));
        Assert.Contains("approved", Assert.Single(result.Problems).MessageEn);
        var state = await app.StateAsync(org);
        Assert.Equal((null, 0), (state.BandExcellent, state.SettingsVersion));
    }

    /// <summary>A writer as a request of the person would get it, with the plan moved to <paramref name="status"/> by someone else after its checks and before its transaction.</summary>
    private async Task<WriteOutcome> SaveWithStepInBetweenAsync(string role, string? organisation, string org, PlanStatus status, Func<EvaluationWriter, Actor, Task<WriteOutcome>> save)
    {
        var email = await app.AccountAsync(role, organisation);
        await using var scope = app.CreateScope();
        var services = scope.ServiceProvider;
        var account = await services.GetRequiredService<UserManager<BeaconUser>>().FindByEmailAsync(email);
        var user = await services.GetRequiredService<IUserClaimsPrincipalFactory<BeaconUser>>().CreateAsync(account!);
        var writer = services.GetRequiredService<EvaluationWriter>();
        writer.BeforeTransaction = async ct =>
        {
            await using var other = app.CreateScope();
            var db = other.ServiceProvider.GetRequiredService<BeaconDb>();
            var plan = await db.Plans.SingleAsync(p => p.Organisation.Code == org && p.Year == MatrixKit.Year, ct);
            plan.Status = status;
            plan.Version++;
            await db.SaveChangesAsync(ct);
        };
        return await save(writer, user.Actor());
    }

    private static async Task<(IHtmlFormElement Form, List<KeyValuePair<string, string>> Fields)> OpenEntryAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var page = await EvaluationKit.ParseAsync(response, new Uri(client.BaseAddress!, "/"), url);
        var form = page.QuerySelectorAll("form.entry").OfType<IHtmlFormElement>().Single();
        return (form, form.Fields());
    }

    private static void Type(List<KeyValuePair<string, string>> fields, int row, string innovation, string challenge, string contribution, string explanation)
    {
        fields.Set($"Rows[{row}].Innovation", innovation);
        fields.Set($"Rows[{row}].Challenge", challenge);
        fields.Set($"Rows[{row}].Contribution", contribution);
        fields.Set($"Rows[{row}].Text", explanation);
    }

    private static (decimal?, decimal?, decimal?, string?) Scores(JsonElement score) =>
        (score.Decimal("innovation"), score.Decimal("challenge"), score.Decimal("contribution"), score.String("text"));
}

[Collection(SqliteCollection.Name)]
public sealed class ConcurrencyOnSqlite(SqliteBeacon app) : ConcurrencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ConcurrencyOnPostgres(PostgresBeacon app) : ConcurrencyTests(app);
