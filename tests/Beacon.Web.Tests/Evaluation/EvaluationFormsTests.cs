using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// What the evaluation pages offer each person: the buttons to the pages they can use, forms read-only where the
/// status or their divisions close them, parts' targets and actuals, organisation codes in any case, and the year
/// /calendar and /evaluations open. On SQLite only: nothing here depends on the database.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class EvaluationFormsTests(SqliteBeacon app)
{
    private async Task<IDocument> OpenAsync(Persona persona, string org, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await app.PageClientAsync(persona, org)).OpenAsync(app.ServerAddress, url, expected);

    [Theory]
    [InlineData(Persona.Anonymous, new string[0])]
    [InlineData(Persona.Viewer, new string[0])]
    [InlineData(Persona.Planner, new[] { "settings" })]
    [InlineData(Persona.Reviewer, new[] { "review" })]
    [InlineData(Persona.Administrator, new[] { "entry", "review", "settings" })]
    public async Task The_evaluation_page_links_only_to_the_pages_a_person_can_use(Persona persona, string[] pages)
    {
        var page = await OpenAsync(persona, "TPE", "/orgs/TPE/2021/evaluation");

        var links = page.QuerySelectorAll(".actions-bar a.button").Select(a => a.GetAttribute("href")!.Split('/')[^1]).ToList();
        Assert.Equal(pages, links);
    }

    [Fact]
    public async Task The_agency_s_editor_sees_the_entry_button_of_its_own_plan_only()
    {
        var org = await app.SharedDraftAsync(nameof(EvaluationFormsTests));

        var own = await OpenAsync(Persona.Editor, org, $"/orgs/{org}/{MatrixKit.Year}/evaluation");

        Assert.Equal(["entry"], own.QuerySelectorAll(".actions-bar a.button").Select(a => a.GetAttribute("href")!.Split('/')[^1]));
    }

    [Fact]
    public async Task A_submitted_plan_s_entry_form_is_read_only_with_a_notice_and_posts_nothing()
    {
        var org = await app.ImportAsPlannerAsync();
        await app.SetStatusAsync(org, PlanStatus.Submitted);

        var page = await OpenAsync(Persona.Editor, org, $"/orgs/{org}/{MatrixKit.Year}/entry");

        Assert.Contains("已送出", page.QuerySelector("main .notice.error[role=status]")!.Text());
        Assert.Contains("僅供檢視", page.QuerySelector("main .notice.error[role=status]")!.Text());
        var form = page.QuerySelector("form.entry")!;
        Assert.Null(form.QuerySelector("button[type=submit]"));
        Assert.Empty(form.QuerySelectorAll("input[type=hidden][name^=Rows]"));
        Assert.All(form.QuerySelectorAll("input[name^=Rows], textarea, select"), field => Assert.True(field.HasAttribute("disabled"), field.GetAttribute("name")));
    }

    [Fact]
    public async Task A_division_bound_editor_s_form_has_its_own_KPIs_open_and_the_others_read_only()
    {
        var org = await app.SharedDraftAsync(nameof(EvaluationFormsTests));

        // 性保組 is responsible for AC3.1, not for AC1.1 (成保組、兒少組).
        var page = await OpenAsync(Persona.DivisionEditor, org, $"/orgs/{org}/{MatrixKit.Year}/entry");

        Assert.Contains("性保組", page.QuerySelector("main .notice[role=status]")!.Text());
        var own = page.KpiRow("AC3.1");
        var other = page.KpiRow("AC1.1");
        Assert.False(own.QuerySelector("input[name$='.Value']")!.HasAttribute("disabled"));
        Assert.NotNull(own.QuerySelector("input[type=hidden][name$='.Code']"));
        Assert.True(other.QuerySelector("input[name$='.Innovation']")!.HasAttribute("disabled"));
        Assert.Null(other.QuerySelector("input[type=hidden][name$='.Code']"));
        Assert.Contains("成保組", other.QuerySelector("th")!.Text());
        Assert.NotNull(page.QuerySelector("form.entry button[type=submit]"));
    }

    [Fact]
    public async Task A_KPI_in_weighted_parts_shows_each_part_s_target_and_actual()
    {
        // BP2.1 of the city's 2021 plan: two parts at 50 %, achievement 117.1.
        var page = await OpenAsync(Persona.Anonymous, "TPE", "/orgs/TPE/2021/evaluation");
        var cells = page.KpiRow("BP2.1").QuerySelectorAll("td.num").Take(2).Select(c => c.QuerySelectorAll("ul.part-values li").Length).ToList();
        Assert.Equal([2, 2], cells);

        var row = (await app.CreateClient().EvaluationAsync("TPE", 2021)).Row("BP2.1");
        var parts = row.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.False(string.IsNullOrEmpty(p.String("target"))));
        Assert.All(parts, p => Assert.Equal(50m, p.Decimal("weight")));
    }

    [Theory]
    [InlineData("/orgs/tpe/2021/evaluation")]
    [InlineData("/api/orgs/tpe/plans/2021")]
    [InlineData("/api/orgs/Tpe/plans/2021/evaluation")]
    [InlineData("/open-data/tpe/2021/scorecard.csv")]
    public async Task Organisation_codes_in_addresses_are_read_in_any_case(string url)
    {
        var response = await app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_calendar_and_the_evaluations_open_the_same_year()
    {
        var client = app.FormClient();

        var evaluations = await client.GetAsync("/evaluations");
        var calendar = await client.GetAsync("/calendar");

        Assert.Equal(HttpStatusCode.Redirect, evaluations.StatusCode);
        var year = evaluations.Headers.Location!.OriginalString.Split('/')[^1];
        Assert.EndsWith($"/{year}", calendar.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_settings_form_names_each_weight_once_with_its_unit()
    {
        var page = await OpenAsync(Persona.Planner, "TPE", "/orgs/TPE/2021/settings");

        var labels = page.QuerySelectorAll("form.settings fieldset .field > span:first-child").Select(s => s.Text()).ToList();
        Assert.Contains("目標達成度 (%)", labels);
        Assert.DoesNotContain(labels, l => l.Contains("(%) (%)"));
    }

    [Fact]
    public async Task The_settings_form_puts_the_core_s_problems_beside_their_fields_and_saves_nothing()
    {
        var org = await app.SharedDraftAsync(nameof(EvaluationFormsTests));
        var planner = await app.PageClientAsync(Persona.Planner, org);
        var url = $"/orgs/{org}/{MatrixKit.Year}/settings";
        var page = await planner.OpenAsync(app.ServerAddress, url);
        var fields = page.QuerySelectorAll("form.settings").OfType<IHtmlFormElement>().Single().Fields();
        fields.Set("WeightContribution", "15");        // 25 + 25 + 30 + 15 = 95 %
        fields.Set("BandExcellent", "92.55555");       // a fifth decimal
        fields.Set("BandGood", "八十");                 // not a number
        var before = await app.StateAsync(org);

        var response = await planner.PostAsync(url, new FormUrlEncodedContent(fields));

        var shown = await EvaluationKit.ParseAsync(response, app.ServerAddress, url, HttpStatusCode.BadRequest);
        Assert.Contains("「八十」不是數字", shown.QuerySelector("#BandGood-error")?.TextContent);
        Assert.Equal(before, await app.StateAsync(org));
        // The figures read, the core's rules name the sum above the form and the threshold beside its field.
        fields.Set("BandGood", "80");
        var again = await EvaluationKit.ParseAsync(await planner.PostAsync(url, new FormUrlEncodedContent(fields)), app.ServerAddress, url, HttpStatusCode.BadRequest);
        Assert.Contains("四項權重合計為 0.95（95%），應為 1（100%）", again.QuerySelector("main .notice.error[role=alert]")?.TextContent);
        Assert.Equal("燈號門檻 92.55555 的小數超過 4 位：最多 4 位小數（例如 92.5556）", again.QuerySelector("#BandExcellent-error")?.TextContent);
        Assert.Equal("true", again.QuerySelector("#BandExcellent")?.GetAttribute("aria-invalid"));
        Assert.Equal(before, await app.StateAsync(org));
    }

    [Fact]
    public async Task The_English_evaluation_page_ends_its_sentences_with_a_full_stop()
    {
        var page = await OpenAsync(Persona.Anonymous, "TPE", "/orgs/TPE/2021/evaluation?culture=en");

        // The page's own sentences (the plan's texts are Chinese whatever the language).
        var sentences = page.QuerySelectorAll("main p.muted, main .notice").Select(p => p.TextContent).ToList();
        Assert.Contains(sentences, s => s.Contains("reviewed", StringComparison.OrdinalIgnoreCase));
        Assert.All(sentences, s => Assert.DoesNotContain("。", s));
    }
}
