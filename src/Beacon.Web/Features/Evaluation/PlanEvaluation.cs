using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;

namespace Beacon.Web.Features.Evaluation;

/// <summary>One KPI's row of the plan year's evaluation, with what it was computed from.</summary>
public sealed record KpiRow(Kpi Kpi, Objective Objective, KpiValue? Target, KpiValue? Actual, KpiEvaluation Evaluation, int Year)
{
    public KpiAssessment? Assessment => Kpi.Assessment;

    /// <summary>Each part's target and actual of the year, for a KPI printed in parts.</summary>
    public IReadOnlyList<(string Name, KpiValue? Value)> PartTargets => [.. Kpi.Parts.Select(p => (p.Name, PlanEvaluation.YearEnd(p.Values, Year, ValueKind.Target)))];
    public IReadOnlyList<(string Name, KpiValue? Value)> PartActuals => [.. Kpi.Parts.Select(p => (p.Name, PlanEvaluation.YearEnd(p.Values, Year, ValueKind.Actual)))];

    public Scores? SelfScores => Assessment is { SelfInnovation: { } i, SelfChallenge: { } c, SelfContribution: { } n } ? new Scores(i, c, n) : null;

    public Scores? ReviewScores => Assessment is { ReviewInnovation: { } i, ReviewChallenge: { } c, ReviewContribution: { } n } ? new Scores(i, c, n) : null;

    /// <summary>What the review changed, by field name (as the API names them): achievement, innovation, challenge, contribution, total, light.</summary>
    public IReadOnlyList<string> Differences { get; } = ReviewComparison.Differences(Evaluation,
        Kpi.Assessment is { SelfInnovation: { } i, SelfChallenge: { } c, SelfContribution: { } n } ? new Scores(i, c, n) : null,
        Kpi.Assessment is { ReviewInnovation: { } ri, ReviewChallenge: { } rc, ReviewContribution: { } rn } ? new Scores(ri, rc, rn) : null);

    public bool AchievementDiffers => Differences.Contains("achievement");
    public bool InnovationDiffers => Differences.Contains("innovation");
    public bool ChallengeDiffers => Differences.Contains("challenge");
    public bool ContributionDiffers => Differences.Contains("contribution");
    public bool TotalDiffers => Differences.Contains("total");
    public bool LightDiffers => Differences.Contains("light");

    /// <summary>The reviewed light as shown; null when there is no review.</summary>
    public Light? ShownReviewLight => ReviewComparison.ShownLight(Evaluation, Assessment?.ReviewJudgedMet, Assessment?.ReviewComment);

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
    public decimal? Inflation => ReviewComparison.Inflation(Rows.Select(r => r.Evaluation));

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
                    a is null ? null : ReviewComparison.Of(a.ReviewInnovation, a.ReviewChallenge, a.ReviewContribution, a.ReviewLight, a.ReviewJudgedMet, a.ReviewComment));
                rows.Add(new KpiRow(kpi, objective, target, actual, KpiEvaluator.Evaluate(input, settings), plan.Year));
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

    /// <summary>A stored value as the evaluation reads it: the columns parsed once when it was stored.</summary>
    public static ValueText? Read(KpiValue? value) => value?.Read();
}
