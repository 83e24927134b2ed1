using System.Security.Claims;
using System.Text.Json;
using Beacon.Core;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Api;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Evaluation;

/// <summary>
/// A self-assessment or a review: the scores, the judgement of a qualitative KPI, the text, the total and light, and
/// the achievement they count (the reviewer's judgement can change a qualitative KPI's).
/// </summary>
public sealed record ScoreDto(decimal? Innovation, decimal? Challenge, decimal? Contribution, bool? Met, string? Text, decimal? Total, string Light, string LightSymbol,
    decimal? Achievement = null, bool? Achieved = null);

/// <summary>
/// One KPI's row. <c>Version</c> is the KPI's version for the year, to send back with every write;
/// <c>Differences</c> names what the review changed (achievement, innovation, challenge, contribution, total, light).
/// </summary>
public sealed record EvaluationRowDto(
    string Code, string Name, string Objective, string Perspective, string? Theme, IReadOnlyList<string> Responsible,
    Direction Direction, bool Exempt, string? Target, string? Actual, decimal? Achievement, bool? Achieved, string? NotAssessedReason, string? NotAssessedReasonZh,
    ScoreDto Self, ScoreDto? Review, int Version, IReadOnlyList<string> Differences);

public sealed record StatisticsDto(string Group, int Kpis, int Achieved, int NotAchieved, int NoData, LightCounts Lights, int Exempt);

public sealed record EvaluationDto(
    string Organisation, int Year, EvaluationSettingsDoc Settings, int SettingsVersion, IReadOnlyList<EvaluationRowDto> Rows,
    IReadOnlyList<StatisticsDto> SelfByPerspective, IReadOnlyList<StatisticsDto> ReviewedByPerspective,
    IReadOnlyList<StatisticsDto> SelfByTheme, IReadOnlyList<StatisticsDto> ReviewedByTheme,
    StatisticsDto SelfTotal, StatisticsDto ReviewedTotal, decimal? Inflation);

public sealed record SettingsEntry(WeightsDoc Weights, BandsDoc Bands, BandRule BandRule, int? Version = null);

/// <summary>One organisation's figures of the year; totals are means over the KPIs scored, self minus reviewer over those both scored.</summary>
public sealed record OrganisationEvaluationDto(
    string Organisation, string Name, PlanStatus Status, int Kpis, int Achieved, int NotAchieved, int NoData,
    LightCounts SelfLights, LightCounts ReviewedLights, decimal? MeanSelfTotal, decimal? MeanReviewedTotal, decimal? SelfMinusReviewer);

/// <summary>
/// A year's organisations, written as they are evaluated. <see cref="Next"/> is read after them (it is serialised last):
/// the address of the next page when a page was asked for and there is more, else null.
/// </summary>
public sealed class EvaluationSummaryDto(int year, IAsyncEnumerable<OrganisationEvaluationDto> organisations, Func<string?> next)
{
    public int Year => year;
    public IAsyncEnumerable<OrganisationEvaluationDto> Organisations => organisations;
    public string? Next => next();
}

/// <summary>
/// The evaluation API: read a plan year's evaluation, and every organisation's of a year; enter actuals, inputs,
/// progress values, self-assessments, reviews, settings. Every write sends the version it is based on.
/// </summary>
public static class EvaluationApi
{
    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/evaluations/{year:int}", (int year, string? after, int? limit, PlanReader reader, ClaimsPrincipal user, CancellationToken ct) =>
        {
            // Streamed as the plans are evaluated, a batch at a time; with limit, a page of organisations after `after`
            // and the address of the next page (null on the last).
            var size = limit is { } n ? Math.Clamp(n, 1, MaxPage) : (int?)null;
            string? next = null;
            async IAsyncEnumerable<OrganisationEvaluationDto> Rows()
            {
                var count = 0;
                await foreach (var o in reader.SummariesAsync(year, user, after, size + 1, ct))
                {
                    // One more than the page was read: there is a next page, starting after the last one written.
                    if (++count > size) { next = $"/api/evaluations/{year}?after={Uri.EscapeDataString(after!)}&limit={size}"; break; }
                    yield return new OrganisationEvaluationDto(o.Organisation, o.Name, o.Status, o.Kpis, o.Achieved, o.NotAchieved, o.NoData, o.SelfLights, o.ReviewedLights,
                        Rounding.OneDecimal(o.MeanSelfTotal), Rounding.OneDecimal(o.MeanReviewedTotal), Rounding.OneDecimal(o.SelfMinusReviewer));
                    after = o.Organisation;
                }
            }
            return Results.Ok(new EvaluationSummaryDto(year, Rows(), () => next));
        }).WithTags("Evaluation")
          .WithSummary("Every organisation's evaluation of a year (Gregorian): KPIs, achieved, no data, lights self and reviewed, mean totals, self minus reviewer; streamed, or a page of `limit` organisations after the organisation code `after`, with the address of the next page")
          .Produces<EvaluationSummaryDto>();

        var api = app.MapGroup("/api/orgs/{org}/plans/{year:int}").WithTags("Evaluation");

        api.MapGet("/evaluation", async Task<IResult> (string org, int year, PlanReader reader, IOptions<JsonOptions> json, ClaimsPrincipal user, CancellationToken ct) =>
            await reader.ViewAsync(org, year, user, ct) is { } view
                ? Results.Bytes(view.EvaluationJson(json.Value.SerializerOptions), "application/json; charset=utf-8")
                : PlanNotFound(org, year)).WithSummary("Per-KPI evaluation rows (target, actual, achievement, scores, total, light — self and reviewed) and the statistics")
          .Produces<EvaluationDto>();

        api.MapPut("/kpis/{code}/actual", (string org, int year, string code, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<ActualEntry>(request, org, year, e => writer.SaveAsync(org, year, [new KpiEntry(code, Actual: e)], user, ct)))
            .WithSummary("Enter the year-end actual (or a progress value with period M1–M12, Q1–Q4, B1–B6): a value, the formula's inputs, or the reason there is none; with the KPI's version")
            .DocumentsJsonBody<ActualEntry>().RequireAuthorization();

        api.MapPut("/kpis/{code}/progress", (string org, int year, string code, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<ProgressEntry>(request, org, year, e => writer.SaveAsync(org, year, [new KpiEntry(code, Progress: e)], user, ct)))
            .WithSummary("Enter progress values for the year by period (M1–M12, Q1–Q4, B1–B6), each a value, inputs or reason; null removes a period's value; with the KPI's version")
            .DocumentsJsonBody<ProgressEntry>().RequireAuthorization();

        api.MapPut("/kpis/{code}/self", (string org, int year, string code, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<SelfEntry>(request, org, year, e => writer.SaveAsync(org, year, [new KpiEntry(code, Self: e)], user, ct)))
            .WithSummary("Enter the self-assessment: innovation, challenge, contribution (0–100, all three), met (qualitative KPIs), explanation")
            .DocumentsJsonBody<SelfEntry>().RequireAuthorization();

        api.MapPut("/kpis/{code}/review", (string org, int year, string code, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<ReviewEntry>(request, org, year, e => writer.SaveAsync(org, year, [new KpiEntry(code, Review: e)], user, ct)))
            .WithSummary("Enter the review beside the self-assessment: scores, light, met, comment")
            .DocumentsJsonBody<ReviewEntry>().RequireAuthorization();

        api.MapPut("/evaluation/settings", (string org, int year, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<SettingsEntry>(request, org, year, e => writer.SaveSettingsAsync(org, year,
                new EvaluationSettingsDoc { Weights = e.Weights, Bands = e.Bands, BandRule = e.BandRule }.ToSettings(), e.Version, user, ct)))
            .WithSummary("Set the plan year's score weights (adding up to 1), light bands and band rule")
            .DocumentsJsonBody<SettingsEntry>().RequireAuthorization();

        return app;
    }

    /// <summary>The most organisations a page of /api/evaluations/{year} holds.</summary>
    public const int MaxPage = 1000;

    private static async Task<IResult> Write<T>(HttpRequest request, string org, int year, Func<T, Task<WriteResult>> save) where T : class
    {
        var (entry, problem) = await ReadAsync<T>(request);
        if (entry is null) return Invalid([problem!], conflict: false);
        var result = await save(entry);
        return Answer(result, org, year);
    }

    /// <summary>
    /// The HTTP answer to a write: 204, 404 (no plan, no such KPI), 401/403 (not allowed), 428 (no version sent),
    /// 409 (locked or stale), 400 (invalid).
    /// </summary>
    public static IResult Answer(WriteResult result, string org, int year)
    {
        if (!result.PlanFound) return PlanNotFound(org, year);
        if (result.Succeeded) return Results.NoContent();
        if (result.Forbidden) return Answered(StatusCodes.Status403Forbidden, "沒有權限 / not allowed", result.Problems);
        if (result.KpiMissing) return Answered(StatusCodes.Status404NotFound, $"{org} {year} 年計畫沒有此 KPI / the {year} plan of {org} has no such KPI", result.Problems);
        if (result.PreconditionRequired)
            return Answered(StatusCodes.Status428PreconditionRequired, "請附上所依據的版本（version），未儲存 / send the version the change is based on; nothing was saved", result.Problems);
        return Invalid(result.Problems, result.Conflict, result.Locked);
    }

    private static IResult Answered(int status, string title, IReadOnlyList<Problem> problems) => Results.Problem(statusCode: status, title: title,
        extensions: new Dictionary<string, object?> { ["errors"] = problems.Select(p => new ProblemItem(p.Path, p.Message, p.MessageEn)).ToList() });

    /// <summary>Reads a JSON body; a malformed one is a problem naming the property, not an exception.</summary>
    private static async Task<(T?, Problem?)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, new Problem("$", "請以 application/json 傳送", "send application/json"));
        try
        {
            var entry = await JsonSerializer.DeserializeAsync<T>(request.Body, PlanJson.Options, request.HttpContext.RequestAborted);
            return entry is null ? (null, new Problem("$", "內容不可為 null", "the body must not be null")) : (entry, null);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            return (null, new Problem(path, $"「{path}」的值不正確：型別或名稱不符", $"the value at '{path}' has the wrong type or an unknown name"));
        }
    }

    private static IResult Invalid(IReadOnlyList<Problem> problems, bool conflict, bool locked = false) => Results.Problem(
        statusCode: conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
        title: locked ? "計畫目前的狀態不允許此修改，未儲存 / the plan's status does not allow this change; nothing was saved"
            : conflict ? "資料已被他人更新，未儲存 / changed by someone else; nothing was saved"
            : "輸入有誤，未儲存任何資料 / invalid input; nothing was saved",
        extensions: new Dictionary<string, object?> { ["errors"] = problems.Select(p => new ProblemItem(p.Path, p.Message, p.MessageEn)).ToList() });

    private static IResult PlanNotFound(string org, int year) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"找不到 {org} {year} 年的計畫 / no plan for {org} in {year}");

    private static StatisticsDto Dto(EvaluationStatistics s) => new(s.Group, s.Kpis, s.Achieved, s.NotAchieved, s.NoData, s.Lights, s.Exempt);

    public static EvaluationDto ToDto(PlanEvaluation e) => new(
        // The settings version to send back with PUT …/evaluation/settings (0 while the year has the defaults).
        e.Plan.Organisation.Code, e.Plan.Year, EvaluationSettingsDoc.From(e.Settings), e.Plan.Evaluation?.Version ?? 0,
        [.. e.Rows.Select(r => new EvaluationRowDto(
            r.Kpi.Code, r.Kpi.Name, r.Objective.Code, r.Objective.Perspective.Code, r.Objective.Theme?.Code, r.Kpi.Responsible,
            r.Kpi.Direction, r.Kpi.Exempt, r.Target?.Text, r.Actual?.Text,
            Rounding.OneDecimal(r.Evaluation.Achievement.Rate), r.Evaluation.Achievement.Achieved, r.Evaluation.Achievement.ReasonEn, r.Evaluation.Achievement.Reason,
            new ScoreDto(r.Assessment?.SelfInnovation, r.Assessment?.SelfChallenge, r.Assessment?.SelfContribution, r.Assessment?.SelfJudgedMet,
                r.Assessment?.SelfExplanation, Rounding.OneDecimal(r.Evaluation.SelfScore), r.Evaluation.SelfLight.EnglishName(), r.Evaluation.SelfLight.Symbol(),
                Rounding.OneDecimal(r.Evaluation.Achievement.Rate), r.Evaluation.Achievement.Achieved),
            (r.Evaluation.ReviewLight ?? (r.Assessment is { } ra && (ra.ReviewComment is not null || ra.ReviewJudgedMet is not null) ? Light.Unclear : null)) is { } light
                ? new ScoreDto(r.Assessment?.ReviewInnovation, r.Assessment?.ReviewChallenge, r.Assessment?.ReviewContribution, r.Assessment?.ReviewJudgedMet,
                    r.Assessment?.ReviewComment, Rounding.OneDecimal(r.Evaluation.ReviewScore), light.EnglishName(), light.Symbol(),
                    Rounding.OneDecimal(r.Evaluation.ReviewAchievement.Rate), r.Evaluation.ReviewAchievement.Achieved)
                : null,
            r.Assessment?.Version ?? 0, r.Differences))],
        [.. e.SelfByPerspective.Select(Dto)], [.. e.ReviewedByPerspective.Select(Dto)], [.. e.SelfByTheme.Select(Dto)], [.. e.ReviewedByTheme.Select(Dto)],
        Dto(e.SelfTotal), Dto(e.ReviewedTotal), Rounding.OneDecimal(e.Inflation));
}
