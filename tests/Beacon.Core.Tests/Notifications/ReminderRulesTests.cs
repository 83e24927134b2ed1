using System.Globalization;
using Beacon.Core.Notifications;

namespace Beacon.Core.Tests.Notifications;

/// <summary>
/// The reminders of the 2022 plan year, whose submission deadline the planning office set to 112.01.31 (2023-01-31):
/// seven days before, on the day, and every day after it until the plan is submitted, from 08:00 Taipei time.
/// </summary>
public sealed class ReminderRulesTests
{
    private static readonly ReminderSettings Settings = new(DaysBefore: 7, Hour: 8, SummaryDay: DayOfWeek.Monday);
    private static readonly DateOnly Deadline = new(2023, 1, 31);

    /// <summary>A Taipei wall-clock time.</summary>
    private static DateTimeOffset Taipei(string local) =>
        new(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    [Theory]
    [InlineData("2023-01-23 09:00", "")]                          // eight days before: nothing yet
    [InlineData("2023-01-24 07:59", "")]                          // seven days before, before 08:00
    [InlineData("2023-01-24 08:00", "DeadlineApproaching:12:2023-01-24")]
    [InlineData("2023-01-24 23:59", "DeadlineApproaching:12:2023-01-24")]
    [InlineData("2023-01-30 10:00", "")]                          // the day before: nothing
    [InlineData("2023-01-31 08:30", "DeadlineToday:12:2023-01-31")]
    [InlineData("2023-02-01 08:00", "DeadlineOverdue:12:2023-02-01")]
    [InlineData("2023-02-02 12:00", "DeadlineOverdue:12:2023-02-02")]
    [InlineData("2023-06-30 12:00", "DeadlineOverdue:12:2023-06-30")]
    public void A_draft_is_reminded_before_on_the_day_and_every_day_after(string now, string expected) =>
        Assert.Equal(expected, string.Join(" ", ReminderRules.Due(Taipei(now), Settings, [new PlanDeadline(12, Deadline, AwaitingAgency: true)]).Select(r => r.Key)));

    [Theory]
    [InlineData("2023-01-24 09:00")]
    [InlineData("2023-01-31 09:00")]
    [InlineData("2023-02-05 09:00")]
    public void A_plan_with_the_reviewers_is_never_reminded(string now) =>
        Assert.Empty(ReminderRules.Due(Taipei(now), Settings, [new PlanDeadline(12, Deadline, AwaitingAgency: false)]));

    [Fact]
    public void Midnight_UTC_is_already_08_00_in_Taipei() =>
        Assert.Equal("DeadlineToday:12:2023-01-31",
            Assert.Single(ReminderRules.Due(new DateTimeOffset(2023, 1, 31, 0, 0, 0, TimeSpan.Zero), Settings, [new PlanDeadline(12, Deadline, true)])).Key);

    [Fact]
    public void Computing_again_the_same_day_gives_the_same_keys()
    {
        PlanDeadline[] plans = [new(12, Deadline, true), new(13, Deadline, true), new(14, Deadline, false)];
        var morning = ReminderRules.Due(Taipei("2023-02-03 08:05"), Settings, plans).Select(r => r.Key);
        var evening = ReminderRules.Due(Taipei("2023-02-03 21:40"), Settings, plans).Select(r => r.Key);
        Assert.Equal(["DeadlineOverdue:12:2023-02-03", "DeadlineOverdue:13:2023-02-03"], morning);
        Assert.Equal(morning, evening);
    }

    [Fact]
    public void No_early_reminder_when_the_days_before_are_zero() =>
        Assert.Empty(ReminderRules.Due(Taipei("2023-01-24 09:00"), Settings with { DaysBefore = 0 }, [new PlanDeadline(12, Deadline, true)]));

    [Theory]
    [InlineData("2023-01-30 07:00", null)]          // a Monday, before the hour
    [InlineData("2023-01-30 08:00", "2023-01-30")]
    [InlineData("2023-01-31 09:00", null)]          // a Tuesday
    [InlineData("2023-01-29 23:30", null)]          // Sunday evening in Taipei (Sunday 15:30 UTC)
    public void The_weekly_summary_is_due_on_Mondays_from_the_hour(string now, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, CultureInfo.InvariantCulture), ReminderRules.WeeklySummaryDue(Taipei(now), Settings));

    [Theory]
    [InlineData("2023-01-20", null, "Open", 11)]
    [InlineData("2023-01-31", null, "DueToday", 0)]
    [InlineData("2023-02-03", null, "Overdue", 3)]
    [InlineData("2023-02-03", "2023-01-31", "SubmittedOnTime", 0)]
    [InlineData("2023-02-03", "2023-01-15", "SubmittedOnTime", 0)]
    [InlineData("2023-02-10", "2023-02-02", "SubmittedLate", 2)]
    public void A_plan_stands_against_its_deadline(string today, string? submitted, string kind, int days)
    {
        var standing = ReminderRules.StandingOf(DateOnly.Parse(today, CultureInfo.InvariantCulture), Deadline,
            submitted is null ? null : DateOnly.Parse(submitted, CultureInfo.InvariantCulture));
        Assert.Equal((Enum.Parse<StandingKind>(kind), days), (standing.Kind, standing.Days));
    }

    private static readonly KpiEntryFact[] Kpis =
    [
        new("AC1.1", "保護案件再通報率", ["成保組", "兒少組"], HasActual: false, HasReason: false),
        new("AC1.2", "保護個案服務滿意度", ["成保組"], HasActual: true, HasReason: false),
        new("BC3.2", "性侵害案件起訴率", ["性保組"], HasActual: false, HasReason: false),
        new("CC1.1", "家暴防治宣導", ["綜企組"], HasActual: false, HasReason: true),   // 110年尚未調查完成，故無數據提供
    ];

    [Fact]
    public void A_reminder_names_the_KPIs_still_without_an_actual_or_a_reason() =>
        Assert.Equal(["AC1.1", "BC3.2"], ReminderRules.Missing(Kpis).Select(k => k.Code));

    [Theory]
    [InlineData("", "AC1.1 BC3.2")]
    [InlineData("成保組", "AC1.1")]
    [InlineData("性保組", "BC3.2")]
    [InlineData("綜企組", "")]
    public void An_editor_bound_to_divisions_is_named_their_own(string divisions, string expected) =>
        Assert.Equal(expected, string.Join(" ", ReminderRules.MissingFor(Kpis, divisions.Length == 0 ? [] : divisions.Split(',')).Select(k => k.Code)));

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(5, 480)]
    [InlineData(8, 3600)]
    [InlineData(40, 3600)]
    public void Retries_wait_twice_as_long_each_time_up_to_an_hour(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeliveryRules.Backoff(failures, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)));

    [Theory]
    [InlineData(421, false)]   // service not available: try again later
    [InlineData(451, false)]
    [InlineData(550, true)]    // mailbox unavailable
    [InlineData(554, true)]
    public void A_5xx_answer_is_permanent(int status, bool permanent) => Assert.Equal(permanent, DeliveryRules.IsPermanent(status));
}
