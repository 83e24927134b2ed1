using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Interchange;

/// <summary>
/// A bulk load (the dataset, <c>beacon generate --database</c>, <c>beacon import FOLDER</c>) imports each plan with its
/// checks and text made ahead (<see cref="PreparedDocument"/>) and without waiting for each commit to reach the disk
/// (<see cref="BulkLoad"/>): what it writes (the plan's rows, its audit entry, its published version, its change stamp)
/// is what an ordinary import writes, and the database's setting is put back afterwards.
/// </summary>
public abstract class BulkLoadTests(BeaconFactory app)
{
    [Fact]
    public async Task A_plan_imported_in_a_bulk_load_is_stored_audited_published_and_stamped_as_an_ordinary_import()
    {
        var ordinary = Dataset.NewPlan();
        var bulk = Dataset.NewPlan();
        await using (var scope = app.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<PlanImporter>().ImportAsync(ordinary, dryRun: false, replace: false, status: PlanStatus.Approved);
            Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        }
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            await using (await BulkLoad.BeginAsync(db))
            {
                var result = await scope.ServiceProvider.GetRequiredService<PlanImporter>()
                    .ImportAsync(bulk, dryRun: false, replace: false, status: PlanStatus.Approved, prepared: PreparedDocument.Of(bulk));
                Assert.True(result.Succeeded, string.Join("; ", result.Problems));
            }
        }

        var expected = await StoredAsync(ordinary);
        var actual = await StoredAsync(bulk);
        string Same(string text) => text.Replace(bulk.Organisation.Code, ordinary.Organisation.Code, StringComparison.Ordinal);
        Assert.Equal(expected.Document, Same(actual.Document));
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(("import", nameof(Plan), (string?)null), (actual.Audit.Action, actual.Audit.Entity, actual.Audit.OldValues));
        Assert.Equal(PlanJson.Write(bulk), actual.Audit.NewValues);
        Assert.Equal(expected.Audit.NewValues, Same(actual.Audit.NewValues!));
        Assert.Equal(expected.Version, Same(actual.Version));
        Assert.NotEqual(0, actual.Stamp);
    }

    [Fact]
    public async Task Checks_and_text_made_of_another_document_are_not_used()
    {
        var plan = Dataset.NewPlan();
        var other = Dataset.NewPlan() with { Mission = "另一份文件的使命" };
        await using var scope = app.CreateScope();

        var result = await scope.ServiceProvider.GetRequiredService<PlanImporter>()
            .ImportAsync(plan, dryRun: false, replace: false, prepared: PreparedDocument.Of(other));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(PlanJson.Write(plan), (await StoredAsync(plan)).Audit.NewValues);
    }

    [Fact]
    public async Task Commits_are_not_waited_for_during_the_load_and_the_setting_is_put_back_after_it()
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var setting = app.Kind == DatabaseKind.Postgres ? "SHOW synchronous_commit" : "PRAGMA synchronous";
        await db.Database.OpenConnectionAsync();
        var before = await ScalarAsync(db, setting);

        string during;
        await using (await BulkLoad.BeginAsync(db)) during = await ScalarAsync(db, setting);
        var after = await ScalarAsync(db, setting);

        Assert.Equal(app.Kind == DatabaseKind.Postgres ? "off" : "1", during);   // SQLite's NORMAL
        Assert.NotEqual(before, during);
        Assert.Equal(before, after);
    }

    private static async Task<string> ScalarAsync(BeaconDb db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private sealed record Stored(string Document, (int Objectives, int Kpis, int Values, int Actions, int Budgets, int Milestones, int Assessments) Rows,
        AuditEntry Audit, string Version, long Stamp);

    private async Task<Stored> StoredAsync(PlanDocument plan)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var code = plan.Organisation.Code;
        var exported = await scope.ServiceProvider.GetRequiredService<PlanExporter>().ExportAsync(code, plan.Year);
        var id = await db.Plans.Where(p => p.Organisation.Code == code && p.Year == plan.Year).Select(p => p.Id).SingleAsync();
        var kpis = db.Kpis.Where(k => k.Objective.PlanId == id);
        var rows = (
            await db.Objectives.CountAsync(o => o.PlanId == id),
            await kpis.CountAsync(),
            await db.Set<KpiValue>().CountAsync(v => kpis.Any(k => k.Id == v.KpiId) || db.Set<KpiPart>().Any(x => x.Id == v.KpiPartId && kpis.Any(k => k.Id == x.KpiId))),
            await db.Set<ActionPlan>().CountAsync(a => kpis.Any(k => k.Id == a.KpiId)),
            await db.Set<Budget>().CountAsync(b => db.Set<ActionPlan>().Any(a => a.Id == b.ActionPlanId && kpis.Any(k => k.Id == a.KpiId))),
            await db.Set<Milestone>().CountAsync(m => db.Set<ActionPlan>().Any(a => a.Id == m.ActionPlanId && kpis.Any(k => k.Id == a.KpiId))),
            await db.Set<KpiAssessment>().CountAsync(a => kpis.Any(k => k.Id == a.KpiId)));
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Entity == nameof(Plan) && a.OrganisationCode == code && a.Year == plan.Year);
        var version = await db.PlanVersions.Where(v => v.Organisation.Code == code && v.Year == plan.Year).Select(v => v.Document).SingleOrDefaultAsync();
        var stamp = await db.Set<PlanStamp>().Where(s => s.PlanId == id).Select(s => s.Stamp).SingleOrDefaultAsync();
        return new Stored(PlanJson.Write(exported!), rows, audit, version ?? "", stamp);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BulkLoadOnSqlite(SqliteBeacon app) : BulkLoadTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BulkLoadOnPostgres(PostgresBeacon app) : BulkLoadTests(app);
