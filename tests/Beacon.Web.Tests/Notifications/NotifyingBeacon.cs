using Beacon.Web.Data;
using Beacon.Web.Features.Notifications;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Beacon.Web.Tests.Notifications;

/// <summary>
/// A clock for the app that runs as real time does but can be set to another moment (the evaluation calendar's days):
/// timers and delays keep real time, so the background sender and the reminder schedule go on running.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    /// <summary>From now on the app's time is <paramref name="at"/>, going on from there.</summary>
    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref offsetTicks, (at - DateTimeOffset.UtcNow).Ticks);

    /// <summary>Taipei wall-clock time, "2032-01-24 09:00".</summary>
    public void SetTaipei(string local) =>
        Set(new DateTimeOffset(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", global::System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8)));

    public void Reset() => Interlocked.Exchange(ref offsetTicks, 0);
}

/// <summary>
/// The app with e-mail on: it sends to the shared <see cref="Smtp4dev"/>, computes reminders and sends every few hundred
/// milliseconds, retries after 0.3 s doubling to 2 s, holds claimed rows for 5 s, and runs on a <see cref="TestClock"/>.
/// </summary>
public class NotifyingBeacon(DatabaseKind kind, TestDatabase? shared = null) : BeaconFactory(kind, shared), IAsyncLifetime
{
    public TestClock Clock { get; } = new();

    public Smtp4dev Smtp { get; private set; } = null!;

    public new async Task InitializeAsync()
    {
        Smtp = await Smtp4dev.SharedAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Smtp.Settings) builder.UseSetting(key, value);
        builder.UseSetting("Notifications:Reminders", "true");
        builder.UseSetting("Notifications:ReminderInterval", "00:00:00.300");
        builder.UseSetting("Notifications:SendInterval", "00:00:00.200");
        builder.UseSetting("Notifications:Lease", "00:00:05");
        builder.UseSetting("Notifications:RetryFirst", "00:00:00.300");
        builder.UseSetting("Notifications:RetryLongest", "00:00:02");
        builder.UseSetting("Notifications:Smtp:TimeoutSeconds", "5");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>The notices written for a plan's organisation, read from the database.</summary>
    public async Task<IReadOnlyList<Notice>> NoticesAsync(string org)
    {
        await using var scope = CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BeaconDb>().Set<Notice>().AsNoTracking().Include(n => n.Event)
            .Where(n => n.Event.OrganisationCode == org).OrderBy(n => n.Id).ToListAsync();
    }
}

public sealed class NotifyingSqlite() : NotifyingBeacon(DatabaseKind.Sqlite);

/// <summary>The app on SQLite with e-mail on, shared by the notification tests: <c>[Collection(NotifyingSqliteCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class NotifyingSqliteCollection : ICollectionFixture<NotifyingSqlite>
{
    public const string Name = "Beacon on SQLite sending e-mail";
}

internal static class Mail
{
    /// <summary>The link to a page of the plan, as an e-mail gives it.</summary>
    public static string PlanLink(string org, int year, string page) => $"https://beacon.test.tw/orgs/{org}/{year}/{page}";

    public static string Text(this MimeMessage m) => m.Subject + "\n" + m.TextBody;
}
