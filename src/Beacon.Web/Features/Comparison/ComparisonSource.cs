using System.Security.Claims;
using Beacon.Core;
using Beacon.Core.Authoring;
using Beacon.Core.Comparison;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Comparison;

/// <summary>
/// One side of a comparison: the plan document (and, for a published version, the reason it was approved with), or the
/// status and words of why it cannot be had.
/// </summary>
public sealed record ComparedSide(PlanDocument? Document, int Status, string? Message, string? MessageEn, string? Reason = null)
{
    public static ComparedSide Of(PlanDocument document, string? reason = null) => new(document, StatusCodes.Status200OK, null, null, reason);

    public static ComparedSide Refused(int status, string message, string messageEn) => new(null, status, message, messageEn);
}

/// <summary>
/// Where the plans of a comparison come from: a year's plan as this reader is shown it (the latest published version's
/// document, or the working copy exported), or a published version asked for by number (<see cref="VersionAsync"/>). The
/// comparison itself is the core's (<see cref="PlanComparer"/>), whatever the source, with the later plan's revision
/// reasons in its 說明 (<see cref="Revisions.ReasonsOf"/>).
/// </summary>
public static class ComparisonSource
{
    /// <summary>
    /// The plan of <paramref name="org"/> for <paramref name="year"/> (or that version of it) as this reader may see it:
    /// a plan that does not exist and one the reader may not see (a draft, for anonymous readers) are the same 404.
    /// </summary>
    public static async Task<ComparedSide> LoadAsync(BeaconDb db, ClaimsPrincipal user, string org, int year, int? version, CancellationToken ct)
    {
        var choice = await db.ChooseCopyAsync(org, year, user.Actor(), version, ct);
        if (choice is null)
            return version is { } asked && await db.ChooseCopyAsync(org, year, user.Actor(), null, ct) is not null ? NoVersion(org, year, asked) : Missing(org, year);
        if (choice.Copy.PublishedVersion is { } number) return await VersionAsync(db, choice.OrganisationId, org, year, number, ct);
        var plan = await db.LoadPlanAsync(org, year, ct);
        return plan is null ? Missing(org, year) : ComparedSide.Of(PlanMapping.ToDocument(plan));
    }

    /// <summary>A published version of a year: its document as it was approved, and the reason it was approved with.</summary>
    private static async Task<ComparedSide> VersionAsync(BeaconDb db, int organisationId, string org, int year, int version, CancellationToken ct)
    {
        var stored = await Authoring.PlanVersions.FindAsync(db, organisationId, year, version, ct);
        return stored is null ? NoVersion(org, year, version) : ComparedSide.Of(Authoring.PlanVersions.Read(stored), stored.Revision ? stored.Reason : null);
    }

    private static ComparedSide NoVersion(string org, int year, int version) => ComparedSide.Refused(StatusCodes.Status404NotFound,
        $"{org} 民國{RocYear.FromGregorian(year)}年（{year}）的計畫沒有第 {version} 版", $"the {org} plan for {year} has no version {version}");

    public static ComparedSide Missing(string org, int year) => ComparedSide.Refused(StatusCodes.Status404NotFound,
        $"找不到 {org} 民國{RocYear.FromGregorian(year)}年（{year}）的計畫", $"no plan for {org} in {year}");

    /// <summary>The years of an organisation's plans this reader may see, in order.</summary>
    public static Task<List<int>> YearsAsync(BeaconDb db, ClaimsPrincipal user, string org, CancellationToken ct) =>
        db.Plans.ReadableBy(user).Where(p => p.Organisation.Code == org).Select(p => p.Year).OrderBy(y => y).ToListAsync(ct);

    /// <summary>
    /// The year to compare a plan with when none is chosen: the latest earlier year the reader may see, else the
    /// earliest later one; null when the organisation has no other year.
    /// </summary>
    public static int? DefaultOther(IReadOnlyList<int> years, int year) =>
        years.Where(y => y < year).Select(y => (int?)y).LastOrDefault() ?? years.Where(y => y > year).Select(y => (int?)y).FirstOrDefault();

    /// <summary>
    /// The earlier plan (or version) first: the comparison always reads 原 → 修正後; a year's working copy comes after its
    /// published versions. The later plan's reasons — each revised target's, and <paramref name="xReason"/> or
    /// <paramref name="yReason"/> for the revision as a whole — go into 說明.
    /// </summary>
    public static PlanComparison Compare(PlanDocument x, int? xVersion, PlanDocument y, int? yVersion, string? xReason = null, string? yReason = null)
    {
        var xFirst = (x.Year, xVersion ?? int.MaxValue).CompareTo((y.Year, yVersion ?? int.MaxValue)) <= 0;
        return xFirst ? PlanComparer.Compare(x, y, Revisions.ReasonsOf(y, yReason)) : PlanComparer.Compare(y, x, Revisions.ReasonsOf(x, xReason));
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
        return (Compare(side.Document, version, other.Document, withVersion, side.Reason, other.Reason), null);
    }
}
