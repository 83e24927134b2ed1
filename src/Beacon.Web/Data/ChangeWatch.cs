using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Data;

/// <summary>
/// Small answers every request asks the database for (a plan's head, the digest of every plan's stamp, the account
/// behind a sign-in, the unread count), kept across requests for as long as the database has not changed.
/// <para>
/// On SQLite a connection of its own asks <c>PRAGMA data_version</c> before each use: the number changes whenever any
/// other connection commits — this process's or another's, through EF, raw SQL or the sqlite3 shell — and reading it
/// touches no table, only the write-ahead log's index. An answer is served only while that number is the one it was read
/// under, so the next read after a write that returned shows it, exactly as asking the database again would.
/// </para>
/// <para>
/// On PostgreSQL nothing is kept: several app instances share the server and each request asks it (one indexed query).
/// Nor is anything kept or served inside a transaction, which may see its own uncommitted writes.
/// </para>
/// </summary>
public sealed class ChangeWatch : IDisposable
{
    /// <summary>Answers kept for one version at most; past this the rest are read but not kept (addresses are open-ended).</summary>
    public const int MaxEntries = 100_000;

    private readonly Lock gate = new();
    private SqliteConnection? connection;
    private SqliteCommand? version;
    private bool watching = true;
    private long keptAt = -1;
    private ConcurrentDictionary<object, object?> kept = new();

    /// <summary>The answer to <paramref name="read"/> under <paramref name="key"/>: kept, or read now (and kept).</summary>
    public async Task<T> KeptAsync<T>(BeaconDb db, object key, Func<Task<T>> read)
    {
        if (db.Database.CurrentTransaction is not null || Answers(db) is not { } answers) return await read();
        if (answers.TryGetValue(key, out var known)) return (T)known!;
        var value = await read();
        if (answers.Count < MaxEntries) answers[key] = value;
        return value;
    }

    /// <summary>The answers kept under the database's version now (a new, empty set when it has changed); null when none are kept.</summary>
    private ConcurrentDictionary<object, object?>? Answers(BeaconDb db)
    {
        if (!watching) return null;
        lock (gate)
        {
            if (!watching || (version is null && !Open(db))) return null;
            long now;
            try
            {
                now = (long)version!.ExecuteScalar()!;
            }
            catch (SqliteException)
            {
                // Busy or failing: read from the database this time, as if nothing were kept.
                return null;
            }
            // An answer is read after the number it is kept under was, so it is never older than that version.
            if (now != keptAt)
            {
                keptAt = now;
                kept = new ConcurrentDictionary<object, object?>();
            }
            return kept;
        }
    }

    private bool Open(BeaconDb db)
    {
        if (!db.Database.IsSqlite())
        {
            watching = false;
            return false;
        }
        connection = new SqliteConnection(db.Database.GetConnectionString());
        connection.Open();
        version = connection.CreateCommand();
        version.CommandText = "PRAGMA data_version";
        // Every request waits on the gate while this runs: a busy database gives up after a second and the request
        // reads for itself (below), rather than holding every other request for the default thirty seconds.
        version.CommandTimeout = 1;
        version.Prepare();
        return true;
    }

    /// <summary>Drops every kept answer (never needed for correctness: tests use it to count what a request asks).</summary>
    internal void Forget()
    {
        lock (gate) kept = new ConcurrentDictionary<object, object?>();
    }

    public void Dispose()
    {
        lock (gate)
        {
            watching = false;
            version?.Dispose();
            connection?.Dispose();
            version = null;
            connection = null;
        }
    }
}
