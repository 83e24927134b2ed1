using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Features.Operations;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Beacon.Web.Tests.Operations;

/// <summary>
/// <c>/healthz</c> says the process answers; <c>/readyz</c> says the database is reachable and has exactly this
/// version's schema. The readiness check is also run on databases that are behind, ahead or gone.
/// </summary>
public abstract class HealthTests(BeaconFactory app) : IAsyncLifetime
{
    private readonly List<TestDatabase> databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in databases) await database.DisposeAsync();
    }

    [Fact]
    public async Task Health_and_readiness_answer_200_with_the_checks_named()
    {
        using var client = app.CreateClient();

        var health = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/readyz");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (health.StatusCode, ready.StatusCode));
        Assert.Equal("""{"status":"Healthy","checks":{}}""", await health.Content.ReadAsStringAsync());
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var database = body.GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        await using var db = app.Database.CreateContext();
        Assert.Equal($"{db.Database.GetMigrations().Count()} migrations applied, the last {db.Database.GetMigrations().Last()}", database.GetProperty("description").GetString());
        Assert.Contains("no-store", ready.Headers.CacheControl!.ToString());
    }

    private async Task<HealthCheckResult> CheckAsync(Func<TestDatabase, Task> prepare)
    {
        var database = await TestDatabase.CreateAsync(app.Kind);
        databases.Add(database);
        await prepare(database);
        await using var db = database.CreateContext();
        return await new DatabaseReadyCheck(db).CheckHealthAsync(new HealthCheckContext());
    }

    [Fact]
    public async Task A_database_with_migrations_pending_is_not_ready_and_says_which()
    {
        var result = await CheckAsync(async d =>
        {
            await using var db = d.CreateContext();
            await db.GetService<IMigrator>().MigrateAsync("20261122000004_AccountsWorkflowAudit");
        });

        await using var model = app.Database.CreateContext();
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith($"{model.Database.GetMigrations().Count() - 4} migration(s) not applied yet: 20261122000005_EvaluationCalendar, ", result.Description);
    }

    [Fact]
    public async Task A_database_a_newer_version_migrated_is_not_ready_for_this_one()
    {
        var result = await CheckAsync(async d =>
        {
            await using var db = d.CreateContext();
            await db.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('20991231000000_FromTheFuture', '99.0.0')");
        });

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("the database has migrations this version does not know (a newer schema): 20991231000000_FromTheFuture", result.Description);
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_not_ready()
    {
        var options = new DbContextOptionsBuilder<Beacon.Web.Data.BeaconDb>();
        if (app.Kind == DatabaseKind.Postgres)
            options.UseNpgsql(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "beacon_no_such_database", Timeout = 3 }.ConnectionString);
        else
            options.UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "beacon.db")};Mode=ReadWrite");
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        await using var db = new Beacon.Web.Data.BeaconDb(options.Options);

        var result = await new DatabaseReadyCheck(db).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("the database cannot be reached", result.Description);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HealthOnSqlite(SqliteBeacon app) : HealthTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HealthOnPostgres(PostgresBeacon app) : HealthTests(app);
