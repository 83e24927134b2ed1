using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Workflow;

/// <summary>The workflow page's words in Traditional Chinese and English, chosen as <see cref="Ui"/> chooses.</summary>
public static class WorkflowPageText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["confirm.title"] = ("確定要送出嗎？", "Submit anyway?"),
        ["approve.body"] = ("核定機關（核定時填寫，例如「第 2125 次市政會議」）", "Approving body (when approving, e.g. the 2125th city council meeting)"),
        ["confirm.intro"] = ("以下 {0} 項 KPI 既沒有實際值，也沒有填寫無數值原因；送出後將列為「無相關統計數據」。",
            "These {0} KPIs have neither an actual value nor the reason there is none; once submitted they count under no data."),
        ["confirm.submit"] = ("仍要送出", "Submit anyway"),
        ["confirm.back"] = ("回到填報", "Back to data entry"),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);
}
