using Beacon.Core.Calendar;
using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Beacon.Web.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Notifications;

/// <summary>
/// The planning office's overview of a plan year (填報進度): every organisation's status, its KPIs entered, and its
/// standing against the calendar's submission deadline. /progress opens the cycle whose dates fall in this year.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Planner + "," + Roles.Reviewer)]
public sealed class OverviewModel(BeaconDb db, TimeProvider clock) : PageModel
{
    [FromRoute] public int? Year { get; set; }

    public int PlanYear { get; private set; }
    public CalendarView Calendar { get; private set; } = null!;
    public IReadOnlyList<PlanProgressRow> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public DateOnly Deadline => Calendar[MilestoneKind.SubmissionDeadline].Date;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Today = ReminderRules.TaipeiDay(clock.GetUtcNow());
        PlanYear = Year ?? Today.Year - 1;
        if (!CalendarStore.IsYear(PlanYear)) return NotFound();
        ViewData["Title"] = NotificationText.T("overview.title", Shared.Ui.Year(PlanYear));
        (Calendar, Rows) = await PlanProgress.LoadAsync(db, PlanYear, Today, ct);
        return Page();
    }
}
