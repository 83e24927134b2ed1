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

    /// <summary>Problems with these settings, each naming the field; empty when they are usable.</summary>
    public IReadOnlyList<Problem> Validate(string path = "settings")
    {
        var problems = new List<Problem>();
        var w = Weights;
        foreach (var (name, value) in new[] { ("achievement", w.Achievement), ("innovation", w.Innovation), ("challenge", w.Challenge), ("contribution", w.Contribution) })
            if (value is < 0 or > 1)
                problems.Add(new Problem($"{path}.weights.{name}", $"權重 {value} 應介於 0 與 1 之間", $"weight {value} must be between 0 and 1"));
            else if (EntryRules.DecimalsProblem($"{path}.weights.{name}", "權重", "weight", value) is { } decimals)
                problems.Add(decimals);
        if (SumOf(w) is { } sum && sum != 1)
            problems.Add(new Problem($"{path}.weights", $"四項權重合計為 {sum}，應為 1（100%）", $"the four weights add up to {sum}, not 1 (100%)"));
        var b = Bands;
        foreach (var (name, value) in new[] { ("excellent", b.Excellent), ("good", b.Good), ("fair", b.Fair) })
            if (value is < 0 or > 100)
                problems.Add(new Problem($"{path}.bands.{name}", $"燈號門檻 {value} 應介於 0 與 100 之間", $"light threshold {value} must be between 0 and 100"));
            else if (EntryRules.DecimalsProblem($"{path}.bands.{name}", "燈號門檻", "light threshold", value) is { } decimals)
                problems.Add(decimals);
        if (!(b.Excellent >= b.Good && b.Good >= b.Fair))
            problems.Add(new Problem($"{path}.bands", "燈號門檻須為 優 ≥ 良 ≥ 可", "light thresholds must be excellent ≥ good ≥ fair"));
        return problems;
    }

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
