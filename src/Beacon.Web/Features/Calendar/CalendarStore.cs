using System.Globalization;
using System.Security.Claims;
using Beacon.Core;
using Beacon.Core.Calendar;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Calendar;

/// <summary>A year's calendar as shown: the planning office's dates, or the defaults while it has set none (version 0).</summary>
public sealed record CalendarView(int Year, int Version, bool IsDefault, IReadOnlyList<CalendarMilestone> Milestones, DateTimeOffset? UpdatedAt)
{
    public CalendarMilestone this[MilestoneKind kind] => Milestones.Single(m => m.Kind == kind);

    /// <summary>The deadline a submit step is measured against: only one the planning office has set, never a default.</summary>
    public DateOnly? SetSubmissionDeadline => IsDefault ? null : this[MilestoneKind.SubmissionDeadline].Date;

    /// <summary>Whether a step is a submission after the deadline that was set.</summary>
    public bool IsLate(string action, DateTimeOffset at) =>
        action == nameof(WorkflowAction.Submit) && SetSubmissionDeadline is { } deadline && CalendarRules.IsLate(at, deadline);
}

/// <summary>
/// Reads and writes the evaluation calendar (評核行事曆). Anyone may read it (it is public); planners and
/// administrators write it, all four milestones at once, from the version they read, in one SaveChanges with its
/// audit entry (old and new values).
/// </summary>
public sealed class CalendarStore(BeaconDb db, AuditScope audit, TimeProvider clock)
{
    /// <summary>The years a calendar can be kept for: those a plan can have.</summary>
    public static readonly WriteOutcome Denied = WriteOutcome.Refused([new Problem("calendar", "只有研考會（規劃人員）與系統管理員可以修改評核行事曆",
        "Only planners and administrators may change the evaluation calendar.") { Kind = ProblemKind.Forbidden }]);

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
    /// Saves the year's milestones based on <paramref name="version"/> (0 while the year shows the defaults): refused with
    /// 403 for anyone but planners and administrators, 400 naming each wrong field, 409 when someone saved in between.
    /// </summary>
    public async Task<WriteOutcome> SaveAsync(int year, IReadOnlyDictionary<MilestoneKind, CalendarMilestone> milestones, int version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.CanPlan()) return Denied;
        var cleaned = milestones.ToDictionary(p => p.Key, p => p.Value with { Note = string.IsNullOrWhiteSpace(p.Value.Note) ? null : p.Value.Note.Trim() });
        var problems = CalendarRules.Validate(year, cleaned);
        if (problems.Count > 0) return WriteOutcome.Refused(problems);

        var row = await db.EvaluationCalendars.SingleOrDefaultAsync(c => c.Year == year, ct);
        if (row is null && version != 0)
            return WriteOutcome.Refused([new Problem("version", $"{RocYear.InMessage(year)}尚未設定評核行事曆：版本為 0", $"The {year} calendar has not been set yet: its version is 0.") { Kind = ProblemKind.Stale }]);
        if (row is not null && row.Version != version) return Stale(row, version);
        if (row is null)
        {
            row = new Data.EvaluationCalendar { Year = year };
            db.EvaluationCalendars.Add(row);
        }
        var before = row.Version == 0 ? null : View(row);
        Apply(row, cleaned);
        if (before is not null && before.Milestones.SequenceEqual(View(row).Milestones)) return WriteOutcome.Done; // nothing changed

        row.Version++;
        row.UpdatedAt = clock.GetUtcNow();
        audit.Year = year;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Saved by someone else between reading and writing: a newer version, or the year's first row (unique year).
            db.ChangeTracker.Clear();
            var now = await db.EvaluationCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Year == year, ct);
            return now is null ? throw new InvalidOperationException("the calendar could not be saved") : Stale(now, version);
        }
        return WriteOutcome.Done;
    }

    private static void Apply(Data.EvaluationCalendar row, IReadOnlyDictionary<MilestoneKind, CalendarMilestone> m)
    {
        (row.EntryOpens, row.EntryOpensNote) = (m[MilestoneKind.EntryOpens].Date, m[MilestoneKind.EntryOpens].Note);
        (row.SubmissionDeadline, row.SubmissionDeadlineNote) = (m[MilestoneKind.SubmissionDeadline].Date, m[MilestoneKind.SubmissionDeadline].Note);
        (row.ReviewDeadline, row.ReviewDeadlineNote) = (m[MilestoneKind.ReviewDeadline].Date, m[MilestoneKind.ReviewDeadline].Note);
        (row.Publication, row.PublicationNote) = (m[MilestoneKind.Publication].Date, m[MilestoneKind.Publication].Note);
    }

    private static WriteOutcome Stale(Data.EvaluationCalendar row, int version)
    {
        var at = row.UpdatedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return WriteOutcome.Refused([new Problem("version",
            $"評核行事曆已被他人更新（目前版本 {row.Version}，{at}；你依據的是版本 {version}），你的修改未儲存；請重新載入",
            $"someone else changed the evaluation calendar (now version {row.Version}, {at} Taipei time; yours was based on version {version}); nothing was saved, reload it") { Kind = ProblemKind.Stale }]);
    }
}
