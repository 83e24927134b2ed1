using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Audit;

/// <summary>The audit trail's words (異動紀錄) in Traditional Chinese and English, chosen as <see cref="Ui"/> chooses.</summary>
public static class AuditText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["title"] = ("異動紀錄", "Audit trail"),
        ["intro"] = ("每一筆資料異動都會記錄：誰、何時、改了什麼，以及修改前後的值。紀錄永久保存，無法刪除。", "Every change to the data is recorded: who, when, what, and the values before and after. Entries are kept permanently and cannot be deleted."),
        ["filters"] = ("篩選異動紀錄", "Filter the audit trail"),
        ["org"] = ("機關代碼", "Organisation code"),
        ["year"] = ("年度", "Year"),
        ["yearHint"] = ("民國或西元年，例如 110 或 2021", "Gregorian or ROC year, e.g. 2021 or 110"),
        ["user"] = ("人員（電子郵件）", "User (email)"),
        ["entity"] = ("資料類別", "Entity"),
        ["code"] = ("代碼（KPI 或策略目標代碼開頭）", "Code (KPI or objective code prefix)"),
        ["codeColumn"] = ("代碼", "Code"),
        ["action"] = ("動作", "Action"),
        ["from"] = ("起日", "From"),
        ["to"] = ("迄日", "To"),
        ["export"] = ("匯出 CSV（目前的篩選條件）", "Export CSV (current filter)"),
        ["count"] = ("共 {0} 筆", "{0} entries"),
        ["empty"] = ("沒有符合條件的異動紀錄。", "No entry matches the filter."),
        ["when"] = ("時間（臺北）", "When (Taipei)"),
        ["who"] = ("人員", "Who"),
        ["where"] = ("機關／年度", "Organisation / year"),
        ["changes"] = ("修改前 → 修改後", "Before → after"),
        ["field"] = ("欄位", "Field"),
        ["old"] = ("修改前", "Before"),
        ["new"] = ("修改後", "After"),
        ["noValues"] = ("（未記錄欄位值）", "(no field values recorded)"),
        ["newer"] = ("← 較新的紀錄", "← Newer entries"),
        ["older"] = ("較舊的紀錄 →", "Older entries →"),
        ["newest"] = ("最新的紀錄", "Newest entries"),
        ["pages"] = ("分頁", "Pages"),
        ["document"] = ("{0} {1} 計畫文件：{2} 個策略主題、{3} 項策略目標、{4} 項 KPI", "{0} {1} plan document: {2} themes, {3} objectives, {4} KPIs"),
        ["documentUnreadable"] = ("計畫文件（{0:N0} 字元）", "Plan document ({0:N0} characters)"),
        ["downloadNew"] = ("下載匯入的文件", "Download the imported document"),
        ["downloadOld"] = ("下載被取代的文件", "Download the replaced document"),
        ["badYear"] = ("「{0}」不是年度：請填西元年（2021）或民國年（110）", "'{0}' is not a year: use 2021 or the ROC year 110"),
        ["badDate"] = ("「{0}」不是日期：請用 2021-12-31 的格式", "'{0}' is not a date: use the form 2021-12-31"),
        ["action.create"] = ("新增", "create"),
        ["action.update"] = ("修改", "update"),
        ["action.delete"] = ("刪除", "delete"),
        ["action.import"] = ("匯入計畫", "import"),
        ["action.import-replace"] = ("匯入並取代計畫", "import and replace"),
        ["action.role"] = ("變更角色", "change role"),
        ["action.unlock"] = ("解除鎖定", "unlock"),
        ["entity.Organisation"] = ("機關", "Organisation"),
        ["entity.Plan"] = ("年度計畫", "Plan"),
        ["entity.PlanApproval"] = ("核定紀錄", "Approval"),
        ["entity.Perspective"] = ("構面", "Perspective"),
        ["entity.Theme"] = ("策略主題", "Theme"),
        ["entity.Objective"] = ("策略目標", "Objective"),
        ["entity.Kpi"] = ("KPI", "KPI"),
        ["entity.KpiPart"] = ("KPI 分項", "KPI part"),
        ["entity.KpiValue"] = ("KPI 數值", "KPI value"),
        ["entity.KpiInput"] = ("公式輸入值", "Formula input"),
        ["entity.KpiAssessment"] = ("自評與複核", "Assessment"),
        ["entity.EvaluationSetting"] = ("評核設定", "Evaluation settings"),
        ["entity.ActionPlan"] = ("行動計畫", "Action plan"),
        ["entity.Budget"] = ("概算", "Budget"),
        ["entity.Milestone"] = ("主要任務", "Milestone"),
        ["entity.ObjectiveLink"] = ("策略目標關聯", "Objective link"),
        ["entity.EvaluationCalendar"] = ("評核行事曆", "Evaluation calendar"),
        ["entity.User"] = ("帳號", "User"),
    };

    /// <summary>The entities the trail records, in the order the filter offers them.</summary>
    public static IReadOnlyList<string> Entities { get; } =
        [.. Texts.Keys.Where(k => k.StartsWith("entity.", StringComparison.Ordinal)).Select(k => k["entity.".Length..])];

    /// <summary>The actions the trail records, in the order the filter offers them.</summary>
    public static IReadOnlyList<string> Actions { get; } =
        [.. Texts.Keys.Where(k => k.StartsWith("action.", StringComparison.Ordinal)).Select(k => k["action.".Length..])];

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    /// <summary>A name the table knows, or the stored name itself (entities and actions added later still show).</summary>
    public static string Entity(string entity) => Texts.ContainsKey("entity." + entity) ? T("entity." + entity) : entity;

    public static string Action(string action) => Texts.ContainsKey("action." + action) ? T("action." + action) : action;
}
