using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Workflow;

/// <summary>
/// Takes a workflow step on a plan year (the rules are the core's <see cref="WorkflowRules"/>): load the plan → the
/// core decides → apply the new status and record the step → save with the plan's version; audited. Approving freezes the
/// plan's next published version (<see cref="Authoring.PlanVersions"/>) in the same save; <paramref name="body"/> of
/// <see cref="StepAsync"/> names the approving body.
/// </summary>
public sealed class PlanWorkflow(BeaconDb db, TimeProvider clock, AuditScope audit, Notifications.Notices notices, Authoring.PlanVersions versions)
{
    public async Task<WriteOutcome> StepAsync(string org, int year, WorkflowAction action, string? comment, int? version, Actor actor, CancellationToken ct = default,
        string? body = null)
    {
        var plan = await db.Plans.Include(p => p.Organisation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return WriteOutcome.NotFound;
        var decision = WorkflowRules.CheckStep(actor, plan.Organisation.Code, plan.Status, plan.Version, action, comment, version,
            $"GET /api/orgs/{plan.Organisation.Code}/plans/{year}/workflow");
        if (!decision.Accepted) return WriteOutcome.Refused(decision.Problems);

        audit.About(org, year);
        // Inside the transaction the plan row is held first, only while it is still at the version read: a step that
        // committed meanwhile makes this one a plain 409 here. Saving instead would meet that step's notice (same
        // key) or its version and fail, which the database layer logs as an error.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var read = plan.Version;
        if (await db.Plans.Where(p => p.Id == plan.Id && p.Version == read).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version), ct) == 0)
        {
            await transaction.RollbackAsync(ct);
            var now = await db.Plans.AsNoTracking().Where(p => p.Id == plan.Id).Select(p => p.Status).SingleAsync(ct);
            return WriteOutcome.Refused([WorkflowRules.Moved(now)]);
        }
        var from = plan.Status;
        plan.Status = decision.To;
        plan.Version++;
        db.PlanSteps.Add(new PlanStep { PlanId = plan.Id, At = clock.GetUtcNow(), UserName = audit.UserName, From = from, To = decision.To, Action = action.ToString(), Comment = decision.Comment });
        await notices.StepTakenAsync(plan, from, decision.To, action, decision.Comment, ct);
        if (decision.To == PlanStatus.Approved) await versions.PublishAsync(plan, body, decision.Comment, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return WriteOutcome.Done;
    }
}
