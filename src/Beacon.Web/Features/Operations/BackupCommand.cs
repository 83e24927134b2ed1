using System.Globalization;
using Beacon.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Operations;

/// <summary>
/// <c>beacon backup FILE</c> and <c>beacon restore FILE</c> for the SQLite database. A backup is SQLite's online
/// backup: one consistent snapshot taken while the app goes on writing, checked and written under a temporary name
/// first, so FILE is either a whole backup or absent. A restore refuses a file that is not a Beacon database, is
/// damaged or comes from a newer version (migrations this one does not know); it keeps the database it replaces
/// beside it. PostgreSQL is backed up with pg_dump and pg_restore (docs/deployment.md).
/// </summary>
public static class BackupCommand
{
    public static readonly string[] Commands = ["backup", "restore"];

    public const string UsageLines =
        "       beacon backup FILE                        (SQLite; PostgreSQL: pg_dump, see docs/deployment.md)\n" +
        "       beacon restore FILE                       (SQLite; stop the app first)";

    /// <summary>Tables every Beacon database has had since accounts came (migration 4).</summary>
    private static readonly string[] BeaconTables = ["__EFMigrationsHistory", "Organisations", "Plans", "Kpis", "AspNetUsers"];

    public static bool Handles(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var command = args[0];
        if (args.Length != 2 || args[1].StartsWith('-'))
        {
            await error.WriteLineAsync(args.Length < 2
                ? $"beacon {command}: 缺少引數 FILE / missing FILE"
                : $"beacon {command}: 只需要一個引數 FILE / takes exactly one argument, FILE: {string.Join(" ", args.Skip(1))}");
            await error.WriteLineAsync("usage: beacon backup FILE\n       beacon restore FILE");
            return 2;
        }
        var file = Path.GetFullPath(args[1]);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        if (!db.Database.IsSqlite())
        {
            await error.WriteLineAsync($"beacon {command}: 資料庫是 PostgreSQL，請用 pg_dump / pg_restore（見 docs/deployment.md）/ " +
                "the database is PostgreSQL: back it up with pg_dump -Fc and restore it with pg_restore (docs/deployment.md, Backups)");
            return 2;
        }
        var live = db.Database.GetDbConnection().DataSource;
        var known = db.Database.GetMigrations().ToList();
        try
        {
            return command == "backup"
                ? await BackupAsync(live, file, output, error)
                : await RestoreAsync(live, file, known, output, error);
        }
        catch (SqliteException e)
        {
            await error.WriteLineAsync($"beacon {command}: {file}: {e.Message}");
            return 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task<int> BackupAsync(string live, string file, TextWriter output, TextWriter error)
    {
        if (!File.Exists(live))
        {
            await error.WriteLineAsync($"beacon backup: 找不到資料庫 / there is no database at {live}");
            return 1;
        }
        if (File.Exists(file))
        {
            await error.WriteLineAsync($"beacon backup: {file} 已存在，請換個名稱 / {file} exists already: choose another name (a backup never overwrites one)");
            return 1;
        }
        if (Path.GetDirectoryName(file) is { } folder && !Directory.Exists(folder))
        {
            await error.WriteLineAsync($"beacon backup: 找不到資料夾 / no such folder: {folder}");
            return 1;
        }
        var partial = file + ".partial";
        File.Delete(partial);
        await using (var source = Open(live, readOnly: true))
        await using (var target = Open(partial, readOnly: false))
        {
            // One step: the whole database is copied under one read transaction, a snapshot however busy the app is.
            source.BackupDatabase(target);
            // A backup is a single file: no write-ahead log beside it.
            await Scalar(target, "PRAGMA journal_mode=DELETE");
        }
        var facts = await FactsAsync(partial);
        if (facts.Integrity != "ok")
        {
            File.Delete(partial);
            await error.WriteLineAsync($"beacon backup: 備份檢查失敗 / the copy failed its integrity check: {facts.Integrity}");
            return 1;
        }
        File.Move(partial, file);
        await output.WriteLineAsync($"已備份 / backed up: {live} → {file} ({new FileInfo(file).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, " +
            $"{facts.Plans} plans, schema {facts.Migrations.LastOrDefault() ?? "(none)"})");
        return 0;
    }

    private static async Task<int> RestoreAsync(string live, string file, IReadOnlyList<string> known, TextWriter output, TextWriter error)
    {
        if (Refusal(file, known, await TryFactsAsync(file)) is { } refusal)
        {
            await error.WriteLineAsync($"beacon restore: {file}: {refusal.Zh}，未變更任何資料 / {refusal.En}; nothing was changed");
            return 1;
        }
        string? kept = null;
        if (File.Exists(live))
        {
            kept = $"{live}.before-restore-{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
            await using var current = Open(live, readOnly: true);
            await using var copy = Open(kept, readOnly: false);
            current.BackupDatabase(copy);
            await Scalar(copy, "PRAGMA journal_mode=DELETE");
        }
        var facts = await FactsAsync(file);
        await using (var source = Open(file, readOnly: true))
        await using (var target = Open(live, readOnly: false))
        {
            source.BackupDatabase(target);
            await Scalar(target, "PRAGMA journal_mode=WAL");
        }
        await output.WriteLineAsync($"已還原 / restored: {file} → {live} ({facts.Plans} plans, schema {facts.Migrations.LastOrDefault()})");
        if (kept is not null) await output.WriteLineAsync($"原資料庫保留於 / the database it replaced is kept as {kept}");
        var pending = known.Except(facts.Migrations).Count();
        if (pending > 0) await output.WriteLineAsync($"下次啟動時會套用 {pending} 個資料庫移轉 / {pending} migration(s) will be applied when Beacon next starts");
        return 0;
    }

    /// <summary>Why this file cannot be restored, in both languages; null when it can.</summary>
    private static (string Zh, string En)? Refusal(string file, IReadOnlyList<string> known, Facts? facts)
    {
        if (!File.Exists(file)) return ("找不到檔案", "file not found");
        if (facts is null) return ("不是 SQLite 資料庫，因此不是 Beacon 的備份", "not a SQLite database, so not a Beacon backup");
        if (facts.Missing.Count > 0)
            return ($"不是 Beacon 的資料庫（缺少資料表 {string.Join("、", facts.Missing)}）", $"not a Beacon database (it has no {string.Join(", ", facts.Missing)} table)");
        if (facts.Integrity != "ok") return ($"資料庫已損壞（{facts.Integrity}）", $"the database is damaged ({facts.Integrity})");
        var unknown = facts.Migrations.Except(known).ToList();
        if (unknown.Count > 0)
            return ($"來自較新版本的 Beacon（本版不認得的資料庫移轉：{string.Join("、", unknown)}），請用該版本或更新的版本還原",
                $"made by a newer version of Beacon (migrations this version does not know: {string.Join(", ", unknown)}): restore it with that version or a later one");
        return null;
    }

    private sealed record Facts(IReadOnlyList<string> Missing, IReadOnlyList<string> Migrations, long Plans, string Integrity);

    private static async Task<Facts?> TryFactsAsync(string file)
    {
        if (!File.Exists(file)) return null;
        var header = new byte[16];
        await using (var stream = File.OpenRead(file))
            if (await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false) < header.Length) return null;
        if (!header.AsSpan().SequenceEqual("SQLite format 3\0"u8)) return null;
        try { return await FactsAsync(file); }
        catch (SqliteException) { return null; }
    }

    private static async Task<Facts> FactsAsync(string file)
    {
        await using var connection = Open(file, readOnly: true);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var missing = BeaconTables.Where(t => !tables.Contains(t)).ToList();
        var integrity = (string)(await Scalar(connection, "PRAGMA integrity_check"))!;
        if (missing.Count > 0) return new Facts(missing, [], 0, integrity);
        var migrations = new List<string>();
        await using (var history = connection.CreateCommand())
        {
            history.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"";
            await using var reader = await history.ExecuteReaderAsync();
            while (await reader.ReadAsync()) migrations.Add(reader.GetString(0));
        }
        var plans = (long)(await Scalar(connection, "SELECT COUNT(*) FROM \"Plans\""))!;
        return new Facts(missing, migrations, plans, integrity);
    }

    private static SqliteConnection Open(string file, bool readOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
