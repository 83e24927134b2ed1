using System.Globalization;

namespace Beacon.Core.Calendar;

/// <summary>
/// The dated steps of one year's evaluation cycle (評核行事曆), city-wide, in the order they happen:
/// 填報開始 entry opens, 自評送出截止 the agencies' submission deadline, 複核截止 the review deadline, 公布 publication.
/// </summary>
public enum MilestoneKind { EntryOpens, SubmissionDeadline, ReviewDeadline, Publication }

/// <summary>One milestone: its day (a Taipei calendar day) and an optional note.</summary>
public sealed record CalendarMilestone(MilestoneKind Kind, DateOnly Date, string? Note = null);

/// <summary>A milestone as a form or the API gives it: the day as typed (2022-01-31, 111.01.31) and a note.</summary>
public sealed record TypedMilestone(string? Date, string? Note);

/// <summary>The field of a milestone a problem is about: its day or its note.</summary>
public enum MilestoneField { Date, Note }

/// <summary>Where a calendar problem is, as data: the milestone and its field; <see cref="Path"/> is its name in the API (submissionDeadline.date).</summary>
public sealed record MilestonePlace(MilestoneKind Kind, MilestoneField Field)
{
    public string Path => $"{CalendarRules.Key(Kind)}.{(Field == MilestoneField.Date ? "date" : "note")}";
}

/// <summary>The calendar of a year as stored: its version (0 while it shows the defaults), its milestones and when they were saved.</summary>
public sealed record StoredCalendar(int Version, IReadOnlyList<CalendarMilestone> Milestones, DateTimeOffset? UpdatedAt);

/// <summary>The rules of the evaluation calendar of a plan year: defaults, validation, lateness, and its dates as written.</summary>
public static class CalendarRules
{
    public const int MaxNoteLength = 4000;

    public static readonly IReadOnlyList<MilestoneKind> Kinds = Enum.GetValues<MilestoneKind>();

    /// <summary>Taipei keeps UTC+8 all year.</summary>
    private static readonly TimeSpan Taipei = TimeSpan.FromHours(8);

    /// <summary>
    /// The dates shown while the planning office has set none (a default, not a decision): the year's results are
    /// entered from early January of the next year, submitted by the end of January, reviewed by the end of March and
    /// published by the end of May.
    /// </summary>
    public static IReadOnlyList<CalendarMilestone> Defaults(int year) =>
    [
        new(MilestoneKind.EntryOpens, new DateOnly(year + 1, 1, 2)),
        new(MilestoneKind.SubmissionDeadline, new DateOnly(year + 1, 1, 31)),
        new(MilestoneKind.ReviewDeadline, new DateOnly(year + 1, 3, 31)),
        new(MilestoneKind.Publication, new DateOnly(year + 1, 5, 31)),
    ];

    /// <summary>The name used in the API and in problem paths: entryOpens, submissionDeadline, reviewDeadline, publication.</summary>
    public static string Key(MilestoneKind kind) => kind switch
    {
        MilestoneKind.EntryOpens => "entryOpens",
        MilestoneKind.SubmissionDeadline => "submissionDeadline",
        MilestoneKind.ReviewDeadline => "reviewDeadline",
        _ => "publication",
    };

    public static string NameZh(MilestoneKind kind) => kind switch
    {
        MilestoneKind.EntryOpens => "填報開始",
        MilestoneKind.SubmissionDeadline => "自評送出截止",
        MilestoneKind.ReviewDeadline => "複核截止",
        _ => "公布",
    };

    public static string NameEn(MilestoneKind kind) => kind switch
    {
        MilestoneKind.EntryOpens => "Entry opens",
        MilestoneKind.SubmissionDeadline => "Submission deadline",
        MilestoneKind.ReviewDeadline => "Review deadline",
        _ => "Publication",
    };

    /// <summary>The first and last day a milestone of the cycle of this plan year may fall on: the year itself to two years after.</summary>
    public static (DateOnly First, DateOnly Last) Window(int year) => (new DateOnly(year, 1, 1), new DateOnly(year + 2, 12, 31));

    /// <summary>
    /// The rules of a change to a year's calendar, in order: planners and administrators only (403); the version it is
    /// based on (428 without one; 409 when someone saved since, or when it names a version of a year still unset);
    /// then the milestones as typed (400, <see cref="Read"/> and <see cref="Validate"/>). Returns the problems, or the
    /// milestones to store (notes trimmed, blank as none).
    /// </summary>
    public static (IReadOnlyDictionary<MilestoneKind, CalendarMilestone>? Milestones, IReadOnlyList<Problem> Problems) Check(
        Workflow.Actor actor, int year, IReadOnlyDictionary<MilestoneKind, TypedMilestone?> typed, int? version, StoredCalendar? stored)
    {
        if (!actor.CanPlan) return (null, [Forbidden]);
        if (version is not { } v)
            return (null, [new Problem("version",
                $"請附上行事曆的版本 version：以 GET /api/calendar/{year} 讀取（→ version；尚未設定時為 0）",
                $"Send the calendar's version: read it with GET /api/calendar/{year} (→ version; 0 while nothing is set).") { Kind = ProblemKind.VersionRequired }]);
        var (milestones, problems) = Read(typed);
        if (problems.Count == 0) problems = [.. Validate(year, milestones)];
        if (problems.Count > 0) return (null, problems);
        if (stored is null && v != 0)
            return (null, [new Problem("version", $"{RocYear.InMessage(year)}尚未設定評核行事曆：版本為 0", $"The {year} calendar has not been set yet: its version is 0.") { Kind = ProblemKind.Stale }]);
        if (stored is not null && stored.Version != v) return (null, [Stale(stored, v)]);
        return (milestones, []);
    }

    /// <summary>Only planners and administrators change the calendar.</summary>
    public static Problem Forbidden { get; } = new("calendar", "只有研考會（規劃人員）與系統管理員可以修改評核行事曆",
        "Only planners and administrators may change the evaluation calendar.") { Kind = ProblemKind.Forbidden };

    /// <summary>Someone else saved the calendar since <paramref name="version"/> was read: what is stored now, with when (Taipei time).</summary>
    public static Problem Stale(StoredCalendar stored, int version)
    {
        var at = stored.UpdatedAt is { } t ? t.ToOffset(Taipei).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
        return new Problem("version",
            $"評核行事曆已被他人更新（目前版本 {stored.Version}，{at}；你依據的是版本 {version}），你的修改未儲存；請重新載入",
            $"Someone else changed the evaluation calendar (now version {stored.Version}, {at} Taipei time; yours was based on version {version}); nothing was saved, reload it.") { Kind = ProblemKind.Stale };
    }

    /// <summary>
    /// The milestones as typed, read once: each day in any form <see cref="ParseDate"/> reads, a note trimmed (blank:
    /// none); a problem at each day that is missing or is no day.
    /// </summary>
    public static (Dictionary<MilestoneKind, CalendarMilestone> Milestones, IReadOnlyList<Problem> Problems) Read(IReadOnlyDictionary<MilestoneKind, TypedMilestone?> typed)
    {
        var milestones = new Dictionary<MilestoneKind, CalendarMilestone>();
        var problems = new List<Problem>();
        foreach (var kind in Kinds)
        {
            var given = typed.GetValueOrDefault(kind);
            var note = string.IsNullOrWhiteSpace(given?.Note) ? null : given.Note.Trim();
            if (string.IsNullOrWhiteSpace(given?.Date)) problems.Add(Required(kind));
            else if (ParseDate(given.Date) is { } date) milestones[kind] = new CalendarMilestone(kind, date, note);
            else problems.Add(At(kind, MilestoneField.Date, $"「{NameZh(kind)}」的「{given.Date.Trim()}」不是日期：請寫 2022-01-31 或 111.01.31",
                $"{NameEn(kind)}: '{given.Date.Trim()}' is not a date: write 2022-01-31 (or the ROC 111.01.31)"));
        }
        return (milestones, problems);
    }

    /// <summary>
    /// What is wrong with a year's milestones, each problem at its milestone's day or note (<see cref="Problem.Milestone"/>;
    /// path <c>{key}.date</c> or <c>{key}.note</c>): every milestone once, each day within <see cref="Window"/>, none
    /// before the one it follows, notes of at most 4,000 characters.
    /// </summary>
    public static IReadOnlyList<Problem> Validate(int year, IReadOnlyDictionary<MilestoneKind, CalendarMilestone> milestones)
    {
        var problems = new List<Problem>();
        var (first, last) = Window(year);
        CalendarMilestone? previous = null;
        foreach (var kind in Kinds)
        {
            if (!milestones.TryGetValue(kind, out var m))
            {
                problems.Add(Required(kind));
                continue;
            }
            if (m.Date < first || m.Date > last)
                problems.Add(At(kind, MilestoneField.Date,
                    $"「{NameZh(kind)}」{FormatRoc(m.Date)} 不在 {FormatRoc(first)} 至 {FormatRoc(last)} 之間",
                    $"{NameEn(kind)} {FormatIso(m.Date)} is outside {FormatIso(first)} to {FormatIso(last)}"));
            else if (previous is not null && m.Date < previous.Date)
                problems.Add(At(kind, MilestoneField.Date,
                    $"「{NameZh(kind)}」{FormatRoc(m.Date)} 早於「{NameZh(previous.Kind)}」{FormatRoc(previous.Date)}：日期須依序",
                    $"{NameEn(kind)} {FormatIso(m.Date)} is before {NameEn(previous.Kind).ToLowerInvariant()} {FormatIso(previous.Date)}: the dates must be in order"));
            if (m.Note is { Length: > MaxNoteLength })
                problems.Add(At(kind, MilestoneField.Note,
                    $"「{NameZh(kind)}」的說明有 {m.Note.Length} 字，上限 {MaxNoteLength} 字",
                    $"{NameEn(kind)}: the note has {m.Note.Length} characters, {MaxNoteLength} at most"));
            previous = m;
        }
        return problems;
    }

    public static Problem Required(MilestoneKind kind) =>
        At(kind, MilestoneField.Date, $"請填寫「{NameZh(kind)}」的日期", $"{NameEn(kind)}: a date is required");

    private static Problem At(MilestoneKind kind, MilestoneField field, string zh, string en)
    {
        var place = new MilestonePlace(kind, field);
        return new Problem(place.Path, zh, en) { Milestone = place };
    }

    /// <summary>A step taken at this instant is late when its Taipei day is after the deadline's day.</summary>
    public static bool IsLate(DateTimeOffset at, DateOnly deadline) => DateOnly.FromDateTime(at.ToOffset(Taipei).DateTime) > deadline;

    /// <summary>111.01.31: the ROC date as the documents write it (民國111年1月31日).</summary>
    public static string FormatRoc(DateOnly date) =>
        $"{RocYear.FromGregorian(date.Year).ToString(CultureInfo.InvariantCulture)}.{date.Month:00}.{date.Day:00}";

    public static string FormatIso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>111.01.31 in Chinese, 2022-01-31 otherwise.</summary>
    public static string Format(DateOnly date, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName.Equals("zh", StringComparison.OrdinalIgnoreCase) ? FormatRoc(date) : FormatIso(date);

    /// <summary>
    /// A day as a person or a date field writes it: 2022-01-31 (what a browser's date field sends), or the ROC form
    /// 111.01.31, 111/01/31 or 111-01-31 (a three-digit year or less is ROC). Null when it is not a real day.
    /// </summary>
    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim().Split(['-', '.', '/']);
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit))) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var day)) return null;
        var year = parts[0].Length <= 3 ? RocYear.ToGregorian(y) : parts[0].Length == 4 ? y : -1;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateOnly(year, month, day);
    }
}
