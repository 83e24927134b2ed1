using Beacon.Core;
using Beacon.Core.Plans;
using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Interchange;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Api;

public sealed record OrganisationSummary(string Code, string Name, string? ShortName, string? NameEn, OrganisationKind Kind, string? Parent, IReadOnlyList<int> Years);

public sealed record PlanSummary(int Year, int RocYear, string? Title, int Themes, int Objectives, int Kpis, int ActionPlans, PlanStatus Status);

public sealed record ProblemItem(string Path, string Message, string MessageEn);

/// <summary>The JSON API: organisations, plans in the interchange format, and import. Errors are RFC 7807.</summary>
public static class BeaconApi
{
    public static IEndpointRouteBuilder MapBeaconApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Plans");

        api.MapGet("/orgs", async (BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var drafts = user.CanReadDrafts();
            var orgs = await db.Organisations.AsNoTracking().OrderBy(o => o.Code)
                .Select(o => new { o.Code, o.Name, o.ShortName, o.NameEn, o.Kind, Parent = o.Parent == null ? null : o.Parent.Code,
                    Years = o.Plans.Where(p => drafts || p.Status == PlanStatus.Approved).OrderBy(p => p.Year).Select(p => p.Year).ToList() })
                .ToListAsync(ct);
            return orgs.Select(o => new OrganisationSummary(o.Code, o.Name, o.ShortName, o.NameEn, o.Kind, o.Parent, o.Years)).ToList();
        }).WithSummary("Organisations and the years of their plans");

        api.MapGet("/orgs/{org}/plans", async Task<Results<Ok<List<PlanSummary>>, ProblemHttpResult>> (string org, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!await db.Organisations.AnyAsync(o => o.Code == org, ct)) return NotFound($"找不到機關「{org}」", $"no organisation '{org}'");
            var drafts = user.CanReadDrafts();
            var plans = await db.Plans.AsNoTracking().Where(p => p.Organisation.Code == org && (drafts || p.Status == PlanStatus.Approved)).OrderBy(p => p.Year)
                .Select(p => new PlanSummary(p.Year, p.Year - RocYear.Offset, p.Title, p.Themes.Count, p.Objectives.Count,
                    p.Objectives.SelectMany(o => o.Kpis).Count(), p.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans).Count(), p.Status))
                .ToListAsync(ct);
            return TypedResults.Ok(plans);
        }).WithSummary("The plans of one organisation");

        api.MapGet("/orgs/{org}/plans/{year:int}", async Task<IResult> (string org, int year, PlanExporter exporter, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var visible = await db.Plans.AnyAsync(p => p.Organisation.Code == org && p.Year == year && (p.Status == PlanStatus.Approved || user.CanReadDrafts()), ct);
            var document = visible ? await exporter.ExportAsync(org, year, ct) : null;
            return document is null
                ? NotFound($"找不到 {org} {year} 年的計畫（年度請用西元年，例如 2021）", $"no plan for {org} in {year} (years are Gregorian, e.g. 2021)")
                : Results.Text(PlanJson.Write(document), "application/json; charset=utf-8");
        }).WithSummary("One whole plan in the interchange format (docs/interchange.md); year is Gregorian")
          .Produces<PlanDocument>();

        api.MapPost("/import", async Task<IResult> (HttpRequest request, PlanImporter importer, ClaimsPrincipal user, bool? dryRun, bool? replace, CancellationToken ct) =>
        {
            if (!user.CanPlan())
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "只有研考會（規劃人員）可以匯入計畫 / only planners may import plans");
            if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "請以 application/json 上傳計畫文件 / send the plan document as application/json");
            using var reader = new StreamReader(request.Body);
            var json = await reader.ReadToEndAsync(ct);
            var result = await importer.ImportJsonAsync(json, dryRun ?? false, replace ?? false, ct);
            if (result.Succeeded) return Results.Ok(result.Summary);
            var status = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Results.Problem(statusCode: status,
                title: result.Locked ? "計畫已核定並鎖定，未寫入任何資料 / the plan is approved and locked; nothing was written"
                    : result.Conflict ? "計畫已存在 / the plan already exists"
                    : "計畫文件有問題，未寫入任何資料 / the plan document has problems; nothing was written",
                extensions: new Dictionary<string, object?> { ["errors"] = result.Problems.Select(p => new ProblemItem(p.Path, p.Message, p.MessageEn)).ToList() });
        }).RequireAuthorization().RequireRateLimiting(Security.RateLimits.Import)
          .WithSummary("Import one whole plan (all or nothing) as a draft; ?dryRun=true validates only; ?replace=true overwrites an existing plan that is not approved")
          .DocumentsJsonBody<PlanDocument>()
          .Produces<ImportSummary>()
          .ProducesProblem(StatusCodes.Status400BadRequest)
          .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    private static ProblemHttpResult NotFound(string zh, string en) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{zh} / {en}");
}
