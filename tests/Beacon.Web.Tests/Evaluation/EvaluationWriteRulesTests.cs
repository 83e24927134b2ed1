using System.Net;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// What a write must carry and what it may say: the version it is based on (428 without one), a formula KPI's actual
/// from its inputs only (a reason clears them), computed values at full precision, no light for a KPI whose light
/// can only be ?, and something to save. Entering on one fresh draft per class and database; reviewing on plans of
/// their own.
/// </summary>
public abstract class EvaluationWriteRulesTests(BeaconFactory app) : IAsyncLifetime
{
    private string org = null!;
    private HttpClient client = null!;   // the agency's editor of the shared draft

    public async Task InitializeAsync()
    {
        org = await app.SharedPlanAsync(nameof(EvaluationWriteRulesTests));
        client = await app.AgencyAsync(org);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IReadOnlyList<(string Path, string Message, string MessageEn)>> RefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string? plan = null)
    {
        plan ??= org;
        var before = await client.ExportAsync(plan);
        var problem = await EvaluationKit.AssertProblemAsync(await send(), status);
        Assert.Equal(before, await client.ExportAsync(plan));
        return problem.Errors();
    }

    // ---- versions are required ----

    [Theory]
    [InlineData("actual", """{"value":"40"}""", "AC3.1")]
    [InlineData("self", """{"innovation":80,"challenge":85,"contribution":85}""", "AC3.1")]
    [InlineData("progress", """{"values":{"Q1":{"value":"20"}}}""", "AC3.1")]
    public async Task A_write_without_a_version_is_a_428_saying_where_to_read_it(string what, string body, string kpi)
    {
        var errors = await RefusedAsync(() => client.PutAsIsAsync(org, kpi, what, body), HttpStatusCode.PreconditionRequired);

        var (path, message, messageEn) = Assert.Single(errors);
        Assert.Equal($"kpis[{kpi}].{what}.version", path);
        Assert.Contains("rows[].version", message);
        Assert.Contains($"GET /api/orgs/{org}/plans/2022/evaluation", messageEn);
    }

    [Fact]
    public async Task Two_self_assessments_without_a_version_are_both_refused_and_change_nothing()
    {
        const string body = """{"innovation":70,"challenge":70,"contribution":70}""";
        for (var i = 0; i < 2; i++)
            await RefusedAsync(() => client.PutAsIsAsync(org, "TL2.1", "self", body), HttpStatusCode.PreconditionRequired);

        Assert.Equal(0, (await client.EvaluationAsync(org)).Row("TL2.1").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_review_without_a_version_is_a_428()
    {
        var plan = await app.SharedPlanAsync(nameof(EvaluationWriteRulesTests) + ".submitted", submit: true);
        var reviewer = await app.ReviewerAsync();

        var errors = await RefusedAsync(() => reviewer.PutAsIsAsync(plan, "AC3.1", "review", """{"comment":"請補充"}"""), HttpStatusCode.PreconditionRequired, plan);

        Assert.Equal("kpis[AC3.1].review.version", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task Settings_without_a_version_are_a_428_pointing_at_settingsVersion()
    {
        var planner = await app.ClientAsync(Roles.Planner);

        var errors = await RefusedAsync(() => planner.PutAsync($"/api/orgs/{org}/plans/2022/evaluation/settings", EvaluationKit.Json(
            """{"weights":{"achievement":0.25,"innovation":0.25,"challenge":0.3,"contribution":0.2},"bands":{"excellent":95,"good":80,"fair":75},"bandRule":"proportional"}""")),
            HttpStatusCode.PreconditionRequired);

        var (path, _, messageEn) = Assert.Single(errors);
        Assert.Equal("settings.version", path);
        Assert.Contains("settingsVersion", messageEn);
    }

    [Fact]
    public async Task Every_write_raises_the_one_version_of_the_KPI()
    {
        var version = (await client.EvaluationAsync(org)).Row("BC3.3").GetProperty("version").GetInt32();

        await client.PutOkAsync(org, "BC3.3", "actual", """{"value":"51"}""");
        await client.PutOkAsync(org, "BC3.3", "self", """{"innovation":80,"challenge":80,"contribution":80}""");
        await client.PutOkAsync(org, "BC3.3", "progress", """{"values":{"Q2":{"value":"20"}}}""");

        Assert.Equal(version + 3, (await client.EvaluationAsync(org)).Row("BC3.3").GetProperty("version").GetInt32());
        // The self-assessment was based on the version after the actual; sending the first one again is stale.
        var errors = await RefusedAsync(() => client.PutAsync(org, "BC3.3", "actual", $$"""{"value":"52","version":{{version}}}"""), HttpStatusCode.Conflict);
        Assert.Contains("實際值 51", Assert.Single(errors).Message);
    }

    // ---- a formula KPI's actual comes from its inputs ----

    [Fact]
    public async Task A_value_typed_for_a_formula_KPI_is_a_400_naming_the_value_and_the_formula()
    {
        var errors = await RefusedAsync(() => client.PutAsync(org, "AC2.1", "actual", """{"value":"50"}"""), HttpStatusCode.BadRequest);

        var (path, message, messageEn) = Assert.Single(errors);
        Assert.Equal("kpis[AC2.1].actual.value", path);
        Assert.Contains("[依限完成派案評估之案件] / [通報件數] * 100", message);
        Assert.Contains("enter the inputs", messageEn);
    }

    [Fact]
    public async Task A_reason_for_no_value_on_a_formula_KPI_removes_the_year_s_inputs()
    {
        await client.PutOkAsync(org, "BC4.1", "actual", """{"inputs":{"6歲以上18歲以下在學中目睹家暴兒少轉知教育單位數":1947,"6歲以上 18歲以下在學中目睹家暴兒少數":1950}}""");
        Assert.Equal(2, InputsOf(System.Text.Json.JsonDocument.Parse(await client.ExportAsync(org)).RootElement.Kpi("BC4.1")));

        await client.PutOkAsync(org, "BC4.1", "actual", """{"missingReason":"教育局尚未提供"}""");

        var kpi = System.Text.Json.JsonDocument.Parse(await client.ExportAsync(org)).RootElement.Kpi("BC4.1");
        Assert.Equal(0, InputsOf(kpi));
        Assert.Equal("教育局尚未提供", (await client.EvaluationAsync(org)).Row("BC4.1").String("actual"));
    }

    private static int InputsOf(System.Text.Json.JsonElement kpi) => kpi.TryGetProperty("inputs", out var inputs) ? inputs.GetArrayLength() : 0;

    [Fact]
    public async Task A_computed_actual_is_stored_at_full_precision_with_a_readable_text()
    {
        // AC2.1: 1 / 3 × 100 = 33.333…; shown 33.3333, stored (and evaluated) as computed.
        await client.PutOkAsync(org, "AC2.1", "actual", """{"inputs":{"依限完成派案評估之案件":1,"通報件數":3}}""");

        Assert.Equal("33.3333", (await client.EvaluationAsync(org)).Row("AC2.1").String("actual"));
        var number = await StoredActualAsync("AC2.1");
        Assert.Equal(Math.Round(100m / 3m, 8), Math.Round(number!.Value, 8));   // PostgreSQL keeps 8 decimals (numeric(28,8)), SQLite all of them
    }

    [Fact]
    public async Task The_evaluation_uses_the_computed_actual_at_full_precision_not_its_rounded_text()
    {
        // TL1.1, target 100: 9504996 / 10000000 × 100 = 95.04996, shown as 95.05 — which would read as an achievement
        // of 95.1 %; the number itself is 95.0 %.
        await client.PutOkAsync(org, "TL1.1", "actual", """{"inputs":{"各組辦理同儕經驗分享團督次數":9504996,"督導人數":10000000}}""");

        var row = (await client.EvaluationAsync(org)).Row("TL1.1");
        Assert.Equal("95.05", row.String("actual"));
        Assert.Equal(95.0m, row.Decimal("achievement"));
    }

    [Fact]
    public async Task An_imported_copy_of_a_computed_actual_evaluates_at_full_precision_too()
    {
        // The document carries 95.05 and the inputs; read back from the text alone it would score 95.1.
        await client.PutOkAsync(org, "TL1.1", "actual", """{"inputs":{"各組辦理同儕經驗分享團督次數":9504996,"督導人數":10000000}}""");
        var exported = PlanJson.Read(await client.ExportAsync(org)).Document!;

        var copy = await app.ImportAsPlannerAsync(exported with { Organisation = exported.Organisation with { Code = Dataset.NewOrganisationCode() } });

        var row = (await client.EvaluationAsync(copy)).Row("TL1.1");
        Assert.Equal("95.05", row.String("actual"));
        Assert.Equal(95.0m, row.Decimal("achievement"));
    }

    private async Task<decimal?> StoredActualAsync(string code)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var kpi = await db.Kpis.Include(k => k.Values)
            .SingleAsync(k => k.Code == code && db.Objectives.Any(o => o.Id == k.ObjectiveId && db.Plans.Any(p => p.Id == o.PlanId && p.Organisation.Code == org)));
        return kpi.Values.Single(v => v.Year == 2022 && v.Kind == ValueKind.Actual && v.Period == null).Number;
    }

    // ---- something to save, and figures as typed ----

    [Theory]
    [InlineData("""{"version":%V%}""", "kpis[CC2.1].actual")]
    [InlineData("""{"inputs":{},"version":%V%}""", "kpis[CC2.1].actual")]
    public async Task An_actual_with_nothing_in_it_is_a_400_naming_the_fields_expected(string body, string path)
    {
        var version = await client.VersionAsync(org, "CC2.1");

        var errors = await RefusedAsync(() => client.PutAsync(org, "CC2.1", "actual", body.Replace("%V%", $"{version}")), HttpStatusCode.BadRequest);

        var (at, message, messageEn) = Assert.Single(errors);
        Assert.Equal(path, at);
        Assert.Contains("沒有可儲存的內容", message);
        Assert.Contains("value or missingReason", messageEn);
    }

    [Fact]
    public async Task An_empty_body_is_a_428_as_it_names_no_version()
    {
        var errors = await RefusedAsync(() => client.PutAsIsAsync(org, "CC2.1", "actual", "{}"), HttpStatusCode.PreconditionRequired);

        Assert.Equal("kpis[CC2.1].actual.version", Assert.Single(errors).Path);
    }

    [Theory]
    [InlineData("8,5")]
    [InlineData("1,23")]
    [InlineData("85,")]
    public async Task A_value_with_a_comma_that_is_no_thousands_separator_is_a_400(string value)
    {
        var errors = await RefusedAsync(() => client.PutAsync(org, "AC3.1", "actual", $$"""{"value":"{{value}}"}"""), HttpStatusCode.BadRequest);

        Assert.Equal("kpis[AC3.1].actual.value", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task A_value_with_thousands_separators_is_taken()
    {
        await client.PutOkAsync(org, "CC1.1", "actual", """{"value":"1,234.5"}""");

        Assert.Equal("1,234.5", (await client.EvaluationAsync(org)).Row("CC1.1").String("actual"));
    }

    // ---- a light only where there can be one ----

    [Fact]
    public async Task A_review_light_on_a_KPI_without_an_actual_is_a_400_naming_the_light()
    {
        var plan = await app.SharedPlanAsync(nameof(EvaluationWriteRulesTests) + ".submitted", submit: true);
        var reviewer = await app.ReviewerAsync();

        var errors = await RefusedAsync(() => reviewer.PutAsync(plan, "BC1.1", "review", """{"light":"good","comment":"表現良好"}"""), HttpStatusCode.BadRequest, plan);

        var (path, message, messageEn) = Assert.Single(errors);
        Assert.Equal("kpis[BC1.1].review.light", path);
        Assert.Contains("尚無實際值", message);
        Assert.Contains("? (unclear)", messageEn);
        // A comment, or the light ? itself, is still fine.
        await reviewer.PutOkAsync(plan, "BC1.1", "review", """{"light":"unclear","comment":"請補實際值"}""");
    }

    [Fact]
    public async Task A_review_light_on_an_exempt_KPI_is_a_400()
    {
        var source = Dataset.NewPlan();
        var plan = await app.ImportPlanAsync(source with
        {
            Objectives = [.. source.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Code == "AC3.1" ? k with { Exempt = true } : k)] })],
        });
        var agency = await app.AgencyAsync(plan);
        await agency.PutOkAsync(plan, "AC3.1", "actual", """{"value":"50"}""");
        await app.SubmitAsync(plan);
        var reviewer = await app.ReviewerAsync();

        var errors = await RefusedAsync(() => reviewer.PutAsync(plan, "AC3.1", "review", """{"light":"excellent"}"""), HttpStatusCode.BadRequest, plan);

        var (path, message, _) = Assert.Single(errors);
        Assert.Equal("kpis[AC3.1].review.light", path);
        Assert.Contains("免予評核", message);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationWriteRulesOnSqlite(SqliteBeacon app) : EvaluationWriteRulesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationWriteRulesOnPostgres(PostgresBeacon app) : EvaluationWriteRulesTests(app);
