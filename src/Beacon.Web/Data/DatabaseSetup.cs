using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Beacon.Web.Data;

public static class DatabaseSetup
{
    public const string DefaultSqlitePath = "App_Data/beacon.db";

    /// <summary>
    /// PostgreSQL when <c>ConnectionStrings:Postgres</c> is set; otherwise an embedded SQLite file at
    /// <c>Database:Path</c> (relative paths are under the content root).
    /// </summary>
    public static IServiceCollection AddBeaconDatabase(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AuditScope>();
        services.TryAddSingleton<AuditInterceptor>();
        services.TryAddSingleton<PlanStampInterceptor>();
        services.TryAddSingleton<PlanStampCommandInterceptor>();
        services.TryAddSingleton<ChangeWatch>();
        var postgres = config.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return AddPooled(services, (sp, o) => Configure(o.UseNpgsql(postgres), sp));
        }
        var path = Path.GetFullPath(config["Database:Path"] is { Length: > 0 } p ? p : DefaultSqlitePath, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return AddPooled(services, (sp, o) => Configure(o.UseSqlite($"Data Source={path};Foreign Keys=True"), sp));
    }

    /// <summary>
    /// Units of work come from a pool (a request no longer builds a context and its internal services: that was a sixth
    /// of a cached page's cost); each scope's one carries the scope's <see cref="AuditScope"/> and goes back to the pool
    /// when the scope ends. The interceptors are therefore singletons that keep no state of a scope.
    /// </summary>
    private static IServiceCollection AddPooled(IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
    {
        services.AddPooledDbContextFactory<BeaconDb>(configure);
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<BeaconDb>>().CreateDbContext();
            db.Audit = sp.GetRequiredService<AuditScope>();
            return db;
        });
        return services;
    }

    // Migrations are hand-written and have no model snapshot, so EF cannot compare them with the model;
    // MigrationTests.Migrations_build_the_schema_the_model_describes (tests/Beacon.Web.Tests/Storage) does that instead.
    private static void Configure(DbContextOptionsBuilder options, IServiceProvider services) =>
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .AddInterceptors(services.GetRequiredService<AuditInterceptor>(),
                services.GetRequiredService<PlanStampInterceptor>(), services.GetRequiredService<PlanStampCommandInterceptor>());

    /// <summary>Brings the schema up to date and, on SQLite, switches the file to write-ahead logging.</summary>
    public static async Task MigrateAsync(this BeaconDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
