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
/// One row of 自評燈號統計表: number of KPIs; achieved; not achieved; no data (無相關統計數據: no actual value, or a
/// qualitative KPI nobody has judged yet); and the count of each light. Achieved + not achieved + no data = KPIs,
/// and the lights add up to KPIs too.
/// </summary>
public sealed record EvaluationStatistics(string Group, int Kpis, int Achieved, int NotAchieved, int NoData, LightCounts Lights)
{
    public static EvaluationStatistics Of(string group, IEnumerable<KpiEvaluation> rows, Func<KpiEvaluation, Light> light)
    {
        int kpis = 0, achieved = 0, notAchieved = 0, noData = 0;
        var counts = new int[5];
        foreach (var row in rows)
        {
            kpis++;
            switch (row.Achievement.Achieved)
            {
                case true: achieved++; break;
                case false: notAchieved++; break;
                default: noData++; break;
            }
            counts[(int)light(row)]++;
        }
        return new EvaluationStatistics(group, kpis, achieved, notAchieved, noData, new LightCounts(counts[0], counts[1], counts[2], counts[3], counts[4]));
    }

    /// <summary>Self-assessed lights.</summary>
    public static EvaluationStatistics Self(string group, IEnumerable<KpiEvaluation> rows) => Of(group, rows, r => r.SelfLight);

    /// <summary>Reviewed lights (? where the review has not graded the KPI).</summary>
    public static EvaluationStatistics Reviewed(string group, IEnumerable<KpiEvaluation> rows) => Of(group, rows, r => r.ReviewLight ?? Light.Unclear);
}
