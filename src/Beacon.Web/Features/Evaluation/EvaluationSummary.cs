using System.Security.Claims;
using Beacon.Core.Evaluation;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

using Beacon.Web.Features.Account;

namespace Beacon.Web.Features.Evaluation;

/// <summary>
/// One organisation's evaluation of a year in figures: its KPIs, achieved, not achieved, no data, the light counts
/// self and reviewed, the mean totals, and self minus reviewer over the KPIs both scored.
/// </summary>
public sealed record OrganisationEvaluation(
    string Organisation, string Name, PlanStatus Status, int Kpis, int Achieved, int NotAchieved, int NoData,
    LightCounts SelfLights, LightCounts ReviewedLights,
    decimal? MeanSelfTotal, decimal? MeanReviewedTotal, decimal? SelfMinusReviewer,
    Light MeanSelfLight, Light? MeanReviewedLight)
{
    public static OrganisationEvaluation Of(PlanEvaluation e)
    {
        var bands = e.Settings.Bands;
        var self = e.MeanSelfTotal;
        var reviewed = e.MeanReviewedTotal;
        return new(e.Plan.Organisation.Code, e.Plan.Organisation.Name, e.Plan.Status,
            e.SelfTotal.Kpis, e.SelfTotal.Achieved, e.SelfTotal.NotAchieved, e.SelfTotal.NoData,
            e.SelfTotal.Lights, e.ReviewedTotal.Lights, self, reviewed, e.Inflation,
            KpiEvaluator.LightFor(self, false, bands), reviewed is null ? null : KpiEvaluator.LightFor(reviewed, false, bands));
    }
}

/// <summary>
/// Every organisation's evaluation of one year, side by side (評核總覽): where self-assessment runs ahead of review,
/// organisation by organisation. Read in a fixed number of queries whatever the number of organisations.
/// </summary>
public sealed record EvaluationSummary(int Year, IReadOnlyList<OrganisationEvaluation> Organisations, IReadOnlyList<int> Years)
{
    /// <summary>Organisations whose mean self total is ★, and whose mean reviewed total is.</summary>
    public int ExcellentBySelf => Organisations.Count(o => o.MeanSelfLight == Light.Excellent);
    public int ExcellentByReview => Organisations.Count(o => o.MeanReviewedLight == Light.Excellent);

    /// <summary>
    /// The year's plans the user may see (anonymous readers: approved ones, as <see cref="Actor.CanSee"/> says),
    /// in organisation order, and the years that have any.
    /// </summary>
    public static async Task<EvaluationSummary> LoadAsync(BeaconDb db, int year, ClaimsPrincipal user, CancellationToken ct)
    {
        var visible = Visible(db, user);
        var years = await YearsAsync(db, user, ct);
        // One split query per collection: the count does not grow with the organisations. Only the year's values.
        var plans = await visible
            .Where(p => p.Year == year)
            .AsNoTracking()
            .AsSplitQuery()
            .Include(p => p.Organisation)
            .Include(p => p.Perspectives)
            .Include(p => p.Themes)
            .Include(p => p.Evaluation)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Values.Where(v => v.Year == year))
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Parts).ThenInclude(x => x.Values.Where(v => v.Year == year))
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Assessment)
            .ToListAsync(ct);
        var rows = new List<OrganisationEvaluation>();
        foreach (var plan in plans.OrderBy(p => p.Organisation.Code, StringComparer.Ordinal))
        {
            var themes = plan.Themes.ToDictionary(t => t.Id);
            var perspectives = plan.Perspectives.ToDictionary(p => p.Id);
            foreach (var objective in plan.Objectives)
            {
                objective.Theme = objective.ThemeId is { } id ? themes[id] : null;
                objective.Perspective = perspectives[objective.PerspectiveId];
            }
            rows.Add(OrganisationEvaluation.Of(PlanEvaluation.Of(plan)));
        }
        return new EvaluationSummary(year, rows, years);
    }

    /// <summary>The years with a plan the user may see, in order.</summary>
    public static Task<List<int>> YearsAsync(BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        Visible(db, user).Select(p => p.Year).Distinct().OrderBy(y => y).ToListAsync(ct);

    private static IQueryable<Plan> Visible(BeaconDb db, ClaimsPrincipal user)
    {
        var visible = WorkflowRules.Statuses(user.Actor().CanSee);
        return db.Plans.Where(p => visible.Contains(p.Status));
    }
}
