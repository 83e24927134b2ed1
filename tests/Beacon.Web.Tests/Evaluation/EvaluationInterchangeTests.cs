using System.Net;
using System.Text;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// A whole evaluated year travels in the interchange document: a plan given assessments, formula inputs, settings
/// and progress values through the API exports, imports under another organisation code, and exports again to the
/// same bytes apart from the code.
/// </summary>
public abstract class EvaluationInterchangeTests(BeaconFactory app) : IAsyncLifetime
{
    private HttpClient client = null!;   // a signed-in reader: the plans are drafts

    public async Task InitializeAsync() => client = await app.ReaderAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_plan_with_assessments_inputs_settings_and_progress_values_round_trips_byte_for_byte()
    {
        var org = await app.ImportPlanAsync();
        var agency = await app.AgencyAsync(org);
        var planner = await app.ClientAsync(Roles.Planner);
        var reviewer = await app.ReviewerAsync();
        var settings = await planner.PutSettingsAsync(org,
            """{"weights":{"achievement":0.3,"innovation":0.2,"challenge":0.3,"contribution":0.2},"bands":{"excellent":90.5,"good":80,"fair":72.5},"bandRule":"zeroOutside"}""");
        Assert.Equal(HttpStatusCode.NoContent, settings.StatusCode);
        await agency.PutOkAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(81));
        await agency.PutOkAsync(org, "AC1.1", "self", """{"innovation":80,"challenge":85.5,"contribution":85,"explanation":"擴大安全網"}""");
        await agency.PutOkAsync(org, "AC2.1", "actual", """{"inputs":{"依限完成派案評估之案件":95,"通報件數":100}}""");
        await agency.PutOkAsync(org, "AC2.1", "actual", """{"inputs":{"依限完成派案評估之案件":20.25,"通報件數":25},"period":"Q1"}""");
        await agency.PutOkAsync(org, "AC3.1", "actual", """{"value":"30","period":"M6"}""");
        await agency.PutOkAsync(org, "AC3.1", "actual", """{"missingReason":"調查尚未完成"}""");
        await agency.PutOkAsync(org, "TF1.1", "self", """{"met":false}""");
        await app.SubmitAsync(org);
        await reviewer.PutOkAsync(org, "AC1.1", "review", """{"innovation":70,"challenge":80,"contribution":80,"light":"fair","met":true,"comment":"自評偏高"}""");
        await reviewer.PutOkAsync(org, "AC2.1", "review", """{"light":"poor"}""");

        var exported = await client.ExportAsync(org);

        // Everything entered is in the document.
        var document = JsonDocument.Parse(exported).RootElement;
        Assert.Equal("zeroOutside", document.GetProperty("evaluation").GetProperty("bandRule").GetString());
        Assert.Equal(90.5m, document.GetProperty("evaluation").GetProperty("bands").Decimal("excellent"));
        var ac11 = document.Kpi("AC1.1").GetProperty("assessment");
        Assert.Equal(85.5m, ac11.GetProperty("self").Decimal("challenge"));
        Assert.Equal("fair", ac11.GetProperty("review").String("light"));
        Assert.Equal(4, document.Kpi("AC2.1").GetProperty("inputs").GetArrayLength());
        Assert.Contains(document.Kpi("AC2.1").GetProperty("values").EnumerateArray(), v => v.String("period") == "Q1" && v.String("text") == "81");
        Assert.Contains(document.Kpi("AC3.1").GetProperty("values").EnumerateArray(), v => v.String("period") == "M6");
        Assert.False(document.Kpi("TF1.1").GetProperty("assessment").GetProperty("self").GetProperty("met").GetBoolean());
        Assert.False(document.Kpi("BC1.2").TryGetProperty("assessment", out _));
        Assert.False(document.Kpi("BC1.2").TryGetProperty("inputs", out _));

        // Imported under another code, it exports to the same bytes apart from the code.
        var copy = Dataset.NewOrganisationCode();
        var swapped = exported.Replace($"\"code\": \"{org}\"", $"\"code\": \"{copy}\"", StringComparison.Ordinal);
        Assert.NotEqual(exported, swapped);
        var (copyDocument, problems) = PlanJson.Read(swapped);
        Assert.True(copyDocument is not null, string.Join("; ", problems));
        await app.ImportPlanAsync(copyDocument);

        var again = await client.GetByteArrayAsync($"/api/orgs/{copy}/plans/2022");
        BytesAssert.Equal(Encoding.UTF8.GetBytes(swapped), again);

        // And it evaluates the same.
        var first = await client.EvaluationAsync(org);
        var second = await client.EvaluationAsync(copy);
        Assert.Equal(Strip(first, org), Strip(second, copy));
    }

    [Fact]
    public async Task A_document_with_an_assessment_imports_and_its_evaluation_uses_it()
    {
        var plan = Dataset.NewPlan();
        plan = plan with
        {
            Evaluation = new EvaluationSettingsDoc
            {
                Weights = new WeightsDoc(0.25m, 0.25m, 0.3m, 0.2m),
                Bands = new BandsDoc(92.5m, 80m, 75m),
                BandRule = Beacon.Core.Evaluation.BandRule.Proportional,
            },
            Objectives = [.. plan.Objectives.Select(o => o with
            {
                Kpis = [.. o.Kpis.Select(k => k.Code != "AP1.1" ? k : k with
                {
                    Values = [.. k.Values, new ValueDoc { Year = 2022, Kind = ValueKind.Actual, Text = "88.5" }],
                    Assessment = new AssessmentDoc { Self = new SelfAssessmentDoc { Innovation = 80, Challenge = 85, Contribution = 85 } },
                })],
            })],
        };
        var sent = PlanJson.Write(plan);

        var org = await app.ImportPlanAsync(plan);

        Assert.Equal(sent, await client.ExportAsync(org));
        var row = (await client.EvaluationAsync(org)).Row("AP1.1");
        Assert.Equal(110.6m, row.Decimal("achievement"));
        Assert.Equal(87.5m, row.GetProperty("self").Decimal("total"));
        Assert.Equal("good", row.GetProperty("self").GetProperty("light").GetString());
    }

    [Fact]
    public async Task A_document_is_refused_what_the_entry_refuses_with_the_same_messages_at_its_paths()
    {
        // AC1.1 (no actual for 2022): a self-assessment scored 101 and a review lit ● are what the entry API refuses;
        // AC3.1's actual ≥47 carries a comparator, which only a target may.
        var plan = Dataset.NewPlan();
        plan = plan with
        {
            Objectives = [.. plan.Objectives.Select(o => o with
            {
                Kpis = [.. o.Kpis.Select(k => k.Code switch
                {
                    "AC1.1" => k with
                    {
                        Assessment = new AssessmentDoc
                        {
                            Self = new SelfAssessmentDoc { Innovation = 101, Challenge = 85, Contribution = 85 },
                            Review = new ReviewDoc { Light = Beacon.Core.Evaluation.Light.Good },
                        },
                    },
                    "AC3.1" => k with { Values = [.. k.Values, new ValueDoc { Year = 2022, Kind = ValueKind.Actual, Text = "≥47" }] },
                    _ => k,
                })],
            })],
        };
        var planner = await app.ClientAsync(Roles.Planner);
        var before = await app.RowCountsAsync();

        var response = await planner.PostAsync("/api/import?dryRun=true", EvaluationKit.Json(PlanJson.Write(plan)));

        var errors = (await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.BadRequest)).Errors().ToDictionary(e => e.Path);
        Assert.Equal(3, errors.Count);
        Assert.Equal("創新度 101 超出範圍：應介於 0 與 100 之間", errors["$.objectives[0].kpis[0].assessment.self.innovation"].Message);
        Assert.Equal("AC1.1 尚無實際值，燈號為 ?（績效不明），不能評為「● 良」", errors["$.objectives[0].kpis[0].assessment.review.light"].Message);
        Assert.Equal("An actual value cannot carry a comparator (≥, ≤, ±).", errors["$.objectives[2].kpis[0].values[6].text"].MessageEn);
        Assert.Equal(before, await app.RowCountsAsync());
        // The entry API answers the same score with the same message.
        var org = await app.SharedPlanAsync(nameof(EvaluationInterchangeTests));
        var agency = await app.AgencyAsync(org);
        var entry = await EvaluationKit.AssertProblemAsync(await agency.PutAsync(org, "AC1.1", "self", """{"innovation":101,"challenge":85,"contribution":85}"""), HttpStatusCode.BadRequest);
        Assert.Equal(errors["$.objectives[0].kpis[0].assessment.self.innovation"].Message, Assert.Single(entry.Errors()).Message);
    }

    /// <summary>The evaluation without what differs between two copies: the organisation code and the versions.</summary>
    private static string Strip(JsonElement evaluation, string org) =>
        System.Text.RegularExpressions.Regex.Replace(evaluation.GetRawText().Replace(org, "ORG", StringComparison.Ordinal), "\"version\":\\d+", "\"version\":_");
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationInterchangeOnSqlite(SqliteBeacon app) : EvaluationInterchangeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationInterchangeOnPostgres(PostgresBeacon app) : EvaluationInterchangeTests(app);
