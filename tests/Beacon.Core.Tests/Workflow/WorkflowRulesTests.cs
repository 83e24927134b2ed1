using Beacon.Core.Workflow;

namespace Beacon.Core.Tests.Workflow;

/// <summary>The workflow of a plan year (WorkflowRules): the steps, who takes them, and what each status leaves open.</summary>
public sealed class WorkflowRulesTests
{
    private static readonly Actor Editor = new(Editor: true, Organisation: "TPE-DVPC");
    private static readonly Actor Reviewer = new(Reviewer: true);
    private static readonly Actor Planner = new(Planner: true);
    private static readonly Actor Viewer = new(Viewer: true);

    [Theory]
    [InlineData(PlanStatus.Draft, WorkflowAction.Submit, PlanStatus.Submitted)]
    [InlineData(PlanStatus.Returned, WorkflowAction.Submit, PlanStatus.Submitted)]
    [InlineData(PlanStatus.Submitted, WorkflowAction.StartReview, PlanStatus.UnderReview)]
    [InlineData(PlanStatus.Submitted, WorkflowAction.Approve, PlanStatus.Approved)]
    [InlineData(PlanStatus.UnderReview, WorkflowAction.Approve, PlanStatus.Approved)]
    [InlineData(PlanStatus.UnderReview, WorkflowAction.Return, PlanStatus.Returned)]
    [InlineData(PlanStatus.Approved, WorkflowAction.Unlock, PlanStatus.Draft)]
    public void Each_step_leads_from_a_status_to_the_next(PlanStatus from, WorkflowAction action, PlanStatus to) =>
        Assert.Equal(to, WorkflowRules.Next(from, action));

    [Theory]
    [InlineData(PlanStatus.Approved, WorkflowAction.Submit)]
    [InlineData(PlanStatus.Draft, WorkflowAction.Approve)]
    [InlineData(PlanStatus.Draft, WorkflowAction.Unlock)]
    [InlineData(PlanStatus.UnderReview, WorkflowAction.StartReview)]
    public void A_step_the_status_does_not_allow_leads_nowhere(PlanStatus from, WorkflowAction action) =>
        Assert.Null(WorkflowRules.Next(from, action));

    [Fact]
    public void Who_may_take_which_step()
    {
        Assert.Equal([WorkflowAction.Submit], WorkflowRules.Available(Editor, "TPE-DVPC", PlanStatus.Draft));
        Assert.Empty(WorkflowRules.Available(Editor, "TPE-SWD", PlanStatus.Draft));
        Assert.Equal([WorkflowAction.StartReview, WorkflowAction.Approve, WorkflowAction.Return], WorkflowRules.Available(Reviewer, "TPE-DVPC", PlanStatus.Submitted));
        Assert.Equal([WorkflowAction.Unlock], WorkflowRules.Available(Planner, "TPE-DVPC", PlanStatus.Approved));
        Assert.Empty(WorkflowRules.Available(Viewer, "TPE-DVPC", PlanStatus.Submitted));
        Assert.Empty(WorkflowRules.Available(Actor.Anonymous, "TPE-DVPC", PlanStatus.Draft));
    }

    [Theory]
    [InlineData(PlanStatus.Draft, true, false, true)]
    [InlineData(PlanStatus.Returned, true, false, true)]
    [InlineData(PlanStatus.Submitted, false, true, true)]
    [InlineData(PlanStatus.UnderReview, false, true, true)]
    [InlineData(PlanStatus.Approved, false, false, false)]
    public void What_each_status_leaves_open(PlanStatus status, bool entry, bool review, bool settings) =>
        Assert.Equal((entry, review, settings), (WorkflowRules.OpenForEntry(status), WorkflowRules.OpenForReview(status), WorkflowRules.OpenForSettings(status)));

    [Theory]
    [InlineData(WorkflowAction.Return, null, ProblemKind.Invalid, "Say why the plan is returned.")]
    [InlineData(WorkflowAction.Approve, null, ProblemKind.Invalid, null)]
    public void A_return_needs_a_comment(WorkflowAction action, string? comment, ProblemKind kind, string? says)
    {
        var decision = WorkflowRules.CheckStep(Reviewer, "TPE-DVPC", PlanStatus.UnderReview, 4, action, comment, 4, "GET …/workflow");

        if (says is null) Assert.True(decision.Accepted);
        else Assert.Equal((kind, says), (Assert.Single(decision.Problems).Kind, decision.Problems[0].MessageEn));
    }

    [Fact]
    public void A_step_names_what_it_is_refused_for()
    {
        Assert.Equal(ProblemKind.Forbidden, Assert.Single(WorkflowRules.CheckStep(Editor, "TPE-DVPC", PlanStatus.Submitted, 1, WorkflowAction.Approve, null, 1, "x").Problems).Kind);
        Assert.Equal(ProblemKind.Locked, Assert.Single(WorkflowRules.CheckStep(Planner, "TPE-DVPC", PlanStatus.Approved, 1, WorkflowAction.Submit, null, 1, "x").Problems).Kind);
        Assert.Equal(ProblemKind.VersionRequired, Assert.Single(WorkflowRules.CheckStep(Planner, "TPE-DVPC", PlanStatus.Draft, 1, WorkflowAction.Submit, null, null, "x").Problems).Kind);
        var stale = Assert.Single(WorkflowRules.CheckStep(Planner, "TPE-DVPC", PlanStatus.Submitted, 2, WorkflowAction.Approve, null, 1, "x").Problems);
        Assert.Equal((ProblemKind.Stale, "計畫狀態已被他人更新（目前為「已送出」），請重新載入"), (stale.Kind, stale.Message));
    }

    [Fact]
    public void Anonymous_readers_see_approved_plans_and_people_with_a_role_every_status()
    {
        Assert.Equal([PlanStatus.Approved], Enum.GetValues<PlanStatus>().Where(Actor.Anonymous.CanSee));
        Assert.Equal(Enum.GetValues<PlanStatus>(), Enum.GetValues<PlanStatus>().Where(Viewer.CanSee));
    }
}
