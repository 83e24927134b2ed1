using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Search;

/// <summary>The search page's words, zh-TW and English.</summary>
public static class SearchText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["nav.search"] = ("搜尋", "Search"),
        ["search.title"] = ("搜尋策略目標、KPI 與行動計畫", "Search objectives, KPIs and action plans"),
        ["search.label"] = ("代碼或名稱的任一部分", "A code, or any part of a name"),
        ["search.hint"] = ("例如 AC1.1、空氣品質、家暴；跨所有機關與年度。", "For example AC1.1, 空氣品質 or 家暴; across every organisation and year."),
        ["search.submit"] = ("搜尋", "Search"),
        ["search.results"] = ("「{0}」：{1} 筆，分屬 {2} 份計畫", "'{0}': {1} results in {2} plans"),
        ["search.none"] = ("找不到符合「{0}」的策略目標、KPI 或行動計畫。", "No objective, KPI or action plan matches '{0}'."),
        ["search.tooShort"] = ("請輸入至少一個字。", "Enter at least one character."),
        ["search.truncated"] = ("結果過多，只列出前 {0} 筆；請輸入更完整的字詞。", "Too many results: the first {0} are listed; try a longer text."),
        ["search.objective"] = ("策略目標", "Objective"),
        ["search.kpi"] = ("KPI", "KPI"),
        ["search.action"] = ("行動計畫", "Action plan"),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static IEnumerable<string> Keys => Texts.Keys;
}
