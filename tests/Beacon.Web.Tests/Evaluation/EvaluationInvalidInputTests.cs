using System.Net;
using System.Text;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// A wrong evaluation write is refused with a problem naming the field, and writes nothing: the plan's export is the
/// same before and after. Entering on one fresh draft per class and database (as its agency's editor); reviewing on
/// a second one, submitted.
/// </summary>
public abstract class EvaluationInvalidInputTests(BeaconFactory app) : IAsyncLifetime
{
    private HttpClient client = null!;   // the agency's editor of the draft

    public async Task InitializeAsync() => client = await app.AgencyAsync(await PlanAsync());

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<string> PlanAsync() => app.SharedPlanAsync(nameof(EvaluationInvalidInputTests));

    private Task<string> SubmittedPlanAsync() => app.SharedPlanAsync(nameof(EvaluationInvalidInputTests) + ".submitted", submit: true);

    /// <summary>Sends the request; asserts the problem and that the plan's export did not change.</summary>
    private async Task<IReadOnlyList<(string Path, string Message, string MessageEn)>> RefusedAsync(
        string org, Func<Task<HttpResponseMessage>> send, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var before = await client.ExportAsync(org);
        var response = await send();
        var problem = await EvaluationKit.AssertProblemAsync(response, status);
        Assert.Equal(before, await client.ExportAsync(org));
        return problem.TryGetProperty("errors", out _) ? problem.Errors() : [];
    }

    [Fact]
    public async Task Score_101_is_a_400_naming_kpis_AC1_1_self_innovation()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC1.1", "self", """{"innovation":101,"challenge":85,"contribution":85}"""));

        var error = Assert.Single(errors);
        Assert.Equal("kpis[AC1.1].self.innovation", error.Path);
        Assert.Contains("101", error.Message);
        Assert.Contains("0 與 100", error.Message);
        Assert.Contains("between 0 and 100", error.MessageEn);
    }

    [Fact]
    public async Task A_negative_review_score_is_a_400_naming_it()
    {
        var org = await SubmittedPlanAsync();
        var reviewer = await app.ReviewerAsync();

        var errors = await RefusedAsync(org, () => reviewer.PutAsync(org, "AC1.1", "review", """{"innovation":80,"challenge":-5,"contribution":85}"""));

        Assert.Equal("kpis[AC1.1].review.challenge", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task Two_of_the_three_scores_are_a_400_naming_the_missing_one()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC1.1", "self", """{"innovation":80,"challenge":85}"""));

        var error = Assert.Single(errors);
        Assert.Equal("kpis[AC1.1].self.contribution", error.Path);
        Assert.Contains("貢獻度", error.Message);
    }

    [Fact]
    public async Task Actual_abc_is_a_400_naming_the_value()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC3.1", "actual", """{"value":"abc"}"""));

        var error = Assert.Single(errors);
        Assert.Equal("kpis[AC3.1].actual.value", error.Path);
        Assert.Contains("「abc」不是數字", error.Message);
    }

    [Theory]
    [InlineData("12,3", "逗號")]          // would read as 123
    [InlineData("1e5", "1e5")]            // would read as 1
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("0x10", "0x10")]
    [InlineData("12.3abc", "12.3abc")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]   // beyond any KPI value
    public async Task A_typed_actual_that_is_not_plainly_a_number_is_a_400_naming_the_value(string typed, string named)
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC3.1", "actual", $$"""{"value":"{{typed}}"}"""));

        var error = Assert.Single(errors);
        Assert.Equal("kpis[AC3.1].actual.value", error.Path);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task A_full_width_actual_is_stored_as_its_plain_number_and_evaluated()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.AgencyAsync(org);

        await editor.PutOkAsync(org, "AC3.1", "actual", """{"value":"４７．５"}""");

        var row = (await editor.EvaluationAsync(org)).Row("AC3.1");
        Assert.Equal("47.5", row.GetProperty("actual").GetString());
        Assert.Equal(102.2m, row.GetProperty("achievement").GetDecimal());   // 47.5 / 46.5
    }

    [Fact]
    public async Task An_actual_with_a_comparator_is_a_400()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC3.1", "actual", """{"value":"≥50"}"""));

        Assert.Equal("kpis[AC3.1].actual.value", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task A_value_and_a_reason_together_are_a_400()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC3.1", "actual", """{"value":"47","missingReason":"調查尚未完成"}"""));

        var error = Assert.Single(errors);
        Assert.Equal("kpis[AC3.1].actual.missingReason", error.Path);
        Assert.Contains("either", error.MessageEn);
    }

    [Fact]
    public async Task A_formula_KPI_missing_one_input_is_a_400_naming_that_input()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC2.1", "actual", """{"inputs":{"依限完成派案評估之案件":95}}"""));

        Assert.Equal("kpis[AC2.1].actual.inputs[通報件數]", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task Inputs_for_a_KPI_without_a_formula_are_a_400()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC3.1", "actual", """{"inputs":{"人數":3}}"""));

        Assert.Equal("kpis[AC3.1].actual.inputs", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task An_unknown_period_is_a_400_naming_the_period()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC3.1", "actual", """{"value":"40","period":"Q5"}"""));

        Assert.Equal("kpis[AC3.1].actual.period", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task An_unknown_KPI_is_a_404_naming_it()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "ZZ9.9", "self", """{"innovation":80,"challenge":85,"contribution":85,"version":0}"""), HttpStatusCode.NotFound);

        var error = Assert.Single(errors);
        Assert.Equal("kpis[ZZ9.9]", error.Path);
        Assert.Contains("ZZ9.9", error.MessageEn);
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

        await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC1.1", "self", """{"innovation":80,"challenge":"""));

        var error = Assert.Single(errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("不是正確的 JSON（第 1 行第 30 個位元組）", error.Message);
        Assert.Contains("this is not well-formed JSON (line 1, byte 30)", error.MessageEn);
    }

    [Theory]
    [InlineData("self", """{"innovation":"x","challenge":85,"contribution":85}""", "$.innovation")]
    [InlineData("review", """{"light":"great"}""", "$.light")]
    [InlineData("actual", """{"inputs":{"通報件數":"many"}}""", "$.inputs.通報件數")]
    [InlineData("self", """{"met":"yes"}""", "$.met")]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_property(string what, string body, string path)
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC2.1", what, body));

        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public async Task An_unknown_property_is_a_400()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "AC1.1", "self", """{"innovaton":80,"challenge":85,"contribution":85}"""));

        Assert.Single(errors);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_content_is_a_problem()
    {
        var org = await PlanAsync();
        var before = await client.ExportAsync(org);

        var response = await client.PutAsync($"/api/orgs/{org}/plans/2022/kpis/AC1.1/self",
            new StringContent("""{"innovation":80,"challenge":85,"contribution":85}""", Encoding.UTF8, "text/plain"));

        var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetRawText());
        Assert.Equal(before, await client.ExportAsync(org));
    }

    [Fact]
    public async Task A_save_on_a_stale_version_is_a_409_showing_the_other_values()
    {
        var org = await PlanAsync();
        await client.PutOkAsync(org, "TL2.1", "self", """{"innovation":80,"challenge":85,"contribution":85}""");
        var version = (await client.EvaluationAsync(org)).Row("TL2.1").GetProperty("version").GetInt32();
        Assert.True(version > 0);

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "TL2.1", "self", """{"innovation":60,"challenge":60,"contribution":60,"version":0}"""),
            HttpStatusCode.Conflict);

        var error = Assert.Single(errors);
        Assert.Equal("kpis[TL2.1].self.version", error.Path);
        Assert.Contains("80/85/85", error.Message);
        Assert.Contains("80/85/85", error.MessageEn);
        Assert.Contains($"version {version}", error.MessageEn);
    }

    [Fact]
    public async Task A_save_with_the_current_version_succeeds_and_raises_it()
    {
        var org = await PlanAsync();
        await client.PutOkAsync(org, "TL3.1", "self", """{"innovation":80,"challenge":85,"contribution":85}""");
        var version = (await client.EvaluationAsync(org)).Row("TL3.1").GetProperty("version").GetInt32();

        await client.PutOkAsync(org, "TL3.1", "self", $$"""{"innovation":70,"challenge":85,"contribution":85,"version":{{version}}}""");

        var row = (await client.EvaluationAsync(org)).Row("TL3.1");
        Assert.Equal(version + 1, row.GetProperty("version").GetInt32());
        Assert.Equal(70m, row.GetProperty("self").Decimal("innovation"));
    }

    [Fact]
    public async Task A_version_given_for_a_KPI_nobody_assessed_yet_is_a_409_not_a_server_error()
    {
        var org = await PlanAsync();

        var errors = await RefusedAsync(org, () => client.PutAsync(org, "BC2.1", "self", """{"innovation":80,"challenge":85,"contribution":85,"version":3}"""),
            HttpStatusCode.Conflict);

        Assert.Equal("kpis[BC2.1].self.version", Assert.Single(errors).Path);
    }

    // ---- who may write, and when ----

    [Fact]
    public async Task A_review_of_a_draft_is_a_409_saying_the_plan_is_a_draft()
    {
        var org = await PlanAsync();
        var reviewer = await app.ReviewerAsync();

        var errors = await RefusedAsync(org, () => reviewer.PutAsync(org, "AC3.1", "review", """{"light":"good"}"""), HttpStatusCode.Conflict);

        Assert.Contains("草稿", Assert.Single(errors).Message);
    }

    [Fact]
    public async Task Once_submitted_the_agency_can_no_longer_change_its_actual()
    {
        var org = await SubmittedPlanAsync();
        var agency = await app.AgencyAsync(org);

        var errors = await RefusedAsync(org, () => agency.PutAsync(org, "AC3.1", "actual", """{"value":"47"}"""), HttpStatusCode.Conflict);

        Assert.Contains("submitted", Assert.Single(errors).MessageEn);
    }

    [Fact]
    public async Task An_editor_of_another_agency_is_refused_with_403()
    {
        var org = await PlanAsync();
        var other = await app.AgencyAsync("TPE-SWD");

        await RefusedAsync(org, () => other.PutAsync(org, "AC3.1", "actual", """{"value":"47"}"""), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_reviewer_may_not_enter_the_agency_s_self_assessment()
    {
        var org = await PlanAsync();
        var reviewer = await app.ReviewerAsync();

        await RefusedAsync(org, () => reviewer.PutAsync(org, "AC3.1", "self", """{"innovation":80,"challenge":85,"contribution":85}"""), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_agency_may_not_change_the_settings()
    {
        var org = await PlanAsync();

        await RefusedAsync(org, () => client.PutAsync($"/api/orgs/{org}/plans/2022/evaluation/settings", EvaluationKit.Json(
            """{"weights":{"achievement":0.25,"innovation":0.25,"challenge":0.3,"contribution":0.2},"bands":{"excellent":60,"good":50,"fair":40},"bandRule":"proportional"}""")),
            HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationInvalidInputOnSqlite(SqliteBeacon app) : EvaluationInvalidInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationInvalidInputOnPostgres(PostgresBeacon app) : EvaluationInvalidInputTests(app);
