using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Core.Evaluation;

/// <summary>Why a KPI has no achievement rate: each cause has its own message, so a row says which one it is.</summary>
public enum NotAssessedCause
{
    /// <summary>No actual value (none entered, or missing with a reason).</summary>
    NoActual,
    /// <summary>No target value.</summary>
    NoTarget,
    /// <summary>A qualitative KPI (or part) nobody has judged met or not met.</summary>
    AwaitingJudgement,
    /// <summary>A positive KPI with a target of 0: a rate relative to 0 does not exist.</summary>
    ZeroTarget,
    /// <summary>A KPI declared in parts with no part.</summary>
    NoParts,
    /// <summary>Parts without weights whose values cannot be added up (a sentence, mixed comparators).</summary>
    PartsCannotBeAdded,
    /// <summary>Several qualitative parts and one judgement for the whole KPI, which cannot say which parts were met.</summary>
    PartsNeedOwnJudgements,
    /// <summary>The numbers are so large (or the target so small) that the rate is beyond what can be computed.</summary>
    OutOfRange,
}

/// <summary>
/// 目標達成度 of one KPI: the rate in percent at full precision (null when it cannot be computed, with the cause and
/// the reason in Traditional Chinese and English), and whether the target was met (已達成目標值).
/// </summary>
public sealed record Achievement(decimal? Rate, bool? Achieved, string? Reason, string? ReasonEn, NotAssessedCause? Cause = null)
{
    public bool HasRate => Rate is not null;

    public string? ReasonFor(bool english) => english ? ReasonEn : Reason;

    public static Achievement NotAssessed(NotAssessedCause cause, string reason, string reasonEn) => new(null, null, reason, reasonEn, cause);

    public static Achievement Of(decimal rate, bool achieved) => new(rate, achieved, null, null);

    /// <summary>The result when the arithmetic leaves the range of <see cref="decimal"/> (about ±7.9 × 10²⁸).</summary>
    public static readonly Achievement OutOfRange = NotAssessed(NotAssessedCause.OutOfRange,
        "數值過大（或目標值過小），達成度超出可計算的範圍（約 ±7.9 × 10²⁸），無法評核",
        "the values are too large (or the target too small): the rate is beyond the range that can be computed (about ±7.9 × 10²⁸)");

    /// <summary>
    /// Computes the achievement of a target against an actual value (see docs/evaluation.md):
    /// positive A ÷ T × 100 (T &gt; 0) or (2 − A ÷ T) × 100 (T &lt; 0); negative T ÷ A × 100 (T ≥ 0) or A ÷ T × 100
    /// (T &lt; 0); band (±w around 0) 100 inside, outside by <paramref name="bandRule"/>. Qualitative (or a target or
    /// actual that is a sentence): 100 when judged met, 0 when not, else not assessed. A comparator target (≥99.5,
    /// ≤266) is met when the comparison holds; otherwise met means a rate of at least 100. Never throws.
    /// </summary>
    public static Achievement Compute(Direction direction, ValueText? target, ValueText? actual, bool? judgedMet, BandRule bandRule)
    {
        if (actual is null || actual.Form == ValueForm.Missing) return NoActual(actual);
        if (target is null || target.Form == ValueForm.Missing)
            return NotAssessed(NotAssessedCause.NoTarget, "尚無目標值，無法計算達成度", "there is no target value: the rate cannot be computed");

        if (NeedsJudgement(direction, target, actual))
            return judgedMet switch
            {
                true => Of(100m, true),
                false => Of(0m, false),
                null => AwaitingJudgement,
            };

        return FromNumbers(direction, target.Number!.Value, actual.Number!.Value, target.Comparator, bandRule);
    }

    /// <summary>Qualitative: a person judges it (the direction says so, or a value is a sentence).</summary>
    public static bool NeedsJudgement(Direction direction, ValueText? target, ValueText? actual) =>
        direction == Direction.Qualitative || target?.Form == ValueForm.Qualitative || actual?.Form == ValueForm.Qualitative;

    internal static readonly Achievement AwaitingJudgement = NotAssessed(NotAssessedCause.AwaitingJudgement,
        "質性指標，尚待判定是否達成", "qualitative: not yet judged met or not met");

    internal static readonly Achievement AwaitingReviewJudgement = NotAssessed(NotAssessedCause.AwaitingJudgement,
        "質性指標，複核尚未判定是否達成", "qualitative: the reviewer has not judged whether it was met");

    /// <summary>Not assessed for want of an actual; the recorded reason is quoted as written (it is the user's text).</summary>
    public static Achievement NoActual(ValueText? actual)
    {
        var reason = actual?.MissingReason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason == "空白")
            return NotAssessed(NotAssessedCause.NoActual, "尚無實際值", "no actual value yet");
        // A stored reason often starts with the words "no actual value" already (無實際值：除數…); say them once.
        var said = reason.StartsWith(NoActualWords, StringComparison.Ordinal)
            ? reason[NoActualWords.Length..].TrimStart('：', ':', '，', ',', '。', ' ', '\u3000')
            : reason;
        return said.Length == 0 || PlainNone.Contains(said)
            ? NotAssessed(NotAssessedCause.NoActual, NoActualWords, "no actual value")
            : NotAssessed(NotAssessedCause.NoActual, $"{NoActualWords}：{said}", $"no actual value (reason given: {said})");
    }

    private const string NoActualWords = "無實際值";

    // Whole texts that say only "none".
    private static readonly string[] PlainNone = ["無", "-", "—", "－", "N/A", "NA", "n/a"];

    private static Achievement FromNumbers(Direction direction, decimal t, decimal a, Comparator comparator, BandRule bandRule)
    {
        try
        {
            if (direction == Direction.Band || comparator == Comparator.Within)
            {
                var width = Math.Abs(t);
                var deviation = Math.Abs(a);
                if (deviation <= width) return Of(100m, true);
                // width ÷ deviation first: it is below 1 here, so the product cannot leave the range.
                return Of(bandRule == BandRule.ZeroOutside ? 0m : width / deviation * 100m, false);
            }

            decimal rate;
            if (direction == Direction.Negative)
            {
                if (t < 0)
                    // A negative target (a fall of 1.5 %): 100 at A = T, A ÷ T × 100 — falls as A rises above T.
                    rate = a / t * 100m;
                else if (a <= 0)
                    // T ÷ A is undefined at A = 0 and meaningless below it; for a lower-is-better KPI that is the best
                    // case, and 100 is all the score counts.
                    return Of(100m, comparator != Comparator.AtLeast || a >= t);
                else
                    rate = t / a * 100m;
            }
            else
            {
                if (t == 0)
                    return NotAssessed(NotAssessedCause.ZeroTarget,
                        "目標值為 0：達成度是實際值除以目標值，不能除以 0，故不計算達成度",
                        "the target is 0: the rate is the actual divided by the target, and nothing can be divided by 0");
                // A negative target (EP2.1 growth −1.5 %): A ÷ T would reward falling further; (2 − A ÷ T) × 100 is
                // 100 at A = T and rises as A rises, like A ÷ T × 100 does for a positive target.
                rate = t > 0 ? a / t * 100m : (2m - a / t) * 100m;
            }
            var met = comparator switch
            {
                Comparator.AtLeast => a >= t,
                Comparator.AtMost => a <= t,
                _ => rate >= 100m,
            };
            return Of(rate, met);
        }
        catch (OverflowException)
        {
            return OutOfRange;
        }
    }

    /// <summary>
    /// A KPI printed in parts. Weighted parts (權重): each part's achievement follows the rules of a KPI (its own
    /// comparator, the KPI's direction, its own judgement when qualitative); the rates combine by weight, and the KPI
    /// is met, like any KPI, when the combined rate is at least 100. Parts without weights are pieces of one total: their targets and actuals are
    /// added up first (a comparator shared by every part carries over). Never throws.
    /// </summary>
    /// <param name="judgedMet">The KPI's one judgement: it decides a qualitative part only when exactly one part needs it.</param>
    /// <param name="partsJudgedMet">A judgement per part, in order, when they are known; it wins over <paramref name="judgedMet"/>.</param>
    public static Achievement Combine(Direction direction, IReadOnlyList<(decimal? Weight, ValueText? Target, ValueText? Actual)> parts,
        bool? judgedMet, BandRule bandRule, IReadOnlyList<bool?>? partsJudgedMet = null)
    {
        if (parts.Count == 0) return NotAssessed(NotAssessedCause.NoParts, "沒有分項", "the KPI has no parts");
        if (parts.All(p => p.Weight is not null)) return CombineWeighted(direction, parts, judgedMet, bandRule, partsJudgedMet);

        var missing = parts.FindIndex(p => p.Actual is null || p.Actual.Form == ValueForm.Missing);
        if (missing >= 0)
            return NotAssessed(NotAssessedCause.NoActual, $"第 {missing + 1} 個分項尚無實際值", $"part {missing + 1} has no actual value yet");
        var unaddable = parts.FindIndex(p => p.Target?.Number is null || p.Actual?.Number is null);
        if (unaddable >= 0)
            return parts[unaddable].Target is null || parts[unaddable].Target!.Form == ValueForm.Missing
                ? NotAssessed(NotAssessedCause.NoTarget, $"第 {unaddable + 1} 個分項尚無目標值", $"part {unaddable + 1} has no target value")
                : NotAssessed(NotAssessedCause.PartsCannotBeAdded, $"第 {unaddable + 1} 個分項的數值不是數字，各分項無法加總",
                    $"part {unaddable + 1} holds a value that is not a number, so the parts cannot be added up");
        var comparators = parts.Select(p => p.Target!.Comparator).Distinct().ToList();
        if (comparators.Count > 1)
            return NotAssessed(NotAssessedCause.PartsCannotBeAdded, "各分項目標值的比較符號（≥、≤、±）不同，無法加總",
                "the parts' targets carry different comparators (≥, ≤, ±), so they cannot be added up");
        decimal target = 0, actual = 0;
        try
        {
            foreach (var p in parts)
            {
                target += p.Target!.Number!.Value;
                actual += p.Actual!.Number!.Value;
            }
        }
        catch (OverflowException)
        {
            return OutOfRange;
        }
        return FromNumbers(direction, target, actual, comparators[0], bandRule);
    }

    private static Achievement CombineWeighted(Direction direction, IReadOnlyList<(decimal? Weight, ValueText? Target, ValueText? Actual)> parts,
        bool? judgedMet, BandRule bandRule, IReadOnlyList<bool?>? partsJudgedMet)
    {
        var needing = parts.Count(p => NeedsJudgement(direction, p.Target, p.Actual) && p.Actual is { Form: not ValueForm.Missing } && p.Target is { Form: not ValueForm.Missing });
        decimal rate = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var (weight, target, actual) = parts[i];
            var judgement = partsJudgedMet is { } own && i < own.Count && own[i] is { } given ? given
                : needing == 1 ? judgedMet : null;
            var part = Compute(direction, target, actual, judgement, bandRule);
            if (part.Rate is not { } r)
            {
                if (part.Cause == NotAssessedCause.AwaitingJudgement && needing > 1 && judgedMet is not null)
                    return NotAssessed(NotAssessedCause.PartsNeedOwnJudgements,
                        $"有 {needing} 個質性分項：一個判定無法說明哪些分項達成，須逐項判定",
                        $"{needing} parts are qualitative: one judgement for the KPI cannot say which of them were met; each needs its own");
                return NotAssessed(part.Cause!.Value, $"第 {i + 1} 個分項：{part.Reason}", $"part {i + 1}: {part.ReasonEn}");
            }
            try
            {
                rate += weight!.Value / 100m * r;
            }
            catch (OverflowException)
            {
                return OutOfRange;
            }
        }
        return Of(rate, rate >= 100m);
    }
}

internal static class ListExtensions
{
    public static int FindIndex<T>(this IReadOnlyList<T> list, Func<T, bool> match)
    {
        for (var i = 0; i < list.Count; i++)
            if (match(list[i])) return i;
        return -1;
    }
}
