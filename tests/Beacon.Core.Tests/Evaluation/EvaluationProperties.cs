using System.Globalization;
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
    private static Gen<decimal> Rate => Gen.Choose(-50000, 50000).Select(i => i / 100m);
    private static Gen<decimal> Moderate => Gen.Choose(-100000, 100000).Select(i => i / 100m);

    /// <summary>Every decimal: extremes, and any 96-bit mantissa with any sign and scale.</summary>
    private static Gen<decimal> AnyDecimal => Gen.OneOf(
        Gen.Elements(0m, 1m, -1m, 100m, -1.5m, 0.5m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m),
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from mid in Gen.Choose(int.MinValue, int.MaxValue)
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from negative in Gen.Elements(true, false)
        from scale in Gen.Choose(0, 28)
        select new decimal(lo, mid, hi, negative, (byte)scale),
        Moderate);

    /// <summary>Weights in 0..1 with four decimals adding up to exactly 1, in any order.</summary>
    private static Gen<ScoreWeights> ValidWeights =>
        from a in Gen.Choose(0, 10000)
        from b in Gen.Choose(0, 10000 - a)
        from c in Gen.Choose(0, 10000 - a - b)
        from order in Gen.Shuffle(new[] { a, b, c, 10000 - a - b - c })
        select new ScoreWeights(order[0] / 10000m, order[1] / 10000m, order[2] / 10000m, order[3] / 10000m);

    private static Gen<LightBands> ValidBands =>
        from x in Percent from y in Percent from z in Percent
        let sorted = new[] { x, y, z }.OrderDescending().ToArray()
        select new LightBands(sorted[0], sorted[1], sorted[2]);

    private static ValueText Number(decimal value) => ValueText.Parse(value.ToString(CultureInfo.InvariantCulture));

    private static Achievement Compute(Direction direction, decimal target, decimal actual, string comparator = "") =>
        Achievement.Compute(direction, ValueText.Parse(comparator + target.ToString(CultureInfo.InvariantCulture)), Number(actual), null, BandRule.Proportional);

    // --- Scores and lights ---------------------------------------------------------------------------------------

    [Fact]
    public void Score_stays_within_0_and_100_for_any_valid_weights()
    {
        var inputs = from rate in Rate from a in Percent from b in Percent from c in Percent from w in ValidWeights select (rate, new Scores(a, b, c), w);
        Prop.ForAll(Arb.From(inputs), x => KpiEvaluator.TotalScore(x.rate, x.Item2, x.w) is >= 0 and <= 100).Check(Many);
    }

    [Fact]
    public void Raising_one_criterion_alone_raises_the_score_by_its_weight_times_the_rise()
    {
        // Each of the four criteria on its own, with any valid weights: the score never falls, and it moves by exactly
        // weight × (effective rise) — the achievement counts only between 0 and 100, scores are capped at 100.
        var inputs = from rate in Rate from a in Percent from b in Percent from c in Percent from w in ValidWeights
                     from which in Gen.Choose(0, 3) from bump in Percent select (rate, new Scores(a, b, c), w, which, bump);
        Prop.ForAll(Arb.From(inputs), x =>
        {
            var (rate, before, w, which, bump) = x;
            var (afterRate, after, weight, rise) = which switch
            {
                0 => (rate + bump, before, w.Achievement, Math.Clamp(rate + bump, 0, 100) - Math.Clamp(rate, 0, 100)),
                1 => (rate, before with { Innovation = Math.Min(100, before.Innovation + bump) }, w.Innovation, Math.Min(100, before.Innovation + bump) - before.Innovation),
                2 => (rate, before with { Challenge = Math.Min(100, before.Challenge + bump) }, w.Challenge, Math.Min(100, before.Challenge + bump) - before.Challenge),
                _ => (rate, before with { Contribution = Math.Min(100, before.Contribution + bump) }, w.Contribution, Math.Min(100, before.Contribution + bump) - before.Contribution),
            };
            var difference = KpiEvaluator.TotalScore(afterRate, after, w)!.Value - KpiEvaluator.TotalScore(rate, before, w)!.Value;
            return difference >= 0 && difference == weight * rise;
        }).Check(Many);
    }

    [Fact]
    public void Light_never_gets_worse_as_the_score_rises_for_any_valid_bands()
    {
        Prop.ForAll(Arb.From(from low in Percent from rise in Percent from bands in ValidBands select (low, high: low + rise, bands)), x =>
            // Light enum order is best first, so a better light has a smaller value.
            KpiEvaluator.LightFor(x.high, false, x.bands) <= KpiEvaluator.LightFor(x.low, false, x.bands)).Check(Many);
    }

    [Fact]
    public void Light_is_excellent_exactly_from_the_excellent_band_as_shown()
    {
        Prop.ForAll(Arb.From(from score in Percent from bands in ValidBands select (score, bands)), x =>
            (KpiEvaluator.LightFor(x.score, false, x.bands) == Light.Excellent) == (Rounding.OneDecimal(x.score) >= x.bands.Excellent)
            && (KpiEvaluator.LightFor(x.score, false, x.bands) == Light.Poor) == (Rounding.OneDecimal(x.score) < x.bands.Fair)).Check(Many);
    }

    // --- Achievement ---------------------------------------------------------------------------------------------

    [Fact]
    public void Positive_achievement_never_falls_as_the_actual_rises()
    {
        var inputs = from t in Moderate.Where(t => t != 0) from a in Moderate from rise in Percent
                     from comparator in Gen.Elements("", "≥") select (t, a, rise, comparator);
        Prop.ForAll(Arb.From(inputs), x =>
        {
            var low = Compute(Direction.Positive, x.t, x.a, x.comparator);
            var high = Compute(Direction.Positive, x.t, x.a + x.rise, x.comparator);
            return low.Rate <= high.Rate && (low.Achieved != true || high.Achieved == true)
                && (x.a == x.t) == (low.Rate == 100m) && low.Achieved == (x.a >= x.t);
        }).Check(Many);
    }

    [Fact]
    public void Negative_achievement_never_rises_as_the_actual_rises()
    {
        // At an actual of 0 or below (T ≥ 0) the rate is 100, all the score counts, while T ÷ A grows without bound
        // as A nears 0: the rate as scored (0..100) never rises, the raw rate never rises above 0.
        var inputs = from t in Moderate from a in Moderate from rise in Percent
                     from comparator in Gen.Elements("", "≤") select (t, a, rise, comparator);
        Prop.ForAll(Arb.From(inputs), x =>
        {
            var low = Compute(Direction.Negative, x.t, x.a, x.comparator);
            var high = Compute(Direction.Negative, x.t, x.a + x.rise, x.comparator);
            var rawFalls = !(x.a > 0 || x.t < 0) || high.Rate <= low.Rate;
            return Math.Clamp(high.Rate!.Value, 0, 100) <= Math.Clamp(low.Rate!.Value, 0, 100) && rawFalls
                && (high.Achieved != true || low.Achieved == true) && low.Achieved == (x.a <= x.t);
        }).Check(Many);
    }

    [Fact]
    public void Band_achievement_never_rises_as_the_actual_leaves_the_centre()
    {
        var inputs = from w in Percent from a in Moderate from away in Percent from rule in Gen.Elements(BandRule.Proportional, BandRule.ZeroOutside) select (w, a, away, rule);
        Prop.ForAll(Arb.From(inputs), x =>
        {
            var further = x.a >= 0 ? x.a + x.away : x.a - x.away;
            Achievement Band(decimal actual) => Achievement.Compute(Direction.Band, Number(x.w), Number(actual), null, x.rule);
            return Band(further).Rate <= Band(x.a).Rate && Band(x.a).Achieved == (Math.Abs(x.a) <= x.w);
        }).Check(Many);
    }

    [Fact]
    public void Negative_direction_mirrors_positive()
    {
        // Positive targets: swapping target and actual turns the positive rate into the negative rate of the pair.
        // Negative targets: an actual d above the target on a negative KPI scores what d below it scores on a positive one.
        var positive = Gen.Choose(1, 100000).Select(i => i / 100m);
        var inputs = Gen.OneOf(
            from t in positive from a in positive select (t, a, swap: true),
            from t in positive.Select(v => -v) from a in Moderate select (t, a, swap: false));
        Prop.ForAll(Arb.From(inputs), x =>
        {
            var asNegative = Compute(Direction.Negative, x.t, x.a);
            var asPositive = x.swap ? Compute(Direction.Positive, x.a, x.t) : Compute(Direction.Positive, x.t, 2 * x.t - x.a);
            // Both are computed to 28 significant digits by different divisions; they agree far beyond what is shown.
            return Math.Round(asPositive.Rate!.Value, 20) == Math.Round(asNegative.Rate!.Value, 20) && asPositive.Achieved == asNegative.Achieved;
        }).Check(Many);
    }

    // --- Totality --------------------------------------------------------------------------------------------------

    private static Gen<ValueText?> AnyValue => Gen.OneOf(
        AnyDecimal.Select(d => (ValueText?)Number(d)),
        from comparator in Gen.Elements("≥", "≤", "±") from d in AnyDecimal select (ValueText?)ValueText.Parse(comparator + d.ToString(CultureInfo.InvariantCulture)),
        Gen.Elements<ValueText?>(null, ValueText.Parse("無實際值"), ValueText.Parse("高於6都平均值"), ValueText.Parse("110年尚未調查完成")));

    private static Gen<bool?> AnyJudgement => Gen.Elements<bool?>(null, true, false);

    private static Gen<Scores> AnyScores => from a in AnyDecimal from b in AnyDecimal from c in AnyDecimal select new Scores(a, b, c);

    private static Gen<KpiEvaluationInput> AnyInput(Gen<decimal> numbers, Gen<Scores> scores) =>
        from direction in Gen.Elements(Direction.Positive, Direction.Negative, Direction.Band, Direction.Qualitative)
        from exempt in Gen.Elements(true, false)
        from target in AnyValue
        from actual in AnyValue
        from weighted in Gen.Elements(true, false)
        from parts in (from w in numbers from pt in AnyValue from pa in AnyValue select (weighted ? w : (decimal?)null, pt, pa)).ListOf()
        from judged in AnyJudgement
        from partJudgements in AnyJudgement.ListOf()
        from self in Gen.OneOf(scores.Select(s => (Scores?)s), Gen.Constant<Scores?>(null))
        from reviewed in Gen.Elements(true, false)
        from reviewScores in Gen.OneOf(scores.Select(s => (Scores?)s), Gen.Constant<Scores?>(null))
        from reviewLight in Gen.Elements<Light?>(null, Light.Excellent, Light.Poor, Light.Unclear)
        from reviewJudged in AnyJudgement
        select new KpiEvaluationInput("K", direction, exempt, target, actual, [.. parts.Take(3)], judged, self,
            reviewed ? new Review(reviewScores, reviewLight, reviewJudged, null, [.. partJudgements]) : null, [.. partJudgements]);

    private static Gen<EvaluationSettings> AnySettings =>
        from w in Gen.OneOf(ValidWeights, from a in AnyDecimal from b in AnyDecimal from c in AnyDecimal from d in AnyDecimal select new ScoreWeights(a, b, c, d))
        from bands in Gen.OneOf(ValidBands, from a in AnyDecimal from b in AnyDecimal from c in AnyDecimal select new LightBands(a, b, c))
        from rule in Gen.Elements(BandRule.Proportional, BandRule.ZeroOutside)
        select new EvaluationSettings(w, bands, rule);

    private static bool Consistent(Achievement a) =>
        (a.Rate is null) == (a.Cause is not null) && (a.Rate is null) == (a.Achieved is null)
        && (a.Cause is null) == (a.Reason is null) && (a.Cause is null) == (a.ReasonEn is null)
        && (a.Reason is null || a.Reason.Length > 0 && a.ReasonEn!.Length > 0);

    [Fact]
    public void Evaluation_never_throws_for_any_decimal_inputs()
    {
        Prop.ForAll(Arb.From(from input in AnyInput(AnyDecimal, AnyScores) from settings in AnySettings select (input, settings)), x =>
        {
            var row = KpiEvaluator.Evaluate(x.input, x.settings);
            _ = Rounding.Show(row.Achievement.Rate) + Rounding.Show(row.SelfScore) + Rounding.Show(row.ReviewScore);
            _ = x.settings.Validate();
            var stats = EvaluationStatistics.Reviewed("all", [row]);
            return Consistent(row.Achievement) && Consistent(row.ReviewAchievement)
                && (row.SelfScore is null || row.Achievement.Rate is not null)
                && stats.Kpis == 1;
        }).Check(Many);
    }

    [Fact]
    public void Statistics_add_up_for_self_and_reviewed_with_every_direction_and_exempt_KPIs()
    {
        var validScores = from a in Percent from b in Percent from c in Percent select new Scores(a, b, c);
        var weights = Gen.Elements(50m, 100m, 25m);
        var row = AnyInput(weights, validScores).Select(input => KpiEvaluator.Evaluate(input, EvaluationSettings.Default));
        Prop.ForAll(Arb.From(row.ListOf()), rows =>
        {
            bool AddsUp(EvaluationStatistics stats, Func<KpiEvaluation, Achievement> achievement) =>
                stats.Kpis == rows.Count
                && stats.Achieved + stats.NotAchieved + stats.NoData == stats.Kpis
                && stats.Lights.Total == stats.Kpis
                && stats.Exempt == rows.Count(r => r.Exempt)
                // Exempt KPIs count from their data like the others (only the light is ?).
                && stats.Achieved == rows.Count(r => achievement(r).Achieved == true)
                && stats.NotAchieved == rows.Count(r => achievement(r).Achieved == false);
            return AddsUp(EvaluationStatistics.Self("all", rows), r => r.Achievement)
                && AddsUp(EvaluationStatistics.Reviewed("all", rows), r => r.ReviewAchievement)
                && EvaluationStatistics.Reviewed("all", rows).Lights.Unclear >= rows.Count(r => r.Exempt || !r.IsReviewed);
        }).Check(Many);
    }
}
