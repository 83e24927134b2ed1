using System.Data;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Interchange;

/// <summary>
/// A bulk load: many plans imported one after another (the dataset at start-up, <c>beacon generate --database</c>,
/// <c>beacon import FOLDER</c>), each still in its own transaction, audited and stamped as any import. Meanwhile the
/// connection is held open and the database does not wait for each commit to reach the disk: SQLite in write-ahead
/// logging syncs at checkpoints (<c>synchronous=NORMAL</c>), PostgreSQL commits asynchronously
/// (<c>synchronous_commit=off</c>). Both keep every transaction whole and the database consistent after a crash; a
/// crash (of the machine, for SQLite) may lose the last commits of the load, which is then run again: it imports what
/// is missing. The settings are put back when the load ends.
/// </summary>
public sealed class BulkLoad : IAsyncDisposable
{
    private readonly BeaconDb db;
    private readonly string? restore;

    private BulkLoad(BeaconDb db, string? restore)
    {
        this.db = db;
        this.restore = restore;
    }

    public static async Task<BulkLoad> BeginAsync(BeaconDb db, CancellationToken ct = default)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync("SET synchronous_commit = off", ct);
                return new BulkLoad(db, "RESET synchronous_commit");
            }
            // Only in write-ahead logging is NORMAL safe from corruption; a file in another journal mode is left as it is.
            var mode = await Scalar(db, "PRAGMA journal_mode", ct);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase)) return new BulkLoad(db, null);
            var synchronous = await Scalar(db, "PRAGMA synchronous", ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = NORMAL", ct);
            return new BulkLoad(db, $"PRAGMA synchronous = {int.Parse(synchronous!, System.Globalization.CultureInfo.InvariantCulture)}");
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    private static async Task<string?> Scalar(BeaconDb db, string sql, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (restore is not null && db.Database.GetDbConnection().State == ConnectionState.Open)
                await db.Database.ExecuteSqlRawAsync(restore);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
