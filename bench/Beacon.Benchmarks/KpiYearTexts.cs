using System.Globalization;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Benchmarks;

/// <summary>One KPI-year as an agency's form holds it: the printed target and actual texts, not yet read.</summary>
public sealed record KpiYearText(
    string Code,
    Direction Direction,
    bool Exempt,
    string? Target,
    string? Actual,
    IReadOnlyList<(decimal? Weight, string Target, string Actual)> Parts,
    bool? JudgedMet,
    Scores? Self,
    Review? Review)
{
    private static readonly IReadOnlyList<(decimal? Weight, ValueText? Target, ValueText? Actual)> NoParts = [];

    /// <summary>Reads every text with <see cref="ValueText.Parse"/>, as an import or the entry page does.</summary>
    public KpiEvaluationInput Read()
    {
        var parts = NoParts;
        if (Parts.Count > 0)
        {
            var read = new (decimal? Weight, ValueText? Target, ValueText? Actual)[Parts.Count];
            for (var i = 0; i < read.Length; i++)
                read[i] = (Parts[i].Weight, ValueText.Parse(Parts[i].Target), ValueText.Parse(Parts[i].Actual));
            parts = read;
        }
        return new KpiEvaluationInput(Code, Direction, Exempt,
            Target is null ? null : ValueText.Parse(Target), Actual is null ? null : ValueText.Parse(Actual),
            parts, JudgedMet, Self, Review);
    }
}

/// <summary>
/// A deterministic, made-up set of KPI-years shaped like the Taipei plans in data/plans: the same kinds of texts
/// (92.8, 75,000, ≥99.5, ≤266, ±10, 累積啟動 19,661 戶, 84.12 (109 年度), 4,143 (身障3,107+老人1,036), 無實際值,
/// 高於6都平均值, 公務 82 公彩 82) in roughly the proportions found there, with self scores on most and reviews on some.
/// </summary>
public static class KpiYearTexts
{
    private static readonly string[] Codes =
        [.. from theme in "ABCDEFGH" from perspective in "CPLF" from objective in Enumerable.Range(1, 4)
            from kpi in Enumerable.Range(1, 3) select $"{theme}{perspective}{objective}.{kpi}"];

    private static readonly string[] MissingActuals =
        ["無實際值", "無實際值", "無", "110年尚未調查完成，故無數據提供", "數據由勞保局於每年3月間提供"];

    private static readonly string[] Comments = ["請補充未達成原因", "目標值宜再提高", "同意自評"];

    public static KpiYearText[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new KpiYearText[count];
        for (var i = 0; i < count; i++) texts[i] = Next(random);
        return texts;
    }

    private static KpiYearText Next(Random random)
    {
        var code = Codes[random.Next(Codes.Length)];
        var exempt = random.Next(50) == 0;
        var roll = random.Next(100);
        var kpi = roll switch
        {
            < 58 => Positive(random, code),
            < 76 => Negative(random, code),
            < 80 => Band(random, code),
            < 94 => Qualitative(random, code),
            _ => InParts(random, code),
        };
        var qualitative = kpi.Direction == Direction.Qualitative || kpi.JudgedMet is not null;
        var self = exempt || random.Next(10) == 0 ? null : RandomScores(random, 0);
        return kpi with { Exempt = exempt, Self = self, Review = RandomReview(random, self, qualitative) };
    }

    private static KpiYearText Positive(Random random, string code)
    {
        string target, actual;
        var form = random.Next(100);
        if (form < 50)
        {
            // a rate in percent: 80–99.9, one or two decimals or none
            var t = Round(80 + 19.9 * random.NextDouble(), random.Next(3));
            target = Text(t);
            actual = Text(Round((double)t * (0.85 + 0.3 * random.NextDouble()), 2));
            if (random.Next(30) == 0) actual += " (109 年度)";
        }
        else if (form < 80)
        {
            // a count with thousands separators: 1,000–5,000,000
            var t = Math.Round((decimal)Math.Pow(10, 3 + 3.7 * random.NextDouble()));
            target = Count(t);
            var a = Math.Round(t * (decimal)(0.85 + 0.3 * random.NextDouble()));
            actual = random.Next(10) == 0 ? $"{Count(a)} (身障{Count(Math.Round(a * 0.75m))}+老人{Count(a - Math.Round(a * 0.75m))})" : Count(a);
        }
        else if (form < 90)
        {
            var t = (decimal)random.Next(5_000, 25_000);
            target = $"累積啟動 {Count(t)} 戶";
            actual = $"累積啟動 {Count(Math.Round(t * (decimal)(0.9 + 0.2 * random.NextDouble())))} 戶";
        }
        else if (form < 98)
        {
            // met by the comparison: ≥99.65 with 99.68
            var t = Round(99 + 0.9 * random.NextDouble(), 2);
            target = $"≥{Text(t)}";
            actual = Text(Round((double)t - 0.3 + 0.6 * random.NextDouble(), 2));
        }
        else
        {
            // two figures side by side: read as a sentence, a person judges
            target = "公務 82 公彩 82";
            actual = $"公務 {random.Next(70, 100)} 公彩 {random.Next(70, 101)}";
            return new KpiYearText(code, Direction.Positive, false, target, actual, [], Judgement(random), null, null);
        }
        return new KpiYearText(code, Direction.Positive, false, target, MaybeMissing(random, actual), [], null, null, null);
    }

    private static KpiYearText Negative(Random random, string code)
    {
        string target, actual;
        if (random.Next(6) == 0)
        {
            var t = (decimal)random.Next(100, 400);
            target = $"≤{Text(t)}";
            actual = Count(Math.Round(t * (decimal)(0.8 + 0.4 * random.NextDouble())));
        }
        else
        {
            // a rate to lower: 1–15, e.g. 3.57 target and 2.88 actual
            var t = Round(1 + 14 * random.NextDouble(), 2);
            target = Text(t);
            actual = random.Next(50) == 0 ? "0" : Text(Round((double)t * (0.7 + 0.6 * random.NextDouble()), 2));
        }
        return new KpiYearText(code, Direction.Negative, false, target, MaybeMissing(random, actual), [], null, null, null);
    }

    private static KpiYearText Band(Random random, string code)
    {
        var width = random.Next(2) == 0 ? 10m : 1.5m;
        var actual = Round((double)width * (-2 + 4 * random.NextDouble()), 1);
        return new KpiYearText(code, Direction.Band, false, $"±{Text(width)}", MaybeMissing(random, Text(actual)), [], null, null, null);
    }

    private static KpiYearText Qualitative(Random random, string code)
    {
        var actual = random.Next(10) == 0 ? "無實際值" : random.Next(4) == 0 ? "未高於6都平均值" : "高於6都平均值";
        return new KpiYearText(code, Direction.Qualitative, false, "高於6都平均值", actual, [], Judgement(random), null, null);
    }

    /// <summary>A KPI printed in parts: half weighted (50% + 50%, or 40/30/30), half pieces of one total.</summary>
    private static KpiYearText InParts(Random random, string code)
    {
        var count = random.Next(2, 4);
        var weighted = random.Next(2) == 0;
        decimal?[] weights = !weighted ? [null, null, null] : count == 2 ? [50m, 50m] : [40m, 30m, 30m];
        var parts = new (decimal? Weight, string Target, string Actual)[count];
        for (var p = 0; p < count; p++)
        {
            var t = (decimal)random.Next(100, 50_000);
            var a = Math.Round(t * (decimal)(0.8 + 0.4 * random.NextDouble()));
            parts[p] = (weights[p], Count(t), random.Next(20) == 0 ? "無實際值" : Count(a));
        }
        return new KpiYearText(code, Direction.Positive, false, null, null, parts, null, null, null);
    }

    private static Review? RandomReview(Random random, Scores? self, bool qualitative)
    {
        var roll = random.Next(100);
        if (roll >= 25) return null;
        var comment = random.Next(3) == 0 ? Comments[random.Next(Comments.Length)] : null;
        // reviewers mostly give the three scores, a little below the agency's own (the inflation the studies describe)
        if (roll < 15) return new Review(RandomScores(random, self is null ? 0 : 5), null, qualitative ? Judgement(random) : null, comment);
        if (roll < 21) return new Review(null, (Light)random.Next(4), null, comment);
        return new Review(null, null, qualitative ? Judgement(random) : null, comment);
    }

    private static Scores RandomScores(Random random, int lower) =>
        new(random.Next(70, 101) - lower, random.Next(75, 101) - lower, random.Next(75, 101) - lower);

    /// <summary>A person's judgement of a qualitative KPI: mostly met, sometimes not, sometimes not yet judged.</summary>
    private static bool? Judgement(Random random) => random.Next(10) switch
    {
        < 6 => true,
        < 8 => false,
        _ => null,
    };

    private static string MaybeMissing(Random random, string actual) =>
        random.Next(10) == 0 ? MissingActuals[random.Next(MissingActuals.Length)] : actual;

    private static decimal Round(double value, int decimals) =>
        Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(decimal value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
