using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Evaluation;

/// <summary>The evaluation forms' words in Traditional Chinese and English, chosen as <see cref="Ui"/> chooses.</summary>
public static class EvaluationText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["weight.achievement"] = ("目標達成度", "Achievement"),
        ["readOnly"] = ("以下為目前的資料，僅供檢視。", "What is entered now is shown read-only."),
        ["notYours"] = ("你只能填報所屬科室（{0}）負責的 KPI；其他 KPI 僅供檢視。", "You enter only the KPIs of your divisions ({0}); the others are shown read-only."),
        ["notYoursRow"] = ("由 {0} 填報", "Entered by {0}"),
        ["progress.notYours"] = ("此 KPI 由 {0} 負責，你只能檢視。", "This KPI belongs to {0}: you can only view it."),
        ["part"] = ("{0}：", "{0}: "),
        ["sentence.end"] = ("。", "."),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);
}
