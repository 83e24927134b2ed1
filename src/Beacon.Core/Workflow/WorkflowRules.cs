namespace Beacon.Core.Workflow;

/// <summary>What a step changes, once every rule has passed: the status it leads to and the comment to record.</summary>
public sealed record StepDecision(IReadOnlyList<Problem> Problems, PlanStatus To = PlanStatus.Draft, string? Comment = null)
{
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// The workflow of a plan year: draft → submitted → under review → approved, or returned with a comment (and
/// submitted again). An approved year is locked; unlocking is a planner's step and needs a reason. Agencies enter
/// actuals and self-assessments while the year is a draft or returned; reviewers review while it is submitted or
/// under review; planners change the evaluation settings until it is approved.
/// </summary>
public static class WorkflowRules
{
    /// <summary>The longest comment of a step, in characters.</summary>
    public const int MaxCommentLength = Evaluation.EntryRules.MaxTextLength;

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
    public static bool Allowed(Actor actor, string organisation, WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => actor.CanEnterFor(organisation) || actor.CanPlan,
        WorkflowAction.StartReview or WorkflowAction.Approve or WorkflowAction.Return => actor.CanReview || actor.CanPlan,
        _ => actor.CanPlan,
    };

    /// <summary>The steps this person may take now.</summary>
    public static IEnumerable<WorkflowAction> Available(Actor actor, string organisation, PlanStatus status) =>
        Enum.GetValues<WorkflowAction>().Where(a => Next(status, a) is not null && Allowed(actor, organisation, a));

    /// <summary>Open for the agency's entries (actuals, progress, self-assessment): a draft, or returned to it.</summary>
    public static bool OpenForEntry(PlanStatus status) => status is PlanStatus.Draft or PlanStatus.Returned;

    /// <summary>Open for the reviewer's 複核: submitted or under review.</summary>
    public static bool OpenForReview(PlanStatus status) => status is PlanStatus.Submitted or PlanStatus.UnderReview;

    /// <summary>The evaluation settings can change until the year is approved.</summary>
    public static bool OpenForSettings(PlanStatus status) => status != PlanStatus.Approved;

    /// <summary>The plan's status does not allow this change now (a 409).</summary>
    public static Problem StatusForbids(int year, PlanStatus status, string path = "status") => new Problem(path,
        $"{RocYear.InMessage(year)}計畫目前為「{WorkflowText.StatusZh(status)}」，不能修改此項",
        $"The {year} plan is {WorkflowText.StatusEn(status)}: this cannot be changed now.") { Kind = ProblemKind.Locked };

    /// <summary>
    /// Checks a step: who (403), whether the status allows it (409), the comment a return or an unlock needs, the
    /// version the step is based on (428 without it, 409 when the plan moved on).
    /// </summary>
    public static StepDecision CheckStep(Actor actor, string organisation, PlanStatus status, int currentVersion, WorkflowAction action, string? comment, int? version,
        string versionSource)
    {
        if (!Allowed(actor, organisation, action))
            return Refused(new Problem("action", $"你沒有權限「{WorkflowText.ActionZh(action)}」這份計畫", $"You may not {WorkflowText.ActionEn(action).ToLowerInvariant()} this plan.") { Kind = ProblemKind.Forbidden });
        if (Next(status, action) is not { } to)
            return Refused(new Problem("action", $"計畫目前為「{WorkflowText.StatusZh(status)}」，不能「{WorkflowText.ActionZh(action)}」",
                $"The plan is {WorkflowText.StatusEn(status)}: it cannot be {WorkflowText.DoneEn(action)} now.") { Kind = ProblemKind.Locked });
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (action is WorkflowAction.Return or WorkflowAction.Unlock && comment is null)
            return Refused(new Problem("comment", action == WorkflowAction.Return ? "退回時請說明原因" : "解鎖時請說明原因",
                action == WorkflowAction.Return ? "Say why the plan is returned." : "Say why the plan is unlocked."));
        if (comment is { Length: > MaxCommentLength })
            return Refused(new Problem("comment", $"說明太長（{comment.Length} 字，最多 {MaxCommentLength} 字）", $"The comment is too long ({comment.Length} characters, {MaxCommentLength} at most)."));
        if (version is null)
            return Refused(new Problem("version",
                $"請附上計畫版本 version：以 {versionSource} 讀取（→ version），以免依據過時的狀態進行步驟",
                $"Send the plan's version: read it with {versionSource} (→ version), so that a step is never based on a stale status.") { Kind = ProblemKind.VersionRequired });
        if (version != currentVersion)
            return Refused(Moved(status));
        return new StepDecision([], to, comment);
    }

    /// <summary>Someone else took a step since the plan was read.</summary>
    public static Problem Moved(PlanStatus status) => new("version", $"計畫狀態已被他人更新（目前為「{WorkflowText.StatusZh(status)}」），請重新載入",
        $"Someone else changed the plan's status (now {WorkflowText.StatusEn(status)}); reload it.") { Kind = ProblemKind.Stale };

    private static StepDecision Refused(Problem problem) => new([problem]);
}
