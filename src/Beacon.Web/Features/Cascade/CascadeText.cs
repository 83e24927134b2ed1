using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Cascade;

/// <summary>The cascade's words (府級與局處計畫串接, 主題分工) in Traditional Chinese and English, chosen as <see cref="Ui"/> chooses.</summary>
public static class CascadeText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["tab.cascade"] = ("串接", "Cascade"),
        ["tab.membership"] = ("主題分工", "Theme membership"),
        ["title"] = ("府級與局處計畫串接", "City ⇄ bureau cascade"),
        ["intro"] = ("府級策略主題與策略目標由哪些局處的策略目標與 KPI 承接，以及承接 KPI 在 {0} 的績效：已達成、未達成、無相關統計數據，與自評、複核燈號數。局處策略目標標示（府）承接府級策略目標時，其所有 KPI 均計入；局處 KPI 標示府級 KPI 時，計入該 KPI 所屬的府級策略目標；局處策略主題標示（府）時，其所有 KPI 計入該府級策略主題。每項 KPI 在每一層只計一次。",
            "Which bureau objectives and KPIs carry each city theme and objective, and how the carrying KPIs did in {0}: achieved, not achieved, no data, and the count of each light, self and reviewed. A bureau objective marked (府) with a city objective brings all its KPIs; a bureau KPI naming a city KPI counts under that KPI's city objective; a bureau theme marked (府) brings all its KPIs to the city theme. Each KPI counts once at every level."),
        ["summary"] = ("{0} 個局處計畫，承接府級計畫的 KPI 共 {1} 項。", "{0} bureau plans; {1} KPIs carry the city plan."),
        ["notCity"] = ("串接頁只適用於府級計畫；{0} 是局處，請從其府級計畫查看。", "The cascade is shown for a city plan; {0} is an agency: see its city's plan."),
        ["tree"] = ("策略主題 → 府級策略目標 → 承接的局處策略目標 → KPI → 行動計畫", "City theme → city objective → carrying bureau objective → KPI → action plan"),
        ["themeCarriers"] = ("以策略主題承接（府）的局處策略主題（{0}）", "Bureau themes marked (府) with this theme ({0})"),
        ["uncarried"] = ("尚無局處承接", "no bureau carries it"),
        ["whole"] = ("整項承接（府）", "carried whole (府)"),
        ["partial"] = ("以 KPI 承接", "through its KPIs"),
        ["cityKpis"] = ("府級 KPI", "City KPIs"),
        ["cityKpiCarried"] = ("{0} 項局處 KPI 標示承接", "named by {0} bureau KPIs"),
        ["link.objective"] = ("{0} 的承接明細", "Who carries {0}, in detail"),
        ["link.bureauObjective"] = ("{0} 策略目標 {1}", "{0}'s objective {1}"),
        ["link.kpi"] = ("KPI {0} 的頁面", "KPI {0}'s page"),
        ["noActionPlans"] = ("未列行動計畫", "no action plan listed"),
        ["shared"] = ("共同策略目標", "Shared objectives"),
        ["bureauPlans"] = ("局處計畫", "Bureau plans"),
        ["gaps"] = ("對齊缺口", "Alignment gaps"),
        ["gaps.count"] = ("共 {0} 項。", "{0} in all."),
        ["gaps.uncarried"] = ("沒有局處承接的府級策略目標（{0}）", "City objectives no bureau carries ({0})"),
        ["gaps.missingObjective"] = ("標示（府）但府級計畫沒有該策略目標的局處策略目標（{0}）", "Bureau objectives marked (府) with a city objective the city plan does not have ({0})"),
        ["gaps.missingObjectiveRow"] = ("標示承接 {0}，{1}府級計畫沒有此策略目標", "names {0}, which the {1} city plan does not have"),
        ["gaps.idle"] = ("主政或協辦策略主題卻未承接任何項目的機關（{0}）", "Agencies that lead or join a city theme and carry nothing of it ({0})"),
        ["gaps.idleNoPlan"] = ("無 {0} 計畫", "no {0} plan"),
        ["gaps.idleUnknown"] = ("Beacon 中無此機關", "not an organisation in Beacon"),
        ["gaps.idleNothing"] = ("計畫未承接本主題任何項目", "its plan carries nothing of the theme"),
        ["gaps.missingKpi"] = ("標示府級 KPI 但府級計畫沒有該 KPI 的局處 KPI（{0}）", "Bureau KPIs naming a city KPI the city plan does not have ({0})"),
        ["gaps.missingKpiRow"] = ("標示承接府級 KPI {0}", "names city KPI {0}"),
        ["gaps.objectiveFound"] = ("所屬府級策略目標 {0} 存在，仍計入串接", "its city objective {0} exists and counts it"),
        ["gaps.objectiveMissing"] = ("府級計畫也沒有策略目標 {0}", "the city plan has no objective {0} either"),
        ["gaps.cityListsNoKpis"] = ("{0}府級計畫在 Beacon 中未列任何 KPI（只有策略地圖），這些 KPI 無法與府級 KPI 比對。", "The {0} city plan lists no KPI in Beacon (its map only), so these cannot be checked against city KPIs."),
        ["gaps.none"] = ("無。", "None."),
        ["role.Lead"] = ("主政", "Lead"),
        ["role.Member"] = ("協辦", "Member"),
        ["role.unlisted"] = ("未列名，但承接本主題", "Not listed, but carries the theme"),
        ["membership.title"] = ("策略主題分工", "Theme membership"),
        ["membership.intro"] = ("各府級策略主題的主政與協辦機關（分成組員）、各機關在 {0} 是否有計畫，以及其計畫承接本主題的項目：標示（府）的策略主題、承接本主題策略目標的策略目標、標示本主題府級 KPI 的 KPI。",
            "Each city theme's lead and member agencies, whether each has a plan for {0}, and what that plan carries of the theme: bureau themes marked (府) with it, objectives carrying its objectives, KPIs naming its KPIs."),
        ["membership.caption"] = ("{0} 的主政與協辦機關", "Lead and member agencies of {0}"),
        ["membership.agency"] = ("機關", "Agency"),
        ["membership.role"] = ("角色", "Role"),
        ["membership.plan"] = ("{0} 計畫", "{0} plan"),
        ["membership.carries"] = ("承接本主題", "Carries of the theme"),
        ["membership.hasPlan"] = ("有", "yes"),
        ["membership.noPlan"] = ("無", "none"),
        ["membership.unknown"] = ("Beacon 中無此機關", "not in Beacon"),
        ["membership.nothing"] = ("未承接任何項目", "nothing"),
        ["membership.noMembers"] = ("府級計畫未列本主題的主政與協辦機關。", "The city plan names no lead or member agency for this theme."),
        ["membership.themes"] = ("策略主題", "Themes"),
        ["membership.objectives"] = ("策略目標", "Objectives"),
        ["membership.kpis"] = ("KPI", "KPIs"),
        ["rollup.caption"] = ("承接 KPI 統計（{0}）", "Carrying KPIs ({0})"),
        ["rollup.kpis"] = ("KPI {0} 項", "{0} KPIs"),
        ["rollup.achieved"] = ("已達成 {0}", "achieved {0}"),
        ["rollup.notAchieved"] = ("未達成 {0}", "not achieved {0}"),
        ["rollup.noData"] = ("無資料 {0}", "no data {0}"),
        ["rollup.none"] = ("無承接 KPI", "no carrying KPI"),
        ["col.organisation"] = ("機關", "Organisation"),
        ["col.cityKpi"] = ("府級 KPI", "City KPI"),
        ["objective.kpis"] = ("本策略目標的 KPI", "KPIs of this objective"),
        ["objective.noKpis"] = ("文件未列本策略目標的 KPI。", "The document lists no KPI for this objective."),
        ["objective.carriedBy"] = ("承接本策略目標的局處策略目標與 KPI", "Bureau objectives and KPIs carrying this objective"),
        ["objective.noCarriers"] = ("尚無局處計畫承接本策略目標。", "No bureau plan carries this objective yet."),
        ["objective.cascade"] = ("本年度串接全貌", "The whole cascade of the year"),
        ["objective.carriedByOne"] = ("{0}（{1}）", "{0} ({1})"),
        ["kpi.noCarriers"] = ("尚無局處 KPI 標示承接本 KPI。", "No bureau KPI names this KPI yet."),
        ["notFound.objective"] = ("此計畫中沒有代碼為「{0}」的策略目標。", "This plan has no objective coded '{0}'."),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static IEnumerable<string> Keys => Texts.Keys;
}
