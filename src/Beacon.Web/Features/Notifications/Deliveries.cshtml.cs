using Beacon.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Notifications;

/// <summary>The administrators' view of e-mail delivery: counts by state, what waits or failed and why, what went out lately; failed ones can be sent again.</summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class DeliveriesModel(BeaconDb db, Outbox outbox, IOptions<NotificationOptions> options) : PageModel
{
    public const int Shown = 100;

    [FromQuery(Name = "retried")] public bool Retried { get; set; }

    public IReadOnlyDictionary<EmailState, int> Counts { get; private set; } = new Dictionary<EmailState, int>();
    public IReadOnlyList<Notice> Problems { get; private set; } = [];
    public IReadOnlyList<Notice> Recent { get; private set; } = [];
    public NotificationOptions Options => options.Value;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = NotificationText.T("deliveries.title");
        var notices = db.Set<Notice>().AsNoTracking();
        Counts = (await notices.GroupBy(n => n.EmailState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        Problems = await notices.Include(n => n.Event).Where(n => n.EmailState == EmailState.Pending || n.EmailState == EmailState.Failed)
            .OrderBy(n => n.Id).Take(Shown).ToListAsync(ct);
        Recent = await notices.Include(n => n.Event).Where(n => n.EmailState == EmailState.Sent).OrderByDescending(n => n.Id).Take(20).ToListAsync(ct);
    }

    /// <summary>Puts a failed e-mail back in the queue, due now.</summary>
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await outbox.RetryFailedAsync(id, ct);
        return LocalRedirect("/admin/notifications?retried=true");
    }
}
