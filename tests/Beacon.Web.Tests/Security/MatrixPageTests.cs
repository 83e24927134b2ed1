using System.Net;
using AngleSharp.Html.Dom;
using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// The forms that write — entry (填報), review (複核), settings and the workflow steps — posted by every persona
/// through a browser-like client (cookies, antiforgery token, redirects shown rather than followed), each in the
/// status it needs, on one draft per database. A refused post changes nothing in the database.
/// </summary>
public abstract class MatrixPageTests(BeaconFactory app)
{
    /// <summary>
    /// Who may post which form. ✓ = saved, redirected back to the page; sign-in = 302 to /account/sign-in;
    /// denied = 302 to /account/denied (which answers 403); 403 = the form shown again with 403 and the row saying
    /// whose KPI it is (the division editor may open the forms, but AC1.1 belongs to other divisions). entry-sheet
    /// commits an uploaded entry sheet (a CSV of AC1.1's scores, carried as the preview carries it).
    /// </summary>
    public const string Rules = """
                           entry    progress  review   settings  submit    start-review  approve   return    unlock    entry-sheet
        anonymous          sign-in  sign-in   sign-in  sign-in   sign-in   sign-in       sign-in   sign-in   sign-in   sign-in
        viewer             denied   denied    denied   denied    denied    denied        denied    denied    denied    denied
        editor             ✓        ✓         denied   denied    ✓         denied        denied    denied    denied    ✓
        other-editor       denied   denied    denied   denied    denied    denied        denied    denied    denied    denied
        division-editor    403      403       denied   denied    ✓         denied        denied    denied    denied    403
        responsible-editor ✓        ✓         denied   denied    ✓         denied        denied    denied    denied    ✓
        reviewer           denied   denied    ✓        denied    denied    ✓             ✓         ✓         denied    denied
        planner            denied   denied    denied   ✓         ✓         ✓             ✓         ✓         ✓         denied
        administrator      ✓        ✓         ✓        ✓         ✓         ✓             ✓         ✓         ✓         ✓
        """;

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (action, persona, cell) in MatrixKit.Cells(Rules)) data.Add(action, persona, cell);
        return data;
    }

    /// <summary>
    /// A form post: the status it needs, the page, what the person types into the form as the page renders it, the
    /// page it returns to once saved, and whether the state shows it done.
    /// </summary>
    private sealed record Post(PlanStatus Needs, string Page, Action<List<KeyValuePair<string, string>>, IHtmlFormElement> Type, string Back, Func<MatrixKit.PlanState, bool> Done);

    // AC1.1 is computed from two inputs: [當年度通報案件中為過去1年內結案之件數] / [當年度通報案件數] * 100.
    private const string Reopened = "當年度通報案件中為過去1年內結案之件數";
    private const string Reported = "當年度通報案件數";

    private static Post PostFor(string action, int n) => action switch
    {
        "entry" => new(PlanStatus.Draft, "entry", (fields, form) =>
        {
            var i = form.RowIndex(MatrixKit.Kpi);
            fields.Set($"Rows[{i}].Inputs[{Reopened}]", Number(80 + n));
            fields.Set($"Rows[{i}].Inputs[{Reported}]", "1000");
        }, "entry?saved=1", s => s.Actual == global::Beacon.Core.Evaluation.KpiEntryCheck.FormatComputed((80 + n) / 10m)),
        "progress" => new(PlanStatus.Draft, $"progress/{MatrixKit.Kpi}", (fields, form) =>
        {
            var i = form.RowIndex("Q1");
            fields.Set($"Rows[{i}].Inputs[{Reopened}]", Number(20 + n));
            fields.Set($"Rows[{i}].Inputs[{Reported}]", "1000");
        }, $"progress/{MatrixKit.Kpi}?saved=1", s => s.ProgressQ1 == global::Beacon.Core.Evaluation.KpiEntryCheck.FormatComputed((20 + n) / 10m)),
        "review" => new(PlanStatus.Submitted, "review", (fields, form) =>
        {
            var i = form.RowIndex(MatrixKit.Kpi);
            fields.Set($"Rows[{i}].Innovation", Number(60 + n));
            fields.Set($"Rows[{i}].Challenge", "60");
            fields.Set($"Rows[{i}].Contribution", "60");
            fields.Set($"Rows[{i}].Text", $"複核 {n}");
        }, "review?saved=1", s => s.ReviewInnovation == 60 + n),
        "settings" => new(PlanStatus.Draft, "settings", (fields, _) => fields.Set("BandExcellent", Number(90 + n)),
            "settings?saved=true", s => s.BandExcellent == 90 + n),
        "entry-sheet" => new(PlanStatus.Draft, "entry/sheet", (fields, _) =>
        {
            // The version read (FilledFormAsync) goes into the sheet's 版本 column.
            var version = fields.Single(f => f.Key == "Version").Value;
            fields.RemoveAll(f => f.Key == "Version");
            var csv = $"代碼,創新度,挑戰度,貢獻度,版本\n{MatrixKit.Kpi},{40 + n},70,70,{version}\n";
            fields.Set("Payload", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(csv)));
            fields.Set("Commit", "true");
        }, "entry?saved=1", s => s.SelfInnovation == 40 + n),
        "submit" => Step(PlanStatus.Draft, "Submit", PlanStatus.Submitted),
        "start-review" => Step(PlanStatus.Submitted, "StartReview", PlanStatus.UnderReview),
        "approve" => Step(PlanStatus.Submitted, "Approve", PlanStatus.Approved),
        "return" => Step(PlanStatus.Submitted, "Return", PlanStatus.Returned),
        "unlock" => Step(PlanStatus.Approved, "Unlock", PlanStatus.Draft),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not in the rule table"),
    };

    private static Post Step(PlanStatus from, string step, PlanStatus to) => new(from, "workflow", (fields, _) =>
    {
        fields.Set("step", step);
        fields.Set("Comment", "矩陣測試：說明原因");
        fields.Set("Confirmed", "true");   // a submission with KPIs not yet reported asks first (WorkflowTests)
    }, "workflow", s => s.Status == to);

    private static string Number(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// What a browser would send for the page's form once the person has typed: the form as the page renders it (to the
    /// administrator, who may open every one of them; a person refused the page sends the same request by hand), with
    /// the typing applied. The workflow form is only the plan's version, a comment and the step's button, written out
    /// here. The antiforgery token is the
    /// sender's own, added by <see cref="MatrixKit.PostFormAsync"/>.
    /// </summary>
    private async Task<List<KeyValuePair<string, string>>> FilledFormAsync(string org, Post post)
    {
        List<KeyValuePair<string, string>> fields;
        IHtmlFormElement? form = null;
        if (post.Page == "workflow")
            fields = [new("Version", Number((await app.StateAsync(org)).PlanVersion))];
        else if (post.Page == "entry/sheet")
            fields = [new("Version", Number((await app.StateAsync(org)).AssessmentVersion))];
        else
        {
            var administrator = await app.PageClientAsync(Persona.Administrator, org);
            var page = await administrator.OpenAsync(app.ServerAddress, $"/orgs/{org}/{MatrixKit.Year}/{post.Page}");
            form = page.QuerySelectorAll("main form[method=post]").OfType<IHtmlFormElement>().Single();
            fields = [.. form.Fields().Where(f => f.Key != "__RequestVerificationToken")];
        }
        post.Type(fields, form!);
        return fields;
    }

    /// <summary>The workflow page lists each step taken with who took it, the change of status and the comment.</summary>
    [Fact]
    public async Task The_workflow_page_shows_the_steps_taken()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.PageClientAsync(Persona.Editor, org);
        var url = $"/orgs/{org}/{MatrixKit.Year}/workflow";

        var opened = await editor.OpenAsync(app.ServerAddress, url);
        var form = opened.QuerySelectorAll("main form[method=post]").OfType<IHtmlFormElement>().Single();
        Assert.Equal(["Version", "Comment"], form.Fields().Select(f => f.Key).Where(k => k != "__RequestVerificationToken"));
        Assert.Equal(["Submit"], form.QuerySelectorAll("button[name=step]").Select(b => b.GetAttribute("value")));
        var fields = form.Fields().Where(f => f.Key != "__RequestVerificationToken").ToList();
        fields.Set("Comment", "請複核");
        fields.Set("step", "Submit");
        // KPIs with neither an actual nor a reason: the page lists them and asks first, changing nothing.
        var asked = await EvaluationKit.ParseAsync(await editor.PostFormAsync(url, fields), app.ServerAddress, url);
        var listed = asked.QuerySelectorAll("section.confirm ul.unreported li").Select(li => li.Text().Trim()).ToList();
        Assert.Contains(MatrixKit.Kpi, listed);
        Assert.Equal(PlanStatus.Draft, (await app.StateAsync(org)).Status);
        var confirm = asked.QuerySelectorAll("section.confirm form[method=post]").OfType<IHtmlFormElement>().Single();
        var confirmed = confirm.Fields().Where(f => f.Key != "__RequestVerificationToken").ToList();
        Assert.Contains(new KeyValuePair<string, string>("Comment", "請複核"), confirmed);
        confirmed.Set("step", "Submit");
        var response = await editor.PostFormAsync(url, confirmed);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var page = await editor.OpenAsync(app.ServerAddress, url);
        var row = Assert.Single(page.QuerySelectorAll("table.history tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(c => c.Text()).ToList();
        Assert.Equal(await app.AccountAsync(Roles.AgencyEditor, org), cells[1]);
        Assert.Equal(["送出", "草稿 → 已送出", "請複核"], cells.Skip(2));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_form_is_saved_or_refused_for_each_person_as_the_rules_say(string action, string persona, string expected)
    {
        var who = MatrixKit.Names[persona];
        var org = await app.SharedDraftAsync(nameof(MatrixPageTests));
        var post = PostFor(action, (int)who);
        await app.SetStatusAsync(org, post.Needs);
        var before = await app.StateAsync(org);
        var fields = await FilledFormAsync(org, post);
        var client = await app.PageClientAsync(who, org);

        var response = await client.PostFormAsync($"/orgs/{org}/{MatrixKit.Year}/{post.Page}", fields);

        var after = await app.StateAsync(org);
        var location = response.Headers.Location?.PathAndQuery();
        var answer = await response.DescribeAsync();
        switch (expected)
        {
            case "✓":
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{persona} {action}: expected a redirect back, got {answer}");
                Assert.Equal($"/orgs/{org}/{MatrixKit.Year}/{post.Back}", location);
                Assert.False(post.Done(before), $"{persona} {action}: the state already showed the post before it");
                Assert.True(post.Done(after), $"{persona} {action}: redirected but the database shows {after}");
                break;
            case "sign-in":
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{persona} {action}: expected 302 to sign in, got {answer}");
                Assert.StartsWith("/account/sign-in?ReturnUrl=", location);
                Assert.Equal(before, after);
                break;
            case "denied":
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{persona} {action}: expected 302 to /account/denied, got {answer}");
                Assert.StartsWith("/account/denied", location);
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(location)).StatusCode);
                Assert.Equal(before, after);
                break;
            case "403":
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{persona} {action}: expected 403 with the form, got {answer}");
                Assert.Contains("成保組", await response.Content.ReadAsStringAsync());   // the row says whose KPI it is
                Assert.Equal(before, after);
                break;
            default:
                throw new InvalidOperationException($"unknown cell '{expected}'");
        }
    }

    /// <summary>
    /// The forms that are not about a plan. users-* = the administrators' users page (create an account, change one,
    /// unlock one); setup = the first-run page, which no longer exists once there is an administrator (404 for
    /// everyone); sign-in and sign-out are for everyone (signing out when signed out just goes home); calendar = the
    /// evaluation calendar, kept by planners and administrators; inbox, notice-settings = everyone's own notices and
    /// e-mail choices; comment = a KPI's thread (the planning office and the KPI's own editors); deliveries = the
    /// administrators' e-mail delivery page; from-spreadsheet = a new year of the plan's organisation from its scorecard
    /// spreadsheet (planners, and the organisation's editors not bound to divisions; another organisation's editor is
    /// shown the form again, 400, the organisation not being one of theirs). "page" = saved and shown again (200).
    /// </summary>
    public const string OtherRules = """
                           users-create  users-update  users-unlock  setup  sign-in  sign-out  calendar  inbox    notice-settings  comment  deliveries  from-spreadsheet
        anonymous          sign-in       sign-in       sign-in       404    ✓        ✓         sign-in   sign-in  sign-in          sign-in  sign-in     sign-in
        viewer             denied        denied        denied        404    ✓        ✓         denied    ✓        ✓                denied   denied      denied
        editor             denied        denied        denied        404    ✓        ✓         denied    ✓        ✓                ✓        denied      ✓
        other-editor       denied        denied        denied        404    ✓        ✓         denied    ✓        ✓                denied   denied      400
        division-editor    denied        denied        denied        404    ✓        ✓         denied    ✓        ✓                denied   denied      denied
        responsible-editor denied        denied        denied        404    ✓        ✓         denied    ✓        ✓                ✓        denied      denied
        reviewer           denied        denied        denied        404    ✓        ✓         denied    ✓        ✓                ✓        denied      denied
        planner            denied        denied        denied        404    ✓        ✓         ✓         ✓        ✓                ✓        denied      ✓
        administrator      page          ✓             ✓             404    ✓        ✓         ✓         ✓        ✓                ✓        ✓           ✓
        """;

    public static TheoryData<string, string, string> OtherCells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (action, persona, cell) in MatrixKit.Cells(OtherRules)) data.Add(action, persona, cell);
        return data;
    }

    /// <summary>The endpoint each column of the page tables drives, as <see cref="WriteEndpoints"/> names it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Endpoints = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["entry"] = "POST /orgs/{org}/{year:int}/entry",
        ["progress"] = "POST /orgs/{org}/{year:int}/progress/{code}",
        ["review"] = "POST /orgs/{org}/{year:int}/review",
        ["settings"] = "POST /orgs/{org}/{year:int}/settings",
        ["submit"] = "POST /orgs/{org}/{year:int}/workflow",
        ["start-review"] = "POST /orgs/{org}/{year:int}/workflow",
        ["approve"] = "POST /orgs/{org}/{year:int}/workflow",
        ["return"] = "POST /orgs/{org}/{year:int}/workflow",
        ["unlock"] = "POST /orgs/{org}/{year:int}/workflow",
        ["users-create"] = "POST /admin/users?handler=Create",
        ["users-update"] = "POST /admin/users?handler=Update",
        ["users-unlock"] = "POST /admin/users?handler=Unlock",
        ["setup"] = "POST /account/setup",
        ["sign-in"] = "POST /account/sign-in",
        ["sign-out"] = "POST /account/sign-in?handler=SignOut",
        ["calendar"] = "POST /calendar/{year:int}",
        ["inbox"] = "POST /notifications",
        ["notice-settings"] = "POST /notifications/settings",
        ["comment"] = "POST /orgs/{org}/{year:int}/kpis/{code}/comments",
        ["deliveries"] = "POST /admin/notifications",
        ["entry-sheet"] = "POST /orgs/{org}/{year:int}/entry/sheet",
        ["from-spreadsheet"] = "POST /plans/from-spreadsheet",
    };

    /// <summary>The calendar year the page matrix writes; no other test uses it.</summary>
    private const int CalendarYear = 2062;

    /// <summary>An account for the administrators' forms to act on, so no persona's own account changes.</summary>
    private async Task<(string Id, string Email)> TargetAccountAsync(bool locked = false)
    {
        var email = $"target.{Guid.NewGuid():N}@matrix.beacon.tw";
        await using var scope = app.CreateScope();
        var (created, problems) = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser(email, Roles.Viewer, BeaconFactory.TestPassword));
        Assert.True(created is not null, string.Join("; ", problems));
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        if (locked)
        {
            user.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            user.AccessFailedCount = 5;
            await db.SaveChangesAsync();
        }
        return (user.Id, email);
    }

    private async Task<BeaconUser?> UserAsync(string email)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BeaconDb>().Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email);
    }

    private async Task<IReadOnlyList<string>> RolesOfAsync(string email)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        return await (from u in db.Users join ur in db.UserRoles on u.Id equals ur.UserId join r in db.Roles on ur.RoleId equals r.Id
                      where u.Email == email select r.Name!).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(OtherCells))]
    public async Task Each_other_form_is_saved_or_refused_for_each_person_as_the_rules_say(string action, string persona, string expected)
    {
        var who = MatrixKit.Names[persona];
        var org = await app.SharedDraftAsync(nameof(MatrixPageTests));
        await app.AccountAsync(Roles.Administrator);   // an administrator exists: the first-run page is closed
        // Signing in and out changes the client's own cookies: those rows get a client of their own.
        var client = action is "sign-in" or "sign-out"
            ? who == Persona.Anonymous ? app.FormClient() : await app.SignInThroughPageAsync(who, org)
            : await app.PageClientAsync(who, org);
        string url;
        List<KeyValuePair<string, string>> fields;
        Func<Task<bool>> done;
        Func<HttpResponseMessage, Task> saved;
        switch (action)
        {
            case "users-create":
            {
                var email = $"new.{Guid.NewGuid():N}@matrix.beacon.tw";
                url = "/admin/users?handler=Create";
                fields = [new("Email", email), new("Role", Roles.Viewer), new("DisplayName", "矩陣測試")];
                done = async () => await UserAsync(email) is not null;
                saved = async response =>
                {
                    var page = await EvaluationKit.ParseAsync(response, app.ServerAddress, url);
                    Assert.Contains(email, page.QuerySelector("#created")?.TextContent);
                };
                break;
            }
            case "users-update":
            {
                var (id, email) = await TargetAccountAsync();
                url = $"/admin/users?handler=Update&id={Uri.EscapeDataString(id)}";
                fields = [new("stamp", (await UserAsync(email))!.ConcurrencyStamp!), new("role", Roles.Reviewer), new("organisation", ""), new("divisions", "")];
                done = async () => (await RolesOfAsync(email)).SequenceEqual([Roles.Reviewer]);
                saved = response =>
                {
                    Assert.Equal("/admin/users?saved=" + Uri.EscapeDataString(email), response.Headers.Location?.PathAndQuery());
                    return Task.CompletedTask;
                };
                break;
            }
            case "users-unlock":
            {
                var (id, email) = await TargetAccountAsync(locked: true);
                url = $"/admin/users?handler=Unlock&id={Uri.EscapeDataString(id)}";
                fields = [];
                done = async () => (await UserAsync(email))!.LockoutEnd is null;
                saved = response =>
                {
                    Assert.Equal("/admin/users?unlocked=" + Uri.EscapeDataString(email), response.Headers.Location?.PathAndQuery());
                    return Task.CompletedTask;
                };
                break;
            }
            case "setup":
            {
                var email = $"setup.{Guid.NewGuid():N}@matrix.beacon.tw";
                url = "/account/setup";
                fields = [new("Email", email), new("Password", BeaconFactory.TestPassword), new("Confirm", BeaconFactory.TestPassword)];
                done = async () => await UserAsync(email) is not null;
                saved = _ => Task.CompletedTask;
                break;
            }
            case "sign-in":
            {
                var (role, organisation, divisions) = MatrixKit.Account(who == Persona.Anonymous ? Persona.Viewer : who, org);
                url = "/account/sign-in";
                fields = [new("Email", await app.AccountAsync(role, organisation, divisions)), new("Password", BeaconFactory.TestPassword)];
                done = async () => (await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.OK;
                saved = response =>
                {
                    Assert.Equal("/", response.Headers.Location?.PathAndQuery());
                    return Task.CompletedTask;
                };
                break;
            }
            case "sign-out":
            {
                url = "/account/sign-in?handler=SignOut";
                fields = [];
                var signedIn = (await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.OK;
                Assert.Equal(who != Persona.Anonymous, signedIn);
                done = async () => (await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized;
                saved = response =>
                {
                    Assert.Equal("/", response.Headers.Location?.PathAndQuery());
                    return Task.CompletedTask;
                };
                break;
            }
            case "calendar":
            {
                url = $"/calendar/{CalendarYear}";
                var version = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/calendar/{CalendarYear}")).RootElement.GetProperty("version").GetInt32();
                var note = $"矩陣測試 {persona}";
                fields = [new("Version", Number(version)), new("Dates[entryOpens]", "2063-01-02"), new("Dates[submissionDeadline]", "2063-01-31"),
                    new("Dates[reviewDeadline]", "2063-03-31"), new("Dates[publication]", "2063-05-31"), new("Notes[entryOpens]", note)];
                done = async () => JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/calendar/{CalendarYear}")).RootElement
                    .GetProperty("entryOpens").GetProperty("note").GetString() == note;
                saved = response =>
                {
                    Assert.Equal(url + "?saved=true", response.Headers.Location?.PathAndQuery());
                    return Task.CompletedTask;
                };
                break;
            }
            case "from-spreadsheet":
            {
                // A new year (2050 + n) from the plan's own scorecard as the documents export it, committed at once.
                var year = 2050 + (int)who;
                var administrator = await app.ApiClientAsync(Persona.Administrator, org);
                var scorecard = await administrator.GetByteArrayAsync($"/api/orgs/{org}/plans/{MatrixKit.Year}/documents/scorecard.xlsx");
                url = "/plans/from-spreadsheet";
                fields = [new("Org", org), new("Year", Number(year)), new("Payload", Convert.ToBase64String(scorecard)), new("Commit", "true")];
                done = async () =>
                {
                    await using var scope = app.CreateScope();
                    return await scope.ServiceProvider.GetRequiredService<BeaconDb>().Plans.AnyAsync(p => p.Organisation.Code == org && p.Year == year);
                };
                saved = response =>
                {
                    Assert.Equal($"/orgs/{org}/{year}", response.Headers.Location?.PathAndQuery());
                    return Task.CompletedTask;
                };
                break;
            }
            case "inbox" or "notice-settings" or "comment" or "deliveries":
                (url, fields, done, saved) = await Notifications.NotificationMatrix.PostAsync(app, action, who, org);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "not in the rule table");
        }
        var doneBefore = action is "sign-in" or "sign-out" ? false : await done();

        var response = await client.PostFormAsync(url, fields);

        var location = response.Headers.Location?.PathAndQuery();
        var answer = await response.DescribeAsync();
        switch (expected)
        {
            case "✓" or "page":
                Assert.True(response.StatusCode == (expected == "page" ? HttpStatusCode.OK : HttpStatusCode.Redirect), $"{persona} {action}: {answer}");
                Assert.False(doneBefore, $"{persona} {action}: already done before the post");
                await saved(response);
                Assert.True(await done(), $"{persona} {action}: answered {answer} but it is not done");
                break;
            case "sign-in":
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{persona} {action}: expected 302 to sign in, got {answer}");
                Assert.StartsWith("/account/sign-in?ReturnUrl=", location);
                Assert.False(await done(), $"{persona} {action}: refused but done");
                break;
            case "denied":
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{persona} {action}: expected 302 to /account/denied, got {answer}");
                Assert.StartsWith("/account/denied", location);
                Assert.False(await done(), $"{persona} {action}: refused but done");
                break;
            case "400":
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{persona} {action}: expected 400, got {answer}");
                Assert.False(await done(), $"{persona} {action}: refused but done");
                break;
            case "404":
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{persona} {action}: expected 404, got {answer}");
                Assert.False(await done(), $"{persona} {action}: refused but done");
                break;
            default:
                throw new InvalidOperationException($"unknown cell '{expected}'");
        }
    }

    [Theory]
    [InlineData("entry")]
    [InlineData("review")]
    [InlineData("settings")]
    [InlineData("submit")]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing(string action)
    {
        var org = await app.SharedDraftAsync(nameof(MatrixPageTests));
        var post = PostFor(action, 3);
        await app.SetStatusAsync(org, post.Needs);
        var fields = await FilledFormAsync(org, post);
        var before = await app.StateAsync(org);
        var administrator = await app.PageClientAsync(Persona.Administrator, org);

        // As a form on another site would send it: the sign-in cookie goes along, the token does not.
        var response = await administrator.PostAsync($"/orgs/{org}/{MatrixKit.Year}/{post.Page}", new FormUrlEncodedContent(fields));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{action}: {await response.DescribeAsync()}");
        Assert.Equal(before, await app.StateAsync(org));
    }

    [Fact]
    public async Task An_anonymous_workflow_post_is_sent_to_sign_in_whatever_the_status()
    {
        var org = await app.SharedDraftAsync(nameof(MatrixPageTests));
        var client = await app.PageClientAsync(Persona.Anonymous, org);
        foreach (var action in new[] { "submit", "start-review", "approve", "return", "unlock" })
        {
            var post = PostFor(action, 0);
            await app.SetStatusAsync(org, post.Needs);
            var fields = await FilledFormAsync(org, post);

            var response = await client.PostFormAsync($"/orgs/{org}/{MatrixKit.Year}/workflow", fields);

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{action}: {await response.DescribeAsync()}");
            Assert.StartsWith("/account/sign-in?ReturnUrl=", response.Headers.Location?.PathAndQuery());
        }
    }

    [Fact]
    public async Task A_division_editor_saving_a_KPI_of_other_divisions_gets_403_with_the_row_explained()
    {
        var org = await app.SharedDraftAsync(nameof(MatrixPageTests));
        await app.SetStatusAsync(org, PlanStatus.Draft);
        var before = await app.StateAsync(org);
        var fields = await FilledFormAsync(org, PostFor("entry", 1));
        var client = await app.PageClientAsync(Persona.DivisionEditor, org);
        var url = $"/orgs/{org}/{MatrixKit.Year}/entry";

        var response = await client.PostFormAsync(url, fields);

        var page = await EvaluationKit.ParseAsync(response, app.ServerAddress, url, HttpStatusCode.Forbidden);
        var error = page.KpiRow(MatrixKit.Kpi).QuerySelector(".field-error")?.TextContent ?? "";
        Assert.Contains("成保組", error);
        Assert.Contains("兒少組", error);
        Assert.Equal(before, await app.StateAsync(org));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MatrixPageOnSqlite(SqliteBeacon app) : MatrixPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MatrixPageOnPostgres(PostgresBeacon app) : MatrixPageTests(app);
