using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Notifications;

/// <summary>A person's choices: which kinds of notice also come by e-mail, and in which language. Every e-mail links here.</summary>
[Authorize]
public sealed class SettingsModel(BeaconDb db, IOptions<NotificationOptions> options) : PageModel
{
    public static readonly IReadOnlyList<string> Languages = ["zh-TW", "en"];

    /// <summary>The kinds to send by e-mail, as the checkboxes send them (PlanReturned …).</summary>
    [BindProperty] public List<string> Email { get; set; } = [];
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public int Version { get; set; }
    [FromQuery(Name = "saved")] public bool Saved { get; set; }

    public IReadOnlyList<NoticeKind> Kinds { get; private set; } = [];
    public string Address { get; private set; } = "";
    public string? Error { get; private set; }
    public bool EmailConfigured => options.Value.EmailConfigured;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (me, saved) = await LoadAsync(ct);
        Language = saved?.Language ?? "zh-TW";
        Email = [.. Kinds.Where(me.WantsEmail).Select(k => k.ToString())];
        Version = saved?.Version ?? 0;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Language is null || !Languages.Contains(Language))
        {
            await LoadAsync(ct);
            Error = NotificationText.T("settings.badLanguage");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // In turn with any other save of settings: what is read here is what the last one committed, so a save from an
        // older version (or a second first save) is a plain 409, never a failed insert the database layer logs as an error.
        await using (var transaction = await db.BeginTurnAsync(WriterTurn.NotificationSettings, ct))
        {
            var (_, saved) = await LoadAsync(ct);
            if ((saved?.Version ?? 0) == Version)
            {
                var row = saved ?? db.Add(new NotificationPreference { UserId = NotificationSetup.UserId(User) }).Entity;
                if (saved is not null) db.Attach(row);
                row.Language = Language;
                // Only the kinds shown are the person's to turn off; an unknown value in the post changes nothing.
                row.EmailOff = [.. Kinds.Where(k => !Email.Contains(k.ToString())).Select(k => k.ToString())];
                row.Version++;
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return LocalRedirect("/notifications/settings?saved=true");
            }
        }
        Error = NotificationText.T("settings.stale");
        Response.StatusCode = StatusCodes.Status409Conflict;
        await OnGetAsync(ct);
        return Page();
    }

    private async Task<(Recipient Me, NotificationPreference? Saved)> LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = NotificationText.T("settings.title");
        var id = NotificationSetup.UserId(User);
        var me = (await People.LoadAsync(db, ct, id)).Single();
        Kinds = NoticeRules.KindsFor(me.Person);
        Address = me.Person.Email;
        return (me, await db.Set<NotificationPreference>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == id, ct));
    }
}
