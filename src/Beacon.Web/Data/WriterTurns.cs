using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Beacon.Web.Data;

/// <summary>Writes that take turns with each other (<see cref="WriterTurns.BeginTurnAsync"/>), each kind with its own lock.</summary>
public enum WriterTurn : long
{
    /// <summary>Computing the calendar's reminders: a second instance finds what the first wrote.</summary>
    Reminders = 1414421332,
    /// <summary>Saving a year's evaluation calendar, whose first save creates its row.</summary>
    Calendar = 1414421333,
    /// <summary>Importing a plan, which may create its organisation and its plan year.</summary>
    Import = 1414421334,
    /// <summary>Saving a person's notice settings, whose first save creates their row.</summary>
    NotificationSettings = 1414421335,
}

public static class WriterTurns
{
    /// <summary>
    /// A transaction in which writers of this kind take turns: on SQLite it holds the write lock from its start (BEGIN
    /// IMMEDIATE); on PostgreSQL it first waits for a transaction-scoped advisory lock of the kind. What is read inside
    /// it is what the previous writer committed, so a write that creates a row (a year's first calendar, a new plan) is
    /// decided on that — a version that moved is a plain 409 — rather than on a unique index refusing the second insert,
    /// which the database layer would log as an error.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginTurnAsync(this BeaconDb db, WriterTurn turn, CancellationToken ct = default)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({(long)turn})", ct);
        return transaction;
    }

    /// <summary>
    /// As <see cref="BeginTurnAsync(BeaconDb, WriterTurn, CancellationToken)"/>, but only writers of the same
    /// <paramref name="key"/> (an organisation's code, say) take turns: on PostgreSQL the advisory lock is the pair
    /// (kind, hash of the key), so writers of different keys run side by side (two keys of one hash merely wait for each
    /// other). SQLite has one writer at a time whatever the key.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginTurnAsync(this BeaconDb db, WriterTurn turn, string key, CancellationToken ct = default)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({(int)turn}, hashtext({key}))", ct);
        return transaction;
    }
}
