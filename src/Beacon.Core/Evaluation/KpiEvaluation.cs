using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Core.Evaluation;

/// <summary>The three criteria an agency (or a reviewer) scores, each 0–100: 創新度, 挑戰度, 貢獻度.</summary>
public sealed record Scores(decimal Innovation, decimal Challenge, decimal Contribution);

/// <summary>
/// A reviewer's re-grading (複核), kept beside the self-assessment and never overwriting it. <paramref name="JudgedMet"/>
/// is the reviewer's judgement of a qualitative KPI; <paramref name="PartsJudgedMet"/> one per part, when known.
/// </summary>
public sealed record Review(Scores? Scores, Light? Light, bool? JudgedMet, string? Comment, IReadOnlyList<bool?>? PartsJudgedMet = null);

/// <summary>
/// Everything needed to evaluate one KPI for one year. For a KPI in parts, <paramref name="Actual"/> is only read
/// for a missing-value reason given for the whole KPI; <paramref name="PartsJudgedMet"/> are the agency's
/// judgements of qualitative parts, one per part, when known.
/// </summary>
public sealed record KpiEvaluationInput(
    string Code,
    Direction Direction,
    bool Exempt,
    ValueText? Target,
    ValueText? Actual,
    IReadOnlyList<(decimal? Weight, ValueText? Target, ValueText? Actual)> Parts,
    bool? JudgedMet,
    Scores? Self,
    Review? Review,
    IReadOnlyList<bool?>? PartsJudgedMet = null);

/// <summary>
/// One row of the self-assessment table: achievement, total, light — self and reviewed. The reviewed achievement
/// differs from the self one only for a qualitative KPI (or part), which the reviewer judges.
/// </summary>
public sealed record KpiEvaluation(
    string Code,
    bool Exempt,
    Achievement Achievement,
    decimal? SelfScore,
    Light SelfLight,
    Achievement ReviewAchievement,
    decimal? ReviewScore,
    Light? ReviewLight)
{
    public bool HasData => Achievement.HasRate || Achievement.Achieved is not null;
    public bool IsReviewed => ReviewLight is not null;
}

public static class KpiEvaluator
{
    /// <summary>
    /// KPI總得分 = w₁ × min(max(achievement, 0), 100) + w₂ × innovation + w₃ × challenge + w₄ × contribution,
    /// at full precision (shown to one decimal). Null only when the result leaves the range of <see cref="decimal"/>,
    /// which needs scores or weights far outside their allowed ranges; it never throws.
    /// </summary>
    public static decimal? TotalScore(decimal achievementRate, Scores scores, ScoreWeights weights)
    {
        try
        {
            return weights.Achievement * Math.Clamp(achievementRate, 0m, 100m)
                + weights.Innovation * scores.Innovation
                + weights.Challenge * scores.Challenge
                + weights.Contribution * scores.Contribution;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The light of a total score as shown (one decimal); ? for an exempt KPI or one without a score.</summary>
    public static Light LightFor(decimal? score, bool exempt, LightBands bands)
    {
        if (exempt || score is null) return Light.Unclear;
        var shown = Rounding.OneDecimal(score.Value);
        return shown >= bands.Excellent ? Light.Excellent
            : shown >= bands.Good ? Light.Good
            : shown >= bands.Fair ? Light.Fair
            : Light.Poor;
    }

    /// <summary>Evaluates one KPI: self and reviewed side by side. Never throws for any values.</summary>
    public static KpiEvaluation Evaluate(KpiEvaluationInput input, EvaluationSettings settings)
    {
        var achievement = AchievementJudgedBy(input, input.JudgedMet, input.PartsJudgedMet, reviewer: false, settings.BandRule);
        decimal? selfScore = !input.Exempt && achievement.Rate is { } rate && input.Self is { } self
            ? TotalScore(rate, self, settings.Weights) : null;
        var selfLight = LightFor(selfScore, input.Exempt, settings.Bands);

        // The reviewer's own judgement decides a qualitative KPI in the review; numbers give the same rate as above.
        var review = input.Review;
        var reviewAchievement = AchievementJudgedBy(input, review?.JudgedMet, review?.PartsJudgedMet, reviewer: true, settings.BandRule);
        decimal? reviewScore = review?.Scores is { } reviewScores && !input.Exempt && reviewAchievement.Rate is { } reviewRate
            ? TotalScore(reviewRate, reviewScores, settings.Weights) : null;
        Light? reviewLight = review is null ? null
            : input.Exempt ? Light.Unclear
            : review.Light ?? (review.Scores is null ? null : LightFor(reviewScore, input.Exempt, settings.Bands));
        return new KpiEvaluation(input.Code, input.Exempt, achievement, selfScore, selfLight, reviewAchievement, reviewScore, reviewLight);
    }

    private static Achievement AchievementJudgedBy(KpiEvaluationInput input, bool? judgedMet, IReadOnlyList<bool?>? partsJudgedMet, bool reviewer, BandRule bandRule)
    {
        Achievement result;
        if (input.Parts.Count > 0)
        {
            result = Achievement.Combine(input.Direction, input.Parts, judgedMet, bandRule, partsJudgedMet);
            // A reason given for the whole KPI explains the parts' missing actuals.
            if (result.Cause == NotAssessedCause.NoActual && input.Actual is { Form: ValueForm.Missing } whole)
                result = Achievement.NoActual(whole);
        }
        else result = Achievement.Compute(input.Direction, input.Target, input.Actual, judgedMet, bandRule);
        return reviewer && ReferenceEquals(result, Achievement.AwaitingJudgement) ? Achievement.AwaitingReviewJudgement : result;
    }
}
