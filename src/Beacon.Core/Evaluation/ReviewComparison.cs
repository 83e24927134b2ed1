namespace Beacon.Core.Evaluation;

/// <summary>
/// Self-assessment and review side by side: what the review changed, and how much the agencies' own totals run
/// above the reviewer's (the inflation the published studies describe).
/// </summary>
public static class ReviewComparison
{
    /// <summary>
    /// The review as stored, or null when the reviewer has given nothing that grades the KPI (no score, light or
    /// judgement; a comment alone does not review it). The three scores count only together.
    /// </summary>
    public static Review? Of(decimal? innovation, decimal? challenge, decimal? contribution, Light? light, bool? met, string? comment) =>
        innovation is null && light is null && met is null ? null
            : new Review(innovation is { } i && challenge is { } c && contribution is { } n ? new Scores(i, c, n) : null, light, met, comment);

    /// <summary>The reviewed light as shown: the reviewer's, ? for a review with only a comment or a judgement, null when there is no review.</summary>
    public static Light? ShownLight(KpiEvaluation evaluation, bool? reviewMet, string? reviewComment) =>
        evaluation.ReviewLight ?? (reviewComment is not null || reviewMet is not null ? Light.Unclear : null);

    /// <summary>
    /// What the review changed, by field name (as the API names them): achievement (a qualitative KPI judged
    /// otherwise), innovation, challenge, contribution (where both scored), total (as shown, one decimal), light.
    /// </summary>
    public static IReadOnlyList<string> Differences(KpiEvaluation e, Scores? self, Scores? review)
    {
        var differences = new List<string>();
        if (e.ReviewAchievement.Achieved != e.Achievement.Achieved || Rounding.OneDecimal(e.ReviewAchievement.Rate) != Rounding.OneDecimal(e.Achievement.Rate))
            differences.Add("achievement");
        if (self is { } s && review is { } r)
        {
            if (s.Innovation != r.Innovation) differences.Add("innovation");
            if (s.Challenge != r.Challenge) differences.Add("challenge");
            if (s.Contribution != r.Contribution) differences.Add("contribution");
        }
        if (e.SelfScore is { } selfTotal && e.ReviewScore is { } reviewTotal && Rounding.OneDecimal(selfTotal) != Rounding.OneDecimal(reviewTotal))
            differences.Add("total");
        if (e.ReviewLight is { } light && light != e.SelfLight) differences.Add("light");
        return differences;
    }

    /// <summary>Self minus reviewer, over the KPIs both scored; null when none are scored by both.</summary>
    public static decimal? Inflation(IEnumerable<KpiEvaluation> rows)
    {
        var both = rows.Where(r => r.SelfScore is not null && r.ReviewScore is not null).ToList();
        return both.Count == 0 ? null : both.Average(r => r.SelfScore!.Value - r.ReviewScore!.Value);
    }
}
