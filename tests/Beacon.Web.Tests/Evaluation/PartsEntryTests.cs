using System.Net;
using Beacon.Core.Plans;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>Actuals of a KPI printed in weighted parts (like the city's BP2.1, 50% + 50%), entered part by part.</summary>
public abstract class PartsEntryTests(BeaconFactory app) : IAsyncLifetime
{
    private string org = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        org = await app.ImportPlanAsync(EvaluationKit.PlanWithParts());
        client = await app.AgencyAsync(org);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_part_gets_its_actual_and_the_rates_combine_by_weight()
    {
        await client.PutOkAsync(org, "CC1.1", "actual", """{"parts":["10","30"]}""");

        var row = (await client.EvaluationAsync(org)).Row("CC1.1");
        Assert.Equal(125.0m, row.Decimal("achievement")); // 50% × 100 + 50% × 150
        Assert.True(row.GetProperty("achieved").GetBoolean());
        var parts = System.Text.Json.JsonDocument.Parse(await client.ExportAsync(org)).RootElement.Kpi("CC1.1").GetProperty("parts").EnumerateArray()
            .Select(p => p.GetProperty("values").EnumerateArray().Single(v => v.String("kind") == "actual").String("text")).ToList();
        Assert.Equal(["10", "30"], parts);
    }

    [Fact]
    public async Task A_blank_part_is_left_unchanged()
    {
        await client.PutOkAsync(org, "CC1.1", "actual", """{"parts":["5","20"]}""");
        await client.PutOkAsync(org, "CC1.1", "actual", """{"parts":[null,"10"]}""");

        var row = (await client.EvaluationAsync(org)).Row("CC1.1");
        Assert.Equal(50.0m, row.Decimal("achievement")); // 50% × 50 + 50% × 50
    }

    [Fact]
    public async Task A_part_that_is_not_a_number_is_a_400_naming_the_part_and_writes_nothing()
    {
        // The other rules of parts (their count, a value for the whole KPI) are the core's table (KpiEntryCheckTests).
        var before = await client.ExportAsync(org);

        var wrong = await EvaluationKit.AssertProblemAsync(await client.PutAsync(org, "CC1.1", "actual", """{"parts":["abc","1"]}"""), HttpStatusCode.BadRequest);

        var (path, message, _) = Assert.Single(wrong.Errors());
        Assert.Equal("kpis[CC1.1].actual.parts[0]", path);
        Assert.EndsWith("（分項「東區」）", message, StringComparison.Ordinal);
        Assert.Equal(before, await client.ExportAsync(org));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PartsEntryOnSqlite(SqliteBeacon app) : PartsEntryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PartsEntryOnPostgres(PostgresBeacon app) : PartsEntryTests(app);
