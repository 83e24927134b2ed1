using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Core.Workflow;

namespace Beacon.Core.Evaluation;

/// <summary>
/// The year-end actual (or a progress value) of a KPI: a value, the formula's raw inputs, or the reason there is
/// none; for a KPI printed in parts, <paramref name="Parts"/> gives each part's value in order (blank: unchanged).
/// <paramref name="Version"/> is the KPI's version the change is based on (GET …/evaluation, rows[].version).
/// </summary>
public sealed record ActualEntry(string? Value = null, string? MissingReason = null, Dictionary<string, decimal?>? Inputs = null, string? Period = null, IReadOnlyList<string?>? Parts = null, int? Version = null);

/// <summary>
/// A KPI's progress values for the year, by period (M1–M12, Q1–Q4, B1–B6): each an actual as in
/// <see cref="ActualEntry"/>, or null to remove that period's value.
/// </summary>
public sealed record ProgressEntry(Dictionary<string, ActualEntry?>? Values = null, int? Version = null);

/// <summary>The agency's 自評: three scores (all or none), the judgement of a qualitative KPI, and an explanation.</summary>
public sealed record SelfEntry(decimal? Innovation = null, decimal? Challenge = null, decimal? Contribution = null, bool? Met = null, string? Explanation = null, int? Version = null);

/// <summary>The reviewer's 複核: three scores (all or none) and/or a light, the judgement of a qualitative KPI, a comment.</summary>
public sealed record ReviewEntry(decimal? Innovation = null, decimal? Challenge = null, decimal? Contribution = null, Light? Light = null, bool? Met = null, string? Comment = null, int? Version = null);

/// <summary>Everything entered for one KPI in one write.</summary>
public sealed record KpiEntry(string Code, ActualEntry? Actual = null, SelfEntry? Self = null, ReviewEntry? Review = null, ProgressEntry? Progress = null)
{
    /// <summary>The agency's part: an actual, progress values or a self-assessment.</summary>
    public bool Enters => Actual is not null || Self is not null || Progress is not null;

    public bool Reviews => Review is not null;
}

/// <summary>
/// A KPI as the entry rules see it, for one plan year: what it is (code, unit, direction, exempt, formula, parts,
/// responsible divisions) and what is stored for the year (its version, the year-end actual and each part's, the
/// scores), read from the stored columns.
/// </summary>
public sealed record KpiEntryView(
    string Code, string? Unit, Direction Direction, bool Exempt, string? Expression,
    IReadOnlyList<string> Parts, IReadOnlyList<string> Responsible,
    int Version, DateTimeOffset? UpdatedAt,
    ValueText? Actual, IReadOnlyList<ValueText?> PartActuals,
    (decimal? Innovation, decimal? Challenge, decimal? Contribution) Self = default,
    (decimal? Innovation, decimal? Challenge, decimal? Contribution) Review = default);

/// <summary>The plan year a write goes to, and who writes.</summary>
public sealed record EntryContext(string Organisation, int Year, PlanStatus Status, Actor Actor)
{
    /// <summary>Where the versions are read, for the message that asks for one.</summary>
    public string EvaluationSource => $"GET /api/orgs/{Organisation}/plans/{Year}/evaluation";
}

/// <summary>
/// One actual to store (the year-end one when <paramref name="Period"/> is null): the KPI's own value, or its
/// parts' (null where unchanged), with the formula inputs it was computed from; <paramref name="Remove"/> clears
/// the period. Each value is parsed once, here: its columns are stored as given.
/// </summary>
public sealed record ActualChange(string? Period, ValueText? Value = null, IReadOnlyList<ValueText?>? Parts = null,
    IReadOnlyDictionary<string, decimal>? Inputs = null, bool Remove = false);

/// <summary>What to store for one KPI: its actuals, and the self-assessment and review as they are to be kept (texts trimmed, blank as null).</summary>
public sealed record KpiChange(string Code, IReadOnlyList<ActualChange> Actuals, SelfEntry? Self, ReviewEntry? Review);

/// <summary>The outcome of the entry rules: the problems, or exactly what to store.</summary>
public sealed record EntryDecision(IReadOnlyList<Problem> Problems, IReadOnlyList<KpiChange> Changes)
{
    public bool Accepted => Problems.Count == 0;

    public static EntryDecision Refused(params IEnumerable<Problem> problems) => new([.. problems], []);
}
