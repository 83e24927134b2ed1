using System.Globalization;

namespace Beacon.Core;

/// <summary>The Republic of China calendar year (民國): Gregorian year − 1911. Years are stored Gregorian.</summary>
public static class RocYear
{
    public const int Offset = 1911;

    public static int FromGregorian(int year) => year - Offset;

    public static int ToGregorian(int rocYear) => rocYear + Offset;

    /// <summary>"民國110年" in Chinese cultures, "2021" otherwise.</summary>
    public static string Format(int gregorianYear, CultureInfo culture) =>
        IsChinese(culture) ? $"民國{FromGregorian(gregorianYear)}年" : gregorianYear.ToString(CultureInfo.InvariantCulture);

    /// <summary>The short form used in table headers: "110年" / "2021".</summary>
    public static string FormatShort(int gregorianYear, CultureInfo culture) =>
        IsChinese(culture) ? $"{FromGregorian(gregorianYear)}年" : gregorianYear.ToString(CultureInfo.InvariantCulture);

    /// <summary>A year as a Chinese message says it: "111 年" (ROC).</summary>
    public static string InMessage(int gregorianYear) => $"{FromGregorian(gregorianYear)} 年";

    private static bool IsChinese(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName.Equals("zh", StringComparison.OrdinalIgnoreCase);
}
