using System.Globalization;
using Beacon.Core;
using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// The interface's words in Traditional Chinese (default) and English, chosen by the request culture.
/// One table, so a missing translation shows up as the key in both languages' tests.
/// </summary>
public static class Ui
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["app.name"] = ("Beacon 策略地圖與平衡計分卡", "Beacon strategy maps and balanced scorecards"),
        ["nav.home"] = ("首頁", "Home"),
        ["nav.openData"] = ("開放資料", "Open data"),
        ["nav.audit"] = ("異動紀錄", "Audit trail"),
        ["nav.users"] = ("帳號管理", "Users"),
        ["nav.language"] = ("English", "中文"),
        ["home.title"] = ("機關與年度計畫", "Organisations and their plans"),
        ["home.intro"] = ("選擇機關的年度策略地圖與平衡計分卡。", "Choose an organisation's strategy map and balanced scorecard for a year."),
        ["home.empty"] = ("尚無任何計畫。可用「beacon import 檔案」或 POST /api/import 匯入計畫文件。", "No plans yet. Import a plan document with 'beacon import FILE' or POST /api/import."),
        ["home.counts"] = ("{0} 個策略主題、{1} 項策略目標、{2} 項 KPI", "{0} themes, {1} objectives, {2} KPIs"),
        ["home.noPlans"] = ("尚無計畫", "no plans yet"),
        ["kind.City"] = ("府級", "City"),
        ["kind.Agency"] = ("局處", "Agency"),
        ["kind.Division"] = ("科室", "Division"),
        ["plan.map"] = ("策略地圖", "Strategy map"),
        ["plan.scorecard"] = ("平衡計分卡", "Balanced scorecard"),
        ["plan.themes"] = ("策略主題", "Strategic themes"),
        ["plan.mission"] = ("使命", "Mission"),
        ["plan.vision"] = ("願景", "Vision"),
        ["plan.values"] = ("核心價值", "Core values"),
        ["plan.approvals"] = ("核定與修正紀錄", "Approvals and revisions"),
        ["plan.noApprovals"] = ("文件未載明核定紀錄。", "The document records no approval."),
        ["plan.counts"] = ("{0} 個策略主題、{1} 項策略目標、{2} 項 KPI、{3} 項行動計畫", "{0} themes, {1} objectives, {2} KPIs, {3} action plans"),
        ["plan.links"] = ("策略目標關聯", "Objective linkage"),
        ["plan.noLinks"] = ("此計畫未記錄策略目標關聯圖。", "This plan records no linkage between objectives."),
        ["plan.empty"] = ("此計畫尚無策略目標。", "This plan has no objectives yet."),
        ["plan.sharedRow"] = ("共同策略目標", "Shared objectives"),
        ["plan.themeRow"] = ("策略主題", "Strategic themes"),
        ["plan.download"] = ("下載計畫文件（JSON）", "Download the plan document (JSON)"),
        ["col.objective"] = ("策略目標", "Objective"),
        ["col.ksf"] = ("關鍵成功因素 (KSF)", "Key success factor"),
        ["col.kpi"] = ("關鍵績效指標 (KPI)", "Key performance indicator"),
        ["col.formula"] = ("KPI 計算公式及計量單位", "Formula and unit"),
        ["col.responsible"] = ("KPI 主責單位", "Responsible unit"),
        ["col.actionPlans"] = ("行動計畫", "Action plans"),
        ["col.actionResponsible"] = ("行動計畫主責單位", "Action plan responsible unit"),
        ["col.agency"] = ("主責機關", "Responsible agency"),
        ["col.year"] = ("年度", "Year"),
        ["col.target"] = ("目標值", "Target"),
        ["col.actual"] = ("實際值", "Actual"),
        ["col.budget"] = ("概算 (元)", "Budget (NT$)"),
        ["col.period"] = ("期程", "Period"),
        ["col.task"] = ("主要任務", "Main task"),
        ["col.weight"] = ("權重", "Weight"),
        ["col.part"] = ("分項", "Part"),
        ["col.perspective"] = ("構面", "Perspective"),
        ["budget.planYear"] = ("已編{0}概算", "Budgeted {0}"),
        ["budget.laterYear"] = ("預編{0}概算", "Planned {0}"),
        ["value.actualOf"] = ("{0} 實際值", "{0} actual"),
        ["value.targetOf"] = ("{0} 目標值", "{0} target"),
        ["unit"] = ("單位", "Unit"),
        ["direction.Positive"] = ("正向指標（愈高愈好）", "Positive (higher is better)"),
        ["direction.Negative"] = ("負向指標（愈低愈好）", "Negative (lower is better)"),
        ["direction.Band"] = ("區間指標（在範圍內為佳）", "Band (within the range)"),
        ["direction.Qualitative"] = ("質性指標（由審查判定）", "Qualitative (judged by review)"),
        ["kpi.exempt"] = ("本項 KPI 屬資料統計，免予評核", "Statistics only: not scored"),
        ["kpi.definition"] = ("指標定義", "Definition"),
        ["kpi.direction"] = ("指標方向", "Direction"),
        ["kpi.values"] = ("歷年數值", "Values over the years"),
        ["kpi.noValues"] = ("尚無數值。", "No values yet."),
        ["kpi.cityKpi"] = ("承接府級 KPI", "Serves city KPI"),
        ["kpi.cityKpiMissing"] = ("（府級計畫中無此 KPI 的資料）", "(the city plan in the dataset has no such KPI)"),
        ["kpi.servedBy"] = ("承接本 KPI 的局處 KPI", "Agency KPIs that serve this KPI"),
        ["kpi.noActionPlans"] = ("文件未列行動計畫。", "The document lists no action plan."),
        ["kpi.milestones"] = ("雙月主要任務", "Bi-monthly milestones"),
        ["kpi.note"] = ("資料註記", "Data note"),
        ["kpi.missingReason"] = ("無數值：{0}", "no value: {0}"),
        ["kpi.breakdown"] = ("細項", "breakdown"),
        ["kpi.parts"] = ("分項", "Parts"),
        ["kpi.partsSummed"] = ("各分項加總", "parts add up"),
        ["theme.lead"] = ("主政機關", "Lead agency"),
        ["theme.members"] = ("協辦機關", "Member agencies"),
        ["theme.cityTheme"] = ("承接府級策略主題", "Carries city theme"),
        ["theme.summary"] = ("策略目標 {0} 項（{1}），關鍵績效指標 {2} 項，行動計畫 {3} 項", "{0} objectives ({1}), {2} KPIs, {3} action plans"),
        ["theme.noObjectives"] = ("此策略主題尚無策略目標。", "This theme has no objectives yet."),
        ["notFound.title"] = ("找不到頁面", "Page not found"),
        ["notFound.back"] = ("回到首頁", "Back to the home page"),
        ["notFound.plan"] = ("找不到 {0} 的 {1} 計畫。", "There is no {1} plan for {0}."),
        ["notFound.kpi"] = ("此計畫中沒有代碼為「{0}」的 KPI。", "This plan has no KPI coded '{0}'."),
        ["notFound.theme"] = ("此計畫中沒有代碼為「{0}」的策略主題。", "This plan has no theme coded '{0}'."),
        ["notFound.page"] = ("這個網址沒有內容，可能已移動或輸入有誤。", "Nothing lives at this address; it may have moved or been mistyped."),
        ["none"] = ("無", "none"),
        ["plan.evaluation"] = ("績效評核", "Evaluation"),
        ["plan.entry"] = ("填報實際值與自評", "Enter actuals and self-assessment"),
        ["plan.review"] = ("複核", "Review"),
        ["eval.title"] = ("{0} 績效評核", "{0} evaluation"),
        ["eval.settings"] = ("評核設定：總分 = 目標達成度 {0}% + 創新度 {1}% + 挑戰度 {2}% + 貢獻度 {3}%；燈號 ★ ≥ {4}、● ≥ {5}、▲ ≥ {6}", "Settings: total = achievement {0}% + innovation {1}% + challenge {2}% + contribution {3}%; lights ★ ≥ {4}, ● ≥ {5}, ▲ ≥ {6}"),
        ["eval.statistics"] = ("自評燈號統計表", "Self-assessment light statistics"),
        ["eval.statisticsReviewed"] = ("複核燈號統計表", "Reviewed light statistics"),
        ["eval.rows"] = ("各項 KPI 評核", "KPI evaluation"),
        ["eval.noRows"] = ("沒有符合篩選條件的 KPI。", "No KPI matches the filters."),
        ["eval.kpis"] = ("KPI 數", "KPIs"),
        ["eval.achieved"] = ("已達成目標值", "Achieved"),
        ["eval.notAchieved"] = ("未達成目標值", "Not achieved"),
        ["eval.noData"] = ("無相關統計數據", "No data"),
        ["eval.total"] = ("合計", "Total"),
        ["eval.achievement"] = ("目標達成度 (%)", "Achievement (%)"),
        ["eval.innovation"] = ("創新度", "Innovation"),
        ["eval.challenge"] = ("挑戰度", "Challenge"),
        ["eval.contribution"] = ("貢獻度", "Contribution"),
        ["eval.score"] = ("KPI 總得分", "Total score"),
        ["eval.light"] = ("燈號", "Light"),
        ["eval.self"] = ("自評", "Self"),
        ["eval.reviewed"] = ("複核", "Review"),
        ["eval.notAssessed"] = ("未評核", "not assessed"),
        ["eval.yes"] = ("達成", "achieved"),
        ["eval.no"] = ("未達成", "not achieved"),
        ["eval.differs"] = ("自評與複核燈號不同", "self and review lights differ"),
        ["eval.inflation"] = ("自評總分平均較複核高 {0} 分（{1} 項 KPI 均有兩者評分）", "Self scores average {0} points above the review ({1} KPIs scored by both)"),
        ["eval.noInflation"] = ("尚無同時有自評與複核評分的 KPI。", "No KPI has both a self and a review score yet."),
        ["eval.reviewedCount"] = ("已複核 {0} / {1} 項", "{0} of {1} reviewed"),
        ["filter.all"] = ("全部", "All"),
        ["filter.theme"] = ("策略主題", "Theme"),
        ["filter.perspective"] = ("構面", "Perspective"),
        ["filter.light"] = ("燈號", "Light"),
        ["filter.unit"] = ("主責單位", "Responsible unit"),
        ["filter.apply"] = ("篩選", "Filter"),
        ["filter.clear"] = ("清除篩選", "Clear filters"),
        ["light.Excellent"] = ("★ 優", "★ excellent"),
        ["light.Good"] = ("● 良", "● good"),
        ["light.Fair"] = ("▲ 可", "▲ fair"),
        ["light.Poor"] = ("× 差", "× poor"),
        ["light.Unclear"] = ("? 績效不明", "? unclear"),
        ["entry.intro"] = ("填寫各 KPI 的 {0} 實際值（或無數值原因）與三項自評分數（0–100）。儲存後立即計算目標達成度、總分與燈號；任何一欄有誤則全部不儲存。", "Enter each KPI's {0} actual (or the reason there is none) and the three self-assessment scores (0–100). Achievement, total and light are computed on saving; if any field is wrong nothing is saved."),
        ["entry.value"] = ("實際值", "Actual"),
        ["entry.reason"] = ("無數值原因", "Reason for no value"),
        ["entry.inputs"] = ("公式輸入值", "Formula inputs"),
        ["entry.met"] = ("是否達成（質性指標）", "Met? (qualitative)"),
        ["entry.explanation"] = ("自評說明", "Explanation"),
        ["entry.save"] = ("儲存", "Save"),
        ["entry.saved"] = ("已儲存 {0} 項 KPI 的變更。", "Saved changes to {0} KPIs."),
        ["entry.nothing"] = ("沒有任何變更。", "Nothing changed."),
        ["entry.errors"] = ("有 {0} 個欄位需要修正，尚未儲存任何資料。", "{0} fields need correcting; nothing has been saved."),
        ["entry.notNumber"] = ("「{0}」不是數字", "'{0}' is not a number"),
        ["entry.unknown"] = ("未判定", "not judged"),
        ["entry.computed"] = ("由公式計算", "computed by the formula"),
        ["review.intro"] = ("複核分數與燈號與自評並列保存，不會覆蓋自評。可只給燈號，或給三項分數由系統計算燈號。", "Review scores and lights are kept beside the self-assessment and never overwrite it. Give a light, or the three scores and the light is computed."),
        ["review.comment"] = ("複核意見", "Reviewer comment"),
        ["review.lightAuto"] = ("依分數計算", "from the scores"),
        ["settings.title"] = ("評核設定", "Evaluation settings"),
        ["settings.intro"] = ("本年度 KPI 總得分的權重（合計 100%）、燈號門檻與區間指標超出範圍時的計分方式。", "This year's total-score weights (adding up to 100%), light thresholds, and how a band KPI scores outside its band."),
        ["settings.weights"] = ("總分權重", "Score weights"),
        ["settings.bands"] = ("燈號門檻（總分）", "Light thresholds (total score)"),
        ["settings.bandRule"] = ("區間指標超出範圍時", "Band KPI outside its band"),
        ["settings.proportional"] = ("依比例：100 × 區間 ÷ |實際值|", "Proportional: 100 × band ÷ |actual|"),
        ["settings.zeroOutside"] = ("以 0 計", "Scores 0"),
        ["settings.saved"] = ("已儲存評核設定。", "Settings saved."),
        ["account.signIn"] = ("登入", "Sign in"),
        ["account.signOut"] = ("登出", "Sign out"),
        ["account.email"] = ("電子郵件", "Email"),
        ["account.password"] = ("密碼", "Password"),
        ["account.missing"] = ("請填寫電子郵件與密碼。", "Enter your email and password."),
        ["account.failed"] = ("電子郵件或密碼不正確。", "Wrong email or password."),
        ["account.lockedOut"] = ("登入失敗次數過多，帳號已暫時鎖定 15 分鐘。", "Too many failed attempts: the account is locked for 15 minutes."),
        ["account.denied"] = ("沒有權限", "Not allowed"),
        ["account.deniedText"] = ("你的帳號沒有權限使用這個頁面或修改這份資料。", "Your account may not use this page or change this data."),
        ["workflow.title"] = ("審核流程", "Workflow"),
        ["workflow.status"] = ("狀態", "Status"),
        ["workflow.locked"] = ("已核定的年度已鎖定，不能修改；如需修改請由研考會解鎖。", "An approved year is locked; a planner can unlock it."),
        ["workflow.actions"] = ("下一步", "Next step"),
        ["workflow.comment"] = ("說明（退回與解鎖時必填）", "Comment (required to return or unlock)"),
        ["workflow.history"] = ("歷程", "History"),
        ["workflow.noSteps"] = ("尚無任何步驟。", "No steps yet."),
        ["workflow.when"] = ("時間（臺北）", "When (Taipei)"),
        ["workflow.who"] = ("人員", "Who"),
        ["workflow.step"] = ("步驟", "Step"),
        ["workflow.signInToAct"] = ("以進行送出、複核或核定。", "to submit, review or approve."),
        ["entry.closed"] = ("此年度計畫目前為「{0}」：只有草稿或退回的計畫可以填報。", "This plan year is {0}: only a draft or returned plan takes entries."),
        ["review.closed"] = ("此年度計畫目前為「{0}」：只有已送出或複核中的計畫可以複核。", "This plan year is {0}: only a submitted plan or one under review can be reviewed."),
        ["settings.closed"] = ("此年度計畫目前為「{0}」：已核定的年度不能修改設定。", "This plan year is {0}: an approved year's settings cannot change."),
        ["kpi.progress"] = ("年度進度", "Progress during the year"),
        ["kpi.expression"] = ("計算公式（結構化）", "Structured formula"),
        ["kpi.inputsOf"] = ("{0} 輸入值", "{0} inputs"),
        // Plan pages: the cascade to the city plan, the plan's status and history, years in addresses.
        ["kpi.cityKpiNotInDataset"] = ("府級 KPI 本身不在資料集中；所屬府級策略目標：", "the city KPI itself is not in the dataset; it belongs to the city objective"),
        ["objective.cityObjective"] = ("承接府級策略目標", "Carries city objective"),
        ["objective.cityObjectiveMissing"] = ("（府級計畫中無此策略目標的資料）", "(the city plan in the dataset has no such objective)"),
        ["theme.cityThemeOtherYear"] = ("（名稱取自{0}府級計畫；{1}府級計畫不在資料集中）", "(name from the city plan of {0}; the city plan of {1} is not in the dataset)"),
        ["theme.cityThemeMissing"] = ("（資料集中的府級計畫無此策略主題）", "(no city plan in the dataset has this theme)"),
        ["map.cityMark"] = ("(府)", " (city)"),
        ["map.cityMarkLegend"] = ("(府)：承接府級策略主題或策略目標。", "(city): carries a theme or objective of the city's map."),
        ["plan.statusHistory"] = ("審核狀態與歷程", "Status and history"),
        ["plan.workflowLink"] = ("審核流程頁", "Workflow page"),
        ["plan.stepComment"] = ("說明", "Comment"),
        ["notFound.gregorianYear"] = ("找不到 {0} 的 {1} 年計畫。網址中的年度為西元年，例如民國110年請用 2021。", "There is no plan for {0} in {1}. Years in addresses are Gregorian, e.g. 2021 for ROC year 110."),
    };

    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Lang => English ? "en" : "zh-Hant-TW";

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static bool Has(string key) => Texts.ContainsKey(key);

    public static IEnumerable<string> Keys => Texts.Keys;

    /// <summary>民國110年 / 2021.</summary>
    public static string Year(int year) => RocYear.Format(year, CultureInfo.CurrentUICulture);

    /// <summary>110年 / 2021.</summary>
    public static string YearShort(int year) => RocYear.FormatShort(year, CultureInfo.CurrentUICulture);

    public static string Perspective(PerspectiveKind kind, string printedName) => English ? kind.EnglishName() : printedName;

    public static string DirectionText(Direction direction) => T($"direction.{direction}");

    public static string Kind(OrganisationKind kind) => T($"kind.{kind}");

    /// <summary>The value as printed, which is what the documents show; parsing adds the hover detail.</summary>
    public static string ValueTitle(ValueText value) => value.Form switch
    {
        ValueForm.Missing => T("kpi.missingReason", value.MissingReason),
        ValueForm.Number when value.Breakdown is not null => $"{value.Number?.ToString(CultureInfo.InvariantCulture)} ({T("kpi.breakdown")}: {value.Breakdown})",
        ValueForm.Number => value.Number?.ToString(CultureInfo.InvariantCulture) ?? "",
        _ => value.Text,
    };
}
