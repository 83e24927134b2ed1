using System.Globalization;

namespace Beacon.Core.Notifications;

/// <summary>
/// When reminders go out: <paramref name="DaysBefore"/> days before the submission deadline (0: no early reminder),
/// from <paramref name="Hour"/> o'clock Taipei time on the day, and the planners' summary each <paramref name="SummaryDay"/>.
/// </summary>
public sealed record ReminderSettings(int DaysBefore = 7, int Hour = 8, DayOfWeek SummaryDay = DayOfWeek.Monday);

/// <summary>
/// A plan year and its submission deadline (the one the planning office set in the calendar), and whether the agency
/// still has to submit it (a draft, or returned to it).
/// </summary>
public sealed record PlanDeadline(int PlanId, DateOnly Deadline, bool AwaitingAgency);

/// <summary>A reminder due today about one plan; <see cref="Key"/> makes it once-only: (kind, plan, day).</summary>
public sealed record Reminder(NoticeKind Kind, int PlanId, DateOnly Day, DateOnly Deadline)
{
    public string Key => ReminderRules.Key(Kind, PlanId, Day);
}

/// <summary>Where a plan year stands against its submission deadline, for the planners' overview and summary.</summary>
public enum StandingKind { Open, DueToday, Overdue, SubmittedOnTime, SubmittedLate }

/// <summary><see cref="Days"/>: days left while open, days late while overdue or when submitted late, else 0.</summary>
public sealed record Standing(StandingKind Kind, int Days);

/// <summary>A KPI of the plan year as the reminders see it: whether its actual, or the reason there is none, is entered.</summary>
public sealed record KpiEntryFact(string Code, string Name, IReadOnlyList<string> Responsible, bool HasActual, bool HasReason)
{
    /// <summary>Still without an actual and without a reason: what a reminder names.</summary>
    public bool Missing => !HasActual && !HasReason;
}

/// <summary>
/// The reminders of the evaluation calendar, computed for a day (Taipei time, UTC+8 all year) from the deadlines alone,
/// so computing them again — after a restart, or on a second instance — gives the same reminders with the same keys:
/// the early reminder on the day <see cref="ReminderSettings.DaysBefore"/> before the deadline, one on the day itself,
/// and an overdue digest every day after it until the plan is submitted; none for a plan already with the reviewers.
/// Nothing is due before the configured hour, and a day missed (the app was not running) is not made up later.
/// </summary>
public static class ReminderRules
{
    private static readonly TimeSpan Taipei = TimeSpan.FromHours(8);

    /// <summary>The Taipei calendar day of an instant.</summary>
    public static DateOnly TaipeiDay(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Taipei).DateTime);

    /// <summary>The instant the day starts in Taipei.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Taipei);

    private static bool HourReached(DateTimeOffset now, ReminderSettings settings) => now.ToOffset(Taipei).Hour >= settings.Hour;

    public static IReadOnlyList<Reminder> Due(DateTimeOffset now, ReminderSettings settings, IEnumerable<PlanDeadline> plans)
    {
        if (!HourReached(now, settings)) return [];
        var today = TaipeiDay(now);
        var due = new List<Reminder>();
        foreach (var plan in plans.Where(p => p.AwaitingAgency))
        {
            var left = plan.Deadline.DayNumber - today.DayNumber;
            NoticeKind? kind = left switch
            {
                0 => NoticeKind.DeadlineToday,
                < 0 => NoticeKind.DeadlineOverdue,
                _ when settings.DaysBefore > 0 && left == settings.DaysBefore => NoticeKind.DeadlineApproaching,
                _ => null,
            };
            if (kind is { } k) due.Add(new Reminder(k, plan.PlanId, today, plan.Deadline));
        }
        return due;
    }

    /// <summary>The day of the planners' weekly summary when it is due now (its weekday, from the hour on), else null.</summary>
    public static DateOnly? WeeklySummaryDue(DateTimeOffset now, ReminderSettings settings)
    {
        var today = TaipeiDay(now);
        return today.DayOfWeek == settings.SummaryDay && HourReached(now, settings) ? today : null;
    }

    public static string Key(NoticeKind kind, int planId, DateOnly day) =>
        $"{kind}:{planId.ToString(CultureInfo.InvariantCulture)}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string WeeklySummaryKey(DateOnly day) => $"{NoticeKind.WeeklySummary}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// A plan year against its deadline today: open with days left, due today, overdue by days, or submitted (on the
    /// deadline's day or before it: on time).
    /// </summary>
    public static Standing StandingOf(DateOnly today, DateOnly deadline, DateOnly? submittedOn)
    {
        if (submittedOn is { } on)
            return on <= deadline ? new Standing(StandingKind.SubmittedOnTime, 0) : new Standing(StandingKind.SubmittedLate, on.DayNumber - deadline.DayNumber);
        var left = deadline.DayNumber - today.DayNumber;
        return left > 0 ? new Standing(StandingKind.Open, left)
            : left == 0 ? new Standing(StandingKind.DueToday, 0)
            : new Standing(StandingKind.Overdue, -left);
    }

    /// <summary>The KPIs still without an actual or a reason, in plan order.</summary>
    public static IReadOnlyList<KpiEntryFact> Missing(IEnumerable<KpiEntryFact> kpis) => [.. kpis.Where(k => k.Missing)];

    /// <summary>The missing KPIs a person is responsible for: all of them for an unbound editor, else those of their divisions.</summary>
    public static IReadOnlyList<KpiEntryFact> MissingFor(IEnumerable<KpiEntryFact> kpis, IReadOnlyCollection<string> divisions) =>
        [.. Missing(kpis).Where(k => divisions.Count == 0 || k.Responsible.Any(divisions.Contains))];
}

/// <summary>
/// How a notice's e-mail is retried: after a failure that may pass (the server down, a 4xx answer) the wait doubles
/// from <c>first</c> up to <c>longest</c>, and retrying goes on until it is sent; a permanent refusal (a 5xx answer:
/// no such mailbox) stops at once and waits for an administrator.
/// </summary>
public static class DeliveryRules
{
    public static TimeSpan Backoff(int failures, TimeSpan first, TimeSpan longest)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var wait = first.TotalMilliseconds * factor;
        return wait >= longest.TotalMilliseconds ? longest : TimeSpan.FromMilliseconds(wait);
    }

    /// <summary>An SMTP reply code that will not change on retrying (5xx).</summary>
    public static bool IsPermanent(int smtpStatus) => smtpStatus is >= 500 and < 600;
}
