namespace Beacon.Core.Notifications;

/// <summary>What a notice (通知) is about. Each kind can be turned off for e-mail by each person; the inbox keeps them all.</summary>
public enum NoticeKind
{
    /// <summary>An agency submitted its plan year (送出).</summary>
    PlanSubmitted,
    /// <summary>A reviewer or planner returned the plan year to the agency with a comment (退回).</summary>
    PlanReturned,
    /// <summary>The plan year was approved (核定).</summary>
    PlanApproved,
    /// <summary>A revision (修正) of an approved plan was opened.</summary>
    RevisionOpened,
    /// <summary>A revision of a plan was approved.</summary>
    RevisionApproved,
    /// <summary>A comment in a KPI's thread between the reviewers and the agency (意見往返).</summary>
    CommentReply,
    /// <summary>The submission deadline is a configured number of days away.</summary>
    DeadlineApproaching,
    /// <summary>The submission deadline is today.</summary>
    DeadlineToday,
    /// <summary>The daily digest while the deadline has passed and the plan is not submitted.</summary>
    DeadlineOverdue,
    /// <summary>The planners' weekly summary of every organisation's state.</summary>
    WeeklySummary,
}

/// <summary>The roles as the rules see them (the web project stores them by name).</summary>
public enum Role { Administrator, Planner, Reviewer, AgencyEditor, Viewer }

/// <summary>Which side of a KPI's comment thread a person writes for: the planning office (reviewers) or the agency.</summary>
public enum CommentSide { Reviewer, Agency }

/// <summary>
/// A person who may be told something: an account with its roles, the organisation an agency editor is bound to and,
/// optionally, the divisions (科室) inside it. A person without a role sees nothing that is not published, so is told nothing.
/// </summary>
public sealed record Person(string Id, string Email, IReadOnlySet<Role> Roles, string? Organisation = null, IReadOnlyList<string>? Divisions = null)
{
    public IReadOnlyList<string> Divisions { get; init; } = Divisions ?? [];

    public bool Is(Role role) => Roles.Contains(role);

    /// <summary>An agency editor of this organisation.</summary>
    public bool EditsFor(string organisation) => Is(Role.AgencyEditor) && Organisation == organisation;

    /// <summary>An editor of the organisation who may enter a KPI with these responsible units: unbound, or bound to one of them.</summary>
    public bool EntersKpi(string organisation, IReadOnlyCollection<string> responsible) =>
        EditsFor(organisation) && (Divisions.Count == 0 || responsible.Any(Divisions.Contains));

    /// <summary>Writes for the planning office in a comment thread: reviewers, planners and administrators.</summary>
    public bool IsReviewerSide => Is(Role.Reviewer) || Is(Role.Planner) || Is(Role.Administrator);
}

/// <summary>
/// The facts of one event, as the rules need them: its kind, the organisation whose plan it is about, who caused it
/// (never told of their own act), and for a comment the KPI's responsible units, the side that wrote and the
/// reviewer-side people who have written in the thread before.
/// </summary>
public sealed record NoticeFacts(
    NoticeKind Kind,
    string? Organisation,
    string? ActorEmail = null,
    IReadOnlyList<string>? KpiResponsible = null,
    CommentSide? WrittenBy = null,
    IReadOnlyCollection<string>? ThreadReviewers = null);

/// <summary>
/// Who is told of what (docs/notifications.md has the same table):
/// <list type="table">
/// <item>plan submitted → reviewers and planners</item>
/// <item>plan returned → the organisation's agency editors (with the comment)</item>
/// <item>plan approved, revision opened, revision approved → the organisation's agency editors and planners</item>
/// <item>a reviewer-side comment on a KPI → the organisation's editors who may enter that KPI (unbound, or bound to a responsible division)</item>
/// <item>an agency comment on a KPI → the reviewer-side people who wrote in the thread; all reviewers when none has</item>
/// <item>deadline approaching, due today, overdue → the organisation's agency editors</item>
/// <item>weekly summary → planners</item>
/// </list>
/// Nobody is told of their own act, and a person without a role (who may not read plans that are not published) is
/// told nothing. Administrators are told only what their other roles bring them: they see every delivery on their page.
/// </summary>
public static class NoticeRules
{
    public static IReadOnlyList<Person> Recipients(NoticeFacts e, IEnumerable<Person> people)
    {
        var org = e.Organisation ?? "";
        return [.. people
            .Where(p => p.Roles.Count > 0)
            .Where(p => e.ActorEmail is null || !string.Equals(p.Email, e.ActorEmail, StringComparison.OrdinalIgnoreCase))
            .Where(p => Receives(e, p, org, people))
            .DistinctBy(p => p.Id)];
    }

    private static bool Receives(NoticeFacts e, Person p, string org, IEnumerable<Person> everyone) => e.Kind switch
    {
        NoticeKind.PlanSubmitted => p.Is(Role.Reviewer) || p.Is(Role.Planner),
        NoticeKind.PlanReturned => p.EditsFor(org),
        NoticeKind.PlanApproved or NoticeKind.RevisionOpened or NoticeKind.RevisionApproved => p.EditsFor(org) || p.Is(Role.Planner),
        NoticeKind.CommentReply when e.WrittenBy == CommentSide.Reviewer => p.EntersKpi(org, e.KpiResponsible ?? []),
        NoticeKind.CommentReply => e.ThreadReviewers is { Count: > 0 } wrote
            ? p.IsReviewerSide && wrote.Contains(p.Email, StringComparer.OrdinalIgnoreCase)
            : p.Is(Role.Reviewer),
        NoticeKind.DeadlineApproaching or NoticeKind.DeadlineToday or NoticeKind.DeadlineOverdue => p.EditsFor(org),
        NoticeKind.WeeklySummary => p.Is(Role.Planner),
        _ => false,
    };

    /// <summary>The kinds a person may be sent at all, for the preferences page: the others would never come.</summary>
    public static IReadOnlyList<NoticeKind> KindsFor(Person p) =>
        [.. Enum.GetValues<NoticeKind>().Where(k => k switch
        {
            NoticeKind.PlanSubmitted => p.Is(Role.Reviewer) || p.Is(Role.Planner),
            NoticeKind.PlanReturned or NoticeKind.DeadlineApproaching or NoticeKind.DeadlineToday or NoticeKind.DeadlineOverdue => p.Is(Role.AgencyEditor),
            NoticeKind.PlanApproved or NoticeKind.RevisionOpened or NoticeKind.RevisionApproved => p.Is(Role.AgencyEditor) || p.Is(Role.Planner),
            NoticeKind.CommentReply => p.Is(Role.AgencyEditor) || p.IsReviewerSide,
            NoticeKind.WeeklySummary => p.Is(Role.Planner),
            _ => false,
        })];

    /// <summary>The kind's name in the interface and in e-mails.</summary>
    public static string NameZh(NoticeKind kind) => kind switch
    {
        NoticeKind.PlanSubmitted => "計畫已送出",
        NoticeKind.PlanReturned => "計畫被退回",
        NoticeKind.PlanApproved => "計畫已核定",
        NoticeKind.RevisionOpened => "計畫修正已開始",
        NoticeKind.RevisionApproved => "計畫修正已核定",
        NoticeKind.CommentReply => "KPI 意見往返",
        NoticeKind.DeadlineApproaching => "送出期限將至",
        NoticeKind.DeadlineToday => "今日為送出期限",
        NoticeKind.DeadlineOverdue => "已逾送出期限",
        _ => "每週各機關進度摘要",
    };

    public static string NameEn(NoticeKind kind) => kind switch
    {
        NoticeKind.PlanSubmitted => "Plan submitted",
        NoticeKind.PlanReturned => "Plan returned",
        NoticeKind.PlanApproved => "Plan approved",
        NoticeKind.RevisionOpened => "Revision opened",
        NoticeKind.RevisionApproved => "Revision approved",
        NoticeKind.CommentReply => "KPI comments",
        NoticeKind.DeadlineApproaching => "Deadline approaching",
        NoticeKind.DeadlineToday => "Deadline today",
        NoticeKind.DeadlineOverdue => "Deadline passed",
        _ => "Weekly summary of every organisation",
    };

    /// <summary>The notice a workflow step sends, by the status it leads to: submitted, returned, approved; none for the other steps.</summary>
    public static NoticeKind? KindOfStep(Workflow.PlanStatus to) => to switch
    {
        Workflow.PlanStatus.Submitted => NoticeKind.PlanSubmitted,
        Workflow.PlanStatus.Returned => NoticeKind.PlanReturned,
        Workflow.PlanStatus.Approved => NoticeKind.PlanApproved,
        _ => null,
    };

    /// <summary>A comment is 1 to 4,000 characters once trimmed.</summary>
    public static Problem? CommentProblem(string path, string? text) =>
        string.IsNullOrWhiteSpace(text) ? new Problem(path, "請輸入意見內容", "write the comment")
        : Evaluation.EntryRules.TextProblem(path, text.Trim());

    /// <summary>
    /// The side a person writes for in a KPI's comment thread: the planning office (reviewers, planners,
    /// administrators), or the agency's editors of that KPI (<see cref="Workflow.Actor.CanEnterKpi"/>); null for anyone else.
    /// </summary>
    public static CommentSide? SideOf(Workflow.Actor actor, string organisation, IReadOnlyCollection<string> responsible) =>
        actor.CanReview || actor.CanPlan ? CommentSide.Reviewer
        : actor.CanEnterKpi(organisation, responsible) ? CommentSide.Agency
        : null;

    /// <summary>
    /// The rules of a new comment in a KPI's thread: someone with a side (403), while the year is not locked (409: an
    /// approved year takes no more comments), and a text of 1 to 4,000 characters (400).
    /// </summary>
    public static IReadOnlyList<Problem> CheckComment(Workflow.Actor actor, string organisation, int year, Workflow.PlanStatus status,
        IReadOnlyCollection<string> responsible, string? text)
    {
        if (SideOf(actor, organisation, responsible) is null)
            return [new Problem("text", "只有複核人員、研考會與此 KPI 的填報人員可以留言", "Only reviewers, planners and this KPI's editors may comment.") { Kind = ProblemKind.Forbidden }];
        if (Workflow.WorkflowRules.Locked(status)) return [Workflow.WorkflowRules.StatusForbids(year, status, "text")];
        return CommentProblem("text", text) is { } problem ? [problem] : [];
    }
}
