using System.Globalization;
using Beacon.Core.Calendar;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Calendar;

/// <summary>
/// 評核行事曆 of a plan year: the milestones for everyone (signed in or not), and for planners and administrators a
/// form (no script needed) that saves all four at once from the version it showed.
/// </summary>
public sealed class IndexModel(BeaconDb db, CalendarStore store) : PageModel
{
    [FromRoute] public int Year { get; set; }
    [BindProperty] public int Version { get; set; }
    /// <summary>The typed days and notes by milestone key (entryOpens …), as the form names them: Dates[entryOpens].</summary>
    [BindProperty] public Dictionary<string, string?> Dates { get; set; } = new(StringComparer.Ordinal);
    [BindProperty] public Dictionary<string, string?> Notes { get; set; } = new(StringComparer.Ordinal);
    [FromQuery(Name = "saved")] public bool Saved { get; set; }

    public CalendarView View { get; private set; } = null!;
    public bool CanEdit => User.CanPlan();
    public bool NoSuchYear { get; private set; }
    /// <summary>What is wrong, by field (entryOpens.date, submissionDeadline.note) or "form".</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public static string Link(int year) => CalendarView.Link(year);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        Version = View.Version;
        foreach (var m in View.Milestones)
        {
            Dates[CalendarRules.Key(m.Kind)] = CalendarRules.FormatIso(m.Date);
            Notes[CalendarRules.Key(m.Kind)] = m.Note;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!await LoadAsync(ct)) return Page();

        var typed = CalendarRules.Kinds.ToDictionary(kind => kind, kind => (TypedMilestone?)new TypedMilestone(
            Dates.GetValueOrDefault(CalendarRules.Key(kind)), Notes.GetValueOrDefault(CalendarRules.Key(kind))));
        var result = await store.SaveAsync(Year, typed, Version, User.Actor(), ct);
        if (result.Forbidden) return Forbid();
        if (result.Succeeded) return Redirect(Link(Year) + "?saved=true");

        // Each problem beside its field (Dates[entryOpens] shows the error keyed entryOpens.date); the rest above the form.
        foreach (var p in result.Problems)
            Errors.TryAdd(p.Milestone?.Path ?? "form", p.MessageFor(Ui.English));
        if (result.StatusCode == StatusCodes.Status409Conflict)
        {
            // Show what is saved now, with its version, so the next save is based on it.
            View = await CalendarStore.ReadAsync(db, Year, ct);
            Version = View.Version;
        }
        Response.StatusCode = result.StatusCode;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = Ui.T("calendar.title", Ui.Year(Year));
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (Ui.T("calendar.title", Ui.Year(Year)), null) };
        if (!CalendarStore.IsYear(Year))
        {
            NoSuchYear = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }
        View = await CalendarStore.ReadAsync(db, Year, ct);
        return true;
    }

    public static string Name(MilestoneKind kind) => Ui.English ? CalendarRules.NameEn(kind) : CalendarRules.NameZh(kind);

    public static string Day(DateOnly date) => CalendarView.Day(date);
}
