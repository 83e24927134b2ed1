using System.Globalization;
using Beacon.Core.Comparison;
using Beacon.Core.Plans;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Comparison;

/// <summary>The revision comparison's words (修正對照表) in Traditional Chinese and English, chosen as <see cref="Ui"/> chooses.</summary>
public static class ComparisonText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["tab"] = ("修正對照", "Revisions"),
        ["title"] = ("修正對照表", "Revision comparison"),
        ["heading"] = ("{0} → {1} 修正對照表", "Revision comparison {0} → {1}"),
        ["intro"] = ("比較兩個年度的計畫：各構面策略目標、KPI 與行動計畫數的增減，以及每一項的原內容、修正後內容與說明。策略目標、KPI 與行動計畫先依代碼比對，代碼不同者再依名稱相近程度比對（重新編號或改列者不視為刪除再新增）。",
            "Two years' plans side by side: the objectives, KPIs and action plans of each perspective before and after, then each item as it was, as it is, and why. Items are matched by code, then by how alike their names are, so a renumbered or moved item is not shown as removed and added."),
        ["filters"] = ("篩選修正項目", "Filter the rows"),
        ["with"] = ("比較年度", "Compare with"),
        ["kind"] = ("修正類別", "Kind of change"),
        ["kind.changed"] = ("所有修正項目", "Every changed item"),
        ["kind.all"] = ("全部（含未修正）", "Everything, unchanged too"),
        ["level"] = ("項目類別", "Item"),
        ["counts"] = ("各構面項目數", "Items per perspective"),
        ["counts.caption"] = ("各構面策略目標、KPI 與行動計畫數，原 → 修正後", "Objectives, KPIs and action plans per perspective, before → after"),
        ["col.difference"] = ("增減", "Change"),
        ["col.item"] = ("項目", "Item"),
        ["col.before"] = ("原", "Before"),
        ["col.after"] = ("修正後", "After"),
        ["col.explanation"] = ("說明", "Explanation"),
        ["rows"] = ("修正項目", "Items"),
        ["rows.caption"] = ("修正對照：原、修正後與說明", "Revisions: before, after and explanation"),
        ["rows.count"] = ("列出 {0} 項（共 {1} 項，其中 {2} 項有修正）", "{0} rows shown ({1} items, {2} of them changed)"),
        ["noOther"] = ("{0} 沒有其他年度的計畫可供比較。", "{0} has no plan of another year to compare with."),
        ["noRows"] = ("沒有符合篩選條件的項目。", "No item matches the filters."),
        ["noChanges"] = ("兩個計畫的策略目標、KPI 與行動計畫沒有任何修正。", "Nothing of the objectives, KPIs and action plans differs between the two plans."),
        ["otherMissing"] = ("找不到 {0} 的 {1} 計畫，無法比較；請從清單選擇年度。", "There is no {1} plan of {0} to compare with; choose a year from the list."),
        ["sameYear"] = ("請選擇另一個年度來比較。", "Choose another year to compare with."),
        ["basis"] = ("只見於 {0} 計畫的核定與修正紀錄", "Approvals and revisions recorded in the {0} plan only"),
        ["reasons"] = ("修正說明", "Reasons for the revision"),
        ["added"] = ("（新增）", "(added)"),
        ["removed"] = ("（刪除）", "(removed)"),
        ["related.before"] = ("與原 {0}「{1}」相近", "like {0} {1} before"),
        ["related.after"] = ("與修正後 {0}「{1}」相近", "like {0} {1} after"),
        ["none"] = ("（無）", "(none)"),
        ["perspectiveRow"] = ("{0}構面", "{0}"),
        ["level.Objective"] = ("策略目標", "Objective"),
        ["level.Kpi"] = ("KPI", "KPI"),
        ["level.ActionPlan"] = ("行動計畫", "Action plan"),
        ["kind.Unchanged"] = ("未修正", "Unchanged"),
        ["kind.Added"] = ("新增", "Added"),
        ["kind.Removed"] = ("刪除", "Removed"),
        ["kind.Renamed"] = ("名稱修正", "Renamed"),
        ["kind.Renumbered"] = ("編號調整", "Renumbered"),
        ["kind.Moved"] = ("改列其他項下", "Moved"),
        ["kind.TargetChanged"] = ("目標值修正", "Target changed"),
        ["kind.FormulaChanged"] = ("計算公式修正", "Formula changed"),
        ["kind.UnitChanged"] = ("計量單位修正", "Unit changed"),
        ["kind.DirectionChanged"] = ("指標方向修正", "Direction changed"),
        ["kind.ResponsibleChanged"] = ("主責單位修正", "Responsible unit changed"),
        ["kind.BudgetChanged"] = ("概算修正", "Budget changed"),
        ["field.Moved"] = ("所屬：{0}", "Under {0}"),
        ["field.MovedObjective"] = ("所屬：主題 {0}，{1}構面", "Under theme {0}, {1}"),
        ["field.MovedShared"] = ("所屬：共同策略目標，{0}構面", "Shared by every theme, {0}"),
        ["field.TargetChanged"] = ("{0}目標值：{1}", "{0} target: {1}"),
        ["field.BudgetChanged"] = ("{0}概算：{1}", "{0} budget: {1}"),
        ["field.FormulaChanged"] = ("計算公式：{0}", "Formula: {0}"),
        ["field.UnitChanged"] = ("單位：{0}", "Unit: {0}"),
        ["field.DirectionChanged"] = ("方向：{0}", "Direction: {0}"),
        ["field.ResponsibleChanged"] = ("主責單位：{0}", "Responsible: {0}"),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static IEnumerable<string> Keys => Texts.Keys;

    public static string Kind(ChangeKind kind) => T($"kind.{kind}");

    public static string Level(ItemLevel level) => T($"level.{level}");

    /// <summary>
    /// A changed field of a row as one side prints it (<paramref name="before"/>: the 原 column), or null for a change
    /// the row's code and name already show (renamed, renumbered).
    /// </summary>
    public static string? Field(ComparedItem item, FieldChange change, bool before)
    {
        var value = before ? change.Before : change.After;
        string Shown(string? text) => text ?? T("none");
        return change.Kind switch
        {
            ChangeKind.Moved when item.Level == ItemLevel.Objective && value is [var theme, var letter]
                && Enum.GetValues<PerspectiveKind>().Where(k => k.StandardLetter() == letter).ToList() is [var perspective] =>
                theme == Beacon.Core.Codes.ObjectiveCode.SharedTheme
                    ? T("field.MovedShared", Ui.Perspective(perspective, perspective.StandardName()))
                    : T("field.MovedObjective", theme, Ui.Perspective(perspective, perspective.StandardName())),
            ChangeKind.Moved => T("field.Moved", Shown(value)),
            ChangeKind.TargetChanged or ChangeKind.BudgetChanged => T($"field.{change.Kind}",
                Ui.YearShort(change.Year ?? 0) + (change.Part is null ? "" : Ui.English ? $" ({change.Part})" : $"（{change.Part}）"), Shown(value)),
            ChangeKind.DirectionChanged => T("field.DirectionChanged", value is null ? T("none")
                : Ui.DirectionText(Enum.Parse<Direction>(value, ignoreCase: true))),
            ChangeKind.FormulaChanged or ChangeKind.UnitChanged or ChangeKind.ResponsibleChanged => T($"field.{change.Kind}", Shown(value)),
            _ => null,
        };
    }
}
