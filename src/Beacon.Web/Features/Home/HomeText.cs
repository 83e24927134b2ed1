using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Home;

/// <summary>The words of the lists of organisations (the home page, an organisation's page), chosen as <see cref="Ui"/> chooses.</summary>
public static class HomeText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["beneath"] = ("{0} 個所屬機關", "{0} sub-organisations"),
        ["beneath.one"] = ("1 個所屬機關", "1 sub-organisation"),
        ["topLevel"] = ("機關較多，這裡列出上層機關；各機關的「所屬機關」連結列出其下的機關。", "There are many organisations: the upper levels are listed here, and each one's sub-organisations link lists those beneath it."),
        ["org.plans"] = ("年度計畫", "Plans"),
        ["org.subs"] = ("所屬機關", "Sub-organisations"),
        ["org.noSubs"] = ("沒有所屬機關。", "No sub-organisations."),
        ["org.notFound"] = ("找不到機關「{0}」。請確認機關代碼，例如 TPE-SWD，或在首頁依名稱尋找。", "There is no organisation '{0}'. Check the code (e.g. TPE-SWD), or find it by name on the home page."),
        ["filter.title"] = ("尋找機關", "Find an organisation"),
        ["filter.label"] = ("機關名稱或代碼", "Organisation name or code"),
        ["filter.hint"] = ("例如 社會局 或 TPE-SWD", "e.g. Social Welfare or TPE-SWD"),
        ["filter.submit"] = ("尋找", "Find"),
        ["filter.clear"] = ("顯示全部機關", "Show every organisation"),
        ["filter.count"] = ("符合「{0}」的機關共 {1} 個。", "{1} organisations match '{0}'."),
        ["filter.none"] = ("沒有符合「{0}」的機關。", "No organisation matches '{0}'."),
        ["filter.more"] = ("只列出前 {0} 個；請輸入更完整的名稱或代碼。", "Only the first {0} are listed; type more of the name or code."),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    /// <summary>"40 個所屬機關" / "40 sub-organisations".</summary>
    public static string Beneath(int count) => count == 1 ? T("beneath.one") : T("beneath", count);
}
