using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Core.Evaluation;

/// <summary>
/// 目標達成度 of one KPI: the rate in percent at full precision (null when it cannot be computed, with the reason),
/// and whether the target was met (已達成目標值).
/// </summary>
public sealed record Achievement(decimal? Rate, bool? Achieved, string? Reason, string? ReasonEn)
{
    public bool HasRate => Rate is not null;

    public static Achievement NotAssessed(string reason, string reasonEn) => new(null, null, reason, reasonEn);

    public static Achievement Of(decimal rate, bool achieved) => new(rate, achieved, null, null);

    /// <summary>
    /// Computes the achievement of a target against an actual value.
    /// Positive: A ÷ T × 100. Negative: T ÷ A × 100. Band (±w around 0): 100 inside, outside by <paramref name="bandRule"/>.
    /// Qualitative (or a target or actual that is a sentence): 100 when a person judged it met, 0 when not, else not assessed.
    /// A comparator target (≥99.5, ≤266) is met when the comparison holds; otherwise met means a rate of at least 100.
    /// </summary>
    public static Achievement Compute(Direction direction, ValueText? target, ValueText? actual, bool? judgedMet, BandRule bandRule)
    {
        if (actual is null || actual.Form == ValueForm.Missing)
            return NotAssessed(actual?.MissingReason is { } r ? $"無實際值：{r}" : "尚無實際值", actual?.MissingReason is { } e ? $"no actual value: {e}" : "no actual value yet");
        if (target is null || target.Form == ValueForm.Missing)
            return NotAssessed("尚無目標值", "no target value");

        if (direction == Direction.Qualitative || target.Form == ValueForm.Qualitative || actual.Form == ValueForm.Qualitative)
            return judgedMet switch
            {
                true => Of(100m, true),
                false => Of(0m, false),
                null => NotAssessed("質性指標，待審查判定是否達成", "qualitative: waiting for a reviewer to judge whether it was met"),
            };

        return FromNumbers(direction, target.Number!.Value, actual.Number!.Value, target.Comparator, bandRule);
    }

    private static Achievement FromNumbers(Direction direction, decimal t, decimal a, Comparator comparator, BandRule bandRule)
    {
        if (direction == Direction.Band || comparator == Comparator.Within)
        {
            var width = Math.Abs(t);
            var deviation = Math.Abs(a);
            if (deviation <= width) return Of(100m, true);
            return Of(bandRule == BandRule.ZeroOutside ? 0m : 100m * width / deviation, false);
        }

        decimal rate;
        if (direction == Direction.Negative)
        {
            // T ÷ A is undefined at A = 0 and meaningless below it; for a lower-is-better KPI that is the best case.
            if (a <= 0) return Of(t >= a ? 100m : 0m, t >= a);
            rate = t / a * 100m;
        }
        else
        {
            if (t == 0) return NotAssessed("目標值為 0，無法計算達成度", "the target is 0: the rate cannot be computed");
            rate = a / t * 100m;
        }
        var met = comparator switch
        {
            Comparator.AtLeast => a >= t,
            Comparator.AtMost => a <= t,
            _ => rate >= 100m,
        };
        return Of(rate, met);
    }

    /// <summary>
    /// A KPI printed in parts: weighted parts (權重) combine their rates by weight; parts without weights are pieces of
    /// one total, so their targets and actuals are added up first.
    /// </summary>
    public static Achievement Combine(Direction direction, IReadOnlyList<(decimal? Weight, ValueText? Target, ValueText? Actual)> parts, bool? judgedMet, BandRule bandRule)
    {
        if (parts.Count == 0) return NotAssessed("沒有分項", "no parts");
        if (parts.All(p => p.Weight is not null))
        {
            decimal rate = 0;
            foreach (var (weight, target, actual) in parts)
            {
                var part = Compute(direction, target, actual, judgedMet, bandRule);
                if (part.Rate is not { } r) return part;
                rate += weight!.Value / 100m * r;
            }
            return Of(rate, rate >= 100m);
        }
        if (parts.Any(p => p.Actual is null || p.Actual.Form == ValueForm.Missing))
            return NotAssessed("分項尚缺實際值", "a part has no actual value yet");
        if (parts.Any(p => p.Target?.Number is null || p.Actual?.Number is null))
            return NotAssessed("分項數值無法加總", "the parts' values cannot be added up");
        return FromNumbers(direction, parts.Sum(p => p.Target!.Number!.Value), parts.Sum(p => p.Actual!.Number!.Value), Comparator.None, bandRule);
    }
}
