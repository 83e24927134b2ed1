using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Beacon.Web.Features.Notifications;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Beacon.Web.Tests.Notifications;

/// <summary>
/// Notices of the workflow, comments and revisions on SQLite, read from a real SMTP server (smtp4dev on 127.0.0.1):
/// each event's e-mail reaches exactly the right people, once, in their language, with links to the page; the inbox and
/// GET /api/me/notifications show the same; with the server down e-mails wait and arrive once when it returns.
/// </summary>
[Collection(NotifyingSqliteCollection.Name)]
public sealed class NotificationDeliveryTests(NotifyingSqlite app)
{
    private const string ReturnComment = "AC1.1 的通報件數與衛福部統計不符，請補正後再送出";

    /// <summary>A fresh plan with the people around it, every account made before anything happens.</summary>
    private async Task<Cast> CastAsync()
    {
        app.Clock.Reset();
        var org = await app.ImportPlanAsync();
        return new Cast(org,
            Editor: await app.AccountAsync(Roles.AgencyEditor, org),
            DivisionEditor: await app.AccountAsync(Roles.AgencyEditor, org, "成保組"),
            SexualAssaultEditor: await app.AccountAsync(Roles.AgencyEditor, org, "性保組"),
            OtherEditor: await app.AccountAsync(Roles.AgencyEditor, "TPE-SWD"),
            Reviewer: await app.AccountAsync(Roles.Reviewer),
            Planner: await app.AccountAsync(Roles.Planner),
            Administrator: await app.AccountAsync(Roles.Administrator),
            Viewer: await app.AccountAsync(Roles.Viewer));
    }

    private sealed record Cast(string Org, string Editor, string DivisionEditor, string SexualAssaultEditor, string OtherEditor,
        string Reviewer, string Planner, string Administrator, string Viewer)
    {
        public string[] Everyone => [Editor, DivisionEditor, SexualAssaultEditor, OtherEditor, Reviewer, Planner, Administrator, Viewer];
    }

    /// <summary>How many e-mails each person of the cast got that contain <paramref name="marker"/> and are about the cast's plan.</summary>
    private async Task<Dictionary<string, int>> CountsAsync(Cast cast, string marker)
    {
        var messages = await app.Smtp.MessagesAsync();
        return cast.Everyone.ToDictionary(p => p, p => messages.Count(m =>
            m.To.Mailboxes.Any(a => a.Address.Equals(p, StringComparison.OrdinalIgnoreCase)) && m.Text().Contains(marker, StringComparison.Ordinal)
            && m.Text().Contains($"/orgs/{cast.Org}/", StringComparison.Ordinal)));
    }

    private async Task<Dictionary<string, int>> WaitForAsync(Cast cast, string marker, params string[] recipients)
    {
        await app.Smtp.WaitAsync(all => recipients.All(r => all.Any(m => m.To.Mailboxes.Any(a => a.Address.Equals(r, StringComparison.OrdinalIgnoreCase))
            && m.Text().Contains(marker, StringComparison.Ordinal) && m.Text().Contains($"/orgs/{cast.Org}/", StringComparison.Ordinal))));
        return await CountsAsync(cast, marker);
    }

    private static void AssertOnceEach(Dictionary<string, int> counts, params string[] recipients)
    {
        var expected = counts.Keys.ToDictionary(p => p, p => recipients.Contains(p) ? 1 : 0);
        Assert.Equal(expected, counts);
    }

    [Fact]
    public async Task Submitted_returned_and_approved_reach_exactly_the_right_people_once()
    {
        var cast = await CastAsync();

        await app.SubmitAsync(cast.Org);
        var submitted = await WaitForAsync(cast, "計畫已送出，請複核", cast.Reviewer, cast.Planner);
        AssertOnceEach(submitted, cast.Reviewer, cast.Planner);

        using var reviewer = await app.ReviewerAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await reviewer.StepAsync(cast.Org, "return", ReturnComment)).StatusCode);
        var returned = await WaitForAsync(cast, "計畫被退回", cast.Editor, cast.DivisionEditor, cast.SexualAssaultEditor);
        AssertOnceEach(returned, cast.Editor, cast.DivisionEditor, cast.SexualAssaultEditor);

        await app.SubmitAsync(cast.Org);
        Assert.Equal(HttpStatusCode.NoContent, (await reviewer.StepAsync(cast.Org, "approve")).StatusCode);
        var approved = await WaitForAsync(cast, "計畫已核定", cast.Editor, cast.DivisionEditor, cast.SexualAssaultEditor, cast.Planner);
        AssertOnceEach(approved, cast.Editor, cast.DivisionEditor, cast.SexualAssaultEditor, cast.Planner);
        // The second submission is an event of its own: once more to each.
        var twice = (await app.Smtp.MessagesToAsync(cast.Reviewer, "計畫已送出", $"/orgs/{cast.Org}/")).Count;
        Assert.Equal(2, twice);
    }

    [Fact]
    public async Task The_return_email_carries_the_comment_ROC_year_both_parts_and_the_links()
    {
        var cast = await CastAsync();
        await app.SubmitAsync(cast.Org);
        using var reviewer = await app.ReviewerAsync();
        await reviewer.StepAsync(cast.Org, "return", ReturnComment);

        var messages = await app.Smtp.WaitAsync(all => all.Any(m => m.To.Mailboxes.Any(a => a.Address == cast.Editor) && m.Text().Contains(cast.Org)), settleMilliseconds: 0);
        var mail = messages.Single(m => m.To.Mailboxes.Any(a => a.Address == cast.Editor) && m.Text().Contains(cast.Org) && m.Text().Contains("被退回"));

        Assert.Equal("[Beacon] 臺北市家庭暴力暨性侵害防治中心民國111年計畫被退回", mail.Subject);
        Assert.Equal("beacon@test.beacon.tw", mail.From.Mailboxes.Single().Address);
        Assert.Contains(ReturnComment, mail.TextBody);
        Assert.Contains(await app.AccountAsync(Roles.Reviewer), mail.TextBody);
        Assert.Contains(Mail.PlanLink(cast.Org, 2022, "workflow"), mail.TextBody);
        Assert.Contains("https://beacon.test.tw/notifications/settings", mail.TextBody);
        Assert.Contains($"<a href=\"{Mail.PlanLink(cast.Org, 2022, "workflow")}\">", mail.HtmlBody);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(ReturnComment), mail.HtmlBody);
        Assert.Contains("https://beacon.test.tw/notifications/settings", mail.HtmlBody);
        Assert.StartsWith("notice-", mail.MessageId);
    }

    [Fact]
    public async Task A_person_who_chose_English_and_turned_approvals_off_gets_the_return_in_English_and_no_approval_email()
    {
        var cast = await CastAsync();
        using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var user = await db.Users.SingleAsync(u => u.Email == cast.Editor);
            db.Add(new NotificationPreference { UserId = user.Id, Language = "en", EmailOff = [nameof(NoticeKind.PlanApproved)] });
            await db.SaveChangesAsync();
        }
        await app.SubmitAsync(cast.Org);
        using var reviewer = await app.ReviewerAsync();
        await reviewer.StepAsync(cast.Org, "return", ReturnComment);
        await app.SubmitAsync(cast.Org);
        await reviewer.StepAsync(cast.Org, "approve");

        await WaitForAsync(cast, "計畫已核定", cast.DivisionEditor);
        var mine = await app.Smtp.MessagesToAsync(cast.Editor, $"/orgs/{cast.Org}/");
        var english = Assert.Single(mine);
        Assert.Equal($"[Beacon] The 2022 plan of 臺北市家庭暴力暨性侵害防治中心 ({cast.Org}) was returned", english.Subject);
        Assert.Contains("Correct the entries and submit the plan again.", english.TextBody);
        Assert.Contains("Choose which notices you receive by e-mail: https://beacon.test.tw/notifications/settings", english.TextBody);
        // The inbox keeps the approval all the same.
        var notices = await app.NoticesAsync(cast.Org);
        var approval = notices.Single(n => n.Email == cast.Editor && n.Event.Kind == NoticeKind.PlanApproved);
        Assert.Equal(EmailState.Off, approval.EmailState);
    }

    [Fact]
    public async Task The_inbox_API_lists_the_notices_newest_first_in_the_requests_language()
    {
        var cast = await CastAsync();
        await app.SubmitAsync(cast.Org);
        using var reviewer = await app.ReviewerAsync();
        await reviewer.StepAsync(cast.Org, "return", ReturnComment);
        using var editor = await app.ClientAsAsync(Roles.AgencyEditor, cast.Org);

        var body = await editor.GetFromJsonAsync<JsonElement>("/api/me/notifications");
        var english = await editor.GetFromJsonAsync<JsonElement>("/api/me/notifications?culture=en&unread=true&limit=1");

        var first = body.GetProperty("notices")[0];
        Assert.True(body.GetProperty("unread").GetInt32() >= 1);
        Assert.Equal("planReturned", first.GetProperty("kind").GetString());
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心民國111年計畫被退回", first.GetProperty("title").GetString());
        Assert.Equal($"/orgs/{cast.Org}/2022/workflow", first.GetProperty("url").GetString());
        Assert.Contains(ReturnComment, first.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.False(first.GetProperty("read").GetBoolean());
        var one = Assert.Single(english.GetProperty("notices").EnumerateArray());
        Assert.Equal($"The 2022 plan of 臺北市家庭暴力暨性侵害防治中心 ({cast.Org}) was returned", one.GetProperty("title").GetString());

        // Following it marks it read and opens the plan's workflow page.
        var forms = await app.CookieClientAsAsync(Roles.AgencyEditor, cast.Org);
        var opened = await forms.GetAsync($"/notifications/{first.GetProperty("id").GetInt64()}");
        Assert.Equal($"/orgs/{cast.Org}/2022/workflow", opened.RequestMessage!.RequestUri!.AbsolutePath);
        var after = await editor.GetFromJsonAsync<JsonElement>("/api/me/notifications?limit=1");
        Assert.True(after.GetProperty("notices")[0].GetProperty("read").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/me/notifications")).StatusCode);

        var openApi = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operation = openApi.GetProperty("paths").GetProperty("/api/me/notifications").GetProperty("get");
        Assert.Equal("Notifications", operation.GetProperty("tags")[0].GetString());
        Assert.Equal(["limit", "unread"], operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.True(operation.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task With_the_server_stopped_the_emails_wait_retrying_and_arrive_once_when_it_returns()
    {
        var cast = await CastAsync();
        await app.Smtp.SetRunningAsync(false);
        try
        {
            await app.SubmitAsync(cast.Org);
            // Retried with growing waits while the server is down; nothing arrives.
            for (var i = 0; i < 100 && (await app.NoticesAsync(cast.Org)).Any(n => n.Attempts < 2); i++) await Task.Delay(100);
            var waiting = await app.NoticesAsync(cast.Org);
            Assert.Equal([cast.Planner, cast.Reviewer], waiting.Select(n => n.Email).Order(StringComparer.Ordinal));
            Assert.All(waiting, n => Assert.True(n.EmailState == EmailState.Pending && n.Attempts >= 2 && n.LastError is { Length: > 0 }, $"{n.Email}: {n.EmailState} {n.Attempts} {n.LastError}"));
            Assert.Equal(0, (await CountsAsync(cast, "計畫已送出")).Values.Sum());

            // The administrators see them waiting, with the error.
            var admin = await app.CookieClientAsAsync(Roles.Administrator);
            var page = await admin.OpenAsync(app.ServerAddress, "/admin/notifications");
            var row = page.QuerySelectorAll("#delivery-problems tbody tr").First(r => r.GetAttribute("data-id") == waiting[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("待寄", row.Text());
            Assert.Contains(waiting[0].Email, row.Text());
        }
        finally
        {
            await app.Smtp.SetRunningAsync(true);
        }

        var counts = await WaitForAsync(cast, "計畫已送出", cast.Reviewer, cast.Planner);
        AssertOnceEach(counts, cast.Reviewer, cast.Planner);
        Assert.All(await app.NoticesAsync(cast.Org), n => Assert.Equal(EmailState.Sent, n.EmailState));
    }

    [Fact]
    public async Task A_comment_thread_tells_the_editors_of_the_KPI_and_the_reply_tells_the_reviewer()
    {
        var cast = await CastAsync();
        await app.SubmitAsync(cast.Org);
        var url = $"/orgs/{cast.Org}/2022/kpis/AC1.1/comments";

        var reviewer = await app.CookieClientAsAsync(Roles.Reviewer);
        var posted = await reviewer.PostFormAsync(url, [new("Text", "AC1.1 的分母請改用年度通報件數")]);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);   // followed to the thread
        var toEditors = await WaitForAsync(cast, "AC1.1 的分母請改用年度通報件數", cast.Editor, cast.DivisionEditor);
        // AC1.1 is 成保組's and 兒少組's: the 性保組 editor is not told.
        AssertOnceEach(toEditors, cast.Editor, cast.DivisionEditor);

        var division = await app.SignInThroughPageAsync(Persona.ResponsibleEditor, cast.Org);
        var reply = await division.PostFormAsync(url, [new("Text", "已依意見修正分母")]);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var toReviewer = await WaitForAsync(cast, "已依意見修正分母", cast.Reviewer);
        AssertOnceEach(toReviewer, cast.Reviewer);
        var mail = Assert.Single(await app.Smtp.MessagesToAsync(cast.Reviewer, "已依意見修正分母"));
        Assert.Contains($"https://beacon.test.tw{url}", mail.TextBody);

        var thread = await reviewer.OpenAsync(app.ServerAddress, url);
        Assert.Equal(["研考會 AC1.1 的分母請改用年度通報件數", "機關 已依意見修正分母"],
            thread.QuerySelectorAll("#thread li").Select(li => $"{li.QuerySelector(".tag")!.TextContent} {li.QuerySelector(".comment-text")!.TextContent}"));
        // The review page links each KPI to its thread, with the count.
        var review = await reviewer.OpenAsync(app.ServerAddress, $"/orgs/{cast.Org}/2022/review");
        Assert.Equal("意見往返（2）", review.KpiRow("AC1.1").QuerySelector("a.thread-link")!.TextContent);

        var audit = await reviewer.GetStringAsync($"/audit?org={cast.Org}&entity=KpiComment");
        Assert.Contains("已依意見修正分母", audit);
    }

    [Fact]
    public async Task A_comment_that_is_empty_or_by_someone_without_the_KPI_is_refused_and_tells_nobody()
    {
        var cast = await CastAsync();
        var url = $"/orgs/{cast.Org}/2022/kpis/AC1.1/comments";
        var reviewer = await app.CookieClientAsAsync(Roles.Reviewer);
        var empty = await reviewer.PostFormAsync(url, [new("Text", "   ")]);
        var page = await EvaluationKit.ParseAsync(empty, app.ServerAddress, url, HttpStatusCode.BadRequest);
        Assert.Equal("請輸入意見內容", page.QuerySelector("#comment-error")?.TextContent);

        var other = await app.SignInThroughPageAsync(Persona.DivisionEditor, cast.Org);
        var refused = await other.PostFormAsync(url, [new("Text", "性保組的意見")]);
        Assert.StartsWith("/account/denied", refused.Headers.Location?.PathAndQuery());
        Assert.Empty(await app.NoticesAsync(cast.Org));
    }

    [Fact]
    public async Task Revisions_opened_and_approved_reach_the_editors_and_planners_once_whoever_calls_twice()
    {
        var cast = await CastAsync();
        async Task RevisionAsync(bool approved)
        {
            await using var scope = app.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            scope.ServiceProvider.GetRequiredService<AuditScope>().UserName = cast.Planner;
            var plan = await db.Plans.Include(p => p.Organisation).SingleAsync(p => p.Organisation.Code == cast.Org);
            var notices = scope.ServiceProvider.GetRequiredService<Notices>();
            if (approved) await notices.RevisionApprovedAsync(plan, "1", "111.10.07 核定修正 111 年度目標值");
            else await notices.RevisionOpenedAsync(plan, "1", "受新冠肺炎疫情影響，修正目標值");
            await db.SaveChangesAsync();
        }

        await RevisionAsync(approved: false);
        await Assert.ThrowsAsync<DbUpdateException>(() => RevisionAsync(approved: false));   // the same revision's event is written once
        await RevisionAsync(approved: true);

        var editors = new[] { cast.Editor, cast.DivisionEditor, cast.SexualAssaultEditor };
        AssertOnceEach(await WaitForAsync(cast, "計畫修正已開始", editors), editors);
        AssertOnceEach(await WaitForAsync(cast, "計畫修正已核定", editors), editors);
        var opened = Assert.Single(await app.Smtp.MessagesToAsync(cast.Editor, "計畫修正已開始", $"/orgs/{cast.Org}/"));
        Assert.Contains("原因：受新冠肺炎疫情影響，修正目標值", opened.TextBody);
        // The planner who opened it is not told of it; another planner would be (NoticeRulesTests).
        Assert.Equal(0, (await CountsAsync(cast, "計畫修正")).GetValueOrDefault(cast.Planner));
    }
}
