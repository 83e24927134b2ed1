using System.Data.Common;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Interchange;

/// <summary>
/// An import is all or nothing even when the database fails half-way through writing it. The failure is real to
/// the importer: an interceptor makes the database command that inserts the action plans' budgets (the last rows
/// of the plan) throw, after the old plan was deleted and the organisation, plan, objectives and KPIs were sent.
/// </summary>
public abstract class ImportTransactionTests(BeaconFactory app)
{
    [Fact]
    public async Task A_replace_that_fails_while_saving_leaves_the_old_plan_exactly_as_it_was()
    {
        var original = Dataset.NewPlan();
        await ImportAsync(original, replace: false);
        var before = await app.RowCountsAsync();
        var revised = original with
        {
            Organisation = original.Organisation with { Name = "改名後的機關" },
            Mission = "修正後的使命",
        };
        var failure = new FailingInsert("Budgets");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ImportAsync(revised, replace: true, failure));

        Assert.Contains(FailingInsert.Message, Messages(error));
        Assert.Contains(failure.Sent, sql => sql.Contains("DELETE FROM \"Plans\"", StringComparison.Ordinal));
        Assert.Contains(failure.Sent, sql => sql.Contains("INSERT INTO \"Kpis\"", StringComparison.Ordinal));
        Assert.Equal(before, await app.RowCountsAsync());
        Assert.Equal(PlanJson.Write(original), await ExportAsync(original));
    }

    [Fact]
    public async Task A_new_plan_that_fails_while_saving_leaves_no_organisation_and_no_rows()
    {
        var plan = Dataset.NewPlan();
        var before = await app.RowCountsAsync();
        var failure = new FailingInsert("Budgets");

        await Assert.ThrowsAnyAsync<Exception>(() => ImportAsync(plan, replace: false, failure));

        Assert.Contains(failure.Sent, sql => sql.Contains("INSERT INTO \"Organisations\"", StringComparison.Ordinal));
        Assert.Equal(before, await app.RowCountsAsync());
        Assert.Null(await ExportAsync(plan));
    }

    private async Task ImportAsync(PlanDocument plan, bool replace, FailingInsert? failure = null)
    {
        await using var scope = app.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<DbContextOptions<BeaconDb>>();
        if (failure is not null) options = new DbContextOptionsBuilder<BeaconDb>(options).AddInterceptors(failure).Options;
        await using var db = new BeaconDb(options) { Audit = scope.ServiceProvider.GetRequiredService<AuditScope>() };
        var result = await new PlanImporter(db, TimeProvider.System, scope.ServiceProvider.GetRequiredService<AuditScope>()).ImportAsync(plan, dryRun: false, replace);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
    }

    private async Task<string?> ExportAsync(PlanDocument plan)
    {
        await using var scope = app.CreateScope();
        var document = await scope.ServiceProvider.GetRequiredService<PlanExporter>().ExportAsync(plan.Organisation.Code, plan.Year);
        return document is null ? null : PlanJson.Write(document);
    }

    private static IEnumerable<string> Messages(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e.Message;
    }

    /// <summary>Fails the first command that inserts into the given table; remembers what was sent before it.</summary>
    private sealed class FailingInsert(string table) : DbCommandInterceptor
    {
        public const string Message = "simulated database failure";
        public List<string> Sent { get; } = [];

        private void Check(DbCommand command)
        {
            if (command.CommandText.Contains($"INSERT INTO \"{table}\"", StringComparison.Ordinal))
                throw new InvalidOperationException(Message);
            Sent.Add(command.CommandText);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportTransactionOnSqlite(SqliteBeacon app) : ImportTransactionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportTransactionOnPostgres(PostgresBeacon app) : ImportTransactionTests(app);
