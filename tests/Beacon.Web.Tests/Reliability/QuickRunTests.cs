using Beacon.Reliability;
using Xunit.Abstractions;
using DatabaseKind = Beacon.Reliability.DatabaseKind;

namespace Beacon.Web.Tests.Reliability;

/// <summary>
/// The quick runs of the three harnesses, on SQLite and PostgreSQL: a few kills, a few hundred malformed requests, fifty
/// people for a few seconds. The full runs are scripts/faults.sh, fuzz.sh and concurrency.sh with --full
/// (docs/reliability.md). Each harness has its own class (an xunit collection of its own), so they run beside the
/// other tests rather than after them.
/// </summary>
public static class QuickRuns
{
    public static string Folder(string name) => Path.Combine(Path.GetTempPath(), "beacon-reliability", $"tests-{name}-{Guid.NewGuid():N}"[..40]);

    public static void AssertClean(RunReport report, ITestOutputHelper output)
    {
        output.WriteLine(report.ToString());
        Assert.True(report.Violations.Count == 0, report.ToString());
    }
}

public sealed class FaultQuickRunTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Four_kills_one_in_each_kind_of_work_lose_nothing_answered_and_leave_nothing_half_there(DatabaseKind kind)
    {
        var report = await FaultRun.RunAsync(kind, new FaultOptions(Rounds: 4, Seed: 15), QuickRuns.Folder("faults"), TextWriter.Null);

        QuickRuns.AssertClean(report, output);
        Assert.Equal(4, report.Number("kills (SIGKILL)"));
        Assert.Equal(4, report.Number("restarts that opened the database"));
        Assert.True(report.Number("writes answered 2xx before a kill") >= 4, report.ToString());
        Assert.True(report.Number("workflow steps checked") >= 1, report.ToString());
    }
}

public sealed class FuzzQuickRunTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite, 200)]
    [InlineData(DatabaseKind.Postgres, 100)]
    public async Task Malformed_requests_to_every_write_operation_get_4xx_problems_and_change_nothing(DatabaseKind kind, int cases)
    {
        var report = await FuzzRun.RunAsync(kind, new FuzzOptions(cases, Seed: 15), QuickRuns.Folder("fuzz"), TextWriter.Null);

        QuickRuns.AssertClean(report, output);
        Assert.Equal(cases, report.Number("cases sent"));
        Assert.True(report.Number("write operations in /openapi/v1.json") >= 9, report.ToString());
        Assert.Equal(0, report.Number("answers 5xx"));
        Assert.Equal(0, report.Number("database changes by a refused request"));
    }
}

public sealed class ConcurrencyQuickRunTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Fifty_people_on_one_plan_lose_no_update_and_every_conflict_is_409(DatabaseKind kind)
    {
        var report = await ConcurrencyRun.RunAsync(kind, new ConcurrencyOptions(Writers: 50, Duration: TimeSpan.FromSeconds(5), Seed: 15), QuickRuns.Folder("concurrency"), TextWriter.Null);

        QuickRuns.AssertClean(report, output);
        Assert.Equal(50, report.Number("people writing at once"));
        Assert.True(report.Number("writes accepted (204)") > 0, report.ToString());
        Assert.Equal(0, report.Number("lost updates"));
        Assert.Equal(0, report.Number("other answers"));
    }
}
