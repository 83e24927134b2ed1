using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.ReadModel;

/// <summary>
/// What every request asks the database (a plan's head, the digest, the account behind a sign-in, the unread count) is
/// kept on SQLite until the next commit by anyone: a connection of Beacon's own, EF or raw SQL, or a program outside the
/// app writing the file. Each case reads an answer, reads it again (kept: the database is not asked), then commits through
/// another connection and reads again (asked anew).
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ChangeWatchOnSqlite(SqliteBeacon app)
{
    private static async Task<int> AskedAsync(ChangeWatch watch, BeaconDb db, object key, Func<Task<string>> read, int times)
    {
        var asked = 0;
        for (var i = 0; i < times; i++) await watch.KeptAsync(db, key, async () => { asked++; return await read(); });
        return asked;
    }

    private static Task<string> NameAsync(BeaconDb db, string org) =>
        db.Organisations.Where(o => o.Code == org).Select(o => o.Name).SingleAsync();

    [Fact]
    public async Task An_answer_is_kept_until_another_connection_commits_and_then_read_anew()
    {
        var org = await app.ImportPlanAsync();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var watch = scope.ServiceProvider.GetRequiredService<ChangeWatch>();
        var key = ("test:name", org);

        Assert.Equal(1, await AskedAsync(watch, db, key, () => NameAsync(db, org), 3));

        // A commit through a connection outside the app (as the sqlite3 shell would): the next read asks the database.
        await using (var outside = new SqliteConnection(db.Database.GetConnectionString()))
        {
            await outside.OpenAsync();
            await using var update = outside.CreateCommand();
            update.CommandText = """UPDATE "Organisations" SET "Name" = '外部更名' WHERE "Code" = $code""";
            update.Parameters.AddWithValue("$code", org);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
        Assert.Equal("外部更名", await watch.KeptAsync(db, key, () => NameAsync(db, org)));
        Assert.Equal(0, await AskedAsync(watch, db, key, () => NameAsync(db, org), 2));

        // A commit through EF in another unit of work: the same.
        await using (var other = app.CreateScope())
        {
            var writer = other.ServiceProvider.GetRequiredService<BeaconDb>();
            (await writer.Organisations.SingleAsync(o => o.Code == org)).Name = "再次更名";
            await writer.SaveChangesAsync();
        }
        Assert.Equal("再次更名", await watch.KeptAsync(db, key, () => NameAsync(db, org)));
    }

    [Fact]
    public async Task Inside_a_transaction_nothing_is_kept_or_served()
    {
        var org = await app.ImportPlanAsync();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var watch = scope.ServiceProvider.GetRequiredService<ChangeWatch>();
        var key = ("test:in-transaction", org);
        var before = await watch.KeptAsync(db, key, () => NameAsync(db, org));

        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Organisations.Where(o => o.Code == org).ExecuteUpdateAsync(u => u.SetProperty(o => o.Name, "交易中"));
        // The transaction sees its own uncommitted write; a kept answer would not.
        Assert.Equal("交易中", await watch.KeptAsync(db, key, () => NameAsync(db, org)));
        Assert.Equal(2, await AskedAsync(watch, db, key, () => NameAsync(db, org), 2));
        await transaction.RollbackAsync();

        Assert.Equal(before, await watch.KeptAsync(db, key, () => NameAsync(db, org)));
    }
}

/// <summary>On PostgreSQL nothing is kept: app instances share the server, and each request asks it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ChangeWatchOnPostgres(PostgresBeacon app)
{
    [Fact]
    public async Task Every_read_asks_the_database()
    {
        var org = await app.ImportPlanAsync();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var watch = scope.ServiceProvider.GetRequiredService<ChangeWatch>();
        var asked = 0;
        for (var i = 0; i < 3; i++)
            Assert.Equal(org, await watch.KeptAsync(db, ("test:postgres", org), async () => { asked++; return await db.Organisations.Where(o => o.Code == org).Select(o => o.Code).SingleAsync(); }));
        Assert.Equal(3, asked);
    }
}
