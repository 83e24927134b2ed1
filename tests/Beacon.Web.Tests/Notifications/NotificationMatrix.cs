using System.Globalization;
using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Notifications;

/// <summary>
/// The notification forms as the permission matrix (MatrixPageTests.OtherRules) posts them: inbox (mark every notice
/// read), notice-settings (the e-mail language), comment (a KPI's thread), deliveries (an administrator sends a failed
/// e-mail again). Each gives the address, the fields, whether it is done, and what a saved post answers.
/// </summary>
internal static class NotificationMatrix
{
    public static readonly string[] Actions = ["inbox", "notice-settings", "comment", "deliveries"];

    public static async Task<(string Url, List<KeyValuePair<string, string>> Fields, Func<Task<bool>> Done, Func<HttpResponseMessage, Task> Saved)> PostAsync(
        BeaconFactory app, string action, Persona who, string org)
    {
        // Anonymous has no account of its own: the viewer's notices are what a refused post must leave alone.
        var (role, organisation, divisions) = MatrixKit.Account(who == Persona.Anonymous ? Persona.Viewer : who, org);
        var email = await app.AccountAsync(role, organisation, divisions);
        var userId = await UserIdAsync(app, email);
        switch (action)
        {
            case "inbox":
            {
                var id = await NoticeAsync(app, userId, email, EmailState.Off);
                return ("/notifications", [new("all", "true")],
                    async () => (await NoticeOfAsync(app, id)).ReadAt is not null,
                    Expect("/notifications"));
            }
            case "notice-settings":
            {
                await using var scope = app.CreateScope();
                var saved = await scope.ServiceProvider.GetRequiredService<BeaconDb>().Set<NotificationPreference>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId);
                var target = saved?.Language == "en" ? "zh-TW" : "en";
                return ("/notifications/settings", [new("Version", (saved?.Version ?? 0).ToString(CultureInfo.InvariantCulture)), new("Language", target)],
                    async () =>
                    {
                        await using var s = app.CreateScope();
                        return (await s.ServiceProvider.GetRequiredService<BeaconDb>().Set<NotificationPreference>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId))?.Language == target;
                    },
                    Expect("/notifications/settings?saved=true"));
            }
            case "comment":
            {
                await app.SetStatusAsync(org, PlanStatus.Draft);
                var url = $"/orgs/{org}/{MatrixKit.Year}/kpis/{MatrixKit.Kpi}/comments";
                var text = $"矩陣測試意見 {who} {Guid.NewGuid():N}";
                return (url, [new("Text", text)],
                    async () =>
                    {
                        await using var s = app.CreateScope();
                        return await s.ServiceProvider.GetRequiredService<BeaconDb>().Set<KpiComment>().AnyAsync(c => c.Text == text);
                    },
                    Expect(url + "?posted=true#thread"));
            }
            case "deliveries":
            {
                var id = await NoticeAsync(app, userId, email, EmailState.Failed);
                return ("/admin/notifications", [new("id", id.ToString(CultureInfo.InvariantCulture))],
                    async () => (await NoticeOfAsync(app, id)).EmailState == EmailState.Pending,
                    Expect("/admin/notifications?retried=true"));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "not a notification form");
        }
    }

    private static Func<HttpResponseMessage, Task> Expect(string location) => response =>
    {
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        return Task.CompletedTask;
    };

    private static async Task<string> UserIdAsync(BeaconFactory app, string email)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BeaconDb>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>An unread notice of a plan approval for this person, its e-mail in the given state.</summary>
    public static async Task<long> NoticeAsync(BeaconFactory app, string userId, string email, EmailState state)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var e = new NoticeEvent { Key = $"matrix:{Guid.NewGuid():N}", Kind = NoticeKind.PlanApproved, At = DateTimeOffset.UtcNow, OrganisationCode = "TPE", OrganisationName = "臺北市政府", Year = 2021 };
        e.Notices.Add(new Notice { UserId = userId, Email = email, EmailState = state, NextAttemptAt = DateTime.UtcNow, LastError = state == EmailState.Failed ? "550 mailbox unavailable" : null });
        db.Add(e);
        await db.SaveChangesAsync();
        return e.Notices[0].Id;
    }

    private static async Task<Notice> NoticeOfAsync(BeaconFactory app, long id)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BeaconDb>().Set<Notice>().AsNoTracking().SingleAsync(n => n.Id == id);
    }
}
