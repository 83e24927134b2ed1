using System.Net;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// The evaluation writes on the wire: each rule of KpiEntryCheck and SettingsCheck answered with its status code and
/// its problem, once — 400 naming the field, 403, 404, 409, 428 — and nothing written. Every case of the rules is in
/// the core's tables (tests/Beacon.Core.Tests/Evaluation/KpiEntryCheckTests.cs, SettingsCheckTests.cs); here the web
/// shows that it carries them, and stores what they decide: one version per KPI, computed values at full precision,
/// inputs that go with their value. Entering on one fresh draft per class and database; reviewing on a submitted one.
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

    private Task<string> SubmittedPlanAsync() => app.SharedPlanAsync(nameof(EvaluationWriteRulesTests) + ".submitted", submit: true);

    /// <summary>Sends the request; asserts the answer's status and problem document, and that the plan's export did not change.</summary>
    private async Task<IReadOnlyList<(string Path, string Message, string MessageEn)>> RefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string? plan = null)
    {
        plan ??= org;
        var before = await client.ExportAsync(plan);
        var problem = await EvaluationKit.AssertProblemAsync(await send(), status);
        Assert.Equal(before, await client.ExportAsync(plan));
        return problem.Errors();
    }

    // ---- 400: the values ----

    [Fact]
    public async Task A_typed_actual_that_is_no_plain_number_is_a_400_naming_the_value()
    {
        var errors = await RefusedAsync(() => client.PutAsync(org, "AC3.1", "actual", """{"value":"8,5"}"""), HttpStatusCode.BadRequest);

        var (path, message, messageEn) = Assert.Single(errors);
        Assert.Equal("kpis[AC3.1].actual.value", path);
        Assert.StartsWith("「8,5」的逗號位置不對", message, StringComparison.Ordinal);
        Assert.EndsWith("when there is no value, leave it empty and give the reason.", messageEn, StringComparison.Ordinal);
    }

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
    public async Task A_formula_KPI_missing_one_input_is_a_400_naming_that_input()
    {
        var errors = await RefusedAsync(() => client.PutAsync(org, "AC2.1", "actual", """{"inputs":{"依限完成派案評估之案件":95}}"""), HttpStatusCode.BadRequest);

        Assert.Equal(("kpis[AC2.1].actual.inputs[通報件數]", "請填寫「通報件數」"), (Assert.Single(errors).Path, errors[0].Message));
    }

    [Fact]
    public async Task An_actual_with_nothing_in_it_is_a_400_naming_the_fields_expected()
    {
        var version = await client.VersionAsync(org, "CC2.1");

        var errors = await RefusedAsync(() => client.PutAsIsAsync(org, "CC2.1", "actual", $$"""{"inputs":{},"version":{{version}}}"""), HttpStatusCode.BadRequest);

        var (at, message, messageEn) = Assert.Single(errors);
        Assert.Equal("kpis[CC2.1].actual", at);
        Assert.Contains("沒有可儲存的內容", message);
        Assert.Contains("value or missingReason", messageEn);
    }

    [Fact]
    public async Task Score_101_is_a_400_naming_kpis_AC1_1_self_innovation_in_both_languages()
    {
        var errors = await RefusedAsync(() => client.PutAsync(org, "AC1.1", "self", """{"innovation":101,"challenge":85,"contribution":85}"""), HttpStatusCode.BadRequest);

        Assert.Equal(("kpis[AC1.1].self.innovation", "創新度 101 超出範圍：應介於 0 與 100 之間", "innovation 101 is out of range: it must be between 0 and 100"), Assert.Single(errors));
    }

    [Fact]
    public async Task A_review_light_on_a_KPI_without_an_actual_is_a_400_and_the_light_unclear_is_taken()
    {
        var plan = await SubmittedPlanAsync();
        var reviewer = await app.ReviewerAsync();

        var errors = await RefusedAsync(() => reviewer.PutAsync(plan, "BC1.1", "review", """{"light":"good","comment":"表現良好"}"""), HttpStatusCode.BadRequest, plan);

        Assert.Equal(("kpis[BC1.1].review.light", "BC1.1 尚無實際值，燈號為 ?（績效不明），不能評為「● 良」"), (Assert.Single(errors).Path, errors[0].Message));
        await reviewer.PutOkAsync(plan, "BC1.1", "review", """{"light":"unclear","comment":"請補實際值"}""");
        Assert.Equal("unclear", (await reviewer.EvaluationAsync(plan)).Row("BC1.1").GetProperty("review").String("light"));
    }

    // ---- 403, 404, 409, 428: who, what, when, which version ----

    [Fact]
    public async Task An_editor_of_another_agency_is_a_403_naming_the_agency_whose_editors_may()
    {
        var other = await app.AgencyAsync("TPE-SWD");

        var errors = await RefusedAsync(() => other.PutAsync(org, "AC3.1", "actual", """{"value":"47"}"""), HttpStatusCode.Forbidden);

        Assert.Equal(("kpis", $"Only {org}'s editors may enter actuals and self-assessments."), (Assert.Single(errors).Path, errors[0].MessageEn));
    }

    [Fact]
    public async Task An_unknown_KPI_is_a_404_naming_it()
    {
        var errors = await RefusedAsync(() => client.PutAsync(org, "ZZ9.9", "self", """{"innovation":80,"challenge":85,"contribution":85,"version":0}"""), HttpStatusCode.NotFound);

        Assert.Equal(("kpis[ZZ9.9]", "This plan has no KPI 'ZZ9.9'."), (Assert.Single(errors).Path, errors[0].MessageEn));
    }

    [Theory]
    [InlineData("/api/orgs/TEST-NOPE/plans/2022/kpis/AC1.1/self")]
    [InlineData("/api/orgs/TPE-DVPC/plans/2019/kpis/AC1.1/actual")]
    [InlineData("/api/orgs/TEST-NOPE/plans/2022/evaluation/settings")]
    public async Task An_unknown_plan_is_a_404(string url)
    {
        var before = await app.RowCountsAsync();

        var response = await client.PutAsync(url, EvaluationKit.Json(url switch
        {
            _ when url.EndsWith("/settings") => """{"weights":{"achievement":0.25,"innovation":0.25,"challenge":0.3,"contribution":0.2},"bands":{"excellent":92.5,"good":80,"fair":75},"bandRule":"proportional"}""",
            _ when url.EndsWith("/actual") => """{"value":"8.1"}""",
            _ => """{"innovation":80,"challenge":85,"contribution":85}""",
        }));

        var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.StartsWith("找不到 ", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task Once_submitted_the_agency_s_actual_is_a_409_saying_the_plan_is_submitted()
    {
        var plan = await SubmittedPlanAsync();
        var agency = await app.AgencyAsync(plan);

        var errors = await RefusedAsync(() => agency.PutAsync(plan, "AC3.1", "actual", """{"value":"47"}"""), HttpStatusCode.Conflict, plan);

        Assert.Equal(("status", "111 年計畫目前為「已送出」，不能修改此項"), (Assert.Single(errors).Path, errors[0].Message));
    }

    [Fact]
    public async Task A_write_without_a_version_is_a_428_saying_where_to_read_it()
    {
        var errors = await RefusedAsync(() => client.PutAsIsAsync(org, "AC3.1", "actual", """{"value":"40"}"""), HttpStatusCode.PreconditionRequired);

        var (path, message, messageEn) = Assert.Single(errors);
        Assert.Equal("kpis[AC3.1].actual.version", path);
        Assert.Contains("rows[].version", message);
        Assert.Contains($"GET /api/orgs/{org}/plans/2022/evaluation", messageEn);
    }

    [Fact]
    public async Task Every_write_raises_the_one_version_of_the_KPI_and_an_old_one_is_a_409_showing_what_is_saved()
    {
        var version = (await client.EvaluationAsync(org)).Row("BC3.3").GetProperty("version").GetInt32();

        await client.PutOkAsync(org, "BC3.3", "actual", """{"value":"51"}""");
        await client.PutOkAsync(org, "BC3.3", "self", """{"innovation":80,"challenge":80,"contribution":80}""");
        await client.PutOkAsync(org, "BC3.3", "progress", """{"values":{"Q2":{"value":"20"}}}""");

        Assert.Equal(version + 3, (await client.EvaluationAsync(org)).Row("BC3.3").GetProperty("version").GetInt32());
        // The self-assessment was based on the version after the actual; sending the first one again is stale.
        var errors = await RefusedAsync(() => client.PutAsync(org, "BC3.3", "actual", $$"""{"value":"52","version":{{version}}}"""), HttpStatusCode.Conflict);
        var (path, message, messageEn) = Assert.Single(errors);
        Assert.Equal("kpis[BC3.3].actual.version", path);
        Assert.Contains("實際值 51；自評 80/80/80", message);
        Assert.Contains($"version {version + 3}", messageEn);
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

    // ---- what is stored: a formula KPI's actual comes from its inputs, at full precision ----

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
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationWriteRulesOnSqlite(SqliteBeacon app) : EvaluationWriteRulesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationWriteRulesOnPostgres(PostgresBeacon app) : EvaluationWriteRulesTests(app);
