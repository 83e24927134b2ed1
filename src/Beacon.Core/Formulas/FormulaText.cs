using System.Text;
using System.Text.RegularExpressions;

namespace Beacon.Core.Formulas;

/// <summary>Bridges the formulas the documents print (free text) and structured <see cref="Formula"/> text.</summary>
public static partial class FormulaText
{
    /// <summary>
    /// Converts a printed ratio formula to structured formula text, or gives null. Only the plain shapes are
    /// converted: <c>A/B</c>, <c>(A/B)</c>, and either of them times 100 (<c>*100</c>, <c>*100%</c>, <c>x 100%</c>,
    /// <c>×100%</c>), where A and B are plain names. "(依限完成派案評估之案件/通報件數)*100%" gives
    /// "[依限完成派案評估之案件] / [通報件數] * 100": the printed "×100%" means "shown as a percentage", so it becomes
    /// × 100. Anything else — a sum or difference, a parenthesised note inside a name, 註1, a label with "=", a unit
    /// such as "/年", a scale other than 100 — gives null: a wrong conversion is worse than none.
    /// </summary>
    /// <param name="printedFormula">The formula as the document prints it.</param>
    /// <param name="unit">
    /// The KPI's unit, when known. The documents often print a percentage as a bare <c>A/B</c> with unit "%"
    /// (完訓率 = 參訓人數/同仁數, target 98): with unit "%" a plain ratio gets the × 100 its targets are written in.
    /// </param>
    public static string? TryConvertRatio(string printedFormula, string? unit = null)
    {
        if (string.IsNullOrWhiteSpace(printedFormula)) return null;
        var text = printedFormula.Trim();
        var printedTimes100 = TimesHundred().Match(text);
        if (printedTimes100.Success) text = printedTimes100.Groups["ratio"].Value.Trim();
        text = WithoutEnclosingGroup(text);

        var slash = text.IndexOfAny(Slashes);
        if (slash < 0 || text.IndexOfAny(Slashes, slash + 1) >= 0) return null;
        var numerator = PlainName(text[..slash]);
        var denominator = PlainName(text[(slash + 1)..]);
        if (numerator is null || denominator is null || numerator == denominator) return null;

        bool times100;
        if (RateWords.Any(numerator.Contains))
        {
            // A numerator that is already a rate (成長率總和 / 計畫數: an average of rates) keeps the scale the rates
            // are entered in; a printed × 100 on it leaves unclear which scale that is.
            if (printedTimes100.Success) return null;
            times100 = false;
        }
        else
        {
            times100 = printedTimes100.Success || unit?.Trim() is "%" or "％";
        }

        var structured = $"[{numerator}] / [{denominator}]" + (times100 ? " * 100" : "");
        // The result must read back as exactly this ratio of these two inputs.
        var parsed = Formula.Parse(structured).Formula;
        return parsed is not null && parsed.Inputs.SequenceEqual([numerator, denominator])
            ? parsed.ToBracketedString()
            : null;
    }

    private static readonly char[] Slashes = ['/', '／'];

    private static readonly string[] RateWords = ["率", "比例", "百分比", "總和"];

    // Characters a plain name may hold besides letters and digits: the quotes of 填答「滿意」以上之問卷數 and the
    // enumeration comma of 本市公辦民營、準公共化托嬰機構…; not parentheses, which carry notes and units.
    private const string NamePunctuation = " _「」『』、";

    private static string WithoutEnclosingGroup(string text)
    {
        if (text.Length < 2) return text;
        var matching = (text[0], text[^1]) is ('(', ')') or ('（', '）') or ('[', ']') or ('［', '］') or ('〔', '〕');
        return matching ? text[1..^1].Trim() : text;
    }

    /// <summary>The name with its spaces tidied, or null when the text is not plainly one name.</summary>
    private static string? PlainName(string text)
    {
        var name = Spaces().Replace(text.Trim(), " ");
        var letters = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsLetter(rune)) letters++;
            else if (!Rune.IsDigit(rune) && !(rune.IsBmp && NamePunctuation.Contains((char)rune.Value))) return null;
        }
        // At least two letters: "年" in 使用人次/年 is a unit, "220 人" a constant, "A" a placeholder explained elsewhere.
        if (letters < 2) return null;
        if (Note().IsMatch(name) || LatinTimes().IsMatch(name)) return null;
        return name;
    }

    [GeneratedRegex(@"^(?<ratio>.+?)\s*(?:[*＊×]|(?<![A-Za-z])[xX])\s*100\s*[%％]?$")]
    private static partial Regex TimesHundred();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // 註1, 註 2: a note attached to the name.
    [GeneratedRegex(@"註\s*\d")]
    private static partial Regex Note();

    // A lone x between words is a printed multiplication sign (店家平均銷售額 x 攤位數), not part of a name.
    [GeneratedRegex(@"(?<![A-Za-z])[xX]|[xX](?![A-Za-z])")]
    private static partial Regex LatinTimes();
}
