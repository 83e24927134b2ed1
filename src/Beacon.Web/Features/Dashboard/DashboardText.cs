using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Dashboard;

/// <summary>The public dashboard's words, zh-TW and English.</summary>
public static class DashboardText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["nav.dashboard"] = ("績效儀表板", "Dashboard"),
        ["dashboard.title"] = ("{0} {1} 績效儀表板", "{0} {1} dashboard"),
        ["dashboard.intro"] = ("市府策略主題的目標達成與燈號、歷年趨勢，以及距離目標最遠的 KPI。數字與評核頁相同。", "The city's themes: targets achieved and lights, the trend over the years held, and the KPIs furthest from their targets. The figures are the evaluation page's."),
        ["dashboard.none"] = ("尚無可顯示的市府計畫。", "No city plan to show yet."),
        ["dashboard.themes"] = ("各策略主題", "By theme"),
        ["dashboard.trends"] = ("歷年趨勢", "Over the years"),
        ["dashboard.trendChart"] = ("歷年目標達成比率", "Share of targets achieved over the years"),
        ["dashboard.share"] = ("達成比率 (%)", "Achieved (%)"),
        ["dashboard.furthest"] = ("距離目標最遠的 KPI", "KPIs furthest from target"),
        ["dashboard.furthestIntro"] = ("目標達成度最低的 {0} 項（有實際值與目標值者）。", "The {0} lowest achievement rates (KPIs with a target and an actual)."),
        ["dashboard.noFurthest"] = ("尚無可計算目標達成度的 KPI。", "No KPI has an achievement rate yet."),
        ["dashboard.open"] = ("{0} 績效儀表板", "{0} dashboard"),
        ["dashboard.link"] = ("市府績效儀表板：各策略主題的目標達成與燈號、歷年趨勢", "The city's dashboard: achievement and lights by theme, trends over the years"),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static IEnumerable<string> Keys => Texts.Keys;
}
