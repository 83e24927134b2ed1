using System.Net;
using Beacon.Web.Data;
using Beacon.Web.Features.Notifications;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Notifications;

/// <summary>Two instances of the app over one PostgreSQL database, both sending e-mail and computing reminders.</summary>
public sealed class TwoPostgresInstances : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public NotifyingBeacon A { get; private set; } = null!;
    public NotifyingBeacon B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        // One after the other: the first migrates and loads the dataset, the second finds both done.
        A = await StartAsync();
        B = await StartAsync();
    }

    public async Task<NotifyingBeacon> StartAsync()
    {
        var app = new NotifyingBeacon(DatabaseKind.Postgres, Database);
        await ((IAsyncLifetime)app).InitializeAsync();
        return app;
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// Delivery that repeats nothing with two instances over one PostgreSQL database: rows are claimed with
/// SELECT … FOR UPDATE SKIP LOCKED and a lease, reminders are written once by key whichever instance computes them
/// first, and an instance that stops holding rows leaves them to the other, which sends each once.
/// </summary>
public sealed class TwoInstanceTests(TwoPostgresInstances apps) : IClassFixture<TwoPostgresInstances>
{
    private async Task<IReadOnlyList<Notice>> NoticesAsync(IEnumerable<string> orgs)
    {
        var codes = orgs.ToList();
        await using var scope = apps.A.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BeaconDb>().Set<Notice>().AsNoTracking().Include(n => n.Event)
            .Where(n => codes.Contains(n.Event.OrganisationCode!)).ToListAsync();
    }

    [Fact]
    public async Task Steps_taken_on_both_instances_reach_each_reviewer_and_planner_once()
    {
        var reviewer = await apps.A.AccountAsync(Roles.Reviewer);
        var planner = await apps.A.AccountAsync(Roles.Planner);
        var orgs = new List<string>();
        for (var i = 0; i < 6; i++) orgs.Add(await apps.A.ImportPlanAsync());

        // Submitted at once, half through each instance.
        await Task.WhenAll(orgs.Select((org, i) => (i % 2 == 0 ? apps.A : apps.B).SubmitAsync(org)));

        await apps.A.Smtp.WaitAsync(_ => orgs.All(org =>
            apps.A.Smtp.MessagesToAsync(reviewer, "計畫已送出", $"/orgs/{org}/").Result.Count > 0 && apps.A.Smtp.MessagesToAsync(planner, "計畫已送出", $"/orgs/{org}/").Result.Count > 0),
            settleMilliseconds: 1500);
        foreach (var org in orgs)
        {
            Assert.Single(await apps.A.Smtp.MessagesToAsync(reviewer, "計畫已送出", $"/orgs/{org}/"));
            Assert.Single(await apps.A.Smtp.MessagesToAsync(planner, "計畫已送出", $"/orgs/{org}/"));
        }
        var notices = await NoticesAsync(orgs);
        Assert.Equal(12, notices.Count);
        Assert.All(notices, n => Assert.Equal((EmailState.Sent, 1), (n.EmailState, n.Attempts)));
    }

    [Fact]
    public async Task Reminders_computed_by_both_instances_are_written_and_sent_once()
    {
        const int year = 2033;
        var orgs = new List<string>();
        for (var i = 0; i < 3; i++) orgs.Add(await apps.A.ImportPlanAsync(Dataset.NewPlan() with { Year = year }));
        var editors = new List<string>();
        foreach (var org in orgs) editors.Add(await apps.A.AccountAsync(Roles.AgencyEditor, org));
        using (var planning = await apps.A.ClientAsAsync(Roles.Planner))
            Assert.Equal(HttpStatusCode.NoContent, (await planning.PutAsync($"/api/calendar/{year}", EvaluationKit.Json(
                """{"version":0,"entryOpens":{"date":"2034-01-02"},"submissionDeadline":{"date":"2034-01-31"},"reviewDeadline":{"date":"2034-03-31"},"publication":{"date":"2034-05-31"}}"""))).StatusCode);

        apps.A.Clock.SetTaipei("2034-01-31 09:00");
        apps.B.Clock.SetTaipei("2034-01-31 09:00");
        // Besides both background schedules, both compute at the same moment by hand.
        var written = await Task.WhenAll(RunAsync(apps.A), RunAsync(apps.B));
        await apps.A.Smtp.WaitAsync(_ => orgs.Zip(editors).All(p => apps.A.Smtp.MessagesToAsync(p.Second, "今日", $"/orgs/{p.First}/").Result.Count > 0), settleMilliseconds: 1500);
        apps.A.Clock.Reset();
        apps.B.Clock.Reset();

        Assert.True(written.Sum() <= 3, $"written {written[0]} + {written[1]}");
        foreach (var (org, editor) in orgs.Zip(editors))
            Assert.Single(await apps.A.Smtp.MessagesToAsync(editor, "今日", $"/orgs/{org}/"));
        var notices = await NoticesAsync(orgs);
        Assert.Equal(3, notices.Count);
        Assert.Equal(3, notices.Select(n => n.Event.Key).Distinct().Count());
    }

    private static async Task<int> RunAsync(NotifyingBeacon app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Reminders>().RunAsync();
    }

    [Fact]
    public async Task Rows_left_by_an_instance_that_stopped_are_sent_once_by_the_other_when_the_server_returns()
    {
        var reviewer = await apps.A.AccountAsync(Roles.Reviewer);
        var org = await apps.A.ImportPlanAsync();
        var third = await apps.StartAsync();
        try
        {
            await apps.A.Smtp.SetRunningAsync(false);
            await third.SubmitAsync(org);
            for (var i = 0; i < 100 && (await NoticesAsync([org])).Any(n => n.Attempts < 1); i++) await Task.Delay(100);
            Assert.All(await NoticesAsync([org]), n => Assert.Equal(EmailState.Pending, n.EmailState));
        }
        finally
        {
            await third.DisposeAsync();
            await apps.A.Smtp.SetRunningAsync(true);
        }

        await apps.A.Smtp.WaitAsync(_ => apps.A.Smtp.MessagesToAsync(reviewer, "計畫已送出", $"/orgs/{org}/").Result.Count > 0, settleMilliseconds: 1500);
        // Each row is retried on its own back-off (at most two seconds here): give every one its turn.
        for (var i = 0; i < 300 && (await NoticesAsync([org])).Any(n => n.EmailState != EmailState.Sent); i++) await Task.Delay(100);
        Assert.Single(await apps.A.Smtp.MessagesToAsync(reviewer, "計畫已送出", $"/orgs/{org}/"));
        Assert.All(await NoticesAsync([org]), n => Assert.Equal(EmailState.Sent, n.EmailState));
    }
}
