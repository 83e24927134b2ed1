using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Beacon.Reliability;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// A database of its own for one run: a SQLite file in a temporary folder (write-ahead logging, as Beacon sets it), or
/// a uniquely named database on the PostgreSQL server of <c>BEACON_TEST_POSTGRES</c>. Dropped on dispose. The harness
/// reads it directly only to check it: a content digest of every table, and SQLite's integrity check.
/// </summary>
public sealed class HarnessDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "BEACON_TEST_POSTGRES";

    private HarnessDatabase(DatabaseKind kind, string? folder, string? postgresName)
    {
        Kind = kind;
        Folder = folder;
        PostgresName = postgresName;
    }

    public DatabaseKind Kind { get; }
    public string? Folder { get; }
    public string? PostgresName { get; }
    public string? SqlitePath => Folder is null ? null : Path.Combine(Folder, "beacon.db");

    public static string PostgresServer =>
        System.Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : "Host=127.0.0.1;Port=5432;Username=postgres;Password=beacon";

    public string PostgresConnection => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = PostgresName }.ConnectionString;

    /// <summary>The environment variables that point Beacon at this database.</summary>
    public IReadOnlyDictionary<string, string> Environment => Kind == DatabaseKind.Sqlite
        ? new Dictionary<string, string> { ["Database__Path"] = SqlitePath!, ["ConnectionStrings__Postgres"] = "" }
        : new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = PostgresConnection };

    public static async Task<HarnessDatabase> CreateAsync(DatabaseKind kind, HarnessDatabase? template = null)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "beacon-reliability", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var database = new HarnessDatabase(kind, folder, null);
            if (template is not null)
            {
                await using var source = new SqliteConnection($"Data Source={template.SqlitePath};Pooling=False");
                await using var target = new SqliteConnection($"Data Source={database.SqlitePath};Pooling=False");
                source.Open();
                target.Open();
                source.BackupDatabase(target);
                await using var wal = target.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteNonQueryAsync();
            }
            return database;
        }
        var name = "beacon_test_rel_" + Guid.NewGuid().ToString("N")[..12];
        await using (var server = await OpenServerAsync())
        await using (var create = server.CreateCommand())
        {
            create.CommandText = template is null
                ? $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
                : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template.PostgresName}\"";
            await create.ExecuteNonQueryAsync();
        }
        return new HarnessDatabase(kind, null, name);
    }

    private static async Task<NpgsqlConnection> OpenServerAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false, Database = "postgres" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private DbConnection Open() => Kind == DatabaseKind.Sqlite
        ? new SqliteConnection($"Data Source={SqlitePath};Mode=ReadOnly;Pooling=False")
        : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnection) { Pooling = false }.ConnectionString);

    /// <summary>
    /// A SHA-256 of every row of every table (each table's rows as a sorted multiset, so the order rows come back in
    /// does not matter), leaving out the tables named. Two equal digests: the same content, value for value.
    /// </summary>
    public async Task<string> DigestAsync(params string[] except)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = Kind == DatabaseKind.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables.Where(t => !except.Contains(t)).Order(StringComparer.Ordinal))
        {
            var rows = new List<byte[]>();
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var text = new StringBuilder();
            while (await reader.ReadAsync())
            {
                text.Clear();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    text.Append(value is DBNull ? "\u0000null" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append('\u001f');
                }
                rows.Add(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
            }
            rows.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
            all.AppendData(Encoding.UTF8.GetBytes(table + "\n"));
            foreach (var row in rows) all.AppendData(row);
        }
        return Convert.ToHexStringLower(all.GetHashAndReset());
    }

    /// <summary>SQLite: integrity_check and foreign_key_check ("ok" when both are clean). PostgreSQL: the server answers (it enforces its constraints itself).</summary>
    public async Task<string> IntegrityAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        if (Kind == DatabaseKind.Postgres)
        {
            command.CommandText = "SELECT 1";
            return Equals(await command.ExecuteScalarAsync(), 1) ? "ok" : "no answer";
        }
        command.CommandText = "PRAGMA integrity_check";
        var integrity = (string?)await command.ExecuteScalarAsync();
        if (integrity != "ok") return $"integrity_check: {integrity}";
        command.CommandText = "PRAGMA foreign_key_check";
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? $"foreign_key_check: a row of {reader.GetString(0)} points at nothing" : "ok";
    }

    public async ValueTask DisposeAsync()
    {
        if (Folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(Folder, recursive: true); }
            catch (IOException) { }
        }
        if (PostgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = await OpenServerAsync();
            await using var drop = server.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{PostgresName}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
    }
}
