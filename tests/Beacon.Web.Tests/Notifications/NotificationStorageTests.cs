using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Beacon.Web.Tests.Notifications;

/// <summary>
/// The notifications migration on a database that has accounts already: the tables start empty, an event's key is
/// written once, a person is told of an event once, and a person's notices go with their account.
/// </summary>
public abstract class NotificationStorageTests(DatabaseKind kind) : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(kind);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Upgrading_adds_the_notification_tables_whose_keys_refuse_a_second_event_or_notice()
    {
        await using var db = database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync("20261122000005_EvaluationCalendar");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Id", "Divisions", "CreatedAt", "Email", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            VALUES ('u1', '[]', {DateTimeOffset.UtcNow}, 'editor@test.beacon.tw', {false}, {false}, {false}, {true}, 0)
            """);

        await db.MigrateAsync();

        Assert.Equal("20261203000012_Notifications", (await db.Database.GetAppliedMigrationsAsync()).Last());
        Assert.Equal(0, await db.Set<NoticeEvent>().CountAsync());
        NoticeEvent Event(string key) => new() { Key = key, Kind = NoticeKind.PlanReturned, At = DateTimeOffset.UtcNow, OrganisationCode = "TPE", Year = 2021, Deadline = new DateOnly(2022, 1, 31) };
        var first = Event("step:1:2:Return");
        first.Notices.Add(new Notice { UserId = "u1", Email = "editor@test.beacon.tw", EmailState = EmailState.Pending, NextAttemptAt = DateTime.UtcNow });
        db.Add(first);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        db.Add(Event("step:1:2:Return"));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.Add(new Notice { EventId = first.Id, UserId = "u1", Email = "editor@test.beacon.tw", EmailState = EmailState.Pending, NextAttemptAt = DateTime.UtcNow });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        var stored = await db.Set<Notice>().Include(n => n.Event).SingleAsync();
        Assert.Equal((EmailState.Pending, new DateOnly(2022, 1, 31)), (stored.EmailState, stored.Event.Deadline));
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "AspNetUsers" WHERE "Id" = 'u1'""");
        Assert.Equal(0, await db.Set<Notice>().CountAsync());
        Assert.Equal(1, await db.Set<NoticeEvent>().CountAsync());
    }
}

public sealed class NotificationStorageOnSqlite() : NotificationStorageTests(DatabaseKind.Sqlite);

public sealed class NotificationStorageOnPostgres() : NotificationStorageTests(DatabaseKind.Postgres);
