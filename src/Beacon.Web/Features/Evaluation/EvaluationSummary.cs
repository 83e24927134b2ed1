using System.Security.Claims;
using Beacon.Core.Evaluation;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Workflow;
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
/// organisation by organisation. Each plan's figures come from the read model (<see cref="PlanReader.SummariesAsync"/>):
/// computed once per plan stamp, a batch of plans at a time, in a fixed number of queries per batch.
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
    public static async Task<EvaluationSummary> LoadAsync(PlanReader reader, BeaconDb db, int year, ClaimsPrincipal user, CancellationToken ct)
    {
        var years = await YearsAsync(db, user, ct);
        var rows = new List<OrganisationEvaluation>();
        await foreach (var row in reader.SummariesAsync(year, user, ct: ct)) rows.Add(row);
        return new EvaluationSummary(year, rows, years);
    }

    /// <summary>The years with a plan the user may see, in order.</summary>
    public static Task<List<int>> YearsAsync(BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        db.Plans.VisibleTo(user).Select(p => p.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
}
