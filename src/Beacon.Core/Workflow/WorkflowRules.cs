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
    public static bool OpenForSettings(PlanStatus status) => !Locked(status);

    /// <summary>An approved year is locked: nothing of it changes (no import replaces it, its comment threads close) until a planner unlocks it.</summary>
    public static bool Locked(PlanStatus status) => status == PlanStatus.Approved;

    /// <summary>The statuses for which <paramref name="rule"/> holds (OpenForEntry …), for a query over stored plans.</summary>
    public static IReadOnlyList<PlanStatus> Statuses(Func<PlanStatus, bool> rule) => [.. Enum.GetValues<PlanStatus>().Where(rule)];

    /// <summary>
    /// The plan's content may be edited: by planners until it is approved, by the agency while it is a draft or returned
    /// to it. An approved plan is edited only through a revision, which a planner opens (<see cref="CheckRevision"/>).
    /// </summary>
    public static bool OpenForAuthoring(Actor actor, PlanStatus status) =>
        status != PlanStatus.Approved && (actor.CanPlan || OpenForEntry(status));

    /// <summary>The workflow step a revision records (not one of <see cref="WorkflowAction"/>: it is a step of its own endpoint).</summary>
    public const string ReviseAction = "Revise";

    /// <summary>
    /// Checks opening a revision (修正) of an approved plan: planners only (403), an approved plan (409), a reason (400),
    /// the plan's version (428 without it, 409 when the plan moved on). Accepted, the plan becomes a draft again whose
    /// changed targets keep their original and the reason, and whose approval is the next published version.
    /// </summary>
    public static StepDecision CheckRevision(Actor actor, PlanStatus status, int currentVersion, string? reason, int? version, string versionSource)
    {
        if (!actor.CanPlan)
            return Refused(new Problem("action", "只有研考會（規劃人員）可以開啟計畫修正", "Only planners may open a revision of a plan.") { Kind = ProblemKind.Forbidden });
        if (status != PlanStatus.Approved)
            return Refused(new Problem("action", $"計畫目前為「{WorkflowText.StatusZh(status)}」：只有已核定的計畫需要開啟修正，其他狀態可直接編修",
                $"The plan is {WorkflowText.StatusEn(status)}: only an approved plan needs a revision; edit it directly.") { Kind = ProblemKind.Locked });
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is null)
            return Refused(new Problem("reason", "請說明修正的原因（例如「因疫情影響，修正 110 年度目標值」）", "Say why the plan is revised (for example, targets revised because of the pandemic)."));
        if (reason.Length > MaxCommentLength)
            return Refused(new Problem("reason", $"原因太長（{reason.Length} 字，最多 {MaxCommentLength} 字）", $"The reason is too long ({reason.Length} characters, {MaxCommentLength} at most)."));
        if (version is null)
            return Refused(new Problem("version",
                $"請附上計畫版本 version：以 {versionSource} 讀取（→ version）", $"Send the plan's version: read it with {versionSource} (→ version).") { Kind = ProblemKind.VersionRequired });
        if (version != currentVersion) return Refused(Moved(status));
        return new StepDecision([], PlanStatus.Draft, reason);
    }

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
