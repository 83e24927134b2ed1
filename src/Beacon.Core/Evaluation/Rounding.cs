namespace Beacon.Core.Evaluation;

/// <summary>
/// The one rounding rule: calculations keep full precision; a figure is shown to one decimal, half away from zero
/// (110.625 → 110.6, 70.75 → 70.8, −29.41 → −29.4). Lights compare the score as shown.
/// </summary>
public static class Rounding
{
    public static decimal OneDecimal(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    public static decimal? OneDecimal(decimal? value) => value is { } v ? OneDecimal(v) : null;

    public static string Show(decimal? value) =>
        value is { } v ? OneDecimal(v).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "";
}
