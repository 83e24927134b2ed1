using System.Globalization;
using System.Text;

namespace Beacon.Core.Values;

/// <summary>A number read from what a person typed, or the problem with it.</summary>
public sealed record EnteredNumberResult(decimal? Value, Problem? Problem)
{
    public bool Succeeded => Value is not null;

    /// <summary>The number as plain invariant text (1234.5, -1), which <see cref="ValueText.Parse"/> reads back exactly.</summary>
    public string? Text => Value?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The strict reading of a number typed into an entry form or sent to the API (docs/evaluation.md, "Entering
/// numbers"): 12.3, -1, 1,234.5 (thousands groups of three only), 85% when the KPI's unit is %, spaces around it,
/// full-width characters (０–９ ． － ， ％ ＋). Anything else is refused with a message saying what was expected:
/// a wrong number is worse than none.
/// </summary>
public static class EnteredNumber
{
    /// <summary>
    /// The largest magnitude accepted, 10^15 (一千兆): far above any KPI value (Taipei's yearly budget is about
    /// 1.7 × 10^11 NT$), so more is a typing error; it also keeps rates and totals well inside the decimal range.
    /// </summary>
    public const decimal Limit = 1_000_000_000_000_000m;

    /// <summary>Digits <see cref="decimal"/> keeps exactly; more would be rounded without a word.</summary>
    public const int MaxSignificantDigits = 28;

    private const string Examples = "例如 12.3、-1 或 1,234.5";
    private const string ExamplesEn = "e.g. 12.3, -1 or 1,234.5";

    /// <summary>Reads <paramref name="text"/> as a number in the KPI's <paramref name="unit"/>; never throws.</summary>
    /// <param name="path">The field the problem names (kpis[AC1.1].actual.value).</param>
    public static EnteredNumberResult Parse(string? text, string? unit = null, string path = "value")
    {
        EnteredNumberResult Refuse(string zh, string en) => new(null, new Problem(path, zh, en));

        var typed = (text ?? "").Trim();
        if (typed.Length == 0) return Refuse($"請填數字（{Examples}）", $"enter a number ({ExamplesEn})");
        var s = Normalise(typed).Trim();

        if (s.EndsWith('%'))
        {
            if (unit?.Trim() is not ("%" or "％"))
                return Refuse($"「{typed}」帶有百分號，但此 KPI 的單位不是 %：請只填數字（{Examples}）",
                    $"'{typed}' has a percent sign, but this KPI's unit is not %: enter the number only ({ExamplesEn})");
            s = s[..^1].TrimEnd();
        }

        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        // The longest run of digits, commas and points that starts the number; what follows is not part of it.
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] is ',' or '.')) end++;
        var number = s[..end];
        var rest = s[end..];

        if (number.Length == 0 || !char.IsAsciiDigit(number[0]) && !(number[0] == '.' && number.Length > 1))
            return Refuse($"「{typed}」不是數字：請填十進位數字（{Examples}）", $"'{typed}' is not a number: enter a decimal number ({ExamplesEn})");
        if (rest.Length > 0)
        {
            if (rest[0] is 'e' or 'E' && rest.Length > 1 && (char.IsAsciiDigit(rest[1]) || rest[1] is '+' or '-'))
                return Refuse($"「{typed}」是科學記號：請寫出完整的數字（例如 1e5 寫成 100000）",
                    $"'{typed}' is in scientific notation: write the number out (1e5 as 100000)");
            if (rest[0] is 'x' or 'X' && number == "0")
                return Refuse($"「{typed}」不是十進位數字：請填十進位數字（{Examples}）", $"'{typed}' is not a decimal number: enter a decimal number ({ExamplesEn})");
            if (rest.TrimStart().StartsWith('%'))
                return Refuse($"「{typed}」的百分號只能寫在數字最後", $"in '{typed}' the percent sign may only come last");
            return Refuse($"「{typed}」的數字後面有多餘的文字「{rest.Trim()}」：請只填數字，不寫單位或說明（{Examples}）",
                $"'{typed}' has extra text '{rest.Trim()}' after the number: enter the number only, without a unit or note ({ExamplesEn})");
        }

        var point = number.IndexOf('.');
        if (point >= 0 && number.IndexOf('.', point + 1) >= 0)
            return Refuse($"「{typed}」有不只一個小數點", $"'{typed}' has more than one decimal point");
        var whole = point < 0 ? number : number[..point];
        var fraction = point < 0 ? "" : number[(point + 1)..];
        if (fraction.Contains(','))
            return Refuse($"「{typed}」的逗號位置不對：逗號只用於整數部分的千分位（1,234.5）", $"the comma in '{typed}' is misplaced: commas only group thousands before the decimal point (1,234.5)");
        if (point == 0)
            return Refuse($"「{typed}」要以數字開頭：請寫成 0{number}", $"'{typed}' must start with a digit: write 0{number}");
        if (point >= 0 && fraction.Length == 0)
            return Refuse($"「{typed}」的小數點後缺少數字", $"'{typed}' has no digits after the decimal point");
        if (whole.Contains(',') && !ThousandsGrouped(whole))
            return Refuse($"「{typed}」的逗號位置不對：逗號只用於千分位，每三位一組（1,234.5）；小數點請用「.」",
                $"the commas in '{typed}' are misplaced: a comma only separates groups of three digits (1,234.5); the decimal point is '.'");

        var integer = whole.Replace(",", "", StringComparison.Ordinal);
        string Beyond() => $"「{typed}」超出 ±10^15（一千兆）：KPI 數值不會這麼大，請檢查是否多打了位數";
        string BeyondEn() => $"'{typed}' is beyond ±10^15 (a thousand trillion): no KPI value is that large, so check for extra digits";
        if (integer.TrimStart('0').Length > 16) return Refuse(Beyond(), BeyondEn());
        if ((integer + fraction).TrimStart('0').Length > MaxSignificantDigits || fraction.Length > MaxSignificantDigits)
            return Refuse($"「{typed}」的位數太多（最多 {MaxSignificantDigits} 位有效數字）：多出的位數無法精確計算",
                $"'{typed}' has too many digits ({MaxSignificantDigits} significant digits at most): more could not be computed exactly");
        // At most 28 digits and 16 before the point: the parse is exact and cannot fail.
        var value = decimal.Parse(point < 0 ? integer : $"{integer}.{fraction}", NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (value > Limit) return Refuse(Beyond(), BeyondEn());
        return new EnteredNumberResult(negative && value != 0 ? -value : value, null);
    }

    // 1,234 and 12,345,678: one to three digits (not starting with 0), then groups of exactly three.
    private static bool ThousandsGrouped(string whole)
    {
        var groups = whole.Split(',');
        return groups[0].Length is >= 1 and <= 3 && groups[0][0] != '0' && groups.Skip(1).All(g => g.Length == 3);
    }

    private static string Normalise(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
            result.Append(c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '．' => '.',
                '－' or '−' => '-',
                '＋' => '+',
                '，' => ',',
                '％' => '%',
                _ => c,
            });
        return result.ToString();
    }
}
