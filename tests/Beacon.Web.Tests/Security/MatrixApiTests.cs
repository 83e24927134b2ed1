using System.Net;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

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
    /// agency's step and is not tied to divisions.
    /// </summary>
    public const string Rules = """
                           import  actual  self  review  settings  submit  start-review  approve  return  unlock
        anonymous          401     401     401   401     401       401     401           401      401     401
        viewer             403     403     403   403     403       403     403           403      403     403
        editor             403     ✓       ✓     403     403       ✓       403           403      403     403
        other-editor       403     403     403   403     403       403     403           403      403     403
        division-editor    403     403     403   403     403       ✓       403           403      403     403
        responsible-editor 403     ✓       ✓     403     403       ✓       403           403      403     403
        reviewer           403     403     403   ✓       403       403     ✓             ✓        ✓       403
        planner            ✓       403     403   403     ✓         ✓       ✓             ✓        ✓       ✓
        administrator      ✓       ✓       ✓     ✓       ✓         ✓       ✓             ✓        ✓       ✓
        """;

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (action, persona, cell) in MatrixKit.Cells(Rules)) data.Add(action, persona, cell);
        return data;
    }

    /// <summary>An API write: the status it needs, the request, and whether the state after it shows it done.</summary>
    private sealed record Write(PlanStatus Needs, HttpMethod Method, string Path, string Body, Func<MatrixKit.PlanState, bool> Done);

    private static Write WriteFor(string action, int n) => action switch
    {
        // AC1.1's actual is computed from its two inputs: (80 + n) ÷ 1000 × 100 = 8.n. Writes send the version read (%V%).
        "actual" => new(PlanStatus.Draft, HttpMethod.Put, $"kpis/{MatrixKit.Kpi}/actual",
            $$"""{"inputs":{"當年度通報案件中為過去1年內結案之件數":{{80 + n}},"當年度通報案件數":1000},"version":%V%}""", s => s.Actual == $"8.{n}"),
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
        new(from, HttpMethod.Post, $"workflow/{slug}", """{"comment":"矩陣測試：說明原因"}""", s => s.Status == to);

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
        var org = await app.SharedDraftAsync(nameof(MatrixApiTests));
        var write = WriteFor(action, (int)who);
        await app.SetStatusAsync(org, write.Needs);
        var before = await app.StateAsync(org);
        var client = await app.ApiClientAsync(who, org);

        var body = write.Body.Replace("%V%", $"{(action == "settings" ? before.SettingsVersion : before.AssessmentVersion)}", StringComparison.Ordinal);
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
        // A new organisation's plan; the editors are those of the shared draft's organisation (one that exists).
        var plan = Dataset.NewPlan();
        var client = await app.ApiClientAsync(who, await app.SharedDraftAsync(nameof(MatrixApiTests)));

        var response = await client.PostAsync("/api/import", EvaluationKit.Json(PlanJson.Write(plan)));

        var state = await app.StateAsync(plan.Organisation.Code);
        if (expected == "✓")
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who} import: expected 200, got {await response.DescribeAsync()}");
            Assert.True(state.Exists);
            Assert.Equal(PlanStatus.Draft, state.Status);
        }
        else
        {
            Assert.True((int)response.StatusCode == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
                $"{who} import: expected {expected}, got {await response.DescribeAsync()}");
            Assert.False(state.Exists, $"{who}'s refused import wrote the plan");
            if (expected == "403") await AssertSaysWhyAsync(response);
        }
    }

    /// <summary>A 403 of the API is a problem document whose title says who may do it.</summary>
    private static async Task AssertSaysWhyAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public void The_rule_table_covers_every_persona_and_every_write()
    {
        var cells = MatrixKit.Cells(Rules).ToList();

        Assert.Equal(Enum.GetNames<Persona>().Length, cells.Select(c => c.Persona).Distinct().Count());
        Assert.Equal(["import", "actual", "self", "review", "settings", "submit", "start-review", "approve", "return", "unlock"],
            cells.Select(c => c.Action).Distinct());
        Assert.Equal(Enum.GetValues<Beacon.Web.Features.Workflow.WorkflowAction>().Select(Beacon.Web.Features.Workflow.WorkflowApi.Slug),
            cells.Select(c => c.Action).Distinct().Skip(5));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MatrixApiOnSqlite(SqliteBeacon app) : MatrixApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MatrixApiOnPostgres(PostgresBeacon app) : MatrixApiTests(app);
