using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Plans;

public static class PlanQueries
{
    /// <summary>
    /// Loads one whole plan in a fixed number of queries (one per collection, split), whatever its size, with
    /// every list in document order.
    /// </summary>
    public static Task<Plan?> LoadPlanAsync(this BeaconDb db, string orgCode, int year, CancellationToken ct = default) =>
        db.LoadWholeAsync(db.Plans.Where(p => p.Organisation.Code == orgCode && p.Year == year), ct);

    /// <summary>The same, by the plan's id.</summary>
    public static Task<Plan?> LoadPlanAsync(this BeaconDb db, int planId, CancellationToken ct = default) =>
        db.LoadWholeAsync(db.Plans.Where(p => p.Id == planId), ct);

    private static async Task<Plan?> LoadWholeAsync(this BeaconDb db, IQueryable<Plan> plans, CancellationToken ct)
    {
        var plan = await Whole(plans).SingleOrDefaultAsync(ct);
        if (plan is not null) SortInDocumentOrder(plan);
        return plan;
    }

    /// <summary>
    /// Loads several whole plans (the bureau plans of a city year, say) in the same fixed number of queries as one,
    /// however many there are, each with every list in document order.
    /// </summary>
    public static async Task<List<Plan>> LoadPlansAsync(this BeaconDb db, IQueryable<Plan> which, CancellationToken ct = default)
    {
        var plans = await Whole(which).ToListAsync(ct);
        foreach (var plan in plans) SortInDocumentOrder(plan);
        return plans;
    }

    private static IQueryable<Plan> Whole(IQueryable<Plan> plans) =>
        plans
            .AsNoTracking()
            .AsSplitQuery()
            .Include(p => p.Organisation).ThenInclude(o => o.Parent)
            .Include(p => p.Approvals)
            .Include(p => p.Perspectives)
            .Include(p => p.Themes)
            .Include(p => p.Links)
            .Include(p => p.Evaluation)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Values)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Parts).ThenInclude(x => x.Values)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.ActionPlans).ThenInclude(a => a.Budgets)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.ActionPlans).ThenInclude(a => a.Milestones)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Inputs)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Assessment);

    /// <summary>
    /// The plan statuses this reader may see (<see cref="PlanVisibility.CanSee"/>): every query that reaches into other
    /// plans (the cascade, agency links, the home page) filters by it, so a draft leaks through none of them.
    /// </summary>
    public static PlanStatus[] VisibleStatuses(ClaimsPrincipal user) =>
        [.. Enum.GetValues<PlanStatus>().Where(s => PlanVisibility.CanSee(user, s))];

    /// <summary>Only the plans this reader may see.</summary>
    public static IQueryable<Plan> VisibleTo(this IQueryable<Plan> plans, ClaimsPrincipal user)
    {
        var visible = VisibleStatuses(user);
        return visible.Length == Enum.GetValues<PlanStatus>().Length ? plans : plans.Where(p => visible.Contains(p.Status));
    }

    internal static void SortInDocumentOrder(Plan plan)
    {
        plan.Approvals.Sort((a, b) => a.Position.CompareTo(b.Position));
        plan.Perspectives.Sort((a, b) => a.Position.CompareTo(b.Position));
        plan.Themes.Sort((a, b) => a.Position.CompareTo(b.Position));
        plan.Links.Sort((a, b) => a.Position.CompareTo(b.Position));
        plan.Objectives.Sort((a, b) => a.Position.CompareTo(b.Position));
        var themes = plan.Themes.ToDictionary(t => t.Id);
        var perspectives = plan.Perspectives.ToDictionary(p => p.Id);
        foreach (var objective in plan.Objectives)
        {
            objective.Theme = objective.ThemeId is { } themeId ? themes[themeId] : null;
            objective.Perspective = perspectives[objective.PerspectiveId];
            objective.Kpis.Sort((a, b) => a.Position.CompareTo(b.Position));
            foreach (var kpi in objective.Kpis)
            {
                kpi.Values.Sort((a, b) => a.Position.CompareTo(b.Position));
                kpi.Inputs.Sort((a, b) => (a.Year, a.Period ?? "", a.Id).CompareTo((b.Year, b.Period ?? "", b.Id)));
                kpi.Parts.Sort((a, b) => a.Position.CompareTo(b.Position));
                foreach (var part in kpi.Parts) part.Values.Sort((a, b) => a.Position.CompareTo(b.Position));
                kpi.ActionPlans.Sort((a, b) => a.Position.CompareTo(b.Position));
                foreach (var action in kpi.ActionPlans)
                {
                    action.Budgets.Sort((a, b) => a.Position.CompareTo(b.Position));
                    action.Milestones.Sort((a, b) => a.Position.CompareTo(b.Position));
                }
            }
        }
    }
}
