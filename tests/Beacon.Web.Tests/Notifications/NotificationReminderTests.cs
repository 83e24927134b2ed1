using System.Net;
using Beacon.Web.Data;
using Beacon.Web.Features.Notifications;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Beacon.Web.Tests.Notifications;

/// <summary>
/// The evaluation calendar's reminders, with the app's clock moved through the days around a submission deadline the
/// planning office set: seven days before, on the day, and a daily digest once it has passed, each once to each editor
/// of the organisation (the background schedule runs every 0.3 s, and running it again writes nothing), naming the KPIs
/// still without an actual or a reason — an editor bound to a division only theirs; none once the plan is submitted.
/// </summary>
[Collection(NotifyingSqliteCollection.Name)]
public sealed class NotificationReminderTests(NotifyingSqlite app)
{
    private const int PlanYear = 2031;

    private async Task<IReadOnlyList<MimeMessage>> RemindersAsync(string to, string org, string marker) =>
        await app.Smtp.MessagesToAsync(to, marker, $"/orgs/{org}/{PlanYear}/entry");

    private async Task<int> RunAgainAsync()
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Reminders>().RunAsync();
    }

    [Fact]
    public async Task Reminders_go_out_before_on_the_day_and_daily_when_overdue_once_each_until_the_plan_is_submitted()
    {
        app.Clock.Reset();
        var org = await app.ImportPlanAsync(Dataset.NewPlan() with { Year = PlanYear });
        var editor = await app.AccountAsync(Roles.AgencyEditor, org);
        var division = await app.AccountAsync(Roles.AgencyEditor, org, "成保組");
        var planner = await app.AccountAsync(Roles.Planner);
        using (var planning = await app.ClientAsAsync(Roles.Planner))
        {
            var saved = await planning.PutAsync($"/api/calendar/{PlanYear}", EvaluationKit.Json(
                """{"version":0,"entryOpens":{"date":"2032-01-02"},"submissionDeadline":{"date":"2032-01-31"},"reviewDeadline":{"date":"2032-03-31"},"publication":{"date":"2032-05-31"}}"""));
            Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        }
        using (var agency = await app.ClientAsAsync(Roles.AgencyEditor, org))
        {
            var entered = await agency.PutAsync($"/api/orgs/{org}/plans/{PlanYear}/kpis/BC3.2/actual",
                EvaluationKit.Json($$"""{"value":"35.60","version":{{await VersionAsync(agency, org, "BC3.2")}}}"""));
            Assert.Equal(HttpStatusCode.NoContent, entered.StatusCode);
        }

        // Eight days before, and seven days before but before 08:00: nothing.
        app.Clock.SetTaipei("2032-01-23 09:00");
        await Task.Delay(1000);
        app.Clock.SetTaipei("2032-01-24 07:30");
        await Task.Delay(1000);
        Assert.Empty(await app.Smtp.MessagesToAsync(editor, $"/orgs/{org}/"));

        app.Clock.SetTaipei("2032-01-24 09:00");
        await app.Smtp.WaitAsync(_ => RemindersAsync(division, org, "將至").Result.Count > 0 && RemindersAsync(editor, org, "將至").Result.Count > 0);
        Assert.Equal(0, await RunAgainAsync());
        var early = Assert.Single(await RemindersAsync(editor, org, "將至"));
        Assert.Equal($"[Beacon] 臺北市家庭暴力暨性侵害防治中心民國120年計畫自評送出期限 121.01.31 將至（尚餘 7 天）", early.Subject);
        Assert.Contains("AC1.1 保護案件再通報率", early.TextBody);
        Assert.DoesNotContain("BC3.2", early.TextBody);                        // entered
        Assert.Contains($"https://beacon.test.tw/orgs/{org}/{PlanYear}/entry", early.TextBody);
        var divisions = Assert.Single(await RemindersAsync(division, org, "將至"));
        Assert.Contains("AC1.1", divisions.TextBody);
        Assert.True(Lines(divisions).Count < Lines(early).Count, "the 成保組 editor is named only 成保組's KPIs");

        app.Clock.SetTaipei("2032-01-31 09:00");
        await app.Smtp.WaitAsync(_ => RemindersAsync(editor, org, "今日").Result.Count > 0 && RemindersAsync(division, org, "今日").Result.Count > 0);
        Assert.Equal("[Beacon] 今日（121.01.31）為臺北市家庭暴力暨性侵害防治中心民國120年計畫自評送出期限", Assert.Single(await RemindersAsync(editor, org, "今日")).Subject);

        app.Clock.SetTaipei("2032-02-01 09:00");
        await app.Smtp.WaitAsync(_ => RemindersAsync(editor, org, "逾期 1 天").Result.Count > 0 && RemindersAsync(division, org, "逾期 1 天").Result.Count > 0);
        // 2032-02-02 is a Monday: the second digest, and the planners' weekly summary of the 2031 plans.
        app.Clock.SetTaipei("2032-02-02 09:00");
        await app.Smtp.WaitAsync(_ => RemindersAsync(editor, org, "逾期 2 天").Result.Count > 0 && RemindersAsync(division, org, "逾期 2 天").Result.Count > 0
            && app.Smtp.MessagesToAsync(planner, "每週摘要：各機關民國120年計畫進度").Result.Count > 0);
        Assert.Equal(0, await RunAgainAsync());
        var summary = Assert.Single(await app.Smtp.MessagesToAsync(planner, "每週摘要：各機關民國120年計畫進度"));
        Assert.Contains("臺北市家庭暴力暨性侵害防治中心：草稿，已填 1 / ", summary.TextBody);
        Assert.Contains("，逾期 2 天", summary.TextBody);
        Assert.Contains($"https://beacon.test.tw/progress/{PlanYear}", summary.TextBody);

        // The planners' overview says the same.
        var overview = await (await app.CookieClientAsAsync(Roles.Planner)).OpenAsync(app.ServerAddress, $"/progress/{PlanYear}");
        var row = overview.QuerySelectorAll("#progress tbody tr").Single(r => r.GetAttribute("data-org") == org);
        Assert.Equal("逾期 2 天", row.QuerySelector(".standing")!.TextContent);
        Assert.StartsWith("1 / ", row.QuerySelector("td.num")!.TextContent);

        using (var agency = await app.ClientAsAsync(Roles.AgencyEditor, org))
            Assert.Equal(HttpStatusCode.NoContent, (await agency.StepAsync(org, "submit", year: PlanYear)).StatusCode);
        app.Clock.SetTaipei("2032-02-03 09:00");
        await Task.Delay(1500);

        foreach (var person in new[] { editor, division })
        {
            var all = await app.Smtp.MessagesToAsync(person, $"/orgs/{org}/{PlanYear}/entry");
            Assert.Equal(["今日", "將至", "逾期 1 天", "逾期 2 天"],
                all.Select(m => new[] { "今日", "將至", "逾期 1 天", "逾期 2 天", "逾期 3 天" }.Single(w => (m.Subject ?? "").Contains(w, StringComparison.Ordinal))).Order(StringComparer.Ordinal));
        }
        var submittedRow = (await (await app.CookieClientAsAsync(Roles.Planner)).OpenAsync(app.ServerAddress, $"/progress/{PlanYear}"))
            .QuerySelectorAll("#progress tbody tr").Single(r => r.GetAttribute("data-org") == org);
        Assert.Equal("逾期 2 天送出", submittedRow.QuerySelector(".standing")!.TextContent);
        app.Clock.Reset();
    }

    private static List<string> Lines(MimeMessage m) => [.. (m.TextBody ?? "").Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal))];

    private static async Task<int> VersionAsync(HttpClient client, string org, string kpi)
    {
        var evaluation = await client.EvaluationAsync(org, PlanYear);
        return evaluation.Row(kpi).GetProperty("version").GetInt32();
    }
}
