using System.Globalization;
using Beacon.Core.Workflow;

namespace Beacon.Core.Evaluation;

/// <summary>
/// The rules of a change to a plan year's 評核設定: planners only (403), until the year is approved (409), based on
/// the settings' current version (428 without one, 409 when someone saved since), and usable settings (400).
/// </summary>
public static class SettingsCheck
{
    public static IReadOnlyList<Problem> Check(EntryContext plan, EvaluationSettings settings, int? version, int currentVersion, EvaluationSettings current)
    {
        if (!plan.Actor.CanPlan)
            return [At(SettingsField.None, "只有研考會（規劃人員）可以修改評核設定", "Only planners may change the evaluation settings.", ProblemKind.Forbidden)];
        if (!WorkflowRules.OpenForSettings(plan.Status)) return [WorkflowRules.StatusForbids(plan.Year, plan.Status)];
        if (version is not { } v)
            return [At(SettingsField.Version,
                $"請附上評核設定目前的版本（version）：見 {plan.EvaluationSource} 的 settingsVersion",
                $"Send the settings' current version: read settingsVersion from {plan.EvaluationSource}.", ProblemKind.VersionRequired)];
        var problems = settings.Validate(Root);
        if (problems.Count > 0) return problems;
        return currentVersion != v ? [Stale(currentVersion, current)] : [];
    }

    /// <summary>A weight or a light threshold left blank on the settings form.</summary>
    public static Problem Required(SettingsField field) => field is SettingsField.Excellent or SettingsField.Good or SettingsField.Fair
        ? At(field, "請填寫門檻", "Enter the threshold.", ProblemKind.Invalid)
        : At(field, "請填寫權重", "Enter the weight.", ProblemKind.Invalid);

    /// <summary>A band rule that is none of <see cref="BandRule"/>'s (a form posts its name).</summary>
    public static Problem NoSuchBandRule(string? given) => At(SettingsField.BandRule, $"區間指標計分方式「{given}」不存在：請選「依比例」或「以 0 計」",
        $"There is no band rule '{given}': choose proportional or zero outside.", ProblemKind.Invalid);

    /// <summary>Someone else saved the settings since they were read: what they are now.</summary>
    public static Problem Stale(int currentVersion, EvaluationSettings current)
    {
        var (zh, en) = Describe(current);
        return At(SettingsField.Version,
            $"評核設定已被他人更新（目前版本 {currentVersion}：{zh}），你的修改未儲存；請重新載入",
            $"The settings were changed by someone else (now version {currentVersion}: {en}); your change was not saved, reload them.", ProblemKind.Stale);
    }

    private const string Root = "settings";

    private static Problem At(SettingsField field, string zh, string en, ProblemKind kind) =>
        new(SettingsPlace.Path(Root, field), zh, en) { Setting = field, Kind = kind };

    /// <summary>Settings in a line, to show what someone else saved.</summary>
    public static (string Zh, string En) Describe(EvaluationSettings s)
    {
        static string P(decimal w) => (w * 100).ToString("0.##", CultureInfo.InvariantCulture);
        static string N(decimal b) => b.ToString("0.##", CultureInfo.InvariantCulture);
        var (w, b) = (s.Weights, s.Bands);
        var weights = $"{P(w.Achievement)}/{P(w.Innovation)}/{P(w.Challenge)}/{P(w.Contribution)}%";
        return (
            $"權重 達成度/創新度/挑戰度/貢獻度 {weights}，燈號 ★ ≥ {N(b.Excellent)}、● ≥ {N(b.Good)}、▲ ≥ {N(b.Fair)}，區間指標超出範圍時{(s.BandRule == BandRule.ZeroOutside ? "以 0 計" : "依比例計分")}",
            $"weights achievement/innovation/challenge/contribution {weights}, lights ★ ≥ {N(b.Excellent)}, ● ≥ {N(b.Good)}, ▲ ≥ {N(b.Fair)}, band rule {(s.BandRule == BandRule.ZeroOutside ? "zero outside" : "proportional")}");
    }
}
