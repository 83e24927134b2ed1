using System.Globalization;
using System.Text.RegularExpressions;

namespace Beacon.Core.Values;

/// <summary>
/// Progress periods inside a year: months M1–M12, quarters Q1–Q4, and the documents' bi-months B1–B6 (1-2月 … 11-12月).
/// The year-end value has no period.
/// </summary>
public static partial class Periods
{
    public static bool IsValid(string? period) =>
        period is null || (Pattern().Match(period) is { Success: true } m && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) <= Max(m.Groups[1].Value[0]));

    public static IReadOnlyList<string> All { get; } =
        [.. Enumerable.Range(1, 12).Select(i => $"M{i}"), .. Enumerable.Range(1, 4).Select(i => $"Q{i}"), .. Enumerable.Range(1, 6).Select(i => $"B{i}")];

    /// <summary>The last month the period covers, to order progress values in time.</summary>
    public static int EndMonth(string period) => period[0] switch
    {
        'M' => Number(period),
        'Q' => Number(period) * 3,
        _ => Number(period) * 2,
    };

    public static string Label(string period, bool english) => (period[0], Number(period)) switch
    {
        ('M', var n) => english ? CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(n) : $"{n}月",
        ('Q', var n) => english ? $"Q{n}" : $"第{n}季",
        (_, var n) => english ? $"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(2 * n - 1)}–{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(2 * n)}" : $"{2 * n - 1}-{2 * n}月",
    };

    public const string Explanation = "期間應為 M1–M12（月）、Q1–Q4（季）或 B1–B6（雙月）|period must be M1–M12 (month), Q1–Q4 (quarter) or B1–B6 (bi-month)";

    private static int Number(string period) => int.Parse(period.AsSpan(1), CultureInfo.InvariantCulture);

    private static int Max(char kind) => kind switch { 'M' => 12, 'Q' => 4, _ => 6 };

    [GeneratedRegex(@"^([MQB])([1-9][0-2]?)\z")]
    private static partial Regex Pattern();
}
