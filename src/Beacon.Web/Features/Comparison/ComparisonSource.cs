using System.Security.Claims;
using Beacon.Core;
using Beacon.Core.Comparison;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Comparison;

/// <summary>One side of a comparison: the plan document, or the status and words of why it cannot be had.</summary>
public sealed record ComparedSide(PlanDocument? Document, int Status, string? Message, string? MessageEn)
{
    public static ComparedSide Of(PlanDocument document) => new(document, StatusCodes.Status200OK, null, null);

    public static ComparedSide Refused(int status, string message, string messageEn) => new(null, status, message, messageEn);
}

/// <summary>
/// Where the plans of a comparison come from: a year's stored plan, exported to its interchange document; and, once a
/// year has published versions, a version's stored document (<see cref="VersionAsync"/>). The comparison itself is the
/// core's (<see cref="PlanComparer"/>), whatever the source.
/// </summary>
public static class ComparisonSource
{
    /// <summary>
    /// The plan of <paramref name="org"/> for <paramref name="year"/> (or that version of it) as this reader may see it:
    /// a plan that does not exist and one the reader may not see (a draft, for anonymous readers) are the same 404.
    /// </summary>
    public static async Task<ComparedSide> LoadAsync(BeaconDb db, ClaimsPrincipal user, string org, int year, int? version, CancellationToken ct)
    {
        if (version is { } v) return await VersionAsync(db, user, org, year, v, ct);
        var plan = await db.LoadPlanAsync(org, year, ct);
        return plan is null || !PlanVisibility.CanSee(user, plan.Status) ? Missing(org, year) : ComparedSide.Of(PlanMapping.ToDocument(plan));
    }

    /// <summary>A published version of a year. Versions of a year are not kept yet: this is where they will be read.</summary>
    private static Task<ComparedSide> VersionAsync(BeaconDb db, ClaimsPrincipal user, string org, int year, int version, CancellationToken ct) =>
        Task.FromResult(ComparedSide.Refused(StatusCodes.Status400BadRequest,
            "年度計畫的版本尚未提供：請以年度比較（with）", "versions of a year are not available yet: compare years (with)"));

    public static ComparedSide Missing(string org, int year) => ComparedSide.Refused(StatusCodes.Status404NotFound,
        $"找不到 {org} 民國{RocYear.FromGregorian(year)}年（{year}）的計畫", $"no plan for {org} in {year}");

    /// <summary>The years of an organisation's plans this reader may see, in order.</summary>
    public static Task<List<int>> YearsAsync(BeaconDb db, ClaimsPrincipal user, string org, CancellationToken ct) =>
        db.Plans.VisibleTo(user).Where(p => p.Organisation.Code == org).Select(p => p.Year).OrderBy(y => y).ToListAsync(ct);

    /// <summary>
    /// The year to compare a plan with when none is chosen: the latest earlier year the reader may see, else the
    /// earliest later one; null when the organisation has no other year.
    /// </summary>
    public static int? DefaultOther(IReadOnlyList<int> years, int year) =>
        years.Where(y => y < year).Select(y => (int?)y).LastOrDefault() ?? years.Where(y => y > year).Select(y => (int?)y).FirstOrDefault();

    /// <summary>The earlier plan (or version) first: the comparison always reads 原 → 修正後.</summary>
    public static PlanComparison Compare(PlanDocument x, int? xVersion, PlanDocument y, int? yVersion)
    {
        var xFirst = (x.Year, xVersion ?? 0).CompareTo((y.Year, yVersion ?? 0)) <= 0;
        return xFirst ? PlanComparer.Compare(x, y) : PlanComparer.Compare(y, x);
    }

    /// <summary>
    /// Both sides and the comparison, or the first reason it cannot be made: another organisation, the same year without
    /// versions, a side that does not exist or may not be seen, versions that are not available.
    /// </summary>
    public static async Task<(PlanComparison? Comparison, ComparedSide? Refusal)> CompareAsync(
        BeaconDb db, ClaimsPrincipal user, string org, int year, int? version, string withOrg, int with, int? withVersion, CancellationToken ct)
    {
        if (with == year && withOrg == org && version is null && withVersion is null)
            return (null, ComparedSide.Refused(StatusCodes.Status400BadRequest,
                $"請選擇另一個年度來比較：with 與計畫年度相同（{with}）", $"choose another year to compare with: with is the plan's own year ({with})"));
        var side = await LoadAsync(db, user, org, year, version, ct);
        if (side.Document is null) return (null, side);
        var other = await LoadAsync(db, user, withOrg, with, withVersion, ct);
        if (other.Document is null) return (null, other);
        if (PlanComparer.Check(side.Document, other.Document) is [var problem, ..])
            return (null, ComparedSide.Refused(StatusCodes.Status400BadRequest, problem.Message, problem.MessageEn));
        return (Compare(side.Document, version, other.Document, withVersion), null);
    }
}
