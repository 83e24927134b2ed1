using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.OpenData;

/// <summary>The open-data page's words in Traditional Chinese and English, chosen as <see cref="Ui.T(string)"/> chooses.</summary>
public static class OpenDataText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["title"] = ("開放資料", "Open data"),
        ["intro"] = ("已核定計畫的平衡計分卡與績效評核，以 CSV 與 JSON 公開，網址固定，不需登入。CSV 為 UTF-8（含 BOM），可直接以 Excel 開啟。",
            "The balanced scorecards and evaluations of approved plans, as CSV and JSON at addresses that do not change; no sign-in needed. The CSV files are UTF-8 with a byte-order mark, so Excel opens them directly."),
        ["approvedOnly"] = ("只公開已核定的計畫；草稿與審查中的計畫不在此列。", "Only approved plans are published; drafts and plans under review are not."),
        ["machine"] = ("程式可讀的清單：", "A list for programs:"),
        ["empty"] = ("目前沒有已核定的計畫。", "No plan has been approved yet."),
        ["emptyYear"] = ("{0}沒有已核定公開的計畫。", "No approved plan is published for {0}."),
        ["notAYear"] = ("「{0}」不是年度：請以西元年表示，例如 2021（民國110年）。", "'{0}' is not a year: give it as a Gregorian year, e.g. 2021."),
        ["allYears"] = ("全部年度", "All years"),
        ["pages"] = ("頁次", "Pages"),
        ["pagesBelow"] = ("頁次（表格下方）", "Pages (below the table)"),
        ["shown"] = ("第 {0}–{1} 筆計畫，共 {2} 筆", "Plans {0}–{1} of {2}"),
        ["shownOne"] = ("第 {0} 筆計畫，共 {1} 筆", "Plan {0} of {1}"),
        ["col.organisation"] = ("機關", "Organisation"),
        ["col.year"] = ("年度", "Year"),
        ["col.scorecard"] = ("平衡計分卡", "Balanced scorecard"),
        ["col.evaluation"] = ("績效評核", "Evaluation"),
        ["download"] = ("下載 {0}", "Download {0}"),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static IEnumerable<string> Keys => Texts.Keys;
}
