using Beacon.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Beacon.Web.Features.Operations;

/// <summary>
/// Held while an instance (or the command line) brings the database up to date: migrations, roles, the dataset, demo
/// accounts and the first Data Protection key. Two instances starting at once over one database take turns, so the
/// second finds the work done instead of doing it again. PostgreSQL: a session advisory lock, released when the
/// connection closes (also when the process dies). SQLite: an exclusive lock on a file beside the database.
/// </summary>
public static class StartupLock
{
    /// <summary>pg_advisory_lock's key: "Beacon" in ASCII.</summary>
    public const long PostgresKey = 0x426561636F6E;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<IAsyncDisposable> HoldAsync(BeaconDb db, CancellationToken ct = default)
    {
        if (db.Database.IsNpgsql())
        {
            var connection = new NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(ct);
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresKey})", connection) { CommandTimeout = (int)Patience.TotalSeconds })
                await take.ExecuteNonQueryAsync(ct);
            return new Held(async () =>
            {
                await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresKey})", connection))
                    await release.ExecuteNonQueryAsync(CancellationToken.None);
                await connection.DisposeAsync();
            });
        }
        var path = db.Database.GetDbConnection().DataSource + ".startup-lock";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new Held(() => file.DisposeAsync());
            }
            catch (IOException) when (waited.Elapsed < Patience)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    /// <summary>Creates the Data Protection key now when there is none, so two instances never make one each.</summary>
    public static void EnsureKeyRing(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Beacon.Startup").Protect([1]);

    private sealed class Held(Func<ValueTask> release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => release();
    }
}
