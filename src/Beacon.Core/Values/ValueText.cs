using System.Globalization;
using System.Text.RegularExpressions;

namespace Beacon.Core.Values;

/// <summary>How a printed value reads: a number, a sentence judged by a person, or no value with its reason.</summary>
public enum ValueForm { Number, Qualitative, Missing }

/// <summary>A comparator printed before a target: ≥99.5, ≤266, ±10.</summary>
public enum Comparator { None, AtLeast, AtMost, Within }

/// <summary>
/// A KPI value as the documents print it, with the parts Beacon understands. The text is always kept; the rest is
/// derived from it: "≥99.5" → at least 99.5; "累積啟動 19,661 戶" → 19661 with prefix and suffix;
/// "4,143 (身障3,107+老人1,036)" → 4143 with a breakdown; "無實際值" → missing with that reason;
/// "高於6都平均值" → qualitative.
/// </summary>
public sealed partial record ValueText(
    string Text,
    ValueForm Form,
    decimal? Number,
    Comparator Comparator,
    string Prefix,
    string Suffix,
    string? Breakdown,
    string? MissingReason)
{
    public bool HasNumber => Number is not null;

    /// <summary>
    /// The value as a document prints it: its text; for no value whose reason does not say so itself (an entered
    /// "調查尚未完成"), "無實際值：" and the reason, so that the printed cell reads as no value again.
    /// </summary>
    public string Printed => Form == ValueForm.Missing && MissingReason is { } reason && Parse(Text).Form != ValueForm.Missing ? NoValuePrefix + reason : Text;

    /// <summary>
    /// For no value, the reason as a person entered it: the printed "無實際值：調查尚未完成" gives 調查尚未完成 back; a
    /// reason that says itself there is no value (教育局尚未提供數據) is the whole text. Null for a value.
    /// </summary>
    public string? EnteredReason => MissingReason is { } reason && reason.StartsWith(NoValuePrefix, StringComparison.Ordinal) && reason.Length > NoValuePrefix.Length
        ? reason[NoValuePrefix.Length..] : MissingReason;

    private const string NoValuePrefix = "無實際值：";

    // Phrases that, printed in a value cell, say there is no value and why.
    private static readonly string[] MissingMarkers =
    [
        "無實際值", "無資料", "無數據", "無相關統計數據", "尚未", "數據由", "未提供", "不適用",
    ];

    private static readonly string[] MissingWholeTexts = ["無", "-", "—", "－", "N/A", "NA", "n/a"];

    public static ValueText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || MissingWholeTexts.Contains(trimmed) || MissingMarkers.Any(trimmed.Contains))
            return Missing(text, trimmed);

        var comparator = Comparator.None;
        var rest = trimmed;
        var comparatorMatch = ComparatorPattern().Match(rest);
        if (comparatorMatch.Success)
        {
            comparator = comparatorMatch.Groups[1].Value switch
            {
                "≥" or ">=" or "＞＝" or "≧" => Comparator.AtLeast,
                "≤" or "<=" or "＜＝" or "≦" => Comparator.AtMost,
                _ => Comparator.Within,
            };
            rest = rest[comparatorMatch.Length..];
        }

        var number = MainNumber().Match(rest);
        // A number counts only where it stands on its own: at the start, or after a space (累積啟動 19,661 戶).
        // Digits inside a phrase (高於6都平均值) make the value qualitative.
        if (!number.Success || (number.Index > 0 && !char.IsWhiteSpace(rest[number.Index - 1])))
            return new ValueText(text, ValueForm.Qualitative, null, Comparator.None, "", "", null, null);

        var digits = number.Groups[2].Value.Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return new ValueText(text, ValueForm.Qualitative, null, Comparator.None, "", "", null, null);
        if (number.Groups[1].Value.Length > 0) value = -value;
        var prefix = rest[..number.Index];
        var suffix = rest[(number.Index + number.Length)..];

        // Two figures standing on their own ("公務 82 公彩 82") are not one value: a person has to read them.
        var outsideBrackets = Bracketed().Replace(suffix, "");
        var second = MainNumber().Match(outsideBrackets);
        if (second.Success && second.Index > 0 && char.IsWhiteSpace(outsideBrackets[second.Index - 1]))
            return new ValueText(text, ValueForm.Qualitative, null, Comparator.None, "", "", null, null);

        string? breakdown = null;
        var paren = BreakdownPattern().Match(suffix);
        if (paren.Success && paren.Groups[1].Value.Contains('+'))
        {
            breakdown = paren.Groups[1].Value;
            suffix = suffix[..paren.Index];
        }
        return new ValueText(text, ValueForm.Number, value, comparator, prefix, suffix, breakdown, null);
    }

    /// <summary>No value, for the reason given (entered as a reason, not printed as a value): the text is the reason.</summary>
    public static ValueText NoValue(string reason) => Missing(reason, reason.Trim());

    /// <summary>
    /// A value as stored: the columns written when it was parsed once, on storing (the text kept for display). Prefix
    /// and suffix are not kept: nothing reads them back.
    /// </summary>
    public static ValueText Stored(string text, ValueForm form, decimal? number, Comparator comparator, string? breakdown, string? missingReason) =>
        new(text, form, number, comparator, "", "", breakdown, missingReason);

    private static ValueText Missing(string text, string reason) =>
        new(text, ValueForm.Missing, null, Comparator.None, "", "", null, reason.Length == 0 ? "空白" : reason);

    [GeneratedRegex(@"^\s*(≥|>=|＞＝|≧|≤|<=|＜＝|≦|±|\+/-)\s*")]
    private static partial Regex ComparatorPattern();

    [GeneratedRegex(@"([-−–])?([0-9][0-9,]*(?:\.[0-9]+)?)")]
    private static partial Regex MainNumber();

    [GeneratedRegex(@"[（(][^()（）]*[)）]")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"\s*[（(]([^()（）]*)[)）]\s*$")]
    private static partial Regex BreakdownPattern();
}
