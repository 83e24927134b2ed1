namespace Beacon.Core.Evaluation;

/// <summary>
/// Limits on what an agency or a reviewer enters, used by the entry rules (<see cref="KpiEntryCheck"/>), the settings
/// and the comment threads, so that every write accepts and refuses the same things.
/// </summary>
public static class EntryRules
{
    /// <summary>The longest explanation, review comment or missing-value reason, in characters.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>
    /// Scores, weights and light bands are stored with four decimals (numeric(9,4)); a fifth would be rounded by the
    /// database without a word (0.33335 passes a sum check, then PostgreSQL stores 0.3334).
    /// </summary>
    public const int StoredDecimals = 4;

    /// <summary>True when <paramref name="value"/> has no digit beyond the fourth decimal (trailing zeros do not count).</summary>
    public static bool HasAtMostFourDecimals(decimal value) => Math.Round(value, StoredDecimals) == value;

    /// <summary>A problem when <paramref name="value"/> has more than four decimals, naming the field.</summary>
    public static Problem? DecimalsProblem(string path, string nameZh, string nameEn, decimal value) =>
        HasAtMostFourDecimals(value) ? null
            : new Problem(path, $"{nameZh} {value} 的小數超過 {StoredDecimals} 位：最多 {StoredDecimals} 位小數（例如 {Math.Round(value, StoredDecimals, MidpointRounding.AwayFromZero)}）",
                $"{nameEn} {value} has more than {StoredDecimals} decimals: {StoredDecimals} at most (e.g. {Math.Round(value, StoredDecimals, MidpointRounding.AwayFromZero)})");

    /// <summary>A problem when a text is longer than <see cref="MaxTextLength"/>.</summary>
    public static Problem? TextProblem(string path, string? text) =>
        text is { Length: > MaxTextLength }
            ? new Problem(path, $"文字太長（{text.Length} 字，最多 {MaxTextLength} 字）", $"the text is too long ({text.Length} characters, {MaxTextLength} at most)")
            : null;

    /// <summary>A problem at an entry's field when a text is longer than <see cref="MaxTextLength"/>.</summary>
    public static Problem? TextProblem(EntryPlace at, string? text) =>
        TextProblem(at.Path, text) is { } problem ? problem with { Place = at } : null;

    private static readonly (EntryField Field, string Name, string Zh)[] Criteria =
        [(EntryField.Innovation, "innovation", "創新度"), (EntryField.Challenge, "challenge", "挑戰度"), (EntryField.Contribution, "contribution", "貢獻度")];

    /// <summary>
    /// The three scores of a self-assessment or a review (<paramref name="at"/>: its block): they go together — one or
    /// two of them is a problem naming each missing one —, and each given lies in 0..100 with at most four decimals.
    /// </summary>
    public static IEnumerable<Problem> ScoreProblems(EntryPlace at, decimal? innovation, decimal? challenge, decimal? contribution)
    {
        decimal?[] values = [innovation, challenge, contribution];
        var given = values.Count(v => v is not null);
        for (var i = 0; i < Criteria.Length; i++)
        {
            var (field, name, zh) = Criteria[i];
            var place = at.With(field);
            if (values[i] is not { } value)
            {
                if (given is 1 or 2) yield return Problem.At(place, $"請填寫{zh}（三項分數須一併填寫）", $"enter {name} (the three scores go together)");
            }
            else if (value is < 0 or > 100)
                yield return Problem.At(place, $"{zh} {value} 超出範圍：應介於 0 與 100 之間", $"{name} {value} is out of range: it must be between 0 and 100");
            else if (DecimalsProblem(place.Path, zh, name, value) is { } decimals)
                yield return decimals with { Place = place };
        }
    }
}
