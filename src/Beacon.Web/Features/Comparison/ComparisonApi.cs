using System.Security.Claims;
using Beacon.Core.Comparison;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Comparison;

/// <summary>GET …/compare: the revision comparison (修正對照表) of two plans of one organisation as JSON.</summary>
public static class ComparisonApi
{
    public static IEndpointRouteBuilder MapComparisonApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orgs/{org}/plans/{year:int}/compare", async Task<IResult> (
            string org, int year, int? with, int? version, int? withVersion, string? withOrg, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (with is not { } other)
                return WriteAnswer.Bilingual(StatusCodes.Status400BadRequest, "請以 with 指定要比較的年度（西元年，例如 ?with=2021）", "name the year to compare with: ?with=2021 (Gregorian)");
            var (comparison, refusal) = await ComparisonSource.CompareAsync(db, user, org, year, version, withOrg ?? org, other, withVersion, ct);
            return comparison is not null
                ? Results.Ok(comparison)
                : WriteAnswer.Bilingual(refusal!.Status, refusal.Message ?? "", refusal.MessageEn ?? "");
        }).WithTags("Plans")
          .WithSummary("The revision comparison (修正對照表) of this plan and the plan of year `with` (Gregorian) of the same organisation, earlier first: "
              + "objectives, KPIs and action plans counted per perspective before → after, and every item classed (unchanged, added, removed, renamed, "
              + "renumbered, moved, target, formula, unit, direction, responsible unit or budget changed) with what changed and the revision's reasons. "
              + "`version` and `withVersion` name published versions of a year (GET …/versions); `with` may then be the plan's own year, and the later version's revision reasons go into 說明. `withOrg` must be the same organisation (400 otherwise). "
              + "A plan that does not exist or that the reader may not see is 404.")
          .Produces<PlanComparison>()
          .ProducesProblem(StatusCodes.Status400BadRequest)
          .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
