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
}
