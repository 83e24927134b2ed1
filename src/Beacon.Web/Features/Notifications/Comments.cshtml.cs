using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Notifications;

/// <summary>
/// 意見往返: a KPI's comment thread between the planning office (reviewers, planners, administrators) and the agency's
/// editors of that KPI, beside the review's comment and the agency's explanation. Each new comment tells the other side.
/// Signed-in readers with a role read it; an approved (locked) year takes no more comments.
/// </summary>
[Authorize]
public sealed class CommentsModel(BeaconDb db, Notices notices, AuditScope audit, TimeProvider clock) : PlanPage(db)
{
    /// <summary>A form on the stored plan: the working copy, whoever reads it.</summary>
    protected override bool ReadsWorkingCopy => true;

    [FromRoute] public string Code { get; set; } = "";
    [BindProperty] public string? Text { get; set; }
    [FromQuery(Name = "posted")] public bool Posted { get; set; }

    public Kpi Kpi { get; private set; } = null!;
    public IReadOnlyList<KpiComment> Thread { get; private set; } = [];
    public string? Error { get; private set; }

    public bool Locked => WorkflowRules.Locked(Plan.Status);

    /// <summary>The side the signed-in person writes for, or null when they may not write in this thread.</summary>
    public CommentSide? Side => NoticeRules.SideOf(User.Actor(), Org, Kpi.Responsible);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.CanReadDrafts()) return Forbid();
        if (!await LoadAsync(ct) || !await LoadThreadAsync(ct)) return Page();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!User.CanReadDrafts()) return Forbid();
        if (!await LoadAsync(ct) || !await LoadThreadAsync(ct)) return Page();
        var outcome = WriteOutcome.Refused(NoticeRules.CheckComment(User.Actor(), Org, Year, Plan.Status, Kpi.Responsible, Text));
        if (outcome.Forbidden) return Forbid();
        if (!outcome.Succeeded)
        {
            Error = outcome.Locked ? NotificationText.T("thread.locked") : string.Join(" ", outcome.Problems.Select(p => p.MessageFor(Ui.English)));
            Response.StatusCode = outcome.StatusCode;
            return Page();
        }
        audit.About(Org, Year);
        var comment = new KpiComment { KpiId = Kpi.Id, At = clock.GetUtcNow(), UserName = audit.UserName, Side = Side!.Value, Text = Text!.Trim() };
        await notices.CommentAddedAsync(Plan, Kpi, comment, ct);
        Db.Add(comment);
        await Db.SaveChangesAsync(ct);
        return Redirect($"{PlanUrl}/kpis/{Uri.EscapeDataString(Kpi.Code)}/comments?posted=true#thread");
    }

    private async Task<bool> LoadThreadAsync(CancellationToken ct)
    {
        if (Plan.Objectives.SelectMany(o => o.Kpis).FirstOrDefault(k => k.Code == Code) is not { } kpi)
        {
            NotFound(Ui.T("notFound.kpi", Code));
            return false;
        }
        Kpi = kpi;
        ViewData["Title"] = NotificationText.T("thread.title", $"{kpi.Code} {kpi.Name}");
        ViewData["Tab"] = "evaluation";
        Breadcrumbs((Ui.T("plan.evaluation"), $"{PlanUrl}/evaluation"), (kpi.Code, $"{PlanUrl}/kpis/{Uri.EscapeDataString(kpi.Code)}"), (NotificationText.T("thread.link"), null));
        // Ordered by id: SQLite cannot order a DateTimeOffset, and ids follow the order comments were written in.
        Thread = await Db.Set<KpiComment>().AsNoTracking().Where(c => c.KpiId == kpi.Id).OrderBy(c => c.Id).ToListAsync(ct);
        return true;
    }
}
