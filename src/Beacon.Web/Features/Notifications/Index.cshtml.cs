using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Notifications;

/// <summary>通知: the signed-in person's notices, newest first, read and unread, each linking to its page.</summary>
[Authorize]
public sealed class IndexModel(BeaconDb db, ChangeWatch watch, TimeProvider clock) : PageModel
{
    public const int Shown = 100;

    [FromQuery(Name = "show")] public string? Show { get; set; }

    public IReadOnlyList<(Notice Notice, NoticeContent Content)> Items { get; private set; } = [];
    public int Unread { get; private set; }
    public bool UnreadOnly => Show == "unread";

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = NotificationText.T("title");
        var me = NotificationSetup.UserId(User);
        var divisions = User.FindAll(Permissions.DivisionClaim).Select(c => c.Value).ToList();
        var rows = await NotificationSetup.Inbox(db, me, UnreadOnly).Take(Shown).ToListAsync(ct);
        Items = [.. rows.Select(n => (n, NoticeMessages.Compose(n.Event, Shared.Ui.English, divisions)))];
        Unread = await NotificationSetup.UnreadAsync(db, watch, me, ct);
    }

    /// <summary>Marks one notice read (<paramref name="read"/>) or unread (<paramref name="unread"/>), or every notice read (<paramref name="all"/>).</summary>
    public async Task<IActionResult> OnPostAsync(long? read, long? unread, bool all, CancellationToken ct)
    {
        var me = NotificationSetup.UserId(User);
        var now = clock.GetUtcNow();
        var mine = db.Set<Notice>().Where(n => n.UserId == me);
        if (all) await mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        else if (read is { } r) await mine.Where(n => n.Id == r && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        else if (unread is { } u) await mine.Where(n => n.Id == u).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, (DateTimeOffset?)null), ct);
        return LocalRedirect(UnreadOnly ? "/notifications?show=unread" : "/notifications");
    }
}
