using Beacon.Core.Workflow;
using Beacon.Core.Notifications;

namespace Beacon.Core.Tests.Notifications;

/// <summary>
/// Who is told of what, over one cast: the DV centre (TPE-DVPC) with an editor for the whole centre and one bound to
/// 成保組, the Labor department's editor (TPE-DOL), a reviewer, a planner, an administrator, a viewer, and an account
/// without a role.
/// </summary>
public sealed class NoticeRulesTests
{
    private static readonly Person Lin = new("1", "lin@dvpc.tw", new HashSet<Role> { Role.AgencyEditor }, "TPE-DVPC");
    private static readonly Person Wang = new("2", "wang@dvpc.tw", new HashSet<Role> { Role.AgencyEditor }, "TPE-DVPC", ["成保組"]);
    private static readonly Person Chen = new("3", "chen@dol.tw", new HashSet<Role> { Role.AgencyEditor }, "TPE-DOL");
    private static readonly Person Li = new("4", "li@rdec.tw", new HashSet<Role> { Role.Reviewer });
    private static readonly Person Zhang = new("5", "zhang@rdec.tw", new HashSet<Role> { Role.Planner });
    private static readonly Person Admin = new("6", "admin@rdec.tw", new HashSet<Role> { Role.Administrator });
    private static readonly Person Viewer = new("7", "viewer@rdec.tw", new HashSet<Role> { Role.Viewer });
    private static readonly Person Nobody = new("8", "nobody@rdec.tw", new HashSet<Role>());
    private static readonly Person Huang = new("9", "huang@rdec.tw", new HashSet<Role> { Role.Reviewer });

    private static readonly Person[] Everyone = [Lin, Wang, Chen, Li, Zhang, Admin, Viewer, Nobody, Huang];

    private static string Names(NoticeFacts facts) =>
        string.Join(" ", NoticeRules.Recipients(facts, Everyone).Select(p => p.Email[..p.Email.IndexOf('@')]).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData(NoticeKind.PlanSubmitted, "lin@dvpc.tw", "huang li zhang")]
    [InlineData(NoticeKind.PlanReturned, "li@rdec.tw", "lin wang")]
    [InlineData(NoticeKind.PlanApproved, "li@rdec.tw", "lin wang zhang")]
    [InlineData(NoticeKind.PlanApproved, "zhang@rdec.tw", "lin wang")]
    [InlineData(NoticeKind.RevisionOpened, "zhang@rdec.tw", "lin wang")]
    [InlineData(NoticeKind.RevisionApproved, "admin@rdec.tw", "lin wang zhang")]
    [InlineData(NoticeKind.DeadlineApproaching, null, "lin wang")]
    [InlineData(NoticeKind.DeadlineToday, null, "lin wang")]
    [InlineData(NoticeKind.DeadlineOverdue, null, "lin wang")]
    [InlineData(NoticeKind.WeeklySummary, null, "zhang")]
    public void Each_event_of_the_DV_centres_plan_reaches_these_people(NoticeKind kind, string? actor, string expected) =>
        Assert.Equal(expected, Names(new NoticeFacts(kind, "TPE-DVPC", actor)));

    [Fact]
    public void The_person_who_acted_is_not_told_even_in_another_case_of_address() =>
        Assert.Equal("huang zhang", Names(new NoticeFacts(NoticeKind.PlanSubmitted, "TPE-DVPC", "LI@rdec.tw")));

    [Theory]
    // A reviewer comments on AC1.1 (成保組、兒少組): the centre-wide editor and the 成保組 editor.
    [InlineData("成保組,兒少組", "lin wang")]
    // On a KPI of 性保組 only: the 成保組 editor is not responsible for it.
    [InlineData("性保組", "lin")]
    public void A_reviewer_comment_reaches_the_editors_who_may_enter_the_KPI(string responsible, string expected) =>
        Assert.Equal(expected, Names(new NoticeFacts(NoticeKind.CommentReply, "TPE-DVPC", "li@rdec.tw", responsible.Split(','), CommentSide.Reviewer)));

    [Fact]
    public void An_agency_reply_reaches_the_reviewers_who_wrote_in_the_thread() =>
        Assert.Equal("huang", Names(new NoticeFacts(NoticeKind.CommentReply, "TPE-DVPC", "wang@dvpc.tw", ["成保組"], CommentSide.Agency, ["huang@rdec.tw", "wang@dvpc.tw"])));

    [Fact]
    public void An_agency_comment_that_opens_a_thread_reaches_every_reviewer() =>
        Assert.Equal("huang li", Names(new NoticeFacts(NoticeKind.CommentReply, "TPE-DVPC", "wang@dvpc.tw", ["成保組"], CommentSide.Agency, [])));

    [Fact]
    public void A_planner_who_wrote_in_the_thread_is_told_of_the_agency_reply() =>
        Assert.Equal("zhang", Names(new NoticeFacts(NoticeKind.CommentReply, "TPE-DVPC", "lin@dvpc.tw", ["成保組"], CommentSide.Agency, ["zhang@rdec.tw"])));

    [Fact]
    public void Nobody_without_a_role_is_told_anything()
    {
        foreach (var kind in Enum.GetValues<NoticeKind>())
            Assert.DoesNotContain(Nobody, NoticeRules.Recipients(new NoticeFacts(kind, "TPE-DVPC"), Everyone));
    }

    [Fact]
    public void A_person_is_told_once_however_many_roles_bring_them()
    {
        var both = new Person("10", "both@rdec.tw", new HashSet<Role> { Role.Reviewer, Role.Planner });
        Assert.Single(NoticeRules.Recipients(new NoticeFacts(NoticeKind.PlanSubmitted, "TPE-DVPC"), [both, both]));
    }

    [Fact]
    public void The_preferences_list_the_kinds_a_person_can_receive()
    {
        Assert.Equal([NoticeKind.PlanReturned, NoticeKind.PlanApproved, NoticeKind.RevisionOpened, NoticeKind.RevisionApproved, NoticeKind.CommentReply,
            NoticeKind.DeadlineApproaching, NoticeKind.DeadlineToday, NoticeKind.DeadlineOverdue], NoticeRules.KindsFor(Wang));
        Assert.Equal([NoticeKind.PlanSubmitted, NoticeKind.CommentReply], NoticeRules.KindsFor(Li));
        Assert.Equal([NoticeKind.PlanSubmitted, NoticeKind.PlanApproved, NoticeKind.RevisionOpened, NoticeKind.RevisionApproved, NoticeKind.CommentReply,
            NoticeKind.WeeklySummary], NoticeRules.KindsFor(Zhang));
        Assert.Empty(NoticeRules.KindsFor(Viewer));
    }

    [Fact]
    public void Every_kind_each_person_can_receive_is_one_the_rules_send_them()
    {
        foreach (var person in Everyone)
            foreach (var kind in Enum.GetValues<NoticeKind>())
            {
                var sent = NoticeRules.Recipients(new NoticeFacts(kind, person.Organisation ?? "TPE-DVPC", null, ["成保組"], kind == NoticeKind.CommentReply ? CommentSide.Reviewer : null), [person]).Count > 0
                    || (kind == NoticeKind.CommentReply && NoticeRules.Recipients(new NoticeFacts(kind, "TPE-DVPC", null, [], CommentSide.Agency, [person.Email]), [person]).Count > 0);
                Assert.True(sent == NoticeRules.KindsFor(person).Contains(kind), $"{person.Email} {kind}: sent {sent}");
            }
    }

    [Theory]
    [InlineData("", "請輸入意見內容")]
    [InlineData("   ", "請輸入意見內容")]
    public void An_empty_comment_is_refused(string text, string message) =>
        Assert.Equal(message, NoticeRules.CommentProblem("text", text)?.Message);

    [Fact]
    public void A_comment_of_4001_characters_is_refused_and_4000_accepted()
    {
        Assert.Null(NoticeRules.CommentProblem("text", new string('意', 4000)));
        Assert.Equal("the text is too long (4001 characters, 4000 at most)", NoticeRules.CommentProblem("text", new string('意', 4001))?.MessageEn);
    }
    // ---- who may write in a KPI's thread, and when ----

    public static TheoryData<string, Actor, PlanStatus, string?, ProblemKind?> Comments => new()
    {
        { "the reviewer", new Actor(Reviewer: true), PlanStatus.Submitted, "請補充佐證", null },
        { "a planner", new Actor(Planner: true), PlanStatus.Draft, "請補充佐證", null },
        { "性保組's editor, responsible for AC3.1", new Actor(Editor: true, Organisation: "TPE-DVPC", Divisions: ["性保組"]), PlanStatus.UnderReview, "已補上", null },
        { "成保組's editor, not responsible", new Actor(Editor: true, Organisation: "TPE-DVPC", Divisions: ["成保組"]), PlanStatus.Draft, "已補上", ProblemKind.Forbidden },
        { "another agency's editor", new Actor(Editor: true, Organisation: "TPE-SWD"), PlanStatus.Draft, "已補上", ProblemKind.Forbidden },
        { "a viewer", new Actor(Viewer: true), PlanStatus.Draft, "看法", ProblemKind.Forbidden },
        { "anyone, once the year is approved", new Actor(Reviewer: true), PlanStatus.Approved, "請補充佐證", ProblemKind.Locked },
        { "an empty comment", new Actor(Reviewer: true), PlanStatus.Submitted, "  ", ProblemKind.Invalid },
    };

    [Theory, MemberData(nameof(Comments))]
    public void A_comment_is_written_by_either_side_of_the_thread_until_the_year_is_locked(string _, Actor actor, PlanStatus status, string? text, ProblemKind? refused)
    {
        var problems = NoticeRules.CheckComment(actor, "TPE-DVPC", 2022, status, ["性保組"], text);

        Assert.Equal(refused, problems.Select(p => (ProblemKind?)p.Kind).SingleOrDefault());
    }

    [Fact]
    public void The_planning_office_writes_as_the_reviewers_and_the_KPI_s_editors_as_the_agency()
    {
        Assert.Equal(CommentSide.Reviewer, NoticeRules.SideOf(new Actor(Administrator: true), "TPE-DVPC", ["性保組"]));
        Assert.Equal(CommentSide.Agency, NoticeRules.SideOf(new Actor(Editor: true, Organisation: "TPE-DVPC"), "TPE-DVPC", ["性保組"]));
        Assert.Null(NoticeRules.SideOf(new Actor(Viewer: true), "TPE-DVPC", ["性保組"]));
    }

    [Theory]
    [InlineData(PlanStatus.Submitted, NoticeKind.PlanSubmitted)]
    [InlineData(PlanStatus.Returned, NoticeKind.PlanReturned)]
    [InlineData(PlanStatus.Approved, NoticeKind.PlanApproved)]
    [InlineData(PlanStatus.UnderReview, null)]
    [InlineData(PlanStatus.Draft, null)]
    public void A_step_tells_of_a_submission_a_return_and_an_approval(PlanStatus to, NoticeKind? kind) =>
        Assert.Equal(kind, NoticeRules.KindOfStep(to));
}
