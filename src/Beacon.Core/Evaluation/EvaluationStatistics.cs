namespace Beacon.Core.Evaluation;

public sealed record LightCounts(int Excellent, int Good, int Fair, int Poor, int Unclear)
{
    public int Total => Excellent + Good + Fair + Poor + Unclear;

    public int this[Light light] => light switch
    {
        Light.Excellent => Excellent,
        Light.Good => Good,
        Light.Fair => Fair,
        Light.Poor => Poor,
        _ => Unclear,
    };
}

/// <summary>
/// One row of 自評燈號統計表: number of KPIs; achieved; not achieved; no data (無相關統計數據: no rate could be
/// computed — no actual value, a qualitative KPI nobody has judged, a target of 0, parts that cannot be added); and
/// the count of each light. An exempt KPI (免予評核) has the light ? but counts as achieved or not from its target
/// and actual like any other; <see cref="Exempt"/> says how many of the KPIs are exempt. Achieved + not achieved + no data = KPIs, and the lights add up to KPIs too.
/// </summary>
public sealed record EvaluationStatistics(string Group, int Kpis, int Achieved, int NotAchieved, int NoData, LightCounts Lights, int Exempt)
{
    public static EvaluationStatistics Of(string group, IEnumerable<KpiEvaluation> rows, Func<KpiEvaluation, Achievement> achievement, Func<KpiEvaluation, Light> light)
    {
        int kpis = 0, achieved = 0, notAchieved = 0, noData = 0, exempt = 0;
        var counts = new int[5];
        foreach (var row in rows)
        {
            kpis++;
            // An exempt KPI is shown, not scored (light ?), yet it still counts as achieved or not from its data
            // (DOMAIN.md): only a KPI without data counts under no data.
            switch (achievement(row).Achieved)
            {
                case true: achieved++; break;
                case false: notAchieved++; break;
                default: noData++; break;
            }
            if (row.Exempt) exempt++;
            counts[(int)light(row)]++;
        }
        return new EvaluationStatistics(group, kpis, achieved, notAchieved, noData, new LightCounts(counts[0], counts[1], counts[2], counts[3], counts[4]), exempt);
    }

    /// <summary>The agency's view: self-assessed achievement (its own judgement of qualitative KPIs) and lights.</summary>
    public static EvaluationStatistics Self(string group, IEnumerable<KpiEvaluation> rows) => Of(group, rows, r => r.Achievement, r => r.SelfLight);

    /// <summary>
    /// The reviewed view: the reviewer's achievement (qualitative KPIs as the reviewer judged them) and lights
    /// (? where the review has not graded the KPI).
    /// </summary>
    public static EvaluationStatistics Reviewed(string group, IEnumerable<KpiEvaluation> rows) => Of(group, rows, r => r.ReviewAchievement, r => r.ReviewLight ?? Light.Unclear);
}
