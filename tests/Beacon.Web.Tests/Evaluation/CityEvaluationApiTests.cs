using System.Net;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// GET /api/orgs/TPE/plans/2021/evaluation on the dataset as loaded (read only): the published city figures of the
/// 110 administrative report, computed by the rules of docs/evaluation.md.
/// </summary>
public abstract class CityEvaluationApiTests(BeaconFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    private Task<JsonElement> CityAsync() => client.EvaluationAsync("TPE", 2021);

    [Theory]
    [InlineData("AC1.1", 104.9, true)]    // negative: 12.9 / 12.3 × 100
    [InlineData("AC2.1", 93.7, false)]    // 41,248 / 44,000 × 100
    [InlineData("GP5.2", 100.0, true)]    // negative with ≤266, actual 266: met by the comparison
    [InlineData("AP5.4", 100.0, true)]    // band ±10, actual 7.14: inside
    [InlineData("BP2.1", 117.1, true)]    // weighted parts 50% × 93/93 + 50% × 94/70
    public async Task City_2021_KPI_has_the_published_achievement(string code, double rate, bool achieved)
    {
        var row = (await CityAsync()).Row(code);

        Assert.Equal((decimal)rate, row.Decimal("achievement"));
        Assert.Equal(achieved, row.GetProperty("achieved").GetBoolean());
    }

    [Fact]
    public async Task AC1_1_is_shown_with_its_direction_by_name_and_its_values_as_printed()
    {
        var row = (await CityAsync()).Row("AC1.1");

        Assert.Equal("negative", row.GetProperty("direction").GetString());
        Assert.Equal("12.9", row.String("target"));
        Assert.Equal("12.3", row.String("actual"));
        Assert.Equal("C", row.GetProperty("perspective").GetString());
        Assert.Equal("A", row.GetProperty("theme").GetString());
        Assert.Equal(["環保局"], row.GetProperty("responsible").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Every_KPI_whose_2021_target_and_actual_are_numbers_has_an_achievement()
    {
        var evaluation = await CityAsync();
        var document = Dataset.Document("TPE-2021.json");

        var numeric = document.Objectives.SelectMany(o => o.Kpis).Where(k => k.Direction != Direction.Qualitative && HasNumbers(k)).ToList();

        Assert.True(numeric.Count > 100, $"only {numeric.Count} numeric KPIs");
        var missing = numeric.Where(k => evaluation.Row(k.Code).Decimal("achievement") is null).Select(k => k.Code).ToList();
        Assert.True(missing.Count == 0, "no achievement for " + string.Join(", ", missing));
        Assert.All(numeric, k => Assert.Contains(evaluation.Row(k.Code).GetProperty("achieved").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False }));

        static bool HasNumbers(KpiDoc kpi)
        {
            if (kpi.Parts.Count > 0) return kpi.Parts.All(p => p.Weight is not null && Numbers(p.Values));
            return Numbers(kpi.Values) && !(kpi.Direction == Direction.Positive && Year(kpi.Values, ValueKind.Target)!.Number == 0);
        }

        static bool Numbers(List<ValueDoc> values) =>
            Year(values, ValueKind.Target) is { Form: ValueForm.Number } && Year(values, ValueKind.Actual) is { Form: ValueForm.Number };

        static ValueText? Year(List<ValueDoc> values, ValueKind kind) =>
            values.FirstOrDefault(v => v.Year == 2021 && v.Kind == kind && v.Period is null) is { } v ? ValueText.Parse(v.Text) : null;
    }

    [Theory]
    [InlineData("EP1.2")] // qualitative (高於6都平均值, exempt) and nobody has judged it
    [InlineData("CC2.1")] // 110年尚未調查完成，故無數據提供
    public async Task A_KPI_without_a_figure_to_compare_has_no_achievement_and_a_reason(string code)
    {
        var row = (await CityAsync()).Row(code);

        Assert.Null(row.Decimal("achievement"));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("achieved").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(row.String("notAssessedReason")));
    }

    [Fact]
    public async Task Without_scores_every_self_light_is_unclear_and_nothing_is_reviewed()
    {
        var evaluation = await CityAsync();

        var rows = evaluation.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(162, rows.Count);
        Assert.All(rows, r =>
        {
            var self = r.GetProperty("self");
            Assert.Equal("unclear", self.GetProperty("light").GetString());
            Assert.Equal("?", self.GetProperty("lightSymbol").GetString());
            Assert.Null(self.Decimal("total"));
            Assert.Equal(JsonValueKind.Null, r.GetProperty("review").ValueKind);
        });
        Assert.Equal(JsonValueKind.Null, evaluation.GetProperty("inflation").ValueKind);
    }

    [Fact]
    public async Task Statistics_count_162_KPIs_and_achieved_plus_not_achieved_plus_no_data_adds_up()
    {
        var evaluation = await CityAsync();
        var rows = evaluation.GetProperty("rows").EnumerateArray().ToList();

        var total = evaluation.GetProperty("selfTotal");
        Assert.Equal(162, total.GetProperty("kpis").GetInt32());
        var achieved = total.GetProperty("achieved").GetInt32();
        var notAchieved = total.GetProperty("notAchieved").GetInt32();
        var noData = total.GetProperty("noData").GetInt32();
        Assert.Equal(162, achieved + notAchieved + noData);
        Assert.Equal(rows.Count(r => r.GetProperty("achieved").ValueKind == JsonValueKind.True), achieved);
        Assert.Equal(rows.Count(r => r.GetProperty("achieved").ValueKind == JsonValueKind.False), notAchieved);
        Assert.InRange(noData, 1, 161);
        Assert.Equal(162, total.GetProperty("lights").GetProperty("unclear").GetInt32());

        // Per perspective: C, P, L, F in drawing order, adding up to the total.
        var byPerspective = evaluation.GetProperty("selfByPerspective").EnumerateArray().ToList();
        Assert.Equal(["C", "P", "L", "F"], byPerspective.Select(p => p.GetProperty("group").GetString()));
        Assert.Equal(162, byPerspective.Sum(p => p.GetProperty("kpis").GetInt32()));
        Assert.Equal(achieved, byPerspective.Sum(p => p.GetProperty("achieved").GetInt32()));
        Assert.All(byPerspective, p => Assert.Equal(p.GetProperty("kpis").GetInt32(),
            p.GetProperty("achieved").GetInt32() + p.GetProperty("notAchieved").GetInt32() + p.GetProperty("noData").GetInt32()));
        var byTheme = evaluation.GetProperty("selfByTheme").EnumerateArray().ToList();
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], byTheme.Select(t => t.GetProperty("group").GetString()));
        Assert.Equal(23, byTheme[0].GetProperty("kpis").GetInt32());
    }

    [Fact]
    public async Task Settings_are_the_published_defaults_and_enums_are_written_by_name()
    {
        var evaluation = await CityAsync();

        var settings = evaluation.GetProperty("settings");
        var weights = settings.GetProperty("weights");
        Assert.Equal([0.25m, 0.25m, 0.3m, 0.2m], new[] { "achievement", "innovation", "challenge", "contribution" }.Select(w => weights.GetProperty(w).GetDecimal()));
        var bands = settings.GetProperty("bands");
        Assert.Equal([92.5m, 80m, 75m], new[] { "excellent", "good", "fair" }.Select(b => bands.GetProperty(b).GetDecimal()));
        Assert.Equal("proportional", settings.GetProperty("bandRule").GetString());
        Assert.Equal("qualitative", evaluation.Row("EP1.2").GetProperty("direction").GetString());
        Assert.Equal("band", evaluation.Row("AP5.4").GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Unknown_plan_is_a_404_problem()
    {
        var response = await client.GetAsync("/api/orgs/TPE/plans/1999/evaluation");

        var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("TPE", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Reading_the_evaluation_takes_the_same_number_of_queries_for_20_and_162_KPIs()
    {
        var small = app.Queries.Start();
        await client.EvaluationAsync("TPE-DVPC", 2022);
        var smallCount = small.Count;
        var large = app.Queries.Start();
        await CityAsync();

        Assert.True(large.Count <= smallCount + 1, $"20 KPIs took {smallCount} queries, 162 took {large}");
        Assert.InRange(smallCount, 1, 16);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CityEvaluationApiOnSqlite(SqliteBeacon app) : CityEvaluationApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CityEvaluationApiOnPostgres(PostgresBeacon app) : CityEvaluationApiTests(app);
