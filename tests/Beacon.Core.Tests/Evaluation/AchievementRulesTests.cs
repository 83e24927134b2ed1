using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Core.Tests.Evaluation;

/// <summary>
/// The rules around the published examples: negative and zero targets, values beyond the decimal range, parts with
/// comparators and judgements of their own, the reasons a KPI is not assessed, and what the statistics count.
/// </summary>
public class AchievementRulesTests
{
    private static Achievement Rate(Direction direction, string target, string actual, bool? met = null) =>
        Achievement.Compute(direction, ValueText.Parse(target), ValueText.Parse(actual), met, BandRule.Proportional);

    private static KpiEvaluation Evaluate(KpiEvaluationInput input) => KpiEvaluator.Evaluate(input, EvaluationSettings.Default);

    private static KpiEvaluationInput Kpi(Direction direction, string? target, string? actual, bool exempt = false, bool? met = null,
        Scores? self = null, Review? review = null) =>
        new("K", direction, exempt, target is null ? null : ValueText.Parse(target), actual is null ? null : ValueText.Parse(actual), [], met, self, review);

    private static (decimal?, ValueText?, ValueText?) Part(decimal? weight, string target, string? actual) =>
        (weight, ValueText.Parse(target), actual is null ? null : ValueText.Parse(actual));

    // --- Negative targets (EP2.1 敬老卡擴大使用成長率, city 2021: target −1.5 %) ---------------------------------

    [Theory]
    [InlineData("-1.5", "100.0", true)]  // the printed actual: exactly on target
    [InlineData("-1.0", "133.3", true)]  // a smaller fall beats the target; A ÷ T would give 66.7
    [InlineData("-3", "0.0", false)]     // twice the fall; A ÷ T would give 200
    [InlineData("0", "200.0", true)]
    [InlineData("-2", "66.7", false)]
    public void Positive_indicator_with_a_negative_target_rises_with_the_actual(string actual, string shown, bool achieved)
    {
        var achievement = Rate(Direction.Positive, "-1.5", actual);

        Assert.Equal(shown, Rounding.Show(achievement.Rate));
        Assert.Equal(achieved, achievement.Achieved);
    }

    [Theory]
    [InlineData("-1.5", "100.0", true)]
    [InlineData("-3", "200.0", true)]   // lower is better: a larger fall is twice the target
    [InlineData("-1.0", "66.7", false)]
    [InlineData("0", "0.0", false)]
    [InlineData("1.5", "-100.0", false)]
    public void Negative_indicator_with_a_negative_target_falls_as_the_actual_rises(string actual, string shown, bool achieved)
    {
        var achievement = Rate(Direction.Negative, "-1.5", actual);

        Assert.Equal(shown, Rounding.Show(achievement.Rate));
        Assert.Equal(achieved, achievement.Achieved);
    }

    [Theory]
    [InlineData("-1.0")]
    [InlineData("-3")]
    [InlineData("2.25")]
    public void With_a_negative_target_negative_mirrors_positive_about_the_target(string actual)
    {
        // An actual d above the target on a negative KPI scores what d below it scores on a positive one.
        var a = decimal.Parse(actual, System.Globalization.CultureInfo.InvariantCulture);
        var mirrored = (2 * -1.5m - a).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(Rate(Direction.Positive, "-1.5", mirrored).Rate, Rate(Direction.Negative, "-1.5", actual).Rate);
    }

    [Fact]
    public void The_published_examples_are_unchanged()
    {
        Assert.Equal("110.6", Rounding.Show(Rate(Direction.Positive, "80", "88.5").Rate));
        Assert.Equal("124.0", Rounding.Show(Rate(Direction.Negative, "3.57", "2.88").Rate));
        Assert.Equal("-29.4", Rounding.Show(Rate(Direction.Positive, "3.4", "-1").Rate));
        Assert.Equal("104.9", Rounding.Show(Rate(Direction.Negative, "12.9", "12.3").Rate));
        Assert.Equal("87.5", Rounding.Show(KpiEvaluator.TotalScore(110.625m, new Scores(80, 85, 85), ScoreWeights.Default)));
        Assert.Equal("70.8", Rounding.Show(KpiEvaluator.TotalScore(-29.4m, new Scores(85, 99, 99), ScoreWeights.Default)));
        Assert.Equal("79.7", Rounding.Show(KpiEvaluator.TotalScore(65.25m, new Scores(80, 88, 85), ScoreWeights.Default)));
    }

    // --- A target of 0 ---------------------------------------------------------------------------------------

    [Fact]
    public void Positive_indicator_with_a_target_of_0_says_why_there_is_no_rate()
    {
        var row = Evaluate(Kpi(Direction.Positive, "0", "10", self: new Scores(80, 80, 80)));

        Assert.Null(row.Achievement.Rate);
        Assert.Null(row.Achievement.Achieved);
        Assert.Equal(NotAssessedCause.ZeroTarget, row.Achievement.Cause);
        Assert.Equal("目標值為 0：達成度是實際值除以目標值，不能除以 0，故不計算達成度", row.Achievement.Reason);
        Assert.Equal("the target is 0: the rate is the actual divided by the target, and nothing can be divided by 0", row.Achievement.ReasonEn);
        Assert.Null(row.SelfScore);
        Assert.Equal(Light.Unclear, row.SelfLight);
    }

    [Theory]
    [InlineData("0", 100, true)]  // zero accidents, as targeted
    [InlineData("3", 0, false)]
    public void Negative_indicator_with_a_target_of_0_is_100_at_0_and_0_above(string actual, int rate, bool achieved)
    {
        var achievement = Rate(Direction.Negative, "0", actual);

        Assert.Equal(rate, achievement.Rate);
        Assert.Equal(achieved, achievement.Achieved);
    }

    // --- Values beyond the decimal range -----------------------------------------------------------------------

    [Theory]
    [InlineData(Direction.Positive, "0.5", "79228162514264337593543950335")]
    [InlineData(Direction.Positive, "0.0000000000000000000000000001", "1")]
    [InlineData(Direction.Positive, "-0.0000000000000000000000000001", "79228162514264337593543950335")]
    [InlineData(Direction.Negative, "79228162514264337593543950335", "0.5")]
    [InlineData(Direction.Negative, "-0.0000000000000000000000000001", "-79228162514264337593543950335")]
    public void A_rate_beyond_the_decimal_range_is_not_assessed_with_the_reason(Direction direction, string target, string actual)
    {
        var row = Evaluate(Kpi(direction, target, actual, self: new Scores(90, 90, 90)));

        Assert.Null(row.Achievement.Rate);
        Assert.Equal(NotAssessedCause.OutOfRange, row.Achievement.Cause);
        Assert.Contains("超出可計算的範圍", row.Achievement.Reason);
        Assert.Contains("beyond the range that can be computed", row.ReviewAchievement.ReasonEn);
        Assert.Null(row.SelfScore);
        Assert.Equal(Light.Unclear, row.SelfLight);
    }

    [Fact]
    public void Parts_that_add_up_beyond_the_decimal_range_are_not_assessed()
    {
        List<(decimal?, ValueText?, ValueText?)> parts =
            [Part(null, "70000000000000000000000000000", "1"), Part(null, "70000000000000000000000000000", "1")];

        Assert.Equal(NotAssessedCause.OutOfRange, Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional).Cause);
    }

    [Fact]
    public void Weighted_rates_that_add_up_beyond_the_decimal_range_are_not_assessed()
    {
        // Weights of 100 + 100 are refused on entry; the calculation still must not throw.
        List<(decimal?, ValueText?, ValueText?)> parts =
            [Part(100, "1", "500000000000000000000000000"), Part(100, "1", "500000000000000000000000000")];

        Assert.Equal(NotAssessedCause.OutOfRange, Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional).Cause);
    }

    [Fact]
    public void A_total_score_beyond_the_decimal_range_is_null_not_an_exception()
    {
        var huge = new Scores(decimal.MaxValue, decimal.MaxValue, decimal.MaxValue);

        Assert.Null(KpiEvaluator.TotalScore(100, huge, new ScoreWeights(1, 1, 1, 1)));
    }

    // --- Parts ---------------------------------------------------------------------------------------------------

    [Fact]
    public void A_weighted_part_scores_by_its_own_comparator_and_the_combined_rate_decides()
    {
        // ≥99.5 with 99.4 misses on its own (99.9); the other part lifts the combined rate above 100.
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(50, "≥99.5", "99.4"), Part(50, "80", "100")];
        List<(decimal?, ValueText?, ValueText?)> both = [Part(50, "≥99.5", "99.4"), Part(50, "80", "79")];

        var lifted = Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional);
        var missed = Achievement.Combine(Direction.Positive, both, null, BandRule.Proportional);

        Assert.Equal("112.4", Rounding.Show(lifted.Rate)); // (99.899… + 125) / 2
        Assert.True(lifted.Achieved);
        Assert.Equal("99.3", Rounding.Show(missed.Rate)); // (99.899… + 98.75) / 2
        Assert.False(missed.Achieved);
    }

    [Fact]
    public void A_weighted_part_at_its_at_most_limit_is_met()
    {
        // GP5.2 shape: ≤266 with 266 on a negative KPI, beside a part of 100 %.
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(50, "≤266", "266"), Part(50, "10", "10")];

        var achievement = Achievement.Combine(Direction.Negative, parts, null, BandRule.Proportional);

        Assert.Equal(100m, achievement.Rate);
        Assert.True(achievement.Achieved);
    }

    [Fact]
    public void FF1_1_combines_by_weight_and_is_met_on_the_combined_rate_although_a_part_misses_its_target()
    {
        // FF1.1 預算支出執行率, city 2021: 96.57 / 90 and 91.27 / 92, 50 % each.
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(50, "90", "96.57"), Part(50, "92", "91.27")];

        var achievement = Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional);

        Assert.Equal("103.3", Rounding.Show(achievement.Rate)); // (107.30 + 99.21) / 2
        Assert.True(achievement.Achieved);
    }

    [Fact]
    public void A_band_part_scores_as_a_band()
    {
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(50, "±10", "12.5"), Part(50, "10", "10")];

        var achievement = Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional);

        Assert.Equal(90m, achievement.Rate); // (80 + 100) / 2
        Assert.False(achievement.Achieved);
    }

    [Fact]
    public void One_judgement_cannot_decide_several_qualitative_parts()
    {
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(50, "高於6都平均值", "高於6都平均值"), Part(50, "完成評估", "已完成評估")];

        var achievement = Achievement.Combine(Direction.Positive, parts, true, BandRule.Proportional);

        Assert.Null(achievement.Rate);
        Assert.Equal(NotAssessedCause.PartsNeedOwnJudgements, achievement.Cause);
        Assert.Contains("2 個質性分項", achievement.Reason);
        Assert.Contains("each needs its own", achievement.ReasonEn);
    }

    [Fact]
    public void Each_qualitative_part_follows_its_own_judgement()
    {
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(60, "高於6都平均值", "高於6都平均值"), Part(40, "完成評估", "未完成評估")];

        var achievement = Achievement.Combine(Direction.Positive, parts, true, BandRule.Proportional, [true, false]);

        Assert.Equal(60m, achievement.Rate);
        Assert.False(achievement.Achieved);
    }

    [Fact]
    public void The_KPI_judgement_decides_its_only_qualitative_part()
    {
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(50, "高於6都平均值", "高於6都平均值"), Part(50, "80", "88")];

        var achievement = Achievement.Combine(Direction.Positive, parts, true, BandRule.Proportional);

        Assert.Equal(105m, achievement.Rate);
        Assert.True(achievement.Achieved);
    }

    [Fact]
    public void A_part_that_cannot_be_assessed_is_named()
    {
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(50, "93", "93"), Part(50, "0", "5")];

        var achievement = Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional);

        Assert.Equal(NotAssessedCause.ZeroTarget, achievement.Cause);
        Assert.StartsWith("第 2 個分項：目標值為 0", achievement.Reason);
        Assert.StartsWith("part 2: the target is 0", achievement.ReasonEn);
    }

    [Fact]
    public void Unweighted_parts_sharing_a_comparator_keep_it()
    {
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(null, "≤100", "60"), Part(null, "≤100", "140")];

        var achievement = Achievement.Combine(Direction.Negative, parts, null, BandRule.Proportional);

        Assert.Equal(100m, achievement.Rate); // 200 / 200
        Assert.True(achievement.Achieved);
    }

    [Fact]
    public void Unweighted_parts_with_different_comparators_cannot_be_added()
    {
        List<(decimal?, ValueText?, ValueText?)> parts = [Part(null, "≥100", "100"), Part(null, "≤100", "100")];

        var achievement = Achievement.Combine(Direction.Positive, parts, null, BandRule.Proportional);

        Assert.Equal(NotAssessedCause.PartsCannotBeAdded, achievement.Cause);
        Assert.Contains("比較符號", achievement.Reason);
    }

    [Fact]
    public void A_target_of_0_and_parts_that_cannot_be_added_give_different_reasons()
    {
        var zero = Rate(Direction.Positive, "0", "5");
        var unaddable = Achievement.Combine(Direction.Positive, [Part(null, "100", "公務 82 公彩 82"), Part(null, "100", "90")], null, BandRule.Proportional);

        Assert.Equal(NotAssessedCause.ZeroTarget, zero.Cause);
        Assert.Equal(NotAssessedCause.PartsCannotBeAdded, unaddable.Cause);
        Assert.NotEqual(zero.Reason, unaddable.Reason);
        Assert.NotEqual(zero.ReasonEn, unaddable.ReasonEn);
    }

    [Fact]
    public void A_missing_value_reason_for_a_KPI_in_parts_is_the_reason_it_has_no_data()
    {
        var input = new KpiEvaluationInput("BP2.1", Direction.Positive, false, null, ValueText.Parse("110年尚未調查完成"),
            [Part(50, "93", null), Part(50, "70", null)], null, new Scores(80, 80, 80), null);

        var row = Evaluate(input);

        Assert.Null(row.Achievement.Rate);
        Assert.Equal(NotAssessedCause.NoActual, row.Achievement.Cause);
        Assert.Equal("無實際值：110年尚未調查完成", row.Achievement.Reason);
        Assert.Equal("no actual value (reason given: 110年尚未調查完成)", row.Achievement.ReasonEn);
        Assert.Equal(0, EvaluationStatistics.Self("all", [row]).Achieved + EvaluationStatistics.Self("all", [row]).NotAchieved);
    }

    [Fact]
    public void Part_actuals_win_over_an_old_missing_value_reason()
    {
        var input = new KpiEvaluationInput("BP2.1", Direction.Positive, false, null, ValueText.Parse("無實際值"),
            [Part(50, "93", "93"), Part(50, "70", "94")], null, null, null);

        Assert.Equal("117.1", Rounding.Show(Evaluate(input).Achievement.Rate));
    }

    // --- Reasons in both languages --------------------------------------------------------------------------------

    [Theory]
    [InlineData(null, "尚無實際值", "no actual value yet")]
    [InlineData("無實際值", "無實際值", "no actual value")]
    [InlineData("無", "無實際值", "no actual value")]
    [InlineData("無實際值：除數「通報件數」為 0", "無實際值：除數「通報件數」為 0", "no actual value (reason given: 除數「通報件數」為 0)")]
    [InlineData("數據由勞保局於每年3月間提供", "無實際值：數據由勞保局於每年3月間提供", "no actual value (reason given: 數據由勞保局於每年3月間提供)")]
    public void A_missing_actual_gives_its_reason_once_in_Chinese_and_in_English(string? actual, string zh, string en)
    {
        var achievement = Achievement.Compute(Direction.Positive, ValueText.Parse("90"), actual is null ? null : ValueText.Parse(actual), null, BandRule.Proportional);

        Assert.Equal(zh, achievement.Reason);
        Assert.Equal(en, achievement.ReasonEn);
    }

    [Fact]
    public void Every_not_assessed_row_has_a_Chinese_and_an_English_reason()
    {
        var rows = new[]
        {
            Kpi(Direction.Positive, "90", null), Kpi(Direction.Positive, null, "90"),
            Kpi(Direction.Qualitative, "高於6都平均值", "高於6都平均值"), Kpi(Direction.Positive, "0", "1"),
            Kpi(Direction.Positive, "0.5", "79228162514264337593543950335"),
            Kpi(Direction.Positive, null, null) with { Parts = [Part(null, "1", "公務 82 公彩 82")] },
            Kpi(Direction.Positive, null, null) with { Parts = [Part(50, "高於", "高於"), Part(50, "完成", "完成")], JudgedMet = true },
        }.Select(Evaluate).ToList();

        foreach (var row in rows)
            foreach (var achievement in new[] { row.Achievement, row.ReviewAchievement })
            {
                Assert.Null(achievement.Rate);
                Assert.NotNull(achievement.Cause);
                Assert.False(string.IsNullOrWhiteSpace(achievement.Reason));
                Assert.False(string.IsNullOrWhiteSpace(achievement.ReasonEn));
                Assert.DoesNotContain("無實際值：無實際值", achievement.Reason);
                Assert.True(achievement.ReasonEn!.All(c => c < 0x2E80) || achievement.ReasonEn.Contains("reason given"),
                    $"the English reason holds Chinese text that is not a quoted user reason: {achievement.ReasonEn}");
            }
        Assert.Equal(rows.Count, rows.Select(r => r.Achievement.Reason).Distinct().Count());
    }

    // --- Reviewed statistics and exempt KPIs ------------------------------------------------------------------------

    [Fact]
    public void Reviewed_statistics_count_the_reviewer_judgement_of_a_qualitative_KPI()
    {
        // CC1.1 shape: the agency says met, the reviewer says not met.
        var row = Evaluate(Kpi(Direction.Qualitative, "高於6都平均值", "高於6都平均值（第2名）", met: true,
            self: new Scores(80, 80, 80), review: new Review(new Scores(60, 60, 60), null, false, null)));

        var self = EvaluationStatistics.Self("all", [row]);
        var reviewed = EvaluationStatistics.Reviewed("all", [row]);

        Assert.Equal((1, 0, 0), (self.Achieved, self.NotAchieved, self.NoData));
        Assert.Equal((0, 1, 0), (reviewed.Achieved, reviewed.NotAchieved, reviewed.NoData));
        Assert.Equal(45m, row.ReviewScore);
    }

    [Fact]
    public void A_qualitative_KPI_the_reviewer_has_not_judged_is_no_data_in_the_reviewed_statistics()
    {
        var row = Evaluate(Kpi(Direction.Qualitative, "高於6都平均值", "高於6都平均值", met: true,
            self: new Scores(80, 80, 80), review: new Review(null, Light.Good, null, "待補資料")));

        var reviewed = EvaluationStatistics.Reviewed("all", [row]);

        Assert.Equal((0, 0, 1), (reviewed.Achieved, reviewed.NotAchieved, reviewed.NoData));
        Assert.Equal("質性指標，複核尚未判定是否達成", row.ReviewAchievement.Reason);
        Assert.Equal(1, EvaluationStatistics.Self("all", [row]).Achieved);
    }

    [Fact]
    public void Reviewed_statistics_count_numbers_as_the_self_statistics_do()
    {
        var rows = new[]
        {
            Evaluate(Kpi(Direction.Negative, "12.9", "12.3", review: new Review(new Scores(70, 70, 70), null, null, null))),
            Evaluate(Kpi(Direction.Positive, "100", "95")), // not reviewed yet
        };

        var reviewed = EvaluationStatistics.Reviewed("all", rows);

        Assert.Equal((1, 1, 0), (reviewed.Achieved, reviewed.NotAchieved, reviewed.NoData));
    }

    [Fact]
    public void An_exempt_KPI_is_not_scored_but_counts_as_achieved_from_its_data()
    {
        // EP1.2 粗出生率: 本項KPI屬資料統計，免予評核 — not scored (light ?), yet the statistics table counts it as
        // achieved or not from its target and actual; only a KPI without data counts under 無相關統計數據.
        var exempt = Evaluate(Kpi(Direction.Positive, "90", "100", exempt: true, self: new Scores(90, 90, 90),
            review: new Review(null, Light.Excellent, null, null)));
        var exemptShort = Evaluate(Kpi(Direction.Positive, "90", "80", exempt: true));
        var exemptNoData = Evaluate(Kpi(Direction.Positive, "90", "無實際值", exempt: true));
        var scored = Evaluate(Kpi(Direction.Positive, "90", "100", self: new Scores(90, 90, 90)));

        var self = EvaluationStatistics.Self("all", [exempt, exemptShort, exemptNoData, scored]);
        var reviewed = EvaluationStatistics.Reviewed("all", [exempt, exemptShort, exemptNoData, scored]);

        Assert.Equal(new EvaluationStatistics("all", 4, 2, 1, 1, new LightCounts(1, 0, 0, 0, 3), Exempt: 3), self);
        Assert.Equal((2, 1, 1, 3), (reviewed.Achieved, reviewed.NotAchieved, reviewed.NoData, reviewed.Exempt));
        Assert.Equal(Light.Unclear, exempt.ReviewLight);
        Assert.Null(exempt.SelfScore);
        Assert.Equal(111.1m, Rounding.OneDecimal(exempt.Achievement.Rate)); // still shown
    }

    [Fact]
    public void An_exempt_qualitative_KPI_counts_from_the_agencys_judgement()
    {
        var met = Evaluate(Kpi(Direction.Qualitative, "高於6都平均值", "高於6都平均值", exempt: true, met: true));
        var notMet = Evaluate(Kpi(Direction.Qualitative, "高於6都平均值", "低於6都平均值", exempt: true, met: false));
        var unjudged = Evaluate(Kpi(Direction.Qualitative, "高於6都平均值", "高於6都平均值", exempt: true));

        var self = EvaluationStatistics.Self("all", [met, notMet, unjudged]);

        Assert.Equal((3, 1, 1, 1), (self.Kpis, self.Achieved, self.NotAchieved, self.NoData));
        Assert.Equal(3, self.Lights.Unclear);
    }
}
