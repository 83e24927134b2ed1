using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Core.Evaluation;

/// <summary>The three criteria an agency (or a reviewer) scores, each 0–100: 創新度, 挑戰度, 貢獻度.</summary>
public sealed record Scores(decimal Innovation, decimal Challenge, decimal Contribution)
{
    public IReadOnlyList<Problem> Validate(string path)
    {
        var problems = new List<Problem>();
        foreach (var (name, zh, value) in new[] { ("innovation", "創新度", Innovation), ("challenge", "挑戰度", Challenge), ("contribution", "貢獻度", Contribution) })
            if (value is < 0 or > 100)
                problems.Add(new Problem($"{path}.{name}", $"{zh} {value} 超出範圍：應介於 0 與 100 之間", $"{name} {value} is out of range: it must be between 0 and 100"));
        return problems;
    }
}

/// <summary>A reviewer's re-grading (複核), kept beside the self-assessment and never overwriting it.</summary>
public sealed record Review(Scores? Scores, Light? Light, bool? JudgedMet, string? Comment);

/// <summary>Everything needed to evaluate one KPI for one year.</summary>
public sealed record KpiEvaluationInput(
    string Code,
    Direction Direction,
    bool Exempt,
    ValueText? Target,
    ValueText? Actual,
    IReadOnlyList<(decimal? Weight, ValueText? Target, ValueText? Actual)> Parts,
    bool? JudgedMet,
    Scores? Self,
    Review? Review);

/// <summary>One row of the self-assessment table: achievement, total, light — self and reviewed.</summary>
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
    /// at full precision (shown to one decimal).
    /// </summary>
    public static decimal TotalScore(decimal achievementRate, Scores scores, ScoreWeights weights) =>
        weights.Achievement * Math.Clamp(achievementRate, 0m, 100m)
        + weights.Innovation * scores.Innovation
        + weights.Challenge * scores.Challenge
        + weights.Contribution * scores.Contribution;

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

    public static KpiEvaluation Evaluate(KpiEvaluationInput input, EvaluationSettings settings)
    {
        Achievement AchievementJudgedBy(bool? judgedMet) => input.Parts.Count > 0
            ? Achievement.Combine(input.Direction, input.Parts, judgedMet, settings.BandRule)
            : Achievement.Compute(input.Direction, input.Target, input.Actual, judgedMet, settings.BandRule);

        var achievement = AchievementJudgedBy(input.JudgedMet);
        decimal? selfScore = !input.Exempt && achievement.Rate is { } rate && input.Self is { } self
            ? TotalScore(rate, self, settings.Weights) : null;
        var selfLight = LightFor(selfScore, input.Exempt, settings.Bands);

        var review = input.Review;
        var reviewAchievement = review?.JudgedMet is not null ? AchievementJudgedBy(review.JudgedMet) : achievement;
        decimal? reviewScore = review?.Scores is { } reviewScores && !input.Exempt && reviewAchievement.Rate is { } reviewRate
            ? TotalScore(reviewRate, reviewScores, settings.Weights) : null;
        Light? reviewLight = review is null ? null
            : review.Light ?? (review.Scores is null ? null : LightFor(reviewScore, input.Exempt, settings.Bands));
        return new KpiEvaluation(input.Code, input.Exempt, achievement, selfScore, selfLight, reviewAchievement, reviewScore, reviewLight);
    }
}
