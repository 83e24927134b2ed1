using System.Globalization;
using Beacon.Core.Notifications;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Notifications;

/// <summary>The notifications' interface words (通知) in Traditional Chinese and English, chosen as <see cref="Ui"/> chooses.</summary>
public static class NotificationText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["nav"] = ("通知", "Notices"),
        ["navSeparator"] = ("：", ": "),
        ["navUnread"] = (" 則未讀", " unread"),
        ["title"] = ("通知", "Notices"),
        ["intro"] = ("計畫送出、退回、核定、KPI 意見往返與評核行事曆的期限提醒。點選通知即標示為已讀並開啟相關頁面。", "Plans submitted, returned and approved, KPI comments, and the evaluation calendar's deadline reminders. Opening a notice marks it read."),
        ["all"] = ("全部", "All"),
        ["unreadOnly"] = ("未讀", "Unread"),
        ["showing"] = ("顯示", "Show"),
        ["unreadCount"] = ("{0} 則未讀", "{0} unread"),
        ["empty"] = ("目前沒有通知。", "No notices yet."),
        ["emptyUnread"] = ("沒有未讀的通知。", "No unread notices."),
        ["markAll"] = ("全部標示為已讀", "Mark all as read"),
        ["markRead"] = ("標示為已讀", "Mark as read"),
        ["markUnread"] = ("標示為未讀", "Mark as unread"),
        ["unread"] = ("未讀", "unread"),
        ["open"] = ("開啟", "Open"),
        ["settingsLink"] = ("電子郵件通知設定", "E-mail settings"),
        ["emailOff"] = ("未寄電子郵件", "no e-mail"),
        ["emailPending"] = ("電子郵件待寄", "e-mail waiting"),
        ["emailSent"] = ("已寄電子郵件", "e-mailed"),
        ["emailFailed"] = ("電子郵件寄送失敗", "e-mail failed"),
        ["more"] = ("僅顯示最新 {0} 則。", "Showing the latest {0}."),
        // preferences
        ["settings.title"] = ("電子郵件通知設定", "E-mail notice settings"),
        ["settings.intro"] = ("選擇要以電子郵件收到的通知種類與信件語言。站內通知一律保留。", "Choose which notices also come by e-mail, and the language of the e-mails. Every notice stays in the inbox."),
        ["settings.kinds"] = ("以電子郵件通知", "Send by e-mail"),
        ["settings.noKinds"] = ("你的角色不會收到任何通知。", "Your role receives no notices."),
        ["settings.language"] = ("信件語言", "Language of the e-mails"),
        ["settings.save"] = ("儲存設定", "Save the settings"),
        ["settings.saved"] = ("已儲存通知設定。", "Settings saved."),
        ["settings.badLanguage"] = ("請選擇中文或 English。", "Choose 中文 or English."),
        ["settings.stale"] = ("設定已在別處更新，未儲存；以下為目前的設定，請重新選擇。", "The settings were changed elsewhere and nothing was saved; these are the current ones, choose again."),
        ["settings.emailOffSite"] = ("系統尚未設定寄信伺服器：目前只有站內通知。", "E-mail is not configured on this server: notices are in the inbox only."),
        ["settings.address"] = ("寄至 {0}", "Sent to {0}"),
        // deliveries (administrators)
        ["deliveries.title"] = ("通知寄送狀態", "Notice delivery"),
        ["deliveries.intro"] = ("每則通知的電子郵件寄送狀態。伺服器暫時無法連線時會自動重試（間隔加倍，最長 1 小時）；被拒收（5xx）的信件需由管理員重新寄送。", "The e-mail of every notice. While the server cannot be reached it is retried, waiting twice as long each time up to an hour; a message refused for good (5xx) waits for an administrator to send it again."),
        ["deliveries.state"] = ("狀態", "State"),
        ["deliveries.count"] = ("則數", "Notices"),
        ["deliveries.recipient"] = ("收件人", "Recipient"),
        ["deliveries.notice"] = ("通知", "Notice"),
        ["deliveries.attempts"] = ("嘗試次數", "Attempts"),
        ["deliveries.next"] = ("下次嘗試（臺北）", "Next attempt (Taipei)"),
        ["deliveries.error"] = ("最後錯誤", "Last error"),
        ["deliveries.retry"] = ("重新寄送", "Send again"),
        ["deliveries.retried"] = ("已排入重新寄送。", "Queued to be sent again."),
        ["deliveries.empty"] = ("沒有需要寄送的通知。", "No e-mail to show."),
        ["deliveries.problems"] = ("待寄與失敗", "Waiting and failed"),
        ["deliveries.recent"] = ("最近寄出", "Recently sent"),
        ["deliveries.configured"] = ("寄信伺服器：{0}:{1}（{2}），寄件人 {3}", "SMTP server {0}:{1} ({2}), sender {3}"),
        ["deliveries.notConfigured"] = ("尚未設定寄信伺服器（Notifications:Smtp:Host、From 與 Notifications:BaseUrl），電子郵件未啟用。", "E-mail is off: Notifications:Smtp:Host, From and Notifications:BaseUrl are not all set."),
        ["state.Off"] = ("不寄送", "not sent"),
        ["state.Pending"] = ("待寄", "waiting"),
        ["state.Sent"] = ("已寄出", "sent"),
        ["state.Failed"] = ("失敗", "failed"),
        // overview (planners)
        ["overview.title"] = ("{0} 各機關填報進度", "{0}: every organisation's progress"),
        ["overview.intro"] = ("各機關本年度計畫的狀態、KPI 實際值填報情形，以及與評核行事曆自評送出期限的比較。", "Each organisation's plan of the year: its status, how many KPIs have their actual (or the reason there is none), and where it stands against the calendar's submission deadline."),
        ["overview.deadline"] = ("自評送出截止：{0}", "Submission deadline: {0}"),
        ["overview.default"] = ("（預設日期，研考會尚未設定；提醒僅依已設定的期限寄送）", "(a default date; reminders go out only against a deadline that was set)"),
        ["overview.organisation"] = ("機關", "Organisation"),
        ["overview.status"] = ("狀態", "Status"),
        ["overview.entered"] = ("已填 KPI", "KPIs entered"),
        ["overview.missing"] = ("尚未填寫", "Still missing"),
        ["overview.standing"] = ("期限", "Deadline"),
        ["overview.submitted"] = ("送出日", "Submitted"),
        ["overview.none"] = ("{0} 尚無計畫。", "No plan for {0}."),
        ["overview.previous"] = ("前一年度（{0}）", "Previous year ({0})"),
        ["overview.next"] = ("下一年度（{0}）", "Next year ({0})"),
        ["overview.summary"] = ("{0} 個機關：已送出或核定 {1}，逾期未送出 {2}", "{0} organisations: {1} submitted or approved, {2} overdue"),
        ["overview.calendar"] = ("評核行事曆", "Evaluation calendar"),
        ["overview.nav"] = ("填報進度", "Progress"),
        ["standing.Open"] = ("尚餘 {0} 天", "{0} days left"),
        ["standing.DueToday"] = ("今日到期", "due today"),
        ["standing.Overdue"] = ("逾期 {0} 天", "{0} days overdue"),
        ["standing.SubmittedOnTime"] = ("如期送出", "on time"),
        ["standing.SubmittedLate"] = ("逾期 {0} 天送出", "{0} days late"),
        // comment threads
        ["thread.title"] = ("{0} 意見往返", "{0}: comments"),
        ["thread.intro"] = ("複核人員與機關就本項 KPI 的往來意見。新增意見時，另一方會收到通知。", "The reviewers and the agency discuss this KPI here; the other side is told of each new comment."),
        ["thread.link"] = ("意見往返", "Comments"),
        ["thread.linkCount"] = ("意見往返（{0}）", "Comments ({0})"),
        ["thread.review"] = ("複核意見", "Reviewer's comment"),
        ["thread.explanation"] = ("機關自評說明", "Agency's explanation"),
        ["thread.empty"] = ("尚無意見。", "No comments yet."),
        ["thread.add"] = ("新增意見", "Add a comment"),
        ["thread.text"] = ("意見內容", "Comment"),
        ["thread.send"] = ("送出意見", "Post the comment"),
        ["thread.posted"] = ("已送出意見。", "Comment posted."),
        ["thread.locked"] = ("已核定的年度已鎖定，不能再新增意見。", "An approved year is locked: no more comments."),
        ["thread.readOnly"] = ("只有複核人員、規劃人員與負責本項 KPI 的機關填報人員可以新增意見。", "Only reviewers, planners and the agency's editors of this KPI may comment."),
        ["side.Reviewer"] = ("研考會", "Planning office"),
        ["side.Agency"] = ("機關", "Agency"),
        ["thread.back"] = ("回到 KPI", "Back to the KPI"),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static IEnumerable<string> Keys => Texts.Keys;

    public static string Kind(NoticeKind kind) => Ui.English ? NoticeRules.NameEn(kind) : NoticeRules.NameZh(kind);

    public static string Standing(Standing s) => T($"standing.{s.Kind}", s.Days);
}
