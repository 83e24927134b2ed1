using System.Net;
using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// Entering actuals, formula inputs, self-assessments, reviews and settings through the API on fresh copies of the DV
/// centre's 2022 plan. The agency's editor enters into one draft shared by the class (every test works on KPIs of its
/// own); a review needs the plan submitted, which closes entering, so each review test has a plan of its own, and so
/// does the settings test, since weights change every total.
/// </summary>
public abstract class EvaluationWriteApiTests(BeaconFactory app) : IAsyncLifetime
{
    private string org = null!;
    private HttpClient client = null!;   // the agency's editor of the shared draft

    public async Task InitializeAsync()
    {
        org = await app.SharedPlanAsync(nameof(EvaluationWriteApiTests), EvaluationKit.PlanWithQualitativeKpi);
        client = await app.AgencyAsync(org);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A plan of its own, entered by its agency and then submitted for review.</summary>
    private async Task<(string Org, HttpClient Agency, HttpClient Reviewer)> SubmittedPlanAsync(Func<HttpClient, string, Task> enter, Beacon.Core.Plans.PlanDocument? plan = null)
    {
        var code = await app.ImportPlanAsync(plan);
        var agency = await app.AgencyAsync(code);
        await enter(agency, code);
        await app.SubmitAsync(code);
        return (code, agency, await app.ReviewerAsync());
    }

    [Fact]
    public async Task Negative_KPI_with_actual_8_1_against_target_7_7_scored_80_85_85_is_95_1_percent_86_3_points_good()
    {
        await client.PutOkAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(81));   // 81 ÷ 1000 × 100 = 8.1
        await client.PutOkAsync(org, "AC1.1", "self", """{"innovation":80,"challenge":85,"contribution":85}""");

        var row = (await client.EvaluationAsync(org)).Row("AC1.1");
        Assert.Equal("7.7", row.String("target"));
        Assert.Equal("8.1", row.String("actual"));
        Assert.Equal(95.1m, row.Decimal("achievement"));                 // 7.7 ÷ 8.1 × 100 = 95.06…
        Assert.False(row.GetProperty("achieved").GetBoolean());
        var self = row.GetProperty("self");
        Assert.Equal([80m, 85m, 85m], new[] { "innovation", "challenge", "contribution" }.Select(s => self.Decimal(s)!.Value));
        Assert.Equal(86.3m, self.Decimal("total"));                      // 0.25 × 95.06 + 0.25 × 80 + 0.3 × 85 + 0.2 × 85
        Assert.Equal("good", self.GetProperty("light").GetString());
        Assert.Equal("●", self.GetProperty("lightSymbol").GetString());
        Assert.Equal(2, row.GetProperty("version").GetInt32());           // one version for the KPI: the actual, then the self-assessment
    }

    [Fact]
    public async Task Published_example_88_5_of_80_scored_80_85_85_is_110_6_percent_and_87_5_points()
    {
        // AP1.1 is computed by its formula: 177 ÷ 200 × 100 = 88.5
        await client.PutOkAsync(org, "AP1.1", "actual", """{"inputs":{"兒少及心智障礙者進入性侵害案件減少被害人重複陳述作業件數":177,"兒少及心智障礙者性侵害案件進行訊前訪視評估案件總數":200}}""");
        await client.PutOkAsync(org, "AP1.1", "self", """{"innovation":80,"challenge":85,"contribution":85,"explanation":"擴大減述作業"}""");

        var row = (await client.EvaluationAsync(org)).Row("AP1.1");
        Assert.Equal(110.6m, row.Decimal("achievement"));
        Assert.True(row.GetProperty("achieved").GetBoolean());
        Assert.Equal(87.5m, row.GetProperty("self").Decimal("total"));
        Assert.Equal("good", row.GetProperty("self").GetProperty("light").GetString());
        Assert.Equal("擴大減述作業", row.GetProperty("self").String("text"));
    }

    [Fact]
    public async Task Review_scores_give_a_review_total_and_light_beside_the_self_ones_which_stay_unchanged()
    {
        var (org, agency, reviewer) = await SubmittedPlanAsync(async (agency, org) =>
        {
            await agency.PutOkAsync(org, "BC3.2", "actual", """{"value":"35.60"}""");          // target 34.17: achieved
            await agency.PutOkAsync(org, "BC3.2", "self", """{"innovation":90,"challenge":90,"contribution":90}""");
        });

        await reviewer.PutOkAsync(org, "BC3.2", "review", """{"innovation":70,"challenge":80,"contribution":80,"comment":"自評偏高"}""");

        var row = (await agency.EvaluationAsync(org)).Row("BC3.2");
        var self = row.GetProperty("self");
        Assert.Equal(92.5m, self.Decimal("total"));                        // 25 + 22.5 + 27 + 18
        Assert.Equal("excellent", self.GetProperty("light").GetString());
        Assert.Equal(90m, self.Decimal("innovation"));
        var review = row.GetProperty("review");
        Assert.Equal(82.5m, review.Decimal("total"));                      // 25 + 17.5 + 24 + 16
        Assert.Equal("good", review.GetProperty("light").GetString());
        Assert.Equal(70m, review.Decimal("innovation"));
        Assert.Equal("自評偏高", review.String("text"));
        Assert.Equal(3, row.GetProperty("version").GetInt32());           // actual, self, review

        var assessment = JsonDocument.Parse(await agency.ExportAsync(org)).RootElement.Kpi("BC3.2").GetProperty("assessment");
        Assert.Equal(90m, assessment.GetProperty("self").Decimal("innovation"));
        Assert.Equal(70m, assessment.GetProperty("review").Decimal("innovation"));
    }

    [Fact]
    public async Task A_review_may_give_only_a_light_and_a_comment()
    {
        var (org, agency, reviewer) = await SubmittedPlanAsync((agency, org) => agency.PutOkAsync(org, "TF1.1", "actual", """{"value":"95"}"""));

        await reviewer.PutOkAsync(org, "TF1.1", "review", """{"light":"poor","comment":"佐證資料不足"}""");

        var evaluation = await agency.EvaluationAsync(org);
        var row = evaluation.Row("TF1.1");
        Assert.Equal("unclear", row.GetProperty("self").GetProperty("light").GetString());
        var review = row.GetProperty("review");
        Assert.Equal("poor", review.GetProperty("light").GetString());
        Assert.Equal("×", review.GetProperty("lightSymbol").GetString());
        Assert.Null(review.Decimal("total"));
        Assert.Null(review.Decimal("innovation"));
        Assert.Equal("佐證資料不足", review.String("text"));
        Assert.Equal(1, evaluation.GetProperty("reviewedTotal").GetProperty("lights").GetProperty("poor").GetInt32());   // TF1.1 alone
    }

    [Fact]
    public async Task A_review_comment_without_a_light_or_scores_is_shown_by_the_API()
    {
        var (org, agency, reviewer) = await SubmittedPlanAsync((_, _) => Task.CompletedTask);

        await reviewer.PutOkAsync(org, "BC3.3", "review", """{"comment":"請補充佐證資料"}""");

        var exported = JsonDocument.Parse(await agency.ExportAsync(org)).RootElement.Kpi("BC3.3");
        Assert.Equal("請補充佐證資料", exported.GetProperty("assessment").GetProperty("review").String("comment"));
        var row = (await agency.EvaluationAsync(org)).Row("BC3.3");
        Assert.True(row.GetProperty("review").ValueKind == JsonValueKind.Object, $"the stored review is missing from the evaluation: {row}");
        Assert.Equal("請補充佐證資料", row.GetProperty("review").String("text"));
    }

    [Fact]
    public async Task A_qualitative_KPI_is_judged_by_met_self_and_review_separately()
    {
        // CC1.1 is qualitative in this plan: target 高於6都平均值
        var (org, agency, reviewer) = await SubmittedPlanAsync(async (agency, org) =>
        {
            await agency.PutOkAsync(org, "CC1.1", "actual", """{"value":"高於6都平均值（第2名）"}""");
            Assert.Null((await agency.EvaluationAsync(org)).Row("CC1.1").Decimal("achievement"));   // nobody has judged it yet
            await agency.PutOkAsync(org, "CC1.1", "self", """{"met":true,"innovation":80,"challenge":80,"contribution":80}""");
        }, EvaluationKit.PlanWithQualitativeKpi());

        await reviewer.PutOkAsync(org, "CC1.1", "review", """{"met":false,"innovation":60,"challenge":60,"contribution":60}""");

        var row = (await agency.EvaluationAsync(org)).Row("CC1.1");
        Assert.Equal("qualitative", row.GetProperty("direction").GetString());
        Assert.Equal(100m, row.Decimal("achievement"));
        Assert.True(row.GetProperty("achieved").GetBoolean());
        Assert.True(row.GetProperty("self").GetProperty("met").GetBoolean());
        Assert.Equal(85m, row.GetProperty("self").Decimal("total"));       // 25 + 20 + 24 + 16
        var review = row.GetProperty("review");
        Assert.False(review.GetProperty("met").GetBoolean());
        Assert.Equal(45m, review.Decimal("total"));                        // achievement 0: 0 + 15 + 18 + 12
        Assert.Equal("poor", review.GetProperty("light").GetString());
    }

    [Fact]
    public async Task Formula_inputs_compute_the_actual_and_are_stored_and_exported()
    {
        // AC2.1: [依限完成派案評估之案件] / [通報件數] * 100, target 100

        await client.PutOkAsync(org, "AC2.1", "actual", """{"inputs":{"依限完成派案評估之案件":95,"通報件數":100}}""");

        var row = (await client.EvaluationAsync(org)).Row("AC2.1");
        Assert.Equal("95", row.String("actual"));
        Assert.Equal(95m, row.Decimal("achievement"));
        Assert.False(row.GetProperty("achieved").GetBoolean());
        var kpi = JsonDocument.Parse(await client.ExportAsync(org)).RootElement.Kpi("AC2.1");
        Assert.Equal("[依限完成派案評估之案件] / [通報件數] * 100", kpi.String("expression"));
        var inputs = kpi.GetProperty("inputs").EnumerateArray()
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => (i.GetProperty("year").GetInt32(), i.GetProperty("value").GetDecimal(), i.TryGetProperty("period", out _)));
        Assert.Equal(new Dictionary<string, (int, decimal, bool)> { ["依限完成派案評估之案件"] = (2022, 95m, false), ["通報件數"] = (2022, 100m, false) }, inputs);
        Assert.Contains(kpi.GetProperty("values").EnumerateArray(), v =>
            v.GetProperty("year").GetInt32() == 2022 && v.GetProperty("kind").GetString() == "actual" && v.GetProperty("text").GetString() == "95");
    }

    [Fact]
    public async Task Inputs_with_a_zero_divisor_store_the_actual_as_missing_with_the_reason()
    {
        // BC1.2: [… 有使用性侵害防治易讀手冊人數] / [… 總數] * 100
        const string numerator = "12歲以下或全齡心智障礙之性侵害被害人有使用性侵害防治易讀手冊人數";
        const string divisor = "12歲以下或全齡心智障礙之性侵害被害人總數";
        await client.PutOkAsync(org, "BC1.2", "actual", $$$"""{"inputs":{"{{{numerator}}}":6,"{{{divisor}}}":10}}""");

        // Entered again with other figures: the earlier inputs of the year are replaced, not duplicated.
        await client.PutOkAsync(org, "BC1.2", "actual", $$$"""{"inputs":{"{{{numerator}}}":0,"{{{divisor}}}":0}}""");

        var row = (await client.EvaluationAsync(org)).Row("BC1.2");
        Assert.StartsWith("無實際值", row.String("actual"));
        Assert.Contains($"除數「{divisor}」為 0", row.String("actual"));
        Assert.Null(row.Decimal("achievement"));
        Assert.Contains("除數", row.String("notAssessedReason"));
        var inputs = JsonDocument.Parse(await client.ExportAsync(org)).RootElement.Kpi("BC1.2").GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(2, inputs.Count);
        Assert.All(inputs, i => Assert.Equal(0m, i.GetProperty("value").GetDecimal()));
    }

    [Fact]
    public async Task A_progress_value_for_Q1_is_kept_apart_from_the_year_end_value()
    {
        // BC1.3 is computed by its formula: 20 of 100 in Q1, then 57.5 (23 of 40) for the year.
        const string done = "因家內性侵害而安置之結束安置或結束後追達積極結案人數", all = "因家內性侵害而安置之結束安置或結束後追人數";
        await client.PutOkAsync(org, "BC1.3", "actual", $$$"""{"inputs":{"{{{done}}}":20,"{{{all}}}":100},"period":"Q1"}""");

        var afterQ1 = (await client.EvaluationAsync(org)).Row("BC1.3");
        Assert.Null(afterQ1.String("actual"));
        Assert.Null(afterQ1.Decimal("achievement"));

        await client.PutOkAsync(org, "BC1.3", "actual", $$$"""{"inputs":{"{{{done}}}":23,"{{{all}}}":40}}""");

        var yearEnd = (await client.EvaluationAsync(org)).Row("BC1.3");
        Assert.Equal("57.5", yearEnd.String("actual"));
        Assert.Equal(100m, yearEnd.Decimal("achievement"));
        var actuals = JsonDocument.Parse(await client.ExportAsync(org)).RootElement.Kpi("BC1.3").GetProperty("values").EnumerateArray()
            .Where(v => v.GetProperty("year").GetInt32() == 2022 && v.GetProperty("kind").GetString() == "actual")
            .Select(v => (v.String("period"), v.GetProperty("text").GetString())).ToList();
        Assert.Equal([("Q1", "20"), (null, "57.5")], actuals);
    }

    [Fact]
    public async Task A_missing_value_is_entered_with_its_reason_and_counted_as_no_data()
    {
        var noData = (await client.EvaluationAsync(org)).GetProperty("selfTotal").GetProperty("noData").GetInt32();
        await client.PutOkAsync(org, "BC4.1", "actual", """{"missingReason":"教育局尚未提供數據"}""");

        var evaluation = await client.EvaluationAsync(org);
        var row = evaluation.Row("BC4.1");
        // Kept as given: the text already reads as a missing value (尚未提供), so no 無實際值 prefix is added.
        Assert.Equal("教育局尚未提供數據", row.String("actual"));
        Assert.Equal(Beacon.Core.Values.ValueForm.Missing, Beacon.Core.Values.ValueText.Parse(row.String("actual")!).Form);
        Assert.Null(row.Decimal("achievement"));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("achieved").ValueKind);
        Assert.Contains("教育局尚未提供數據", row.String("notAssessedReason"));
        // It stays under 無相關統計數據, as a KPI without an actual does: a reason is no data.
        Assert.Equal(noData, evaluation.GetProperty("selfTotal").GetProperty("noData").GetInt32());

        await client.PutOkAsync(org, "BC4.2", "actual", """{"missingReason":"資料待衛福部核對"}""");
        Assert.Equal("無實際值：資料待衛福部核對", (await client.EvaluationAsync(org)).Row("BC4.2").String("actual"));
    }

    [Fact]
    public async Task A_planner_changing_the_settings_changes_the_total_and_the_light()
    {
        var org = await app.ImportPlanAsync();
        var agency = await app.AgencyAsync(org);
        var planner = await app.ClientAsync(Roles.Planner);
        await agency.PutOkAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(81));
        await agency.PutOkAsync(org, "AC1.1", "self", """{"innovation":80,"challenge":85,"contribution":85}""");
        Assert.Equal(86.3m, (await agency.EvaluationAsync(org)).Row("AC1.1").GetProperty("self").Decimal("total"));

        var response = await planner.PutSettingsAsync(org,
            """{"weights":{"achievement":0.4,"innovation":0.2,"challenge":0.2,"contribution":0.2},"bands":{"excellent":88,"good":80,"fair":60},"bandRule":"zeroOutside"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var evaluation = await agency.EvaluationAsync(org);
        var settings = evaluation.GetProperty("settings");
        Assert.Equal(0.4m, settings.GetProperty("weights").Decimal("achievement"));
        Assert.Equal(88m, settings.GetProperty("bands").Decimal("excellent"));
        Assert.Equal("zeroOutside", settings.GetProperty("bandRule").GetString());
        var self = evaluation.Row("AC1.1").GetProperty("self");
        Assert.Equal(88.0m, self.Decimal("total"));                         // 0.4 × 95.06 + 16 + 17 + 17
        Assert.Equal("excellent", self.GetProperty("light").GetString());
    }

    [Fact]
    public async Task Settings_whose_weights_do_not_add_up_to_1_are_a_400_naming_settings_weights_and_change_nothing()
    {
        var org = await app.SharedPlanAsync(nameof(EvaluationWriteApiTests) + ".settings");
        var planner = await app.ClientAsync(Roles.Planner);
        var before = await planner.ExportAsync(org);

        var response = await planner.PutSettingsAsync(org,
            """{"weights":{"achievement":0.5,"innovation":0.5,"challenge":0.3,"contribution":0.2},"bands":{"excellent":92.5,"good":80,"fair":75},"bandRule":"proportional"}""");

        var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.Errors());
        Assert.Equal("settings.weights", error.Path);
        Assert.Contains("1.5", error.MessageEn);
        Assert.Equal(before, await planner.ExportAsync(org));
    }

    [Fact]
    public async Task Settings_saved_over_a_newer_version_are_a_409()
    {
        var org = await app.SharedPlanAsync(nameof(EvaluationWriteApiTests) + ".settings");
        var client = await app.ClientAsync(Roles.Planner);
        const string body = """{"weights":{"achievement":0.25,"innovation":0.25,"challenge":0.3,"contribution":0.2},"bands":{"excellent":90,"good":80,"fair":70},"bandRule":"proportional"%VERSION%}""";
        var first = await client.PutSettingsAsync(org, body.Replace("%VERSION%", ""));
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var before = await client.ExportAsync(org);

        var stale = await client.PutAsync($"/api/orgs/{org}/plans/2022/evaluation/settings", EvaluationKit.Json(body.Replace("%VERSION%", ",\"version\":0").Replace("90", "95")));

        var problem = await EvaluationKit.AssertProblemAsync(stale, HttpStatusCode.Conflict);
        var error = Assert.Single(problem.Errors());
        Assert.Equal("settings.version", error.Path);
        // The other person's settings are named, not only their version.
        Assert.Contains("★ ≥ 90、● ≥ 80、▲ ≥ 70", error.Message);
        Assert.Contains("25/25/30/20%", error.Message);
        Assert.Contains("band rule proportional", error.MessageEn);
        Assert.Equal(before, await client.ExportAsync(org));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationWriteApiOnSqlite(SqliteBeacon app) : EvaluationWriteApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationWriteApiOnPostgres(PostgresBeacon app) : EvaluationWriteApiTests(app);
