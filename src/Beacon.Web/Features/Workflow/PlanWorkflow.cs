using System.Security.Claims;
using Beacon.Core;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Workflow;

/// <summary>A step a person can take on a plan year.</summary>
public enum WorkflowAction { Submit, StartReview, Approve, Return, Unlock }

public static class WorkflowText
{
    public static string StatusZh(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "草稿",
        PlanStatus.Submitted => "已送出",
        PlanStatus.UnderReview => "複核中",
        PlanStatus.Approved => "已核定",
        _ => "已退回",
    };

    public static string StatusEn(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "a draft",
        PlanStatus.Submitted => "submitted",
        PlanStatus.UnderReview => "under review",
        PlanStatus.Approved => "approved",
        _ => "returned",
    };

    public static string ActionZh(WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => "送出",
        WorkflowAction.StartReview => "開始複核",
        WorkflowAction.Approve => "核定",
        WorkflowAction.Return => "退回",
        _ => "解鎖",
    };

    public static string ActionEn(WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => "Submit",
        WorkflowAction.StartReview => "Start review",
        WorkflowAction.Approve => "Approve",
        WorkflowAction.Return => "Return",
        _ => "Unlock",
    };

    /// <summary>The step as a past participle: "it cannot be {DoneEn} now".</summary>
    public static string DoneEn(WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => "submitted",
        WorkflowAction.StartReview => "put under review",
        WorkflowAction.Approve => "approved",
        WorkflowAction.Return => "returned",
        _ => "unlocked",
    };
}

/// <summary>
/// The workflow of a plan year: draft → submitted → under review → approved, or returned with a comment (and
/// submitted again). An approved year is locked; unlocking is a planner's step and needs a reason. Each step
/// records who, when and why, and is audited.
/// </summary>
public sealed class PlanWorkflow(BeaconDb db, TimeProvider clock, AuditScope audit, Notifications.Notices notices)
{
    public static PlanStatus? Next(PlanStatus from, WorkflowAction action) => (from, action) switch
    {
        (PlanStatus.Draft or PlanStatus.Returned, WorkflowAction.Submit) => PlanStatus.Submitted,
        (PlanStatus.Submitted, WorkflowAction.StartReview) => PlanStatus.UnderReview,
        (PlanStatus.Submitted or PlanStatus.UnderReview, WorkflowAction.Approve) => PlanStatus.Approved,
        (PlanStatus.Submitted or PlanStatus.UnderReview, WorkflowAction.Return) => PlanStatus.Returned,
        (PlanStatus.Approved, WorkflowAction.Unlock) => PlanStatus.Draft,
        _ => null,
    };

    /// <summary>Whether this person may take this step for this organisation (the status aside).</summary>
    public static bool Allowed(ClaimsPrincipal user, string organisationCode, WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => user.CanEnterFor(organisationCode) || user.CanPlan(),
        WorkflowAction.StartReview or WorkflowAction.Approve or WorkflowAction.Return => user.CanReview() || user.CanPlan(),
        _ => user.CanPlan(),
    };

    public static IEnumerable<WorkflowAction> Available(ClaimsPrincipal user, string organisationCode, PlanStatus status) =>
        Enum.GetValues<WorkflowAction>().Where(a => Next(status, a) is not null && Allowed(user, organisationCode, a));

    public async Task<WriteResult> StepAsync(string org, int year, WorkflowAction action, string? comment, int? version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var plan = await db.Plans.Include(p => p.Organisation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return new WriteResult([], PlanFound: false);
        if (!Allowed(user, org, action))
            return WriteResult.Denied("action", $"你沒有權限「{WorkflowText.ActionZh(action)}」這份計畫", $"you may not {WorkflowText.ActionEn(action).ToLowerInvariant()} this plan");
        if (Next(plan.Status, action) is not { } to)
            return new WriteResult([new Problem("action", $"計畫目前為「{WorkflowText.StatusZh(plan.Status)}」，不能「{WorkflowText.ActionZh(action)}」",
                $"the plan is {WorkflowText.StatusEn(plan.Status)}: it cannot be {WorkflowText.DoneEn(action)} now")], Conflict: true, Locked: true);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (action is WorkflowAction.Return or WorkflowAction.Unlock && comment is null)
            return new WriteResult([new Problem("comment", action == WorkflowAction.Return ? "退回時請說明原因" : "解鎖時請說明原因",
                action == WorkflowAction.Return ? "say why the plan is returned" : "say why the plan is unlocked")]);
        if (comment is { Length: > EvaluationWriter.MaxTextLength })
            return new WriteResult([new Problem("comment", "說明太長", "the comment is too long")]);
        if (version is null)
            return new WriteResult([new Problem("version",
                $"請附上計畫版本 version：以 GET /api/orgs/{org}/plans/{year}/workflow 讀取（→ version），以免依據過時的狀態進行步驟",
                $"send the plan's version: read it with GET /api/orgs/{org}/plans/{year}/workflow (→ version), so that a step is never based on a stale status")]);
        if (version is { } v && v != plan.Version)
            return new WriteResult([new Problem("version", $"計畫狀態已被他人更新（目前為「{WorkflowText.StatusZh(plan.Status)}」），請重新載入",
                $"someone else changed the plan's status (now {WorkflowText.StatusEn(plan.Status)}); reload it")], Conflict: true);

        audit.About(org, year);
        var from = plan.Status;
        plan.Status = to;
        plan.Version++;
        db.PlanSteps.Add(new PlanStep { PlanId = plan.Id, At = clock.GetUtcNow(), UserName = audit.UserName, From = from, To = to, Action = action.ToString(), Comment = comment });
        await notices.StepTakenAsync(plan, from, to, action, comment, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new WriteResult([new Problem("version", "計畫狀態已被他人同時更新，請重新載入", "someone else changed the plan's status at the same moment; reload it")], Conflict: true);
        }
        return WriteResult.Ok;
    }
}
