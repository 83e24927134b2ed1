using Beacon.Core;
using Beacon.Core.Plans;
using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Workflow;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using System.Text.Json;
using Beacon.Web.Features.Home;

namespace Beacon.Web.Features.Api;

public sealed record OrganisationSummary(string Code, string Name, string? ShortName, string? NameEn, OrganisationKind Kind, string? Parent, IReadOnlyList<int> Years);

public sealed record PlanSummary(int Year, int RocYear, string? Title, int Themes, int Objectives, int Kpis, int ActionPlans, PlanStatus Status);

/// <summary>The JSON API: organisations, plans in the interchange format, and import. Errors are RFC 7807.</summary>
public static class BeaconApi
{
    public static IEndpointRouteBuilder MapBeaconApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Plans");

        // Anonymous readers see approved plans only (Actor.CanSee), and no organisation whose plans they cannot see. The list
        // is the home page's (OrganisationDirectory, kept under the plans' digest and the organisations' key for each set of
        // visible statuses); a page of it is written once per state and kept too.
        api.MapGet("/orgs", async Task<IResult> (string? parent, string? after, int? limit, OrganisationDirectory directory, PlanReader reader,
            HttpContext http, ClaimsPrincipal user, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
        {
            // Codes are stored in capitals and read in any case, as in addresses (OrganisationAddresses).
            parent = parent?.ToUpperInvariant();
            after = after?.ToUpperInvariant();
            var listing = await directory.ForAsync(user, ct);
            if (parent is not null && !listing.Visible.Any(v => v.Code == parent))
                return WriteAnswer.NotFound($"找不到機關「{parent}」", $"no organisation '{parent}'");
            var size = Math.Clamp(limit ?? DefaultPage, 1, MaxPage);
            var page = await reader.AllPlansAsync($"api orgs:{listing.Key}:{parent}:{after}:{size}", () =>
            {
                var rows = KeyPage.Of(listing.WithPlans.Where(o => parent is null || o.ParentCode == parent), o => o.Code, after, size);
                string? next = rows.NextAfter is { } last
                    ? "/api/orgs?" + string.Join('&', new[] { parent is null ? null : "parent=" + Uri.EscapeDataString(parent),
                        "after=" + Uri.EscapeDataString(last), $"limit={size}" }.OfType<string>())
                    : null;
                var body = JsonSerializer.SerializeToUtf8Bytes(rows.Rows.Select(o => new OrganisationSummary(o.Code, o.Name, o.ShortName, o.NameEn, o.Kind, o.ParentCode,
                    [.. o.Plans.Select(p => p.Year).Order()])).ToList(), json.Value.SerializerOptions);
                return Task.FromResult((new OrganisationPage(body, next), (long)body.Length + 256));
            }, ct);
            if (page.Next is { } address) http.Response.Headers.Link = $"<{address}>; rel=\"next\"";
            return Results.Bytes(page.Body, "application/json; charset=utf-8");
        }).WithName("listOrganisations")
          .WithSummary($"Organisations with the years of their plans the caller may read, in code order; `parent` gives the organisations directly beneath one (404 when the caller may read nothing of it or beneath it). A page of `limit` organisations (default {DefaultPage}, at most {MaxPage}) after the organisation code `after`; when there are more, the `Link` header gives the next page's address (rel=\"next\")")
          .Produces<List<OrganisationSummary>>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/orgs/{org}/plans", async Task<IResult> (string org, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var plans = (await db.Plans.AsNoTracking().Where(p => p.Organisation.Code == org).OrderBy(p => p.Year)
                .Select(p => new { Summary = new PlanSummary(p.Year, p.Year - RocYear.Offset, p.Title, p.Themes.Count, p.Objectives.Count,
                    p.Objectives.SelectMany(o => o.Kpis).Count(), p.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans).Count(), p.Status), p.PublishedVersion })
                .ToListAsync(ct)).Where(p => PlanReading.Readable(user.Actor(), p.Summary.Status, p.PublishedVersion)).Select(p => p.Summary).ToList();
            // An organisation with no plan the caller may see is answered as one that does not exist.
            return plans.Count == 0 ? WriteAnswer.NotFound($"找不到機關「{org}」", $"no organisation '{org}'") : Results.Ok(plans);
        }).WithName("listPlans").WithSummary("The plans of one organisation")
          .Produces<List<PlanSummary>>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/orgs/{org}/plans/{year:int}", async Task<IResult> (string org, int year, PlanReader reader, ClaimsPrincipal user, CancellationToken ct) =>
            await reader.ViewAsync(org, year, user, ct) is { } view
                ? Results.Bytes(view.DocumentJson, "application/json; charset=utf-8")
                : WriteAnswer.NotFound($"找不到 {org} {year} 年的計畫（年度請用西元年，例如 2021）", $"no plan for {org} in {year} (years are Gregorian, e.g. 2021)")).WithName("getPlan").WithSummary("One whole plan in the interchange format (docs/interchange.md); year is Gregorian. The public (and everyone while the plan is approved) reads its latest published version; people signed in read the draft or revision being prepared")
          .Produces<PlanDocument>()
          .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/import", async Task<IResult> (HttpRequest request, PlanImporter importer, ClaimsPrincipal user, bool? dryRun, bool? replace, CancellationToken ct) =>
        {
            var own = user.FindFirstValue(Permissions.OrganisationClaim);
            if (!user.CanPlan() && (own is null || !user.CanImportFor(own)))
                return Forbidden("只有研考會（規劃人員）與未限定科室的機關編輯人員可以匯入計畫",
                    "only planners, and agency editors not bound to divisions, may import plans");
            // The one body reader: 415 when not JSON, 400 naming the byte when not UTF-8 (never stored as U+FFFD).
            var (json, refusal) = await JsonBody.ReadTextAsync(request);
            if (refusal is not null) return refusal;
            var (document, problems) = PlanJson.Read(json!);
            if (document is null) return Answer(new ImportResult(null, problems));
            var code = document.Organisation.Code;
            if (!user.CanImportFor(code))
                return Forbidden($"你只能匯入本機關（{own}）的計畫，不能匯入「{code}」的計畫", $"you may import only the plans of your own organisation ({own}), not those of {code}",
                    new Problem("$.organisation.code", $"不能匯入機關「{code}」的計畫", $"you may not import plans of {code}"));
            // Planners import anything; an agency editor neither brings reviews nor changes the year's settings.
            var limits = new ImportLimits(MayChangeReviews: user.CanPlan() || user.CanReview(), MayChangeSettings: user.CanPlan(), MayReplaceInReview: user.CanPlan());
            return Answer(await importer.ImportAsync(document, dryRun ?? false, replace ?? false, ct, limits: limits));
        }).RequireAuthorization().RequireRateLimiting(Security.RateLimits.Import).WithName("importPlan")
          .WithSummary("Import one whole plan (all or nothing) as a draft; ?dryRun=true makes every check and writes nothing; ?replace=true overwrites an existing plan that is not approved. Planners import any organisation's plan; an agency editor not bound to divisions imports their own organisation's, without reviews or changed evaluation settings")
          .DocumentsJsonBody<PlanDocument>()
          .Produces<ImportSummary>()
          .ProducesProblem(StatusCodes.Status400BadRequest)
          .ProducesProblem(StatusCodes.Status401Unauthorized)
          .ProducesProblem(StatusCodes.Status403Forbidden)
          .ProducesProblem(StatusCodes.Status409Conflict)
          .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
          .ProducesProblem(StatusCodes.Status429TooManyRequests);

        return app;
    }


    /// <summary>Organisations in a page of <c>GET /api/orgs</c> unless asked otherwise, and at most.</summary>
    public const int DefaultPage = 100, MaxPage = 1000;

    private sealed record OrganisationPage(byte[] Body, string? Next);

    private static IResult Answer(ImportResult result)
    {
        if (result.Succeeded) return Results.Ok(result.Summary);
        var status = result.Forbidden ? StatusCodes.Status403Forbidden : result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return WriteAnswer.Problem(status,
            result.Forbidden ? "你沒有權限匯入這份文件的內容，未寫入任何資料 / you may not import what this document holds; nothing was written"
                : result.Locked ? "計畫已核定並鎖定，未寫入任何資料 / the plan is approved and locked; nothing was written"
                : result.InReview ? "計畫正在審核中，未寫入任何資料 / the plan is in review; nothing was written"
                : result.Conflict ? "計畫已存在 / the plan already exists"
                : "計畫文件有問題，未寫入任何資料 / the plan document has problems; nothing was written",
            result.Problems);
    }

    private static IResult Forbidden(string zh, string en, params Problem[] problems) =>
        WriteAnswer.Problem(StatusCodes.Status403Forbidden, $"{zh} / {en}", problems.Length == 0 ? null : problems);
}
