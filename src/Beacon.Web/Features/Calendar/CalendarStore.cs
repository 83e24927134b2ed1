using Beacon.Core.Calendar;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Calendar;

/// <summary>A year's calendar as shown: the planning office's dates, or the defaults while it has set none (version 0).</summary>
public sealed record CalendarView(int Year, int Version, bool IsDefault, IReadOnlyList<CalendarMilestone> Milestones, DateTimeOffset? UpdatedAt)
{
    public CalendarMilestone this[MilestoneKind kind] => Milestones.Single(m => m.Kind == kind);

    /// <summary>The deadline a submit step is measured against: only one the planning office has set, never a default.</summary>
    public DateOnly? SetSubmissionDeadline => IsDefault ? null : this[MilestoneKind.SubmissionDeadline].Date;

    /// <summary>The calendar page of a year: /calendar/2022.</summary>
    public static string Link(int year) => "/calendar/" + year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A milestone's day as pages show it: 111.01.31 in Chinese, 2022-01-31 in English.</summary>
    public static string Day(DateOnly date) => CalendarRules.Format(date, System.Globalization.CultureInfo.CurrentUICulture);

    /// <summary>Whether a step is a submission after the deadline that was set.</summary>
    public bool IsLate(string action, DateTimeOffset at) =>
        action == nameof(WorkflowAction.Submit) && SetSubmissionDeadline is { } deadline && CalendarRules.IsLate(at, deadline);
}

/// <summary>
/// Reads and writes the evaluation calendar (評核行事曆). Anyone may read it (it is public); a write goes the way every
/// write goes: in its turn (the year's first save creates its row) load the stored calendar → the core decides
/// (<see cref="CalendarRules.Check"/>: who, the version, the dates) → apply → save with its audit entry (old and new values).
/// </summary>
public sealed class CalendarStore(BeaconDb db, AuditScope audit, TimeProvider clock)
{
    /// <summary>The years a calendar can be kept for: those a plan can have.</summary>
    public static bool IsYear(int year) => year is >= Core.Plans.PlanValidator.MinYear and <= Core.Plans.PlanValidator.MaxYear - 2;

    public static async Task<CalendarView> ReadAsync(BeaconDb db, int year, CancellationToken ct = default)
    {
        var row = await db.EvaluationCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Year == year, ct);
        return row is null ? new CalendarView(year, 0, true, CalendarRules.Defaults(year), null) : View(row);
    }

    private static CalendarView View(Data.EvaluationCalendar row) => new(row.Year, row.Version, false,
    [
        new(MilestoneKind.EntryOpens, row.EntryOpens, row.EntryOpensNote),
        new(MilestoneKind.SubmissionDeadline, row.SubmissionDeadline, row.SubmissionDeadlineNote),
        new(MilestoneKind.ReviewDeadline, row.ReviewDeadline, row.ReviewDeadlineNote),
        new(MilestoneKind.Publication, row.Publication, row.PublicationNote),
    ], row.UpdatedAt);

    /// <summary>
    /// Saves the year's milestones as typed, based on <paramref name="version"/> (0 while the year shows the defaults):
    /// refused with 403 for anyone but planners and administrators, 428 without a version, 400 naming each wrong field,
    /// 409 when someone saved in between.
    /// </summary>
    public async Task<WriteOutcome> SaveAsync(int year, IReadOnlyDictionary<MilestoneKind, TypedMilestone?> typed, int? version, Actor actor, CancellationToken ct = default)
    {
        await using var transaction = await db.BeginTurnAsync(WriterTurn.Calendar, ct);
        var row = await db.EvaluationCalendars.SingleOrDefaultAsync(c => c.Year == year, ct);
        var (milestones, problems) = CalendarRules.Check(actor, year, typed, version,
            row is null ? null : new StoredCalendar(row.Version, View(row).Milestones, row.UpdatedAt));
        if (problems.Count > 0) return WriteOutcome.Refused(problems);

        if (row is null)
        {
            row = new Data.EvaluationCalendar { Year = year };
            db.EvaluationCalendars.Add(row);
        }
        var before = row.Version == 0 ? null : View(row);
        Apply(row, milestones!);
        if (before is not null && before.Milestones.SequenceEqual(View(row).Milestones)) return WriteOutcome.Done; // nothing changed

        row.Version++;
        row.UpdatedAt = clock.GetUtcNow();
        audit.Year = year;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return WriteOutcome.Done;
    }

    private static void Apply(Data.EvaluationCalendar row, IReadOnlyDictionary<MilestoneKind, CalendarMilestone> m)
    {
        (row.EntryOpens, row.EntryOpensNote) = (m[MilestoneKind.EntryOpens].Date, m[MilestoneKind.EntryOpens].Note);
        (row.SubmissionDeadline, row.SubmissionDeadlineNote) = (m[MilestoneKind.SubmissionDeadline].Date, m[MilestoneKind.SubmissionDeadline].Note);
        (row.ReviewDeadline, row.ReviewDeadlineNote) = (m[MilestoneKind.ReviewDeadline].Date, m[MilestoneKind.ReviewDeadline].Note);
        (row.Publication, row.PublicationNote) = (m[MilestoneKind.Publication].Date, m[MilestoneKind.Publication].Note);
    }
}
