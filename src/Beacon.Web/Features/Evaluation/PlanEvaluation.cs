using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;

namespace Beacon.Web.Features.Evaluation;

/// <summary>One KPI's row of the plan year's evaluation, with what it was computed from.</summary>
public sealed record KpiRow(Kpi Kpi, Objective Objective, KpiValue? Target, KpiValue? Actual, KpiEvaluation Evaluation)
{
    public KpiAssessment? Assessment => Kpi.Assessment;

    public Scores? SelfScores => Assessment is { SelfInnovation: { } i, SelfChallenge: { } c, SelfContribution: { } n } ? new Scores(i, c, n) : null;

    public Scores? ReviewScores => Assessment is { ReviewInnovation: { } i, ReviewChallenge: { } c, ReviewContribution: { } n } ? new Scores(i, c, n) : null;

    /// <summary>Self and reviewed lights differ (a reviewed KPI only).</summary>
    public bool LightDiffers => Evaluation.ReviewLight is { } review && review != Evaluation.SelfLight;

    /// <summary>The reviewer's score differs from the agency's, where both scored.</summary>
    public bool InnovationDiffers => SelfScores is { } s && ReviewScores is { } r && s.Innovation != r.Innovation;
    public bool ChallengeDiffers => SelfScores is { } s && ReviewScores is { } r && s.Challenge != r.Challenge;
    public bool ContributionDiffers => SelfScores is { } s && ReviewScores is { } r && s.Contribution != r.Contribution;

    /// <summary>The totals differ as shown (one decimal), where both have one.</summary>
    public bool TotalDiffers => Evaluation.SelfScore is { } s && Evaluation.ReviewScore is { } r && Rounding.OneDecimal(s) != Rounding.OneDecimal(r);

    /// <summary>The reviewer judged a qualitative KPI otherwise than the agency, so the achievement differs.</summary>
    public bool AchievementDiffers => Evaluation.ReviewAchievement.Achieved != Evaluation.Achievement.Achieved
        || Rounding.OneDecimal(Evaluation.ReviewAchievement.Rate) != Rounding.OneDecimal(Evaluation.Achievement.Rate);

    /// <summary>What the review changed, by field name (as the API names them): achievement, innovation, challenge, contribution, total, light.</summary>
    public IReadOnlyList<string> Differences =>
    [
        .. AchievementDiffers ? ["achievement"] : Array.Empty<string>(),
        .. InnovationDiffers ? ["innovation"] : Array.Empty<string>(),
        .. ChallengeDiffers ? ["challenge"] : Array.Empty<string>(),
        .. ContributionDiffers ? ["contribution"] : Array.Empty<string>(),
        .. TotalDiffers ? ["total"] : Array.Empty<string>(),
        .. LightDiffers ? ["light"] : Array.Empty<string>(),
    ];

    /// <summary>The review differs from the self-assessment in anything shown.</summary>
    public bool Differs => Differences.Count > 0;
}

/// <summary>The evaluation of a whole plan year: per-KPI rows and the 自評燈號統計表, self and reviewed.</summary>
public sealed record PlanEvaluation(
    Plan Plan,
    EvaluationSettings Settings,
    IReadOnlyList<KpiRow> Rows,
    IReadOnlyList<EvaluationStatistics> SelfByPerspective,
    IReadOnlyList<EvaluationStatistics> ReviewedByPerspective,
    IReadOnlyList<EvaluationStatistics> SelfByTheme,
    IReadOnlyList<EvaluationStatistics> ReviewedByTheme,
    EvaluationStatistics SelfTotal,
    EvaluationStatistics ReviewedTotal)
{
    /// <summary>
    /// Self minus reviewer, over the KPIs both scored: the inflation the studies describe. Null when none are
    /// scored by both.
    /// </summary>
    public decimal? Inflation
    {
        get
        {
            var both = Rows.Where(r => r.Evaluation.SelfScore is not null && r.Evaluation.ReviewScore is not null).ToList();
            return both.Count == 0 ? null : both.Average(r => r.Evaluation.SelfScore!.Value - r.Evaluation.ReviewScore!.Value);
        }
    }

    public int ReviewedCount => Rows.Count(r => r.Evaluation.IsReviewed);

    /// <summary>The group of the objectives shared by every theme (TC1, TF1 …) in the per-theme statistics.</summary>
    public const string SharedGroup = "T";

    /// <summary>The plan has objectives shared by every theme.</summary>
    public bool HasShared => Rows.Any(r => r.Objective.ThemeId is null);

    /// <summary>Mean self total over the KPIs the agency scored; null when none.</summary>
    public decimal? MeanSelfTotal => Mean(Rows.Select(r => r.Evaluation.SelfScore));

    /// <summary>Mean reviewed total over the KPIs the reviewer scored; null when none.</summary>
    public decimal? MeanReviewedTotal => Mean(Rows.Select(r => r.Evaluation.ReviewScore));

    private static decimal? Mean(IEnumerable<decimal?> scores)
    {
        var given = scores.OfType<decimal>().ToList();
        return given.Count == 0 ? null : given.Average();
    }

    public static PlanEvaluation Of(Plan plan)
    {
        using var timing = Operations.BeaconMetrics.TimeEvaluation();
        var settings = PlanMapping.Settings(plan.Evaluation);
        var rows = new List<KpiRow>();
        foreach (var objective in plan.Objectives)
            foreach (var kpi in objective.Kpis)
            {
                var target = YearEnd(kpi.Values, plan.Year, ValueKind.Target);
                var actual = YearEnd(kpi.Values, plan.Year, ValueKind.Actual);
                var a = kpi.Assessment;
                var input = new KpiEvaluationInput(
                    kpi.Code, kpi.Direction, kpi.Exempt,
                    Read(target),
                    Read(actual),
                    [.. kpi.Parts.Select(p => (p.Weight, Read(YearEnd(p.Values, plan.Year, ValueKind.Target)), Read(YearEnd(p.Values, plan.Year, ValueKind.Actual))))],
                    a?.SelfJudgedMet,
                    a is { SelfInnovation: { } si, SelfChallenge: { } sc, SelfContribution: { } sn } ? new Scores(si, sc, sn) : null,
                    a is null || (a.ReviewInnovation is null && a.ReviewLight is null && a.ReviewJudgedMet is null) ? null
                        : new Review(a is { ReviewInnovation: { } ri, ReviewChallenge: { } rc, ReviewContribution: { } rn } ? new Scores(ri, rc, rn) : null,
                            a.ReviewLight, a.ReviewJudgedMet, a.ReviewComment));
                rows.Add(new KpiRow(kpi, objective, target, actual, KpiEvaluator.Evaluate(input, settings)));
            }

        var byPerspective = plan.Perspectives.Select(p => (p.Code, rows.Where(r => r.Objective.PerspectiveId == p.Id).Select(r => r.Evaluation).ToList())).ToList();
        // Per theme, and the objectives shared by every theme as one more group (T) when the plan has any.
        var byTheme = plan.Themes.Select(t => (t.Code, rows.Where(r => r.Objective.ThemeId == t.Id).Select(r => r.Evaluation).ToList())).ToList();
        if (rows.Any(r => r.Objective.ThemeId is null))
            byTheme.Add((SharedGroup, rows.Where(r => r.Objective.ThemeId is null).Select(r => r.Evaluation).ToList()));
        return new PlanEvaluation(plan, settings, rows,
            [.. byPerspective.Select(x => EvaluationStatistics.Self(x.Code, x.Item2))],
            [.. byPerspective.Select(x => EvaluationStatistics.Reviewed(x.Code, x.Item2))],
            [.. byTheme.Select(x => EvaluationStatistics.Self(x.Code, x.Item2))],
            [.. byTheme.Select(x => EvaluationStatistics.Reviewed(x.Code, x.Item2))],
            EvaluationStatistics.Self("total", rows.Select(r => r.Evaluation)),
            EvaluationStatistics.Reviewed("total", rows.Select(r => r.Evaluation)));
    }

    public static KpiValue? YearEnd(IEnumerable<KpiValue> values, int year, ValueKind kind) =>
        values.FirstOrDefault(v => v.Year == year && v.Kind == kind && v.Period is null);

    /// <summary>
    /// A stored value as the evaluation reads it: its text, or, where the text is the stored number rounded (a value
    /// computed by a formula: text 33.3333, number 33.333333…), the number at full precision.
    /// </summary>
    private static ValueText? Read(KpiValue? value)
    {
        if (value is null) return null;
        var parsed = ValueText.Parse(value.Text);
        return parsed is { Form: ValueForm.Number, Number: { } shown } && value.Number is { } exact
            && exact.Scale > shown.Scale && Math.Round(exact, shown.Scale, MidpointRounding.AwayFromZero) == shown
            ? parsed with { Number = exact } : parsed;
    }
}
