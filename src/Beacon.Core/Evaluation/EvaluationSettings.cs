namespace Beacon.Core.Evaluation;

/// <summary>自評燈號: ★ 優, ● 良, ▲ 可, × 差, ? 績效不明.</summary>
public enum Light { Excellent, Good, Fair, Poor, Unclear }

/// <summary>How a band KPI (±n) scores when the actual falls outside the band; the documents give no rule.</summary>
public enum BandRule
{
    /// <summary>100 × band ÷ |actual − centre|: 10% outside a ±10 band scores about 90.9.</summary>
    Proportional,
    /// <summary>Outside the band scores 0.</summary>
    ZeroOutside,
}

/// <summary>KPI總得分 weights: achievement (clamped to 0..100), 創新度, 挑戰度, 貢獻度; they add up to 1.</summary>
public sealed record ScoreWeights(decimal Achievement, decimal Innovation, decimal Challenge, decimal Contribution)
{
    /// <summary>The weights that reproduce the published Taipei figures: 25 / 25 / 30 / 20.</summary>
    public static readonly ScoreWeights Default = new(0.25m, 0.25m, 0.30m, 0.20m);
}

/// <summary>Lower bounds of the lights on the total score (shown to one decimal): ★ ≥ 92.5, ● ≥ 80, ▲ ≥ 75, × below.</summary>
public sealed record LightBands(decimal Excellent, decimal Good, decimal Fair)
{
    public static readonly LightBands Default = new(92.5m, 80m, 75m);
}

/// <summary>A plan year's evaluation settings (評核設定).</summary>
public sealed record EvaluationSettings(ScoreWeights Weights, LightBands Bands, BandRule BandRule)
{
    public static readonly EvaluationSettings Default = new(ScoreWeights.Default, LightBands.Default, BandRule.Proportional);

    /// <summary>
    /// Problems with these settings, each at its field (<see cref="Problem.Setting"/>; its path under
    /// <paramref name="path"/>: settings.weights.achievement); empty when they are usable. A weight is a share of 1
    /// (0.25), which the settings form shows in percent (25): the messages give both.
    /// </summary>
    public IReadOnlyList<Problem> Validate(string path = "settings")
    {
        var problems = new List<Problem>();
        Problem At(SettingsField field, string zh, string en) => new(SettingsPlace.Path(path, field), zh, en) { Setting = field };
        var w = Weights;
        foreach (var (field, value) in new[] { (SettingsField.Achievement, w.Achievement), (SettingsField.Innovation, w.Innovation), (SettingsField.Challenge, w.Challenge), (SettingsField.Contribution, w.Contribution) })
            if (value is < 0 or > 1)
                problems.Add(At(field, $"權重 {Plain(value)}（{Percent(value)}%）應介於 0 與 1（100%）之間", $"weight {Plain(value)} ({Percent(value)}%) must be between 0 and 1 (100%)"));
            else if (EntryRules.DecimalsProblem(SettingsPlace.Path(path, field), "權重", "weight", value) is { } decimals)
                problems.Add(decimals with { Setting = field });
        if (SumOf(w) is { } sum && sum != 1)
            problems.Add(At(SettingsField.Weights, $"四項權重合計為 {Plain(sum)}（{Percent(sum)}%），應為 1（100%）", $"the four weights add up to {Plain(sum)} ({Percent(sum)}%), not 1 (100%)"));
        var b = Bands;
        foreach (var (field, value) in new[] { (SettingsField.Excellent, b.Excellent), (SettingsField.Good, b.Good), (SettingsField.Fair, b.Fair) })
            if (value is < 0 or > 100)
                problems.Add(At(field, $"燈號門檻 {value} 應介於 0 與 100 之間", $"light threshold {value} must be between 0 and 100"));
            else if (EntryRules.DecimalsProblem(SettingsPlace.Path(path, field), "燈號門檻", "light threshold", value) is { } decimals)
                problems.Add(decimals with { Setting = field });
        if (!(b.Excellent >= b.Good && b.Good >= b.Fair))
            problems.Add(At(SettingsField.Bands, "燈號門檻須為 優 ≥ 良 ≥ 可", "light thresholds must be excellent ≥ good ≥ fair"));
        return problems;
    }

    /// <summary>A weight as written, without trailing zeros: 0.25, 1.5.</summary>
    private static string Plain(decimal value) => value.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A weight in percent, as the settings form shows it: 0.25 → 25, 1.5 → 150 (a weight too large to say so is said as it is).</summary>
    private static string Percent(decimal weight) => Math.Abs(weight) < 1_000_000_000_000m ? Plain(weight * 100) : $"{Plain(weight)} × 100";

    // Weights far out of range (reported one by one) could add up beyond the decimal range.
    private static decimal? SumOf(ScoreWeights w)
    {
        try
        {
            return w.Achievement + w.Innovation + w.Challenge + w.Contribution;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}

/// <summary>A field of a year's evaluation settings, for the place of a problem: a weight, a light threshold, the band rule, the version, or the weights or thresholds together.</summary>
public enum SettingsField { None, Weights, Achievement, Innovation, Challenge, Contribution, Bands, Excellent, Good, Fair, BandRule, Version }

public static class SettingsPlace
{
    /// <summary>The field's path under <paramref name="root"/> (settings, or $.evaluation in a plan document): settings.weights.achievement, settings.bands, settings.version.</summary>
    public static string Path(string root, SettingsField field) => field switch
    {
        SettingsField.None => root,
        SettingsField.Weights => $"{root}.weights",
        SettingsField.Achievement or SettingsField.Innovation or SettingsField.Challenge or SettingsField.Contribution => $"{root}.weights.{Camel(field)}",
        SettingsField.Bands => $"{root}.bands",
        SettingsField.Excellent or SettingsField.Good or SettingsField.Fair => $"{root}.bands.{Camel(field)}",
        _ => $"{root}.{Camel(field)}",
    };

    private static string Camel(SettingsField field) => char.ToLowerInvariant(field.ToString()[0]) + field.ToString()[1..];
}

public static class Lights
{
    /// <summary>The symbol the documents print: ★ ● ▲ × ?.</summary>
    public static string Symbol(this Light light) => light switch
    {
        Light.Excellent => "★",
        Light.Good => "●",
        Light.Fair => "▲",
        Light.Poor => "×",
        _ => "?",
    };

    public static string ChineseName(this Light light) => light switch
    {
        Light.Excellent => "優",
        Light.Good => "良",
        Light.Fair => "可",
        Light.Poor => "差",
        _ => "績效不明",
    };

    public static string EnglishName(this Light light) => light switch
    {
        Light.Excellent => "excellent",
        Light.Good => "good",
        Light.Fair => "fair",
        Light.Poor => "poor",
        _ => "unclear",
    };
}
