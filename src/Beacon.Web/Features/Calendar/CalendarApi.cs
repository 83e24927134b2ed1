using System.Security.Claims;
using System.Text.Json;
using Beacon.Core;
using Beacon.Core.Calendar;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Api;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Calendar;

/// <summary>One milestone: its day (2022-01-31; the ROC form 111.01.31 is read too) and an optional note.</summary>
public sealed record MilestoneDto
{
    public MilestoneDto() { }

    public MilestoneDto(string? date, string? note)
    {
        Date = date;
        Note = note;
    }

    public string? Date { get; init; }
    public string? Note { get; init; }
}

/// <summary>A year's evaluation calendar. <c>isDefault</c>: nothing is set yet and these are the defaults (version 0).</summary>
public sealed record CalendarDto(int Year, int Version, bool IsDefault, MilestoneDto EntryOpens, MilestoneDto SubmissionDeadline,
    MilestoneDto ReviewDeadline, MilestoneDto Publication, DateTimeOffset? UpdatedAt);

/// <summary>What PUT takes: every milestone, and the version read with GET (0 while the year shows the defaults).</summary>
public sealed class CalendarEntry
{
    public int? Version { get; init; }
    public MilestoneDto? EntryOpens { get; init; }
    public MilestoneDto? SubmissionDeadline { get; init; }
    public MilestoneDto? ReviewDeadline { get; init; }
    public MilestoneDto? Publication { get; init; }
}

public static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        // The year /evaluations opens too: the latest with a plan the reader may see; without any, the cycle whose
        // milestones fall in this (Taipei) year, which is last year's plan year.
        app.MapGet("/calendar", async (TimeProvider clock, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
                Results.Redirect(IndexModel.Link(await PlanYears.LatestAsync(db, user, ct) ?? clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year - 1)))
            .ExcludeFromDescription();

        var api = app.MapGroup("/api/calendar").WithTags("Calendar");

        api.MapGet("/{year:int}", async Task<IResult> (int year, BeaconDb db, CancellationToken ct) =>
            CalendarStore.IsYear(year) ? Results.Ok(ToDto(await CalendarStore.ReadAsync(db, year, ct))) : NoSuchYear(year))
            .WithSummary("The evaluation calendar of a plan year (Gregorian): entry opens, submission deadline, review deadline, publication; public")
            .Produces<CalendarDto>().WithName("getCalendar").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/{year:int}", async Task<IResult> (int year, HttpRequest request, CalendarStore store, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!CalendarStore.IsYear(year)) return NoSuchYear(year);
            var body = await JsonBody.ReadAsync<CalendarEntry>(request);
            if (body.Refusal is { } refusal) return refusal;
            var entry = body.Value!;
            var typed = new Dictionary<MilestoneKind, TypedMilestone?>
            {
                [MilestoneKind.EntryOpens] = Typed(entry.EntryOpens),
                [MilestoneKind.SubmissionDeadline] = Typed(entry.SubmissionDeadline),
                [MilestoneKind.ReviewDeadline] = Typed(entry.ReviewDeadline),
                [MilestoneKind.Publication] = Typed(entry.Publication),
            };
            return WriteAnswer.Of(await store.SaveAsync(year, typed, entry.Version, user.Actor(), ct), $"沒有 {year} 年的評核行事曆", $"no calendar for {year}");
        }).RequireAuthorization()
          .WithSummary("Set a year's evaluation calendar (planners): every milestone with its date (in order) and an optional note (4,000 characters at most), and the version read with GET")
          .DocumentsJsonBody<CalendarEntry>().WithName("putCalendar").Produces(StatusCodes.Status204NoContent)
          .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);
        return app;
    }

    public static CalendarDto ToDto(CalendarView view)
    {
        MilestoneDto Dto(MilestoneKind kind) => new(CalendarRules.FormatIso(view[kind].Date), view[kind].Note);
        return new CalendarDto(view.Year, view.Version, view.IsDefault, Dto(MilestoneKind.EntryOpens), Dto(MilestoneKind.SubmissionDeadline),
            Dto(MilestoneKind.ReviewDeadline), Dto(MilestoneKind.Publication), view.UpdatedAt);
    }

    private static TypedMilestone? Typed(MilestoneDto? dto) => dto is null ? null : new TypedMilestone(dto.Date, dto.Note);

    private static IResult NoSuchYear(int year) =>
        WriteAnswer.NotFound($"沒有西元 {year} 年的評核行事曆：年度請用西元年，例如 2021", $"no calendar for {year}: years are Gregorian, e.g. 2021");
}
