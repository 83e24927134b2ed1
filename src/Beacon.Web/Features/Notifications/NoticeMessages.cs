using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Core;
using Beacon.Core.Calendar;
using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Beacon.Web.Features.Workflow;

namespace Beacon.Web.Features.Notifications;

/// <summary>
/// A notice as a person reads it, in their language: a title, paragraphs, a list (the KPIs still to enter, every
/// organisation's standing), and the page it is about.
/// </summary>
public sealed record NoticeContent(string Title, IReadOnlyList<string> Lines, IReadOnlyList<string> Items, string Link);

/// <summary>
/// Words a notice is told in, zh-TW (default, ROC years and dates: 民國111年, 112.01.31) or English. The same text serves
/// the inbox, the API and both parts of the e-mail. A reminder names only the KPIs an editor bound to divisions is
/// responsible for.
/// </summary>
public static class NoticeMessages
{
    private static readonly CultureInfo Zh = new("zh-TW");
    private static readonly CultureInfo En = new("en");

    public static string Year(int year, bool english) => RocYear.Format(year, english ? En : Zh);

    public static string Date(DateOnly day, bool english) => CalendarRules.Format(day, english ? En : Zh);

    /// <summary>Taipei time as the pages show it: 115.12.03 17:29 / 2026-12-03 17:29.</summary>
    public static string Time(DateTimeOffset at, bool english)
    {
        var taipei = at.ToOffset(TimeSpan.FromHours(8));
        return $"{Date(DateOnly.FromDateTime(taipei.DateTime), english)} {taipei.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The page a notice is about, as a path on the site.</summary>
    public static string Link(NoticeEvent e)
    {
        var plan = e.OrganisationCode is { } org && e.Year is { } year ? $"/orgs/{Uri.EscapeDataString(org)}/{year.ToString(CultureInfo.InvariantCulture)}" : null;
        return e.Kind switch
        {
            NoticeKind.CommentReply when plan is not null && e.KpiCode is { } kpi => $"{plan}/kpis/{Uri.EscapeDataString(kpi)}/comments",
            NoticeKind.DeadlineApproaching or NoticeKind.DeadlineToday or NoticeKind.DeadlineOverdue when plan is not null => $"{plan}/entry",
            NoticeKind.WeeklySummary => $"/progress/{e.Year?.ToString(CultureInfo.InvariantCulture)}",
            _ when plan is not null => $"{plan}/workflow",
            _ => "/notifications",
        };
    }

    public static NoticeContent Compose(NoticeEvent e, bool english, IReadOnlyCollection<string> divisions)
    {
        var org = e.OrganisationName is { } name ? (english ? $"{name} ({e.OrganisationCode})" : name) : e.OrganisationCode ?? "";
        var year = e.Year is { } y ? Year(y, english) : "";
        var lines = new List<string>();
        var items = new List<string>();
        string title;
        string Who() => e.Actor ?? (english ? "someone" : "有人");
        switch (e.Kind)
        {
            case NoticeKind.PlanSubmitted:
                title = english ? $"{org} submitted its {year} plan for review" : $"{org}{year}計畫已送出，請複核";
                lines.Add(english ? $"Submitted by {Who()}." : $"由 {Who()} 送出。");
                break;
            case NoticeKind.PlanReturned:
                title = english ? $"The {year} plan of {org} was returned" : $"{org}{year}計畫被退回";
                lines.Add(english ? $"Returned by {Who()} with this comment:" : $"{Who()} 退回，說明如下：");
                lines.Add(e.Comment ?? "");
                lines.Add(english ? "Correct the entries and submit the plan again." : "請修正填報內容後再次送出。");
                break;
            case NoticeKind.PlanApproved:
                title = english ? $"The {year} plan of {org} was approved" : $"{org}{year}計畫已核定";
                lines.Add(english ? $"Approved by {Who()}." : $"由 {Who()} 核定。");
                if (e.Comment is { Length: > 0 } note) lines.Add(note);
                break;
            case NoticeKind.RevisionOpened:
                title = english ? $"A revision of the {year} plan of {org} was opened" : $"{org}{year}計畫修正已開始";
                lines.Add(english ? $"Opened by {Who()}." : $"由 {Who()} 開始修正。");
                if (e.Comment is { Length: > 0 } reason) lines.Add(english ? $"Reason: {reason}" : $"原因：{reason}");
                break;
            case NoticeKind.RevisionApproved:
                title = english ? $"The revision of the {year} plan of {org} was approved" : $"{org}{year}計畫修正已核定";
                lines.Add(english ? $"Approved by {Who()}." : $"由 {Who()} 核定。");
                if (e.Comment is { Length: > 0 } approval) lines.Add(approval);
                break;
            case NoticeKind.CommentReply:
                title = english ? $"New comment on KPI {e.KpiCode} of the {year} plan of {org}" : $"{org}{year}計畫 KPI {e.KpiCode} 有新的意見";
                lines.Add($"{e.KpiCode} {e.KpiName}");
                lines.Add(english ? $"{Who()} wrote:" : $"{Who()} 寫道：");
                lines.Add(e.Comment ?? "");
                break;
            case NoticeKind.DeadlineApproaching or NoticeKind.DeadlineToday or NoticeKind.DeadlineOverdue:
            {
                var deadline = e.Deadline is { } d ? Date(d, english) : "";
                var left = e.Deadline is { } dl ? dl.DayNumber - ReminderRules.TaipeiDay(e.At).DayNumber : 0;
                title = e.Kind switch
                {
                    NoticeKind.DeadlineApproaching => english ? $"The {year} plan of {org} is due on {deadline} ({left} days left)" : $"{org}{year}計畫自評送出期限 {deadline} 將至（尚餘 {left} 天）",
                    NoticeKind.DeadlineToday => english ? $"The {year} plan of {org} is due today ({deadline})" : $"今日（{deadline}）為{org}{year}計畫自評送出期限",
                    _ => english ? $"The {year} plan of {org} is {-left} days past its deadline ({deadline})" : $"{org}{year}計畫已逾自評送出期限 {deadline}（逾期 {-left} 天），尚未送出",
                };
                var details = e.Details is null ? null : JsonSerializer.Deserialize<ReminderDetails>(e.Details, Notices.Json);
                var facts = details?.Missing.Select(m => new KpiEntryFact(m.Code, m.Name, m.Responsible, false, false)).ToList() ?? [];
                var mine = ReminderRules.MissingFor(facts, divisions);
                if (mine.Count == 0)
                    lines.Add(english ? "Every KPI you are responsible for has its actual or the reason there is none. Submit the plan when it is ready."
                        : "你負責的 KPI 均已填寫實際值或無數值原因；完成後請送出計畫。");
                else
                {
                    lines.Add(english ? $"{mine.Count} of {details!.Kpis} KPIs still have no actual and no reason:" : $"尚有 {mine.Count} 項 KPI（共 {details!.Kpis} 項）未填寫實際值或無數值原因：");
                    items.AddRange(mine.Select(k => $"{k.Code} {k.Name}"));
                }
                break;
            }
            default:
            {
                title = english ? $"Weekly summary: every organisation's {year} plan" : $"每週摘要：各機關{year}計畫進度";
                var details = e.Details is null ? null : JsonSerializer.Deserialize<SummaryDetails>(e.Details, Notices.Json);
                lines.Add(english ? $"As of {Date(ReminderRules.TaipeiDay(e.At), true)}:" : $"截至 {Date(ReminderRules.TaipeiDay(e.At), false)}：");
                foreach (var row in details?.Rows ?? [])
                    items.Add(english
                        ? $"{row.Name} ({row.Organisation}): {WorkflowText.StatusEn(row.Status)}, {row.Entered} of {row.Kpis} KPIs entered{StandingText(row.Standing, row.Days, true)}"
                        : $"{row.Name}：{WorkflowText.StatusZh(row.Status)}，已填 {row.Entered} / {row.Kpis} 項 KPI{StandingText(row.Standing, row.Days, false)}");
                break;
            }
        }
        return new NoticeContent(title, lines, items, Link(e));
    }

    public static string StandingText(StandingKind? kind, int days, bool english) => kind switch
    {
        StandingKind.Open => english ? $", {days} days to the deadline" : $"，距期限 {days} 天",
        StandingKind.DueToday => english ? ", due today" : "，今日到期",
        StandingKind.Overdue => english ? $", {days} days overdue" : $"，逾期 {days} 天",
        StandingKind.SubmittedOnTime => english ? ", submitted on time" : "，如期送出",
        StandingKind.SubmittedLate => english ? $", submitted {days} days late" : $"，逾期 {days} 天送出",
        _ => "",
    };

    /// <summary>The e-mail's plain text: the notice, the link to its page, and the link to change one's choices.</summary>
    public static string Text(NoticeContent c, bool english, NotificationOptions options)
    {
        var text = new StringBuilder();
        text.Append(c.Title).Append("\n\n");
        foreach (var line in c.Lines) text.Append(line).Append('\n');
        foreach (var item in c.Items) text.Append("- ").Append(item).Append('\n');
        text.Append('\n').Append(english ? "Open it in Beacon: " : "在 Beacon 開啟：").Append(options.Link(c.Link)).Append("\n\n");
        text.Append("-- \n").Append(english ? "Choose which notices you receive by e-mail: " : "變更電子郵件通知設定：").Append(options.Link("/notifications/settings")).Append('\n');
        return text.ToString();
    }

    /// <summary>The same as HTML (every text encoded).</summary>
    public static string Html(NoticeContent c, bool english, NotificationOptions options)
    {
        static string H(string s) => System.Net.WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(english ? "en" : "zh-Hant-TW").Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(H(c.Title)).Append("</title></head><body>");
        html.Append("<h1 style=\"font-size:1.2em\">").Append(H(c.Title)).Append("</h1>");
        foreach (var line in c.Lines) html.Append("<p>").Append(H(line)).Append("</p>");
        if (c.Items.Count > 0)
        {
            html.Append("<ul>");
            foreach (var item in c.Items) html.Append("<li>").Append(H(item)).Append("</li>");
            html.Append("</ul>");
        }
        html.Append("<p><a href=\"").Append(H(options.Link(c.Link))).Append("\">").Append(english ? "Open it in Beacon" : "在 Beacon 開啟").Append("</a></p>");
        html.Append("<hr><p style=\"font-size:.85em;color:#5b6673\"><a href=\"").Append(H(options.Link("/notifications/settings"))).Append("\">")
            .Append(english ? "Choose which notices you receive by e-mail" : "變更電子郵件通知設定").Append("</a></p></body></html>");
        return html.ToString();
    }
}
