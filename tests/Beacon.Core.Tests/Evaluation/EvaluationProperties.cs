using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using FsCheck;
using FsCheck.Fluent;

namespace Beacon.Core.Tests.Evaluation;

/// <summary>Properties that hold for every input in range (FsCheck, 1,000 cases each).</summary>
public class EvaluationProperties
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static Gen<decimal> Percent => Gen.Choose(0, 10000).Select(i => i / 100m);
    private static Gen<decimal> Achievement => Gen.Choose(-50000, 50000).Select(i => i / 100m);

    [Fact]
    public void Score_stays_within_0_and_100_for_inputs_in_range()
    {
        var inputs = from rate in Achievement from a in Percent from b in Percent from c in Percent select (rate, new Scores(a, b, c));
        Prop.ForAll(Arb.From(inputs), x =>
        {
            var score = KpiEvaluator.TotalScore(x.rate, x.Item2, ScoreWeights.Default);
            return score is >= 0 and <= 100;
        }).Check(Many);
    }

    [Fact]
    public void Score_never_falls_when_one_criterion_rises()
    {
        var inputs = from rate in Achievement from a in Percent from b in Percent from c in Percent
                     from which in Gen.Choose(0, 3) from bump in Percent select (rate, a, b, c, which, bump);
        Prop.ForAll(Arb.From(inputs), x =>
        {
            var (rate, a, b, c, which, bump) = x;
            var before = new Scores(a, b, c);
            var after = which switch
            {
                0 => before with { Innovation = Math.Min(100, a + bump) },
                1 => before with { Challenge = Math.Min(100, b + bump) },
                _ => before with { Contribution = Math.Min(100, c + bump) },
            };
            var higherRate = which == 3 ? rate + bump : rate;
            return KpiEvaluator.TotalScore(higherRate, after, ScoreWeights.Default) >= KpiEvaluator.TotalScore(rate, before, ScoreWeights.Default);
        }).Check(Many);
    }

    [Fact]
    public void Light_never_gets_worse_as_the_score_rises()
    {
        Prop.ForAll(Arb.From(Gen.Zip(Percent, Percent)), x =>
        {
            var (low, high) = x.Item1 <= x.Item2 ? (x.Item1, x.Item2) : (x.Item2, x.Item1);
            // Light enum order is best first, so a better light has a smaller value.
            return KpiEvaluator.LightFor(high, false, LightBands.Default) <= KpiEvaluator.LightFor(low, false, LightBands.Default);
        }).Check(Many);
    }

    [Fact]
    public void Negative_direction_mirrors_positive()
    {
        // Swapping target and actual turns a positive rate into the negative rate of the same pair.
        var positive = Gen.Choose(1, 100000).Select(i => i / 100m);
        Prop.ForAll(Arb.From(Gen.Zip(positive, positive)), x =>
        {
            var (t, a) = x;
            var asPositive = Beacon.Core.Evaluation.Achievement.Compute(Direction.Positive, Number(a), Number(t), null, BandRule.Proportional);
            var asNegative = Beacon.Core.Evaluation.Achievement.Compute(Direction.Negative, Number(t), Number(a), null, BandRule.Proportional);
            return asPositive.Rate == asNegative.Rate && asPositive.Achieved == asNegative.Achieved;
        }).Check(Many);
    }

    [Fact]
    public void Statistics_add_up_to_the_number_of_KPIs()
    {
        var row = from target in Gen.Choose(0, 200) from actual in Gen.Choose(-1, 200)
                  from a in Percent from b in Percent from c in Percent from exempt in Gen.Elements(true, false)
                  select KpiEvaluator.Evaluate(new KpiEvaluationInput("K", Direction.Positive, exempt,
                      Number(target), actual < 0 ? ValueText.Parse("無實際值") : Number(actual), [], null,
                      new Scores(a, b, c), null), EvaluationSettings.Default);
        Prop.ForAll(Arb.From(Gen.ListOf(row)), rows =>
        {
            var stats = EvaluationStatistics.Self("all", rows);
            return stats.Kpis == rows.Count
                && stats.Achieved + stats.NotAchieved + stats.NoData == stats.Kpis
                && stats.Lights.Total == stats.Kpis;
        }).Check(Many);
    }

    private static ValueText Number(decimal value) => ValueText.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
