using System.Security.Claims;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Api;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Evaluation;

/// <summary>
/// A self-assessment or a review: the scores, the judgement of a qualitative KPI, the text, the total and light, and
/// the achievement they count (the reviewer's judgement can change a qualitative KPI's).
/// </summary>
public sealed record ScoreDto(decimal? Innovation, decimal? Challenge, decimal? Contribution, bool? Met, string? Text, decimal? Total, string Light, string LightSymbol,
    decimal? Achievement = null, bool? Achieved = null);

/// <summary>
/// One KPI's row. <c>Actual</c> is printed as the documents print it; <c>MissingReason</c>, when there is no actual
/// value, says why. A KPI in weighted parts lists each part's weight, target and actual (<c>Parts</c>).
/// <c>Version</c> is the KPI's version for the year, to send back with every write; <c>Differences</c> names what the
/// review changed (achievement, innovation, challenge, contribution, total, light).
/// </summary>
public sealed record EvaluationRowDto(
    string Code, string Name, string Objective, string Perspective, string? Theme, IReadOnlyList<string> Responsible,
    Direction Direction, bool Exempt, string? Target, string? Actual, decimal? Achievement, bool? Achieved, string? NotAssessedReason, string? NotAssessedReasonZh,
    ScoreDto Self, ScoreDto? Review, int Version, IReadOnlyList<string> Differences, string? MissingReason = null, IReadOnlyList<PartDto>? Parts = null);

/// <summary>One part of a KPI printed in parts: its name, weight (percent; null when the parts are added up), target and actual of the year.</summary>
public sealed record PartDto(string Name, decimal? Weight, string? Target, string? Actual);

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
        }).WithTags("Evaluation").WithName("getYearEvaluations")
          .WithSummary("Every organisation's evaluation of a year (Gregorian): KPIs, achieved, no data, lights self and reviewed, mean totals, self minus reviewer; streamed, or a page of `limit` organisations after the organisation code `after`, with the address of the next page")
          .Produces<EvaluationSummaryDto>();

        var api = app.MapGroup("/api/orgs/{org}/plans/{year:int}").WithTags("Evaluation");

        api.MapGet("/evaluation", async Task<IResult> (string org, int year, PlanReader reader, IOptions<JsonOptions> json, ClaimsPrincipal user, CancellationToken ct) =>
            await reader.ViewAsync(org, year, user, ct) is { } view
                ? Results.Bytes(view.EvaluationJson(json.Value.SerializerOptions), "application/json; charset=utf-8")
                : PlanNotFound(org, year)).WithName("getEvaluation").WithSummary("Per-KPI evaluation rows (target, actual, achievement, scores, total, light — self and reviewed) and the statistics")
          .Produces<EvaluationDto>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/kpis/{code}/actual", (string org, int year, string code, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<ActualEntry>(request, org, year, e => writer.SaveAsync(org, year, [new KpiEntry(code, Actual: e)], user.Actor(), ct)))
            .WithSummary("Enter the year-end actual (or a progress value with period M1–M12, Q1–Q4, B1–B6): a value, the formula's inputs, or the reason there is none; with the KPI's version")
            .DocumentsJsonBody<ActualEntry>().RequireAuthorization().WithName("putActual").Produces(StatusCodes.Status204NoContent)
            .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);

        api.MapPut("/kpis/{code}/progress", (string org, int year, string code, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<ProgressEntry>(request, org, year, e => writer.SaveAsync(org, year, [new KpiEntry(code, Progress: e)], user.Actor(), ct)))
            .WithSummary("Enter progress values for the year by period (M1–M12, Q1–Q4, B1–B6), each a value, inputs or reason; null removes a period's value; with the KPI's version")
            .DocumentsJsonBody<ProgressEntry>().RequireAuthorization().WithName("putProgress").Produces(StatusCodes.Status204NoContent)
            .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);

        api.MapPut("/kpis/{code}/self", (string org, int year, string code, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<SelfEntry>(request, org, year, e => writer.SaveAsync(org, year, [new KpiEntry(code, Self: e)], user.Actor(), ct)))
            .WithSummary("Enter the self-assessment: innovation, challenge, contribution (0–100, all three), met (qualitative KPIs), explanation")
            .DocumentsJsonBody<SelfEntry>().RequireAuthorization().WithName("putSelfAssessment").Produces(StatusCodes.Status204NoContent)
            .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);

        api.MapPut("/kpis/{code}/review", (string org, int year, string code, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<ReviewEntry>(request, org, year, e => writer.SaveAsync(org, year, [new KpiEntry(code, Review: e)], user.Actor(), ct)))
            .WithSummary("Enter the review beside the self-assessment: scores, light, met, comment")
            .DocumentsJsonBody<ReviewEntry>().RequireAuthorization().WithName("putReview").Produces(StatusCodes.Status204NoContent)
            .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);

        api.MapPut("/evaluation/settings", (string org, int year, HttpRequest request, EvaluationWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
            Write<SettingsEntry>(request, org, year, e => writer.SaveSettingsAsync(org, year,
                new EvaluationSettingsDoc { Weights = e.Weights, Bands = e.Bands, BandRule = e.BandRule }.ToSettings(), e.Version, user.Actor(), ct)))
            .WithSummary("Set the plan year's score weights (adding up to 1), light bands and band rule")
            .DocumentsJsonBody<SettingsEntry>().RequireAuthorization().WithName("putEvaluationSettings").Produces(StatusCodes.Status204NoContent)
            .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);

        return app;
    }

    /// <summary>The most organisations a page of /api/evaluations/{year} holds.</summary>
    public const int MaxPage = 1000;

        /// <summary>Every write endpoint: read the body through the one reader, save, answer through the one helper.</summary>
    private static async Task<IResult> Write<T>(HttpRequest request, string org, int year, Func<T, Task<WriteOutcome>> save) where T : class
    {
        var body = await JsonBody.ReadAsync<T>(request);
        if (body.Refusal is { } refusal) return refusal;
        return WriteAnswer.Of(await save(body.Value!), org, year);
    }

    private static IResult PlanNotFound(string org, int year) => WriteAnswer.NotFound($"找不到 {org} {year} 年的計畫", $"no plan for {org} in {year}");

    private static StatisticsDto Dto(EvaluationStatistics s) => new(s.Group, s.Kpis, s.Achieved, s.NotAchieved, s.NoData, s.Lights, s.Exempt);

    public static EvaluationDto ToDto(PlanEvaluation e) => new(
        // The settings version to send back with PUT …/evaluation/settings (0 while the year has the defaults).
        e.Plan.Organisation.Code, e.Plan.Year, EvaluationSettingsDoc.From(e.Settings), e.Plan.Evaluation?.Version ?? 0,
        [.. e.Rows.Select(r => new EvaluationRowDto(
            r.Kpi.Code, r.Kpi.Name, r.Objective.Code, r.Objective.Perspective.Code, r.Objective.Theme?.Code, r.Kpi.Responsible,
            r.Kpi.Direction, r.Kpi.Exempt, r.Target?.Read().Printed, r.Actual?.Read().Printed,
            Rounding.OneDecimal(r.Evaluation.Achievement.Rate), r.Evaluation.Achievement.Achieved, r.Evaluation.Achievement.ReasonEn, r.Evaluation.Achievement.Reason,
            new ScoreDto(r.Assessment?.SelfInnovation, r.Assessment?.SelfChallenge, r.Assessment?.SelfContribution, r.Assessment?.SelfJudgedMet,
                r.Assessment?.SelfExplanation, Rounding.OneDecimal(r.Evaluation.SelfScore), r.Evaluation.SelfLight.EnglishName(), r.Evaluation.SelfLight.Symbol(),
                Rounding.OneDecimal(r.Evaluation.Achievement.Rate), r.Evaluation.Achievement.Achieved),
            r.ShownReviewLight is { } light
                ? new ScoreDto(r.Assessment?.ReviewInnovation, r.Assessment?.ReviewChallenge, r.Assessment?.ReviewContribution, r.Assessment?.ReviewJudgedMet,
                    r.Assessment?.ReviewComment, Rounding.OneDecimal(r.Evaluation.ReviewScore), light.EnglishName(), light.Symbol(),
                    Rounding.OneDecimal(r.Evaluation.ReviewAchievement.Rate), r.Evaluation.ReviewAchievement.Achieved)
                : null,
            r.Assessment?.Version ?? 0, r.Differences,
            r.Actual is { Form: Beacon.Core.Values.ValueForm.Missing } missing ? missing.MissingReason : null,
            r.Kpi.Parts.Count == 0 ? null : [.. r.Kpi.Parts.Select(p => new PartDto(p.Name, p.Weight,
                PlanEvaluation.YearEnd(p.Values, e.Plan.Year, ValueKind.Target)?.Read().Printed, PlanEvaluation.YearEnd(p.Values, e.Plan.Year, ValueKind.Actual)?.Read().Printed))]))],
        [.. e.SelfByPerspective.Select(Dto)], [.. e.ReviewedByPerspective.Select(Dto)], [.. e.SelfByTheme.Select(Dto)], [.. e.ReviewedByTheme.Select(Dto)],
        Dto(e.SelfTotal), Dto(e.ReviewedTotal), Rounding.OneDecimal(e.Inflation));
}
