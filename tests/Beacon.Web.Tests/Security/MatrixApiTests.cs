using System.Net;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// Every write endpoint of the API tried by every persona, each action in the status it needs (so a refusal is about
/// the person, not the plan), on one draft of the DV centre's 2022 plan per database. A refused write changes nothing
/// in the database; a done one changes exactly what it says.
/// </summary>
public abstract class MatrixApiTests(BeaconFactory app)
{
    /// <summary>
    /// Who may do what through the API (Permissions.cs; PlanWorkflow.Allowed for the steps). ✓ = done (2xx),
    /// 401 = not signed in, 403 = signed in but not allowed. The division editor is bound to 性保組 and writes AC1.1,
    /// whose responsible divisions are 成保組 and 兒少組; the responsible editor is bound to 成保組. Submitting is the
    /// agency's step and is not tied to divisions. Import is of a new year of the plan's organisation: its editor may
    /// import it unless bound to divisions. entry-sheet uploads a filled-in entry sheet (the same self-assessment as
    /// self, so the same people); plan-sheet creates a new year from the plan's scorecard spreadsheet (as import).
    /// </summary>
    public const string Rules = """
                           import  actual  progress  self  review  settings  submit  start-review  approve  return  unlock  entry-sheet  plan-sheet
        anonymous          401     401     401       401   401     401       401     401           401      401     401     401          401
        viewer             403     403     403       403   403     403       403     403           403      403     403     403          403
        editor             ✓       ✓       ✓         ✓     403     403       ✓       403           403      403     403     ✓            ✓
        other-editor       403     403     403       403   403     403       403     403           403      403     403     403          403
        division-editor    403     403     403       403   403     403       ✓       403           403      403     403     403          403
        responsible-editor 403     ✓       ✓         ✓     403     403       ✓       403           403      403     403     ✓            403
        reviewer           403     403     403       403   ✓       403       403     ✓             ✓        ✓       403     403          403
        planner            ✓       403     403       403   403     ✓         ✓       ✓             ✓        ✓       ✓       403          ✓
        administrator      ✓       ✓       ✓         ✓     ✓       ✓         ✓       ✓             ✓        ✓       ✓       ✓            ✓
        """;

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (action, persona, cell) in MatrixKit.Cells(Rules)) data.Add(action, persona, cell);
        return data;
    }

    /// <summary>An API write: the status it needs, the request (its body given the plan's version), and whether the state after it shows it done.</summary>
    private sealed record Write(PlanStatus Needs, HttpMethod Method, string Path, Func<int, string> Body, Func<MatrixKit.PlanState, bool> Done)
    {
        public Write(PlanStatus needs, HttpMethod method, string path, string body, Func<MatrixKit.PlanState, bool> done) : this(needs, method, path, _ => body, done) { }
    }

    private static Write WriteFor(string action, int n) => action switch
    {
        // AC1.1's actual is computed from its two inputs: (80 + n) ÷ 1000 × 100 = 8.n. Writes send the version read (%V%).
        "actual" => new(PlanStatus.Draft, HttpMethod.Put, $"kpis/{MatrixKit.Kpi}/actual",
            $$"""{"inputs":{"當年度通報案件中為過去1年內結案之件數":{{80 + n}},"當年度通報案件數":1000},"version":%V%}""", s => s.Actual == $"8.{n}"),
        "progress" => new(PlanStatus.Draft, HttpMethod.Put, $"kpis/{MatrixKit.Kpi}/progress",
            $$"""{"values":{"Q1":{"inputs":{"當年度通報案件中為過去1年內結案之件數":{{20 + n}},"當年度通報案件數":1000} } },"version":%V%}""", s => s.ProgressQ1 == $"2.{n}"),
        "self" => new(PlanStatus.Draft, HttpMethod.Put, $"kpis/{MatrixKit.Kpi}/self",
            $$"""{"innovation":{{70 + n}},"challenge":70,"contribution":70,"version":%V%}""", s => s.SelfInnovation == 70 + n),
        "review" => new(PlanStatus.Submitted, HttpMethod.Put, $"kpis/{MatrixKit.Kpi}/review",
            $$"""{"innovation":{{60 + n}},"challenge":60,"contribution":60,"comment":"複核 {{n}}","version":%V%}""", s => s.ReviewInnovation == 60 + n),
        "settings" => new(PlanStatus.Draft, HttpMethod.Put, "evaluation/settings",
            $$"""{"weights":{"achievement":0.25,"innovation":0.25,"challenge":0.3,"contribution":0.2},"bands":{"excellent":{{90 + n}},"good":80,"fair":70},"bandRule":"proportional","version":%V%}""",
            s => s.BandExcellent == 90 + n),
        "submit" => Step(PlanStatus.Draft, action, PlanStatus.Submitted),
        "start-review" => Step(PlanStatus.Submitted, action, PlanStatus.UnderReview),
        "approve" => Step(PlanStatus.Submitted, action, PlanStatus.Approved),
        "return" => Step(PlanStatus.Submitted, action, PlanStatus.Returned),
        "unlock" => Step(PlanStatus.Approved, action, PlanStatus.Draft),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not in the rule table"),
    };

    private static Write Step(PlanStatus from, string slug, PlanStatus to) =>
        new(from, HttpMethod.Post, $"workflow/{slug}", version => $$"""{"comment":"矩陣測試：說明原因","version":{{version}}}""", s => s.Status == to);

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_write_endpoint_is_done_or_refused_for_each_person_as_the_rules_say(string action, string persona, string expected)
    {
        var who = MatrixKit.Names[persona];
        if (action == "import")
        {
            await ImportAsync(who, expected);
            return;
        }
        if (action == "entry-sheet")
        {
            await EntrySheetAsync(who, expected);
            return;
        }
        if (action == "plan-sheet")
        {
            await PlanSheetAsync(who, expected);
            return;
        }
        var org = await app.SharedDraftAsync(nameof(MatrixApiTests));
        var write = WriteFor(action, (int)who);
        await app.SetStatusAsync(org, write.Needs);
        var before = await app.StateAsync(org);
        var client = await app.ApiClientAsync(who, org);

        // Evaluation writes send the version read (%V%); workflow steps the plan's.
        var body = write.Body(before.PlanVersion).Replace("%V%", $"{(action == "settings" ? before.SettingsVersion : before.AssessmentVersion)}", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(write.Method, $"/api/orgs/{org}/plans/{MatrixKit.Year}/{write.Path}") { Content = EvaluationKit.Json(body) };
        var response = await client.SendAsync(request);

        var after = await app.StateAsync(org);
        if (expected == "✓")
        {
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{persona} {action}: expected 204, got {await response.DescribeAsync()}");
            Assert.False(write.Done(before), $"{persona} {action}: the state already showed the write before it");
            Assert.True(write.Done(after), $"{persona} {action}: answered 204 but the database shows {after}");
        }
        else
        {
            Assert.True((int)response.StatusCode == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
                $"{persona} {action}: expected {expected}, got {await response.DescribeAsync()}");
            Assert.Equal(before, after);
            if (expected == "403") await AssertSaysWhyAsync(response);
        }
    }

    private async Task ImportAsync(Persona who, string expected)
    {
        // A new year of the shared draft's organisation, one per persona, so that each attempt is a new plan.
        var org = await app.SharedDraftAsync(nameof(MatrixApiTests));
        var plan = Dataset.NewPlan(org) with { Year = 2030 + (int)who };
        var client = await app.ApiClientAsync(who, org);

        var response = await client.PostAsync("/api/import", EvaluationKit.Json(PlanJson.Write(plan)));

        await using var scope = app.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<BeaconDb>().Plans.AsNoTracking()
            .Where(p => p.Organisation.Code == org && p.Year == plan.Year).Select(p => (PlanStatus?)p.Status).SingleOrDefaultAsync();
        if (expected == "✓")
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who} import: expected 200, got {await response.DescribeAsync()}");
            Assert.Equal(PlanStatus.Draft, stored);
        }
        else
        {
            Assert.True((int)response.StatusCode == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
                $"{who} import: expected {expected}, got {await response.DescribeAsync()}");
            Assert.True(stored is null, $"{who}'s refused import wrote the plan");
            if (expected == "403") await AssertSaysWhyAsync(response);
        }
    }

    /// <summary>
    /// An entry sheet as CSV: AC1.1's scores, the first one the persona's own (50 + n), with the version read. Saved, it
    /// answers 200 with the changes; refused, nothing changes.
    /// </summary>
    private async Task EntrySheetAsync(Persona who, string expected)
    {
        var org = await app.SharedDraftAsync(nameof(MatrixApiTests));
        await app.SetStatusAsync(org, PlanStatus.Draft);
        var before = await app.StateAsync(org);
        var innovation = 50 + (int)who;
        var csv = $"代碼,創新度,挑戰度,貢獻度,版本\n{MatrixKit.Kpi},{innovation},70,70,{before.AssessmentVersion}\n";
        var client = await app.ApiClientAsync(who, org);

        var response = await client.PostAsync($"/api/orgs/{org}/plans/{MatrixKit.Year}/entry-sheet", SheetContent(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv"));

        var after = await app.StateAsync(org);
        if (expected == "✓")
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who} entry-sheet: expected 200, got {await response.DescribeAsync()}");
            Assert.NotEqual(innovation, before.SelfInnovation);
            Assert.Equal(innovation, after.SelfInnovation);
        }
        else
        {
            Assert.True((int)response.StatusCode == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
                $"{who} entry-sheet: expected {expected}, got {await response.DescribeAsync()}");
            Assert.Equal(before, after);
            if (expected == "403") await AssertSaysWhyAsync(response);
        }
    }

    /// <summary>
    /// A new year (2040 + n) of the shared draft's organisation from its own scorecard as the documents export it (XLSX):
    /// created as a draft, or refused with nothing written.
    /// </summary>
    private async Task PlanSheetAsync(Persona who, string expected)
    {
        var org = await app.SharedDraftAsync(nameof(MatrixApiTests));
        var year = 2040 + (int)who;
        var administrator = await app.ApiClientAsync(Persona.Administrator, org);
        var scorecard = await administrator.GetByteArrayAsync($"/api/orgs/{org}/plans/{MatrixKit.Year}/documents/scorecard.xlsx");
        var client = await app.ApiClientAsync(who, org);

        var response = await client.PostAsync($"/api/orgs/{org}/plans/{year}/plan-sheet",
            SheetContent(scorecard, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

        await using var scope = app.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<BeaconDb>().Plans.AsNoTracking()
            .Where(p => p.Organisation.Code == org && p.Year == year).Select(p => (PlanStatus?)p.Status).SingleOrDefaultAsync();
        if (expected == "✓")
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who} plan-sheet: expected 200, got {await response.DescribeAsync()}");
            Assert.Equal(PlanStatus.Draft, stored);
        }
        else
        {
            Assert.True((int)response.StatusCode == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
                $"{who} plan-sheet: expected {expected}, got {await response.DescribeAsync()}");
            Assert.True(stored is null, $"{who}'s refused plan-sheet upload wrote the plan");
            if (expected == "403") await AssertSaysWhyAsync(response);
        }
    }

    private static ByteArrayContent SheetContent(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        return content;
    }

    /// <summary>A 403 of the API is a problem document whose title says who may do it.</summary>
    private static async Task AssertSaysWhyAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    /// <summary>
    /// The writes that are not about a plan: a bearer token (anyone with an account's password gets one; signed in or
    /// not makes no difference) and the evaluation calendar (planners and administrators).
    /// </summary>
    public const string OtherRules = """
                           token  calendar
        anonymous          ✓      401
        viewer             ✓      403
        editor             ✓      403
        other-editor       ✓      403
        division-editor    ✓      403
        responsible-editor ✓      403
        reviewer           ✓      403
        planner            ✓      ✓
        administrator      ✓      ✓
        """;

    public static TheoryData<string, string, string> OtherCells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (action, persona, cell) in MatrixKit.Cells(OtherRules)) data.Add(action, persona, cell);
        return data;
    }

    /// <summary>The calendar year the matrix writes; no other test uses it.</summary>
    private const int CalendarYear = 2060;

    [Theory]
    [MemberData(nameof(OtherCells))]
    public async Task Each_other_write_is_done_or_refused_for_each_person_as_the_rules_say(string action, string persona, string expected)
    {
        var who = MatrixKit.Names[persona];
        var org = await app.SharedDraftAsync(nameof(MatrixApiTests));
        var client = await app.ApiClientAsync(who, org);
        if (action == "token")
        {
            // The persona's own account; anonymous asks with the viewer's.
            var (role, organisation, divisions) = MatrixKit.Account(who == Persona.Anonymous ? Persona.Viewer : who, org);
            var email = await app.AccountAsync(role, organisation, divisions);
            var response = await client.PostAsync("/api/token", EvaluationKit.Json(JsonSerializer.Serialize(new { email, password = BeaconFactory.TestPassword })));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{persona} token: {await response.DescribeAsync()}");
            Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()));
            return;
        }

        var before = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/calendar/{CalendarYear}")).RootElement;
        var version = before.GetProperty("version").GetInt32();
        var note = $"矩陣測試 {persona}";
        var body = JsonSerializer.Serialize(new
        {
            version,
            entryOpens = new { date = "2061-01-02", note },
            submissionDeadline = new { date = "2061-01-31" },
            reviewDeadline = new { date = "2061-03-31" },
            publication = new { date = "2061-05-31" },
        });
        var put = await client.PutAsync($"/api/calendar/{CalendarYear}", EvaluationKit.Json(body));
        var after = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/calendar/{CalendarYear}")).RootElement;
        if (expected == "✓")
        {
            Assert.True(put.StatusCode == HttpStatusCode.NoContent, $"{persona} calendar: {await put.DescribeAsync()}");
            Assert.Equal(version + 1, after.GetProperty("version").GetInt32());
            Assert.Equal(note, after.GetProperty("entryOpens").GetProperty("note").GetString());
        }
        else
        {
            Assert.True((int)put.StatusCode == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), $"{persona} calendar: expected {expected}, got {await put.DescribeAsync()}");
            Assert.Equal(before.GetRawText(), after.GetRawText());
            if (expected == "403") await AssertSaysWhyAsync(put);
        }
    }

    /// <summary>The endpoint each column of the API tables drives, as <see cref="WriteEndpoints"/> names it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Endpoints = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["import"] = "POST /api/import",
        ["actual"] = "PUT /api/orgs/{org}/plans/{year:int}/kpis/{code}/actual",
        ["progress"] = "PUT /api/orgs/{org}/plans/{year:int}/kpis/{code}/progress",
        ["self"] = "PUT /api/orgs/{org}/plans/{year:int}/kpis/{code}/self",
        ["review"] = "PUT /api/orgs/{org}/plans/{year:int}/kpis/{code}/review",
        ["settings"] = "PUT /api/orgs/{org}/plans/{year:int}/evaluation/settings",
        ["submit"] = "POST /api/orgs/{org}/plans/{year:int}/workflow/{action}",
        ["start-review"] = "POST /api/orgs/{org}/plans/{year:int}/workflow/{action}",
        ["approve"] = "POST /api/orgs/{org}/plans/{year:int}/workflow/{action}",
        ["return"] = "POST /api/orgs/{org}/plans/{year:int}/workflow/{action}",
        ["unlock"] = "POST /api/orgs/{org}/plans/{year:int}/workflow/{action}",
        ["token"] = "POST /api/token",
        ["calendar"] = "PUT /api/calendar/{year:int}",
        ["entry-sheet"] = "POST /api/orgs/{org}/plans/{year:int}/entry-sheet",
        ["plan-sheet"] = "POST /api/orgs/{org}/plans/{year:int}/plan-sheet",
    };

    [Fact]
    public void The_rule_tables_cover_every_persona_every_column_and_every_workflow_step()
    {
        foreach (var table in new[] { Rules, OtherRules, MatrixPageTests.Rules, MatrixPageTests.OtherRules })
        {
            var cells = MatrixKit.Cells(table).ToList();
            Assert.Equal(Enum.GetNames<Persona>().Length, cells.Select(c => c.Persona).Distinct().Count());
        }
        Assert.Equal(MatrixKit.Cells(Rules).Concat(MatrixKit.Cells(OtherRules)).Select(c => c.Action).Distinct().Order(), Endpoints.Keys.Order());
        Assert.Equal(MatrixKit.Cells(MatrixPageTests.Rules).Concat(MatrixKit.Cells(MatrixPageTests.OtherRules)).Select(c => c.Action).Distinct().Order(),
            MatrixPageTests.Endpoints.Keys.Order());
        var steps = Enum.GetValues<WorkflowAction>().Select(Beacon.Web.Features.Workflow.WorkflowApi.Slug).ToList();
        Assert.All(steps, step => Assert.Contains(step, MatrixKit.Cells(Rules).Select(c => c.Action)));
        Assert.All(steps, step => Assert.Contains(step, MatrixKit.Cells(MatrixPageTests.Rules).Select(c => c.Action)));
    }

    /// <summary>
    /// The app's real write endpoints (its routing table, API and page handlers alike) against the rule tables: one
    /// that no column drives fails here, and so does a column naming an endpoint the app does not have.
    /// </summary>
    [Fact]
    public async Task Every_write_endpoint_of_the_app_is_driven_by_a_column_of_the_rule_tables()
    {
        var real = await WriteEndpoints.OfAsync(app);
        var driven = Endpoints.Values.Concat(MatrixPageTests.Endpoints.Values)
            .Concat(Authoring.AuthoringMatrixTests.ApiEndpoints.Values).Concat(Authoring.AuthoringMatrixTests.PageEndpoints.Values).ToHashSet(StringComparer.Ordinal);

        var missing = real.Where(e => !driven.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "write endpoints no rule table drives:\n  " + string.Join("\n  ", missing));
        var unknown = driven.Where(e => !real.Contains(e)).ToList();
        Assert.True(unknown.Count == 0, "the rule tables name endpoints the app does not have:\n  " + string.Join("\n  ", unknown));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MatrixApiOnSqlite(SqliteBeacon app) : MatrixApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MatrixApiOnPostgres(PostgresBeacon app) : MatrixApiTests(app);
