using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Calendar;

/// <summary>
/// The evaluation calendar (評核行事曆) through the API and the page: public reading with defaults, planners' versioned
/// and audited saves, errors naming the field, and the submission deadline on the workflow. Each test uses a year of its
/// own: the calendar is city-wide, and the app is shared.
/// </summary>
public abstract class CalendarTests(BeaconFactory app)
{
    private static string Body(int version, string entry, string submission, string review, string publication, string? note = null) =>
        JsonSerializer.Serialize(new
        {
            version,
            entryOpens = new { date = entry, note },
            submissionDeadline = new { date = submission, note = "各機關請於期限內送出" },
            reviewDeadline = new { date = review },
            publication = new { date = publication },
        });

    private async Task<JsonElement> GetAsync(HttpClient client, int year)
    {
        var response = await client.GetAsync($"/api/calendar/{year}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.DescribeAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<int> RowsAsync(int year)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BeaconDb>().EvaluationCalendars.CountAsync(c => c.Year == year);
    }

    [Fact]
    public async Task A_year_nobody_has_set_shows_the_defaults_to_anyone()
    {
        var calendar = await GetAsync(app.CreateClient(), 2050);

        Assert.True(calendar.GetProperty("isDefault").GetBoolean());
        Assert.Equal(0, calendar.GetProperty("version").GetInt32());
        Assert.Equal(["2051-01-02", "2051-01-31", "2051-03-31", "2051-05-31"],
            new[] { "entryOpens", "submissionDeadline", "reviewDeadline", "publication" }.Select(k => calendar.GetProperty(k).GetProperty("date").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/calendar/1800")).StatusCode);
    }

    [Fact]
    public async Task A_planner_sets_a_year_then_changes_it_from_the_version_read_and_each_save_is_audited()
    {
        const int year = 2051;
        var planner = await app.ApiClientAsync(Persona.Planner, "");

        var first = await planner.PutAsync($"/api/calendar/{year}", EvaluationKit.Json(Body(0, "2052-01-03", "2052-01-31", "2052-03-31", "2052-05-31", "系統開放填報")));
        Assert.True(first.StatusCode == HttpStatusCode.NoContent, await first.DescribeAsync());
        var saved = await GetAsync(app.CreateClient(), year);
        Assert.False(saved.GetProperty("isDefault").GetBoolean());
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
        Assert.Equal("系統開放填報", saved.GetProperty("entryOpens").GetProperty("note").GetString());

        // The ROC form is read too: 141.02.15 is 2052-02-15.
        var second = await planner.PutAsync($"/api/calendar/{year}", EvaluationKit.Json(Body(1, "2052-01-03", "141.02.15", "2052-03-31", "2052-05-31", "系統開放填報")));
        Assert.True(second.StatusCode == HttpStatusCode.NoContent, await second.DescribeAsync());
        Assert.Equal("2052-02-15", (await GetAsync(planner, year)).GetProperty("submissionDeadline").GetProperty("date").GetString());

        await using var scope = app.CreateScope();
        var entries = await scope.ServiceProvider.GetRequiredService<BeaconDb>().AuditEntries.AsNoTracking()
            .Where(e => e.Entity == nameof(EvaluationCalendar) && e.Year == year).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["create", "update"], entries.Select(e => e.Action));
        var plannerName = await app.AccountAsync(Roles.Planner);
        Assert.All(entries, e => Assert.Equal(plannerName, e.UserName));
        var update = entries[1];
        Assert.Contains("\"SubmissionDeadline\":\"2052-01-31\"", update.OldValues);
        Assert.Contains("\"SubmissionDeadline\":\"2052-02-15\"", update.NewValues);
        Assert.DoesNotContain("EntryOpens", update.NewValues);   // only what changed
    }

    [Fact]
    public async Task A_save_from_an_old_version_gets_409_and_one_without_a_version_428_and_nothing_changes()
    {
        const int year = 2052;
        var planner = await app.ApiClientAsync(Persona.Planner, "");
        Assert.Equal(HttpStatusCode.NoContent, (await planner.PutAsync($"/api/calendar/{year}", EvaluationKit.Json(Body(0, "2053-01-03", "2053-01-31", "2053-03-31", "2053-05-31")))).StatusCode);
        var before = await GetAsync(planner, year);

        var stale = await planner.PutAsync($"/api/calendar/{year}", EvaluationKit.Json(Body(0, "2053-01-04", "2053-01-31", "2053-03-31", "2053-05-31")));
        var conflict = await EvaluationKit.AssertProblemAsync(stale, HttpStatusCode.Conflict);
        Assert.Equal("version", Assert.Single(conflict.Errors()).Path);

        var unversioned = await planner.PutAsync($"/api/calendar/{year}", EvaluationKit.Json("""{"entryOpens":{"date":"2053-01-04"},"submissionDeadline":{"date":"2053-01-31"},"reviewDeadline":{"date":"2053-03-31"},"publication":{"date":"2053-05-31"}}"""));
        var required = await EvaluationKit.AssertProblemAsync(unversioned, (HttpStatusCode)428);
        var (path, message, messageEn) = Assert.Single(required.Errors());
        Assert.Equal("version", path);
        Assert.Contains($"GET /api/calendar/{year}", message);
        Assert.Contains("version", messageEn);

        Assert.Equal(before.GetRawText(), (await GetAsync(planner, year)).GetRawText());
    }

    [Fact]
    public async Task Wrong_dates_and_notes_are_named_field_by_field_and_nothing_is_saved()
    {
        const int year = 2053;
        var planner = await app.ApiClientAsync(Persona.Planner, "");
        var cases = new (string Body, string[] Paths)[]
        {
            (Body(0, "2054-02-30", "2054-01-31", "2054-03-31", "2054-05-31"), ["entryOpens.date"]),
            (Body(0, "2054-01-03", "2054-01-31", "2054-01-10", "2054-05-31"), ["reviewDeadline.date"]),
            (Body(0, "2054-01-03", "2054-01-31", "2054-03-31", "2060-05-31"), ["publication.date"]),
            (Body(0, "2054-01-03", "2054-01-31", "2054-03-31", "2054-05-31", new string('註', 4001)), ["entryOpens.note"]),
            ("""{"version":0,"entryOpens":{"date":"2054-01-03"}}""", ["submissionDeadline.date", "reviewDeadline.date", "publication.date"]),
            ("""{"version":0,"entryOpens":{"date":20540103}}""", ["$.entryOpens.date"]),
        };
        foreach (var (body, paths) in cases)
        {
            var response = await planner.PutAsync($"/api/calendar/{year}", EvaluationKit.Json(body));
            var problem = await EvaluationKit.AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal(paths, problem.Errors().Select(e => e.Path));
        }
        var order = await planner.PutAsync($"/api/calendar/{year}", EvaluationKit.Json(Body(0, "2054-01-03", "2054-01-31", "2054-01-10", "2054-05-31")));
        var error = Assert.Single((await EvaluationKit.AssertProblemAsync(order, HttpStatusCode.BadRequest)).Errors());
        Assert.Equal("「複核截止」143.01.10 早於「自評送出截止」143.01.31：日期須依序", error.Message);
        Assert.Equal("Review deadline 2054-01-10 is before submission deadline 2054-01-31: the dates must be in order", error.MessageEn);
        Assert.Equal(0, await RowsAsync(year));
    }

    [Fact]
    public async Task The_page_shows_ROC_dates_in_Chinese_and_ISO_dates_in_English_and_no_form_to_readers()
    {
        var anonymous = app.FormClient();
        var page = await anonymous.OpenAsync(app.ServerAddress, "/calendar/2021");
        Assert.Equal("民國110年 評核行事曆", page.QuerySelector("h1")?.TextContent);
        var submission = page.QuerySelector("#calendar tr[data-milestone=submissionDeadline]")!;
        Assert.Equal("自評送出截止", submission.QuerySelector("th")?.TextContent);
        Assert.Equal("111.01.31", submission.QuerySelector("time")?.TextContent);
        Assert.Equal("2022-01-31", submission.QuerySelector("time")?.GetAttribute("datetime"));
        Assert.NotNull(page.QuerySelector("#calendar-default"));
        Assert.Null(page.QuerySelector("main form[method=post]"));
        var viewer = await app.PageClientAsync(Persona.Viewer, "");
        Assert.Null((await viewer.OpenAsync(app.ServerAddress, "/calendar/2021")).QuerySelector("main form[method=post]"));

        var english = await anonymous.OpenAsync(app.ServerAddress, "/calendar/2021?culture=en&ui-culture=en");
        Assert.Equal("2021 evaluation calendar", english.QuerySelector("h1")?.TextContent);
        Assert.Equal("2022-01-31", english.QuerySelector("#calendar tr[data-milestone=submissionDeadline] time")?.TextContent);
        Assert.Equal("Submission deadline", english.QuerySelector("#calendar tr[data-milestone=submissionDeadline] th")?.TextContent);
    }

    [Fact]
    public async Task A_planner_saves_the_form_and_a_wrong_field_is_shown_beside_it_with_nothing_saved()
    {
        const int year = 2054;
        var url = $"/calendar/{year}";
        var planner = await app.PageClientAsync(Persona.Planner, "");
        var page = await planner.OpenAsync(app.ServerAddress, url);
        var form = page.QuerySelectorAll("main form[method=post]").OfType<IHtmlFormElement>().Single();
        foreach (var key in new[] { "entryOpens", "submissionDeadline", "reviewDeadline", "publication" })
        {
            var input = (IHtmlInputElement)form.QuerySelector($"input[name='Dates[{key}]']")!;
            Assert.Equal("date", input.Type);
            Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']"));
            Assert.NotNull(page.QuerySelector($"label[for='note-{key}']"));
        }
        var fields = form.Fields();
        fields.Set("Dates[reviewDeadline]", "2055-01-10");   // before the default submission deadline 2055-01-31

        var refused = await planner.PostAsync(url, new FormUrlEncodedContent(fields));

        var shown = await EvaluationKit.ParseAsync(refused, app.ServerAddress, url, HttpStatusCode.BadRequest);
        var review = (IHtmlInputElement)shown.QuerySelector("input[name='Dates[reviewDeadline]']")!;
        Assert.Equal("true", review.GetAttribute("aria-invalid"));
        Assert.Contains("日期須依序", shown.QuerySelector("#reviewDeadline-date-error")?.TextContent);
        Assert.Contains("reviewDeadline-date-error", review.GetAttribute("aria-describedby"));
        Assert.Equal(0, await RowsAsync(year));

        fields.Set("Dates[reviewDeadline]", "144.03.20");   // ROC 144 = 2055
        fields.Set("Notes[publication]", "市政會議後公布");
        var saved = await planner.PostAsync(url, new FormUrlEncodedContent(fields));

        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.DescribeAsync());
        Assert.Equal(url + "?saved=true", saved.Headers.Location?.PathAndQuery());
        var after = await planner.OpenAsync(app.ServerAddress, url + "?saved=true");
        Assert.Equal("144.03.20", after.QuerySelector("#calendar tr[data-milestone=reviewDeadline] time")?.TextContent);
        Assert.Equal("市政會議後公布", after.QuerySelector("#calendar tr[data-milestone=publication] td.note")?.TextContent);
        Assert.Equal("1", after.QuerySelector("main form input[name=Version]")?.GetAttribute("value"));
    }

    /// <summary>A plan of a year of its own (the calendar is city-wide), a draft, imported by a planner.</summary>
    private async Task<string> PlanOfYearAsync(int year)
    {
        var source = Dataset.NewPlan();
        return await app.ImportAsPlannerAsync(source with { Year = year });
    }

    [Fact]
    public async Task The_workflow_shows_the_deadline_and_marks_a_submission_after_it_as_late()
    {
        // 2024's deadline, set to 2025-01-31, has passed; 2090's (2091-01-31) is far ahead.
        var planner = await app.ApiClientAsync(Persona.Planner, "");
        Assert.Equal(HttpStatusCode.NoContent, (await planner.PutAsync("/api/calendar/2024", EvaluationKit.Json(Body(0, "2025-01-02", "2025-01-31", "2025-03-31", "2025-05-31")))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await planner.PutAsync("/api/calendar/2090", EvaluationKit.Json(Body(0, "2091-01-02", "2091-01-31", "2091-03-31", "2091-05-31")))).StatusCode);
        foreach (var (year, late) in new[] { (2024, true), (2090, false) })
        {
            var org = await PlanOfYearAsync(year);
            var editor = await app.ApiClientAsync(Persona.Editor, org);
            var submitted = await editor.StepAsync(org, "submit", "送出", year);
            Assert.True(submitted.StatusCode == HttpStatusCode.NoContent, await submitted.DescribeAsync());

            var workflow = await editor.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{year}/workflow");
            Assert.Equal($"{year + 1}-01-31", workflow.GetProperty("submissionDeadline").GetString());
            Assert.False(workflow.GetProperty("submissionDeadlineIsDefault").GetBoolean());
            Assert.Equal(late, Assert.Single(workflow.GetProperty("steps").EnumerateArray()).GetProperty("late").GetBoolean());

            var page = await (await app.PageClientAsync(Persona.Editor, org)).OpenAsync(app.ServerAddress, $"/orgs/{org}/{year}/workflow");
            Assert.Contains($"{year + 1 - 1911}.01.31", page.QuerySelector("#deadline")?.TextContent);
            Assert.Equal($"/calendar/{year}", page.QuerySelector("#deadline a")?.GetAttribute("href"));
            Assert.Equal(late, page.QuerySelector("table.history tbody tr strong.late") is not null);
        }
    }

    [Fact]
    public async Task Without_a_calendar_the_workflow_shows_the_default_deadline_and_marks_nothing_late()
    {
        var org = await PlanOfYearAsync(2019);
        var editor = await app.ApiClientAsync(Persona.Editor, org);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.StepAsync(org, "submit", year: 2019)).StatusCode);

        var workflow = await editor.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/2019/workflow");
        Assert.Equal("2020-01-31", workflow.GetProperty("submissionDeadline").GetString());
        Assert.True(workflow.GetProperty("submissionDeadlineIsDefault").GetBoolean());
        Assert.False(Assert.Single(workflow.GetProperty("steps").EnumerateArray()).GetProperty("late").GetBoolean());
        var page = await (await app.PageClientAsync(Persona.Editor, org)).OpenAsync(app.ServerAddress, $"/orgs/{org}/2019/workflow");
        Assert.Contains("預設", page.QuerySelector("#deadline")?.TextContent);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CalendarOnSqlite(SqliteBeacon app) : CalendarTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CalendarOnPostgres(PostgresBeacon app) : CalendarTests(app);
