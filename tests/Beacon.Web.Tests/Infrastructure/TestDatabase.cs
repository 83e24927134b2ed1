using Beacon.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test fixture: a SQLite file in its own temporary folder, or a uniquely named
/// database on the PostgreSQL server named by <c>BEACON_TEST_POSTGRES</c>. Deleted (dropped) on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "BEACON_TEST_POSTGRES";
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=postgres;Password=beacon";

    private readonly string? folder;
    private readonly string? postgresName;
    private ServiceProvider? services;

    private TestDatabase(DatabaseKind kind, Dictionary<string, string?> settings, string? folder, string? postgresName)
    {
        Kind = kind;
        Settings = settings;
        this.folder = folder;
        this.postgresName = postgresName;
    }

    public DatabaseKind Kind { get; }

    /// <summary>The app settings that point Beacon at this database (<c>Database:Path</c> or <c>ConnectionStrings:Postgres</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The SQLite file, for tests that look at it directly (null on PostgreSQL).</summary>
    public string? SqlitePath => folder is null ? null : Path.Combine(folder, "beacon.db");

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "beacon-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return new TestDatabase(kind, new Dictionary<string, string?>
            {
                ["Database:Path"] = Path.Combine(folder, "beacon.db"),
                ["ConnectionStrings:Postgres"] = "",
            }, folder, null);
        }

        var name = "beacon_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var server = await OpenPostgresServerAsync())
        await using (var create = server.CreateCommand())
        {
            // UTF-8 whatever the cluster's locale, and byte order like SQLite's, so both databases sort codes alike.
            create.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'";
            await create.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name };
        return new TestDatabase(kind, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connection.ConnectionString,
        }, null, name);
    }

    /// <summary>The server's connection string: <c>BEACON_TEST_POSTGRES</c>, else the one scripts/test.sh sets up.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : DefaultPostgres;

    private static async Task<NpgsqlConnection> OpenPostgresServerAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false };
        if (string.IsNullOrEmpty(builder.Database)) builder.Database = "postgres";
        if (builder.Timeout > 5) builder.Timeout = 5;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            // A failure, not a skip: a green run must mean the PostgreSQL half was tested too.
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at Host={builder.Host};Port={builder.Port};Username={builder.Username} " +
                $"({e.GetType().Name}: {e.Message}). These tests need a real server: run `bash scripts/test.sh`, which " +
                $"installs and starts one on 127.0.0.1, or set {PostgresVariable} to a connection string for one.", e);
        }
    }

    /// <summary>
    /// A context on this database configured exactly as the app configures it (<see cref="DatabaseSetup.AddBeaconDatabase"/>),
    /// plus <paramref name="configure"/> (extra interceptors, say). Nothing is migrated.
    /// </summary>
    public BeaconDb CreateContext(Action<DbContextOptionsBuilder>? configure = null)
    {
        if (services is null)
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
            services = new ServiceCollection().AddLogging().AddBeaconDatabase(config, AppContext.BaseDirectory).BuildServiceProvider();
        }
        var options = services.GetRequiredService<DbContextOptions<BeaconDb>>();
        if (configure is null) return new BeaconDb(options);
        var builder = new DbContextOptionsBuilder<BeaconDb>(options);
        configure(builder);
        return new BeaconDb(builder.Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (services is not null) await services.DisposeAsync();
        if (folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { } // a temp folder left behind is harmless
        }
        if (postgresName is not null)
        {
            using (var pooled = new NpgsqlConnection(Settings["ConnectionStrings:Postgres"])) NpgsqlConnection.ClearPool(pooled);
            await using var server = await OpenPostgresServerAsync();
            await using var drop = server.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{postgresName}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
    }
}
