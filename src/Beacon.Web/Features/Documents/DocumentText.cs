using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Documents;

/// <summary>The documents' and the download menu's words, zh-TW and English (the plan pages' own words stay in <see cref="Ui"/>).</summary>
public static class DocumentText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["doc.map"] = ("策略地圖", "strategy map"),
        ["doc.scorecard"] = ("平衡計分卡", "balanced scorecard"),
        ["doc.theme"] = ("施政報告 策略主題{0}", "administrative report, theme {0}"),
        ["doc.report"] = ("施政報告", "administrative report"),
        ["doc.evaluation"] = ("自評表", "self-assessment"),
        ["doc.milestones"] = ("行動計畫雙月進度表", "bi-monthly milestones"),
        ["doc.membership"] = ("策略主題分工", "theme membership"),
        ["doc.compare"] = ("修正對照表", "revision comparison"),
        ["doc.evaluations"] = ("各機關評核總覽", "evaluations of every organisation"),
        ["doc.contents"] = ("目錄", "Contents"),
        ["doc.perspectiveHeading"] = ("{0}構面", "{0} perspective"),
        ["doc.sharedObjectives"] = ("共同策略目標", "Shared objectives"),
        ["doc.overview"] = ("總覽", "Overview"),
        ["doc.rows"] = ("各項 KPI 自評與複核", "KPI self-assessment and review"),
        ["doc.statistics"] = ("燈號統計", "Light statistics"),
        ["doc.mapDescription"] = ("策略地圖：{0} 個策略主題、{1} 項策略目標，{2} 條策略目標關聯。", "Strategy map: {0} themes, {1} objectives, {2} links between objectives."),
        ["doc.noMilestones"] = ("文件未列雙月主要任務。", "The document lists no bi-monthly tasks."),
        ["doc.code"] = ("代碼", "Code"),
        ["doc.name"] = ("名稱", "Name"),
        ["doc.theme.col"] = ("策略主題", "Theme"),
        ["doc.actionPlan"] = ("行動計畫", "Action plan"),
        ["doc.responsible"] = ("主責單位", "Responsible unit"),
        ["chart.lightsByPerspective"] = ("各構面自評燈號", "Self-assessment lights by perspective"),
        ["chart.lightsByTheme"] = ("各策略主題自評燈號", "Self-assessment lights by theme"),
        ["chart.achievementByTheme"] = ("各策略主題目標達成情形", "Targets achieved by theme"),
        ["chart.achievementByPerspective"] = ("各構面目標達成情形", "Targets achieved by perspective"),
        ["chart.selfVsReviewed"] = ("自評與複核燈號", "Self-assessment and review lights"),
        ["chart.meanSelfVsReviewed"] = ("各機關自評與複核平均總分", "Mean self and reviewed totals by organisation"),
        ["chart.kpiYears"] = ("歷年實際值與目標值", "Actuals and targets over the years"),
        ["chart.kpiProgress"] = ("年度進度值", "Progress during the year"),
        ["chart.count"] = ("項", "KPIs"),
        ["chart.score"] = ("分", "points"),
        ["chart.light"] = ("燈號", "Light"),
        ["downloads.title"] = ("下載", "Download"),
        ["downloads.this"] = ("本頁文件", "This page as a document"),
        ["downloads.more"] = ("其他文件", "Other documents"),
        ["downloads.pdfNote"] = ("PDF 以 A4 列印", "PDF on A4"),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static IEnumerable<string> Keys => Texts.Keys;
}
