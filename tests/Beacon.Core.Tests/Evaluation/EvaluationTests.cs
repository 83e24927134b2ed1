using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Core.Tests.Evaluation;

/// <summary>The published examples of DOMAIN.md, "Yearly evaluation", and the rules around them.</summary>
public class EvaluationTests
{
    private static Achievement Rate(Direction direction, string target, string actual, bool? met = null, BandRule rule = BandRule.Proportional) =>
        Achievement.Compute(direction, ValueText.Parse(target), ValueText.Parse(actual), met, rule);

    [Theory]
    [InlineData("80", "88.5", "110.6")]
    [InlineData("3.4", "-1", "-29.4")]
    [InlineData("44,000", "41,248", "93.7")]
    [InlineData("27,000,000", "27,537,119", "102.0")]
    public void Positive_indicator_is_actual_over_target(string target, string actual, string shown)
    {
        var achievement = Rate(Direction.Positive, target, actual);

        Assert.Equal(shown, Rounding.Show(achievement.Rate));
    }

    [Theory]
    [InlineData("3.57", "2.88", "124.0", true)]
    [InlineData("12.9", "12.3", "104.9", true)]   // AC1.1 PM2.5, city 2021
    [InlineData("217", "216.8", "100.1", true)]   // AC4.1 household water use
    [InlineData("0.758", "0.751", "100.9", true)] // AP4.1 reservoir silting
    [InlineData("11.4", "11.38", "100.2", true)]  // BP3.1 leakage
    public void Negative_indicator_uses_target_over_actual(string target, string actual, string shown, bool achieved)
    {
        var achievement = Rate(Direction.Negative, target, actual);

        Assert.Equal(shown, Rounding.Show(achievement.Rate));
        Assert.Equal(achieved, achievement.Achieved);
    }

    [Fact]
    public void Negative_indicator_with_an_actual_of_zero_is_met_at_100()
    {
        var achievement = Rate(Direction.Negative, "5", "0");

        Assert.Equal(100m, achievement.Rate);
        Assert.True(achievement.Achieved);
    }

    [Theory]
    [InlineData("≥99.65", "99.68", true)]  // BP3.3 dam facilities, city 2021
    [InlineData("≥99.5", "99.4", false)]
    public void At_least_target_is_met_when_the_comparison_holds(string target, string actual, bool met)
    {
        Assert.Equal(met, Rate(Direction.Positive, target, actual).Achieved);
    }

    [Fact]
    public void At_most_target_on_a_negative_indicator_is_met_at_the_limit()
    {
        // GP5.2 drunk-driving accidents, city 2021: target ≤266, actual 266.
        var achievement = Rate(Direction.Negative, "≤266", "266");

        Assert.Equal(100m, achievement.Rate);
        Assert.True(achievement.Achieved);
    }

    [Fact]
    public void Band_inside_scores_100_and_outside_proportionally_or_zero_by_setting()
    {
        // AP5.4 river species change, city 2021: ±10, actual 7.14.
        Assert.Equal(100m, Rate(Direction.Band, "±10", "7.14").Rate);
        Assert.True(Rate(Direction.Band, "±10", "-10").Achieved);

        var outside = Rate(Direction.Band, "±10", "12.5");
        Assert.Equal(80m, outside.Rate);
        Assert.False(outside.Achieved);
        Assert.Equal(0m, Rate(Direction.Band, "±10", "12.5", rule: BandRule.ZeroOutside).Rate);
    }

    [Fact]
    public void Qualitative_KPI_is_100_when_judged_met_0_when_not_and_waits_otherwise()
    {
        // EP1.2 birth rate, city 2021: 高於6都平均值 / 未高於6都平均值.
        Assert.Equal(100m, Rate(Direction.Qualitative, "高於6都平均值", "未高於6都平均值", met: true).Rate);
        Assert.Equal(0m, Rate(Direction.Qualitative, "高於6都平均值", "未高於6都平均值", met: false).Rate);
        var waiting = Rate(Direction.Qualitative, "高於6都平均值", "未高於6都平均值");
        Assert.Null(waiting.Rate);
        Assert.Null(waiting.Achieved);
        Assert.Contains("質性", waiting.Reason);
    }

    [Fact]
    public void Missing_actual_is_not_assessed_with_its_reason()
    {
        var achievement = Rate(Direction.Positive, "7.7", "無實際值");

        Assert.Null(achievement.Rate);
        Assert.Null(achievement.Achieved);
        Assert.Equal(NotAssessedCause.NoActual, achievement.Cause);
        Assert.Equal("無實際值", achievement.Reason);   // said once, not "無實際值：無實際值"
        Assert.Equal("no actual value", achievement.ReasonEn);
    }

    [Fact]
    public void Zero_target_on_a_positive_indicator_cannot_be_computed()
    {
        var achievement = Rate(Direction.Positive, "0", "10");

        Assert.Null(achievement.Rate);
        Assert.Contains("目標值為 0", achievement.Reason);
    }

    [Fact]
    public void Weighted_parts_combine_by_weight()
    {
        // BP2.1 gateway projects, city 2021: east 93/93 and west 70/94, 50% each → (100 + 134.29) / 2.
        var parts = new List<(decimal?, ValueText?, ValueText?)>
        {
            (50m, ValueText.Parse("93"), ValueText.Parse("93")),
            (50m, ValueText.Parse("70"), ValueText.Parse("94")),
        };

        var achievement = Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional);

        Assert.Equal("117.1", Rounding.Show(achievement.Rate));
        Assert.True(achievement.Achieved);
    }

    [Fact]
    public void Unweighted_parts_are_added_up_before_the_rate()
    {
        var parts = new List<(decimal?, ValueText?, ValueText?)>
        {
            (null, ValueText.Parse("20,000"), ValueText.Parse("18,000")),
            (null, ValueText.Parse("5,000"), ValueText.Parse("7,000")),
        };

        Assert.Equal(100m, Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional).Rate);
    }

    [Theory]
    [InlineData("110.625", 80, 85, 85, "87.5")]
    [InlineData("-29.4", 85, 99, 99, "70.8")]
    [InlineData("65.25", 80, 88, 85, "79.7")]
    public void Total_score_reproduces_the_published_figures(string achievement, int innovation, int challenge, int contribution, string shown)
    {
        var score = KpiEvaluator.TotalScore(decimal.Parse(achievement, System.Globalization.CultureInfo.InvariantCulture),
            new Scores(innovation, challenge, contribution), ScoreWeights.Default);

        Assert.Equal(shown, Rounding.Show(score));
    }

    [Theory]
    [InlineData("92.5", Light.Excellent)]
    [InlineData("92.46", Light.Excellent)] // shown as 92.5
    [InlineData("92.44", Light.Good)]
    [InlineData("80", Light.Good)]
    [InlineData("79.9", Light.Fair)]
    [InlineData("75", Light.Fair)]
    [InlineData("74.9", Light.Poor)]
    public void Light_follows_the_bands_on_the_score_as_shown(string score, Light light)
    {
        Assert.Equal(light, KpiEvaluator.LightFor(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), false, LightBands.Default));
    }

    [Fact]
    public void Exempt_or_unscored_KPI_gets_the_unclear_light()
    {
        Assert.Equal(Light.Unclear, KpiEvaluator.LightFor(99m, exempt: true, LightBands.Default));
        Assert.Equal(Light.Unclear, KpiEvaluator.LightFor(null, exempt: false, LightBands.Default));
    }

    [Fact]
    public void Review_is_kept_beside_the_self_assessment()
    {
        var input = new KpiEvaluationInput("AC1.1", Direction.Negative, false, ValueText.Parse("12.9"), ValueText.Parse("12.3"), [],
            null, new Scores(95, 95, 95), new Review(new Scores(70, 70, 70), null, null, "創新度評分偏高"));

        var row = KpiEvaluator.Evaluate(input, EvaluationSettings.Default);

        Assert.Equal("96.3", Rounding.Show(row.SelfScore));   // 25 + 23.75 + 28.5 + 19
        Assert.Equal(Light.Excellent, row.SelfLight);
        Assert.Equal("77.5", Rounding.Show(row.ReviewScore)); // 25 + 17.5 + 21 + 14
        Assert.Equal(Light.Fair, row.ReviewLight);
    }

    [Fact]
    public void Reviewer_may_set_the_light_directly()
    {
        var input = new KpiEvaluationInput("AC1.1", Direction.Positive, false, ValueText.Parse("10"), ValueText.Parse("10"), [],
            null, new Scores(90, 90, 90), new Review(null, Light.Good, null, null));

        Assert.Equal(Light.Good, KpiEvaluator.Evaluate(input, EvaluationSettings.Default).ReviewLight);
    }

    [Fact]
    public void Changed_weights_and_bands_change_score_and_light()
    {
        var settings = new EvaluationSettings(new ScoreWeights(0.4m, 0.2m, 0.2m, 0.2m), new LightBands(95m, 85m, 70m), BandRule.Proportional);
        var input = new KpiEvaluationInput("X", Direction.Positive, false, ValueText.Parse("80"), ValueText.Parse("88.5"), [], null, new Scores(80, 85, 85), null);

        var row = KpiEvaluator.Evaluate(input, settings);

        Assert.Equal("90.0", Rounding.Show(row.SelfScore)); // 40 + 16 + 17 + 17
        Assert.Equal(Light.Good, row.SelfLight);
    }

    [Fact]
    public void Settings_that_do_not_add_up_are_refused_naming_the_field()
    {
        var problems = new EvaluationSettings(new ScoreWeights(0.3m, 0.3m, 0.3m, 0.3m), new LightBands(70m, 80m, 75m), BandRule.Proportional).Validate();

        Assert.Contains(problems, p => p.Path == "settings.weights" && p.Message.Contains("1.2"));
        Assert.Contains(problems, p => p.Path == "settings.bands");
    }

    [Fact]
    public void Statistics_count_achieved_not_achieved_no_data_and_lights()
    {
        var settings = EvaluationSettings.Default;
        KpiEvaluation Row(string target, string actual, Scores? scores, bool exempt = false) =>
            KpiEvaluator.Evaluate(new KpiEvaluationInput("K", Direction.Positive, exempt, ValueText.Parse(target), ValueText.Parse(actual), [], null, scores, null), settings);
        var rows = new[]
        {
            Row("80", "88.5", new Scores(80, 85, 85)),   // achieved, 87.5 ●
            Row("100", "95", new Scores(100, 100, 100)), // not achieved, 98.75 ★
            Row("100", "50", new Scores(60, 60, 60)),    // not achieved, 57.5 ×
            Row("100", "無實際值", new Scores(90, 90, 90)), // no data, ?
            Row("100", "100", null),                     // achieved, not scored: ?
        };

        var stats = EvaluationStatistics.Self("顧客", rows);

        Assert.Equal(new EvaluationStatistics("顧客", 5, 2, 2, 1, new LightCounts(1, 1, 0, 1, 2), Exempt: 0), stats);
    }
}
