using Beacon.Core.Workflow;
using Beacon.Core.Calendar;

namespace Beacon.Core.Tests.Calendar;

public sealed class CalendarRulesTests
{
    private static Dictionary<MilestoneKind, CalendarMilestone> Milestones(params string[] days) =>
        CalendarRules.Kinds.Zip(days).ToDictionary(p => p.First, p => new CalendarMilestone(p.First, DateOnly.Parse(p.Second, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2022-01-31", 2022, 1, 31)]
    [InlineData("111.01.31", 2022, 1, 31)]
    [InlineData("111/1/31", 2022, 1, 31)]
    [InlineData(" 110-12-01 ", 2021, 12, 1)]
    [InlineData("2024.02.29", 2024, 2, 29)]
    public void Dates_are_read_Gregorian_or_ROC(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), CalendarRules.ParseDate(text));

    [Theory]
    [InlineData("2022-02-30")]
    [InlineData("2023.02.29")]
    [InlineData("111.13.01")]
    [InlineData("20220131")]
    [InlineData("2022-01")]
    [InlineData("一一一.01.31")]
    [InlineData("")]
    [InlineData(null)]
    public void What_is_not_a_real_day_is_not_a_date(string? text) => Assert.Null(CalendarRules.ParseDate(text));

    [Fact]
    public void Dates_are_written_as_the_documents_do_in_Chinese() =>
        Assert.Equal(("111.01.31", "2022-01-31"), (CalendarRules.FormatRoc(new DateOnly(2022, 1, 31)), CalendarRules.FormatIso(new DateOnly(2022, 1, 31))));

    [Fact]
    public void The_defaults_are_a_valid_calendar_in_the_next_year() =>
        Assert.Empty(CalendarRules.Validate(2021, CalendarRules.Defaults(2021).ToDictionary(m => m.Kind)));

    [Fact]
    public void Dates_out_of_order_name_the_later_milestone()
    {
        var problems = CalendarRules.Validate(2021, Milestones("2022-01-03", "2022-01-31", "2022-01-20", "2022-05-31"));

        var problem = Assert.Single(problems);
        Assert.Equal("reviewDeadline.date", problem.Path);
        Assert.Equal("「複核截止」111.01.20 早於「自評送出截止」111.01.31：日期須依序", problem.Message);
    }

    [Fact]
    public void Two_milestones_on_one_day_are_in_order() =>
        Assert.Empty(CalendarRules.Validate(2021, Milestones("2022-01-31", "2022-01-31", "2022-03-31", "2022-03-31")));

    [Fact]
    public void A_day_outside_the_year_and_the_two_after_it_is_refused()
    {
        var problems = CalendarRules.Validate(2021, Milestones("2020-12-31", "2022-01-31", "2022-03-31", "2024-01-01"));

        Assert.Equal(["entryOpens.date", "publication.date"], problems.Select(p => p.Path));
    }

    [Fact]
    public void Missing_milestones_and_long_notes_are_named()
    {
        var milestones = Milestones("2022-01-03", "2022-01-31");
        milestones[MilestoneKind.EntryOpens] = milestones[MilestoneKind.EntryOpens] with { Note = new string('x', 4001) };

        var problems = CalendarRules.Validate(2021, milestones);

        Assert.Equal(["entryOpens.note", "reviewDeadline.date", "publication.date"], problems.Select(p => p.Path));
        Assert.Empty(CalendarRules.Validate(2021, Milestones("2022-01-03", "2022-01-31", "2022-03-31", "2022-05-31")
            .ToDictionary(p => p.Key, p => p.Value with { Note = new string('x', 4000) })));
    }

    [Theory]
    [InlineData("2022-01-31T15:59:59+00:00", false)]   // 23:59:59 in Taipei on the deadline
    [InlineData("2022-01-31T16:00:00+00:00", true)]    // midnight in Taipei: the next day
    [InlineData("2022-02-01T00:30:00+08:00", true)]
    [InlineData("2022-01-01T00:00:00+08:00", false)]
    public void A_step_is_late_when_its_Taipei_day_is_after_the_deadline(string at, bool late) =>
        Assert.Equal(late, CalendarRules.IsLate(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2022, 1, 31)));
    // ---- a change to the calendar: who, the version, the dates as typed ----

    private static readonly Actor Planner = new(Planner: true);

    private static Dictionary<MilestoneKind, TypedMilestone?> Typed(params string?[] dates) =>
        CalendarRules.Kinds.ToDictionary(k => k, k => (int)k < dates.Length ? new TypedMilestone(dates[(int)k], null) : (TypedMilestone?)null);

    private static StoredCalendar Stored(int version) =>
        new(version, CalendarRules.Defaults(2021), new DateTimeOffset(2022, 1, 5, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_planner_sets_a_year_from_version_0_with_days_Gregorian_or_ROC_and_notes_trimmed()
    {
        var typed = Typed("2022-01-03", "111.01.31", "111/03/31", "2022-05-31");
        typed[MilestoneKind.EntryOpens] = typed[MilestoneKind.EntryOpens]! with { Note = "  系統開放填報 " };

        var (milestones, problems) = CalendarRules.Check(Planner, 2021, typed, 0, stored: null);

        Assert.Empty(problems);
        Assert.Equal(new DateOnly(2022, 1, 31), milestones![MilestoneKind.SubmissionDeadline].Date);
        Assert.Equal("系統開放填報", milestones[MilestoneKind.EntryOpens].Note);
    }

    public static TheoryData<string, Actor, int?, int?, ProblemKind, string> Refusals => new()
    {
        { "an agency editor", new Actor(Editor: true, Organisation: "TPE-DVPC"), 0, null, ProblemKind.Forbidden, "calendar" },
        { "a reviewer", new Actor(Reviewer: true), 0, null, ProblemKind.Forbidden, "calendar" },
        { "no version", Planner, null, null, ProblemKind.VersionRequired, "version" },
        { "a version of a year never set", Planner, 1, null, ProblemKind.Stale, "version" },
        { "an old version", Planner, 1, 2, ProblemKind.Stale, "version" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public void Who_and_which_version_are_checked(string _, Actor actor, int? version, int? stored, ProblemKind kind, string path)
    {
        var (milestones, problems) = CalendarRules.Check(actor, 2021, Typed("2022-01-03", "2022-01-31", "2022-03-31", "2022-05-31"), version,
            stored is { } v ? Stored(v) : null);

        Assert.Null(milestones);
        Assert.Equal((kind, path), (Assert.Single(problems).Kind, problems[0].Path));
    }

    [Fact]
    public void The_messages_say_where_to_read_the_version_and_what_someone_else_saved()
    {
        var required = Assert.Single(CalendarRules.Check(Planner, 2052, Typed("2053-01-03"), null, null).Problems);
        var stale = Assert.Single(CalendarRules.Check(Planner, 2021, Typed("2022-01-03", "2022-01-31", "2022-03-31", "2022-05-31"), 1, Stored(2)).Problems);

        Assert.Equal("請附上行事曆的版本 version：以 GET /api/calendar/2052 讀取（→ version；尚未設定時為 0）", required.Message);
        Assert.Equal("Someone else changed the evaluation calendar (now version 2, 2022-01-05 10:00 Taipei time; yours was based on version 1); nothing was saved, reload it.", stale.MessageEn);
    }

    [Fact]
    public void Days_as_typed_are_named_at_their_milestone_as_data()
    {
        var problems = CalendarRules.Check(Planner, 2053, Typed("2054-02-30", "2054-01-31", " "), 0, null).Problems;

        Assert.Equal(["entryOpens.date", "reviewDeadline.date", "publication.date"], problems.Select(p => p.Path));
        Assert.Equal(new MilestonePlace(MilestoneKind.EntryOpens, MilestoneField.Date), problems[0].Milestone);
        Assert.Equal("「填報開始」的「2054-02-30」不是日期：請寫 2022-01-31 或 111.01.31", problems[0].Message);
        Assert.Equal("Review deadline: a date is required", problems[1].MessageEn);
    }

    [Fact]
    public void A_long_note_is_named_at_its_note()
    {
        var typed = Typed("2022-01-03", "2022-01-31", "2022-03-31", "2022-05-31");
        typed[MilestoneKind.Publication] = typed[MilestoneKind.Publication]! with { Note = new string('註', 4001) };

        var problem = Assert.Single(CalendarRules.Check(Planner, 2021, typed, 0, null).Problems);

        Assert.Equal((new MilestonePlace(MilestoneKind.Publication, MilestoneField.Note), "publication.note"), (problem.Milestone, problem.Path));
    }
}
