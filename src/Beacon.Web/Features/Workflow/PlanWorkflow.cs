using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Workflow;

/// <summary>
/// Takes a workflow step on a plan year (the rules are the core's <see cref="WorkflowRules"/>): load the plan → the
/// core decides → apply the new status and record the step → save with the plan's version; audited.
/// </summary>
public sealed class PlanWorkflow(BeaconDb db, TimeProvider clock, AuditScope audit, Notifications.Notices notices)
{
    public async Task<WriteOutcome> StepAsync(string org, int year, WorkflowAction action, string? comment, int? version, Actor actor, CancellationToken ct = default)
    {
        var plan = await db.Plans.Include(p => p.Organisation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return WriteOutcome.NotFound;
        var decision = WorkflowRules.CheckStep(actor, plan.Organisation.Code, plan.Status, plan.Version, action, comment, version,
            $"GET /api/orgs/{plan.Organisation.Code}/plans/{year}/workflow");
        if (!decision.Accepted) return WriteOutcome.Refused(decision.Problems);

        audit.About(org, year);
        var from = plan.Status;
        plan.Status = decision.To;
        plan.Version++;
        db.PlanSteps.Add(new PlanStep { PlanId = plan.Id, At = clock.GetUtcNow(), UserName = audit.UserName, From = from, To = decision.To, Action = action.ToString(), Comment = decision.Comment });
        await notices.StepTakenAsync(plan, from, decision.To, action, decision.Comment, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteOutcome.Refused([WorkflowRules.Moved(plan.Status) with
            {
                Message = "計畫狀態已被他人同時更新，請重新載入", MessageEn = "Someone else changed the plan's status at the same moment; reload it.",
            }]);
        }
        return WriteOutcome.Done;
    }
}
