using System.Diagnostics;
using System.Net;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Beacon.Web.Tests.Operations;

/// <summary>
/// <c>beacon backup FILE</c> and <c>beacon restore FILE</c> on the shared SQLite app's database: a backup taken while
/// people write is one consistent snapshot, a restore followed by an export gives the documents back, and a file
/// that is not a Beacon database, or comes from a newer version, is refused and changes nothing.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class BackupTests(SqliteBeacon app) : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("beacon-backup-").FullName;
    private readonly List<TestDatabase> databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in databases) await database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<(int Exit, string Output, string Error)> BeaconAsync(IServiceProvider services, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Web.Cli.RunAsync(services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A fresh, empty SQLite database and the services the command line would have on it.</summary>
    private async Task<(TestDatabase Database, ServiceProvider Services)> EmptyDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        databases.Add(database);
        var config = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build();
        return (database, new ServiceCollection().AddLogging().AddBeaconDatabase(config, AppContext.BaseDirectory).BuildServiceProvider());
    }

    private static async Task<SortedDictionary<string, string>> ExportAllAsync(BeaconDb db)
    {
        var plans = await db.Plans.AsNoTracking().Select(p => new { p.Organisation.Code, p.Year }).ToListAsync();
        var exporter = new PlanExporter(db);
        var documents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var plan in plans) documents[$"{plan.Code} {plan.Year}"] = PlanJson.Write((await exporter.ExportAsync(plan.Code, plan.Year))!);
        return documents;
    }

    [Fact]
    public async Task A_restored_backup_exports_the_same_documents_and_keeps_the_database_it_replaced()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.ApiClientAsync(Persona.Editor, org);
        await editor.PutOkAsync(org, MatrixKit.Kpi, "self", """{"innovation":80,"challenge":85,"contribution":90,"explanation":"備份前"}""");
        SortedDictionary<string, string> before;
        await using (var scope = app.CreateScope()) before = await ExportAllAsync(scope.ServiceProvider.GetRequiredService<BeaconDb>());
        var file = Path.Combine(folder, "beacon-backup.db");

        var backup = await BeaconAsync(app.Services, "backup", file);

        Assert.True(backup.Exit == 0, backup.Error);
        Assert.Matches($@"backed up: .* → {System.Text.RegularExpressions.Regex.Escape(file)} \([0-9,]+ bytes, {before.Count} plans, schema 2026", backup.Output);
        Assert.Empty(Directory.GetFiles(folder, "*-wal"));
        var (target, services) = await EmptyDatabaseAsync();
        await using (var other = target.CreateContext())
        {
            await other.MigrateAsync();
            other.Organisations.Add(new Organisation { Code = "ELSEWHERE", Name = "另一個資料庫" });
            await other.SaveChangesAsync();
        }
        var restore = await BeaconAsync(services, "restore", file);

        Assert.True(restore.Exit == 0, restore.Error);
        Assert.Contains($"restored: {file} → {target.SqlitePath} ({before.Count} plans", restore.Output);
        await using (var restored = target.CreateContext())
        {
            Assert.Equal(before, await ExportAllAsync(restored));
            Assert.False(await restored.Organisations.AnyAsync(o => o.Code == "ELSEWHERE"));
            var self = await restored.KpiAssessments.AsNoTracking().SingleAsync(a => a.SelfExplanation == "備份前");
            Assert.Equal((80m, 1), (self.SelfInnovation, self.Version));
        }
        var kept = restore.Output.Split("kept as ")[1].Trim();
        await using (var old = new SqliteConnection($"Data Source={kept};Mode=ReadOnly;Pooling=False"))
        {
            old.Open();
            await using var command = old.CreateCommand();
            command.CommandText = "SELECT \"Name\" FROM \"Organisations\"";
            Assert.Equal("另一個資料庫", await command.ExecuteScalarAsync());
        }
        // A backup never overwrites another.
        var again = await BeaconAsync(app.Services, "backup", file);
        Assert.Equal(1, again.Exit);
        Assert.Contains("exists already", again.Error);
    }

    [Fact]
    public async Task A_backup_taken_while_people_write_is_one_consistent_snapshot()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.ApiClientAsync(Persona.Editor, org);
        using var stop = new CancellationTokenSource();
        var saved = 0;
        var writer = Task.Run(async () =>
        {
            // Each self-assessment raises the KPI's version by one and writes one audit entry, in one transaction.
            var codes = new[] { "AC1.1", "AC2.1", "AC3.1" };
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var response = await editor.PutAsync(org, codes[i % codes.Length], "self", $$"""{"innovation":{{i % 100}},"challenge":50,"contribution":50}""");
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
                Interlocked.Increment(ref saved);
            }
        });
        while (Volatile.Read(ref saved) < 3) await Task.Delay(20);

        var snapshots = new List<(long Writes, long Audited, string Integrity, long ForeignKeyProblems)>();
        for (var i = 0; i < 3; i++)
        {
            var file = Path.Combine(folder, $"busy-{i}.db");
            var backup = await BeaconAsync(app.Services, "backup", file);
            Assert.True(backup.Exit == 0, backup.Error);
            snapshots.Add(await FactsAsync(file, org));
            var reached = Volatile.Read(ref saved);
            while (Volatile.Read(ref saved) < reached + 2) await Task.Delay(20);
        }
        await stop.CancelAsync();
        await writer;

        Assert.All(snapshots, s => Assert.Equal(("ok", 0L), (s.Integrity, s.ForeignKeyProblems)));
        Assert.All(snapshots, s => Assert.Equal(s.Writes, s.Audited));
        Assert.True(snapshots[0].Writes < snapshots[2].Writes, string.Join("; ", snapshots));
    }

    private static async Task<(long Writes, long Audited, string Integrity, long ForeignKeyProblems)> FactsAsync(string file, string org)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        async Task<object?> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$org", org);
            return await command.ExecuteScalarAsync();
        }
        var writes = (long)(await Scalar("""
            SELECT COALESCE(SUM(a."Version"), 0) FROM "KpiAssessments" a JOIN "Kpis" k ON k."Id" = a."KpiId"
            JOIN "Objectives" o ON o."Id" = k."ObjectiveId" JOIN "Plans" p ON p."Id" = o."PlanId" JOIN "Organisations" g ON g."Id" = p."OrganisationId"
            WHERE g."Code" = $org
            """))!;
        var audited = (long)(await Scalar("""SELECT COUNT(*) FROM "AuditEntries" WHERE "OrganisationCode" = $org AND "Entity" = 'KpiAssessment'"""))!;
        var integrity = (string)(await Scalar("PRAGMA integrity_check"))!;
        long problems = 0;
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA foreign_key_check";
            await using var reader = await check.ExecuteReaderAsync();
            while (await reader.ReadAsync()) problems++;
        }
        return (writes, audited, integrity, problems);
    }

    [Fact]
    public async Task Restore_refuses_what_is_not_a_beacon_database_or_comes_from_a_newer_version_and_changes_nothing()
    {
        var (target, services) = await EmptyDatabaseAsync();
        await using (var db = target.CreateContext()) await db.MigrateAsync();
        var text = Path.Combine(folder, "notes.txt");
        await File.WriteAllTextAsync(text, "這不是資料庫");
        var other = Path.Combine(folder, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE \"Plans\" (\"Id\" INTEGER PRIMARY KEY)";
            await command.ExecuteNonQueryAsync();
        }
        var newer = Path.Combine(folder, "newer.db");
        Assert.Equal(0, (await BeaconAsync(app.Services, "backup", newer)).Exit);
        await using (var connection = new SqliteConnection($"Data Source={newer};Pooling=False"))
        {
            connection.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20991231000000_FromTheFuture', '99.0.0')";
            await command.ExecuteNonQueryAsync();
        }
        var before = await File.ReadAllBytesAsync(target.SqlitePath!);

        var answers = new[] { text, other, newer, Path.Combine(folder, "missing.db") }.Select(f => BeaconAsync(services, "restore", f).Result).ToList();

        Assert.All(answers, a => Assert.Equal(1, a.Exit));
        Assert.Contains("not a SQLite database, so not a Beacon backup; nothing was changed", answers[0].Error);
        Assert.Contains("not a Beacon database (it has no __EFMigrationsHistory, Organisations, Kpis, AspNetUsers table); nothing was changed", answers[1].Error);
        Assert.Contains("made by a newer version of Beacon (migrations this version does not know: 20991231000000_FromTheFuture)", answers[2].Error);
        Assert.Contains("來自較新版本的 Beacon", answers[2].Error);
        Assert.Contains("file not found", answers[3].Error);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(target.SqlitePath!));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target.SqlitePath!)!, "*.before-restore-*"));
    }

    [Fact]
    public async Task The_commands_say_what_is_wrong_with_their_arguments()
    {
        var none = await BeaconAsync(app.Services, "backup");
        var two = await BeaconAsync(app.Services, "restore", "a.db", "b.db");

        Assert.Equal((2, 2), (none.Exit, two.Exit));
        Assert.Contains("missing FILE", none.Error);
        Assert.Contains("takes exactly one argument, FILE: a.db b.db", two.Error);
    }
}

/// <summary>PostgreSQL is backed up with pg_dump and restored with pg_restore, as docs/deployment.md says.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackupTests(PostgresBeacon app)
{
    [Fact]
    public async Task Pg_dump_and_pg_restore_as_documented_give_back_the_same_documents()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.ApiClientAsync(Persona.Editor, org);
        await editor.PutOkAsync(org, MatrixKit.Kpi, "self", """{"innovation":70,"challenge":75,"contribution":80,"explanation":"備份前"}""");
        var source = new NpgsqlConnectionStringBuilder(app.Database.Settings["ConnectionStrings:Postgres"]);
        var dump = Path.Combine(Path.GetTempPath(), $"beacon-{Guid.NewGuid():N}.dump");
        await using var restored = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        var target = new NpgsqlConnectionStringBuilder(restored.Settings["ConnectionStrings:Postgres"]);
        try
        {
            // docs/deployment.md, "Backups": pg_dump -Fc, then pg_restore --no-owner into an empty database.
            await RunAsync("pg_dump", source, "-Fc", "-f", dump, source.Database!);
            await RunAsync("pg_restore", target, "--no-owner", "--exit-on-error", "-d", target.Database!, dump);

            SortedDictionary<string, string> expected, actual;
            await using (var scope = app.CreateScope()) expected = await ExportAllAsync(scope.ServiceProvider.GetRequiredService<BeaconDb>());
            await using (var db = restored.CreateContext())
            {
                actual = await ExportAllAsync(db);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal("備份前", (await db.KpiAssessments.AsNoTracking().SingleAsync(a => a.SelfExplanation == "備份前")).SelfExplanation);
            }
            Assert.Equal(expected, actual);
            Assert.Contains($"{org} 2022", actual.Keys);
        }
        finally
        {
            File.Delete(dump);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(2, await Web.Cli.RunAsync(app.Services, ["backup", dump], output, error));
        Assert.Contains("back it up with pg_dump -Fc and restore it with pg_restore", error.ToString());
    }

    private static async Task<SortedDictionary<string, string>> ExportAllAsync(BeaconDb db)
    {
        var plans = await db.Plans.AsNoTracking().Select(p => new { p.Organisation.Code, p.Year }).ToListAsync();
        var documents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var plan in plans) documents[$"{plan.Code} {plan.Year}"] = PlanJson.Write((await new PlanExporter(db).ExportAsync(plan.Code, plan.Year))!);
        return documents;
    }

    private static async Task RunAsync(string program, NpgsqlConnectionStringBuilder connection, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(" ", args)}: {await error}");
    }
}
