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
    public bool Differs => Evaluation.ReviewLight is { } review && review != Evaluation.SelfLight;
}

/// <summary>The evaluation of a whole plan year: per-KPI rows and the 自評燈號統計表, self and reviewed.</summary>
public sealed record PlanEvaluation(
    Plan Plan,
    EvaluationSettings Settings,
    IReadOnlyList<KpiRow> Rows,
    IReadOnlyList<EvaluationStatistics> SelfByPerspective,
    IReadOnlyList<EvaluationStatistics> ReviewedByPerspective,
    IReadOnlyList<EvaluationStatistics> SelfByTheme,
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

    public static PlanEvaluation Of(Plan plan)
    {
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
                    target is null ? null : ValueText.Parse(target.Text),
                    actual is null ? null : ValueText.Parse(actual.Text),
                    [.. kpi.Parts.Select(p => (p.Weight,
                        YearEnd(p.Values, plan.Year, ValueKind.Target) is { } pt ? ValueText.Parse(pt.Text) : null,
                        YearEnd(p.Values, plan.Year, ValueKind.Actual) is { } pa ? ValueText.Parse(pa.Text) : null))],
                    a?.SelfJudgedMet,
                    a is { SelfInnovation: { } si, SelfChallenge: { } sc, SelfContribution: { } sn } ? new Scores(si, sc, sn) : null,
                    a is null || (a.ReviewInnovation is null && a.ReviewLight is null && a.ReviewJudgedMet is null) ? null
                        : new Review(a is { ReviewInnovation: { } ri, ReviewChallenge: { } rc, ReviewContribution: { } rn } ? new Scores(ri, rc, rn) : null,
                            a.ReviewLight, a.ReviewJudgedMet, a.ReviewComment));
                rows.Add(new KpiRow(kpi, objective, target, actual, KpiEvaluator.Evaluate(input, settings)));
            }

        var byPerspective = plan.Perspectives.Select(p => (p, rows.Where(r => r.Objective.PerspectiveId == p.Id).Select(r => r.Evaluation).ToList())).ToList();
        return new PlanEvaluation(plan, settings, rows,
            [.. byPerspective.Select(x => EvaluationStatistics.Self(x.p.Code, x.Item2))],
            [.. byPerspective.Select(x => EvaluationStatistics.Reviewed(x.p.Code, x.Item2))],
            [.. plan.Themes.Select(t => EvaluationStatistics.Self(t.Code, rows.Where(r => r.Objective.ThemeId == t.Id).Select(r => r.Evaluation)))],
            EvaluationStatistics.Self("total", rows.Select(r => r.Evaluation)),
            EvaluationStatistics.Reviewed("total", rows.Select(r => r.Evaluation)));
    }

    public static KpiValue? YearEnd(IEnumerable<KpiValue> values, int year, ValueKind kind) =>
        values.FirstOrDefault(v => v.Year == year && v.Kind == kind && v.Period is null);
}
