using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// 評核總覽: every organisation's evaluation of a year, page and API (/evaluations/2022, /api/evaluations/2022): the
/// counts, the lights self and reviewed, the mean totals and self minus reviewer, over a reviewed copy of the DV
/// centre's plan; anonymous readers see approved plans only; the number of queries does not grow with the organisations.
/// </summary>
public abstract class EvaluationSummaryTests(BeaconFactory app) : IAsyncLifetime
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<BeaconFactory, Lazy<Task<string>>> Plans = new();
    private string org = null!;
    private HttpClient reader = null!;
    private readonly HttpClient anonymous = app.FormClient();

    public async Task InitializeAsync()
    {
        org = await Plans.GetOrAdd(app, _ => new Lazy<Task<string>>(app.ImportReviewedPlanAsync)).Value;
        reader = await app.ReaderAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<List<JsonElement>> OrganisationsAsync(HttpClient client, int year = 2022)
    {
        var response = await client.GetAsync($"/api/evaluations/{year}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(year, body.GetProperty("year").GetInt32());
        return [.. body.GetProperty("organisations").EnumerateArray()];
    }

    private static JsonElement Of(List<JsonElement> organisations, string code) =>
        organisations.Single(o => o.GetProperty("organisation").GetString() == code);

    [Fact]
    public async Task The_API_gives_each_organisation_s_counts_lights_mean_totals_and_self_minus_reviewer()
    {
        var o = Of(await OrganisationsAsync(reader), org);
        var total = (await reader.EvaluationAsync(org)).GetProperty("selfTotal");

        Assert.Equal("submitted", o.GetProperty("status").GetString());
        Assert.Equal(20, o.GetProperty("kpis").GetInt32());
        Assert.Equal((total.GetProperty("achieved").GetInt32(), total.GetProperty("notAchieved").GetInt32(), total.GetProperty("noData").GetInt32()),
            (o.GetProperty("achieved").GetInt32(), o.GetProperty("notAchieved").GetInt32(), o.GetProperty("noData").GetInt32()));
        Assert.Equal((1, 2, 0, 0, 17), Lights(o.GetProperty("selfLights")));
        Assert.Equal((0, 2, 0, 1, 17), Lights(o.GetProperty("reviewedLights")));
        Assert.Equal(87.5m, o.Decimal("meanSelfTotal"));          // (92.5 + 85 + 85) ÷ 3
        Assert.Equal(76.8m, o.Decimal("meanReviewedTotal"));      // (85.5 + 60 + 85) ÷ 3 = 76.83
        Assert.Equal(10.7m, o.Decimal("selfMinusReviewer"));      // (7 + 25 + 0) ÷ 3 = 10.67
    }

    private static (int, int, int, int, int) Lights(JsonElement l) =>
        (l.GetProperty("excellent").GetInt32(), l.GetProperty("good").GetInt32(), l.GetProperty("fair").GetInt32(), l.GetProperty("poor").GetInt32(), l.GetProperty("unclear").GetInt32());

    [Fact]
    public async Task Anonymous_readers_see_approved_plans_only()
    {
        var seen = await OrganisationsAsync(anonymous);

        Assert.Contains(seen, o => o.GetProperty("organisation").GetString() == "TPE-DVPC");
        Assert.DoesNotContain(seen, o => o.GetProperty("organisation").GetString() == org);
        Assert.All(seen, o => Assert.Equal("approved", o.GetProperty("status").GetString()));
        Assert.Contains(await OrganisationsAsync(reader), o => o.GetProperty("organisation").GetString() == org);

        var page = await anonymous.OpenAsync(app.ServerAddress, "/evaluations/2022");
        Assert.Null(page.QuerySelectorAll("table.summary tbody tr").FirstOrDefault(r => r.Id == org));
        Assert.NotNull(page.QuerySelectorAll("table.summary tbody tr").FirstOrDefault(r => r.Id == "TPE-DVPC"));
    }

    [Fact]
    public async Task The_page_shows_the_same_figures_and_links_each_organisation_s_evaluation()
    {
        var page = await reader.OpenAsync(app.ServerAddress, "/evaluations/2022");

        Assert.Equal("111年 各機關評核總覽", page.QuerySelector("main h1")!.Text());
        var row = page.QuerySelectorAll("table.summary tbody tr").Single(r => r.Id == org);
        Assert.Equal($"/orgs/{org}/2022/evaluation", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal("已送出", row.QuerySelectorAll("td")[0].Text());
        Assert.Equal(["1", "2", "0", "0", "17"], row.QuerySelectorAll("td.self-light").Select(c => c.Text()));
        Assert.Equal(["0", "2", "0", "1", "17"], row.QuerySelectorAll("td.reviewed-light").Select(c => c.Text()));
        Assert.StartsWith("87.5", row.QuerySelector("td.mean-self")!.Text());
        Assert.StartsWith("76.8", row.QuerySelector("td.mean-reviewed")!.Text());
        Assert.Equal("+10.7", row.QuerySelector("td.inflation")!.Text());
        var headers = page.QuerySelectorAll("table.summary thead th").Select(h => h.Text()).ToList();
        Assert.Contains("自評 − 複核", headers);
        Assert.Contains("自評平均總分", headers);
    }

    [Fact]
    public async Task The_page_kept_for_its_readers_shows_a_plan_added_or_changed_since_at_the_next_read()
    {
        static IEnumerable<string> Rows(AngleSharp.Dom.IDocument page) => page.QuerySelectorAll("table.summary tbody tr").Select(r => r.Id!);
        var before = Rows(await reader.OpenAsync(app.ServerAddress, "/evaluations/2022")).ToList();
        Assert.Equal(before, Rows(await reader.OpenAsync(app.ServerAddress, "/evaluations/2022")));

        var added = await app.ImportPlanAsync();
        var page = await reader.OpenAsync(app.ServerAddress, "/evaluations/2022");
        Assert.Equal(before.Count + 1, Rows(page).Count());
        var row = page.QuerySelectorAll("table.summary tbody tr").Single(r => r.Id == added);
        Assert.Equal("草稿", row.QuerySelectorAll("td")[0].Text());

        // Its status changed: the kept page is not served, the row shows the new one (and the public now sees it).
        await app.SetStatusAsync(added, Beacon.Core.Workflow.PlanStatus.Approved);
        row = (await reader.OpenAsync(app.ServerAddress, "/evaluations/2022")).QuerySelectorAll("table.summary tbody tr").Single(r => r.Id == added);
        Assert.Equal("已核定", row.QuerySelectorAll("td")[0].Text());
        Assert.Contains(added, Rows(await anonymous.OpenAsync(app.ServerAddress, "/evaluations/2022")));
    }

    [Fact]
    public async Task A_long_list_is_shown_a_page_at_a_time_in_organisation_order()
    {
        static List<string> Rows(AngleSharp.Dom.IDocument page) => [.. page.QuerySelectorAll("table.summary tbody tr").Select(r => r.Id!)];
        // (The tests' shared database may hold more than a default page of organisations by now.)
        var whole = Rows(await reader.OpenAsync(app.ServerAddress, "/evaluations/2022?size=500"));
        Assert.True(whole.Count >= 3, string.Join(", ", whole));
        var pages = (whole.Count + 1) / 2;

        var second = await reader.OpenAsync(app.ServerAddress, "/evaluations/2022?page=2&size=2");
        Assert.Equal(whole.Skip(2).Take(2), Rows(second));
        var pager = second.QuerySelector("nav.pager")!;
        Assert.Equal(whole.Count == 3 ? "第 3 個機關，共 3 個" : $"第 3–4 個機關，共 {whole.Count} 個", pager.QuerySelector("p")!.Text());
        Assert.Equal("2", pager.QuerySelector("[aria-current=page]")!.Text());
        Assert.Equal("/evaluations/2022?page=1&size=2", pager.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        // The first page, the last and those within two of this one (ListPage.Numbers), "…" for any left out.
        int[] numbered = pages <= 6 ? [.. Enumerable.Range(1, pages)] : [1, 2, 3, 4, pages];
        Assert.Equal(numbered, pager.QuerySelectorAll("li").Select(li => li.Text()).Where(t => int.TryParse(t, out _)).Select(int.Parse));
        Assert.Equal(pages > 6 ? 1 : 0, pager.QuerySelectorAll("li.gap").Length);
        // The counts above the table stay the whole year's.
        Assert.Contains($"{whole.Count}", second.QuerySelector("p.summary-count")!.Text());

        // Past the last page: the last; every page together: the whole list, each organisation once.
        var last = await reader.OpenAsync(app.ServerAddress, $"/evaluations/2022?page={pages + 5}&size=2");
        Assert.Equal(pages.ToString(System.Globalization.CultureInfo.InvariantCulture), last.QuerySelector("nav.pager [aria-current=page]")!.Text());
        Assert.Null(last.QuerySelector("nav.pager a[rel=next]"));
        var all = new List<string>();
        for (var p = 1; p <= pages; p++) all.AddRange(Rows(await reader.OpenAsync(app.ServerAddress, $"/evaluations/2022?page={p}&size=2")));
        Assert.Equal(whole, all);

        // One page: no pager.
        Assert.Null((await reader.OpenAsync(app.ServerAddress, "/evaluations/2022?size=500")).QuerySelector("nav.pager"));
    }

    [Fact]
    public async Task The_navigation_leads_to_the_latest_year_with_a_plan_the_reader_may_see()
    {
        var home = await anonymous.OpenAsync(app.ServerAddress, "/");
        Assert.NotNull(home.QuerySelector("header nav a[href='/evaluations']"));

        var response = await anonymous.GetAsync("/evaluations");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/evaluations/2022", response.Headers.Location!.PathAndQuery());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/evaluations/1999")).StatusCode);
    }

    [Fact]
    public async Task Reading_the_summary_takes_the_same_number_of_queries_with_one_more_organisation()
    {
        await OrganisationsAsync(reader);   // warm: the reader's account is known, every plan's figures are cached
        var before = app.Queries.Start();
        var count = (await OrganisationsAsync(reader)).Count;
        var cached = before.Count;

        await app.ImportPlanAsync();
        var after = app.Queries.Start();
        Assert.Equal(count + 1, (await OrganisationsAsync(reader)).Count);
        var loaded = after.Count;
        var again = app.Queries.Start();
        await OrganisationsAsync(reader);

        // The new plan is loaded with a fixed set of queries (one per collection), then served from the read model.
        Assert.InRange(cached, 1, 4);
        Assert.InRange(loaded, cached + 1, 16);
        Assert.Equal(cached, again.Count);
    }

    [Fact]
    public async Task Read_cold_each_approved_plan_s_figures_are_those_of_its_published_version_s_evaluation()
    {
        // Nothing cached: every published version's figures are computed by the summary's own batched loading, and each
        // must be what the version's evaluation (its whole document, loaded alone) counts.
        app.Services.GetRequiredService<Beacon.Web.Features.ReadModel.PlanViewCache>().Clear();
        var seen = await OrganisationsAsync(anonymous);

        Assert.Contains(seen, o => o.GetProperty("organisation").GetString() == "TPE-DVPC");
        foreach (var o in seen)
        {
            var code = o.GetProperty("organisation").GetString();
            var evaluation = await anonymous.GetFromJsonAsync<JsonElement>($"/api/orgs/{code}/plans/2022/evaluation");
            var self = evaluation.GetProperty("selfTotal");
            Assert.Equal((self.GetProperty("kpis").GetInt32(), self.GetProperty("achieved").GetInt32(), self.GetProperty("notAchieved").GetInt32(), self.GetProperty("noData").GetInt32()),
                (o.GetProperty("kpis").GetInt32(), o.GetProperty("achieved").GetInt32(), o.GetProperty("notAchieved").GetInt32(), o.GetProperty("noData").GetInt32()));
            Assert.Equal(Lights(self.GetProperty("lights")), Lights(o.GetProperty("selfLights")));
            Assert.Equal(Lights(evaluation.GetProperty("reviewedTotal").GetProperty("lights")), Lights(o.GetProperty("reviewedLights")));
        }
        Assert.Equal(seen.Select(o => o.GetRawText()), (await OrganisationsAsync(anonymous)).Select(o => o.GetRawText()));
    }

    [Fact]
    public async Task The_API_gives_a_page_of_organisations_and_the_address_of_the_next()
    {
        var all = (await OrganisationsAsync(reader)).Select(o => o.GetProperty("organisation").GetString()).ToList();
        Assert.True(all.Count >= 3, $"{all.Count} organisations");

        var seen = new List<string?>();
        var address = "/api/evaluations/2022?limit=2";
        while (address is not null)
        {
            var body = await reader.GetFromJsonAsync<JsonElement>(address);
            var page = body.GetProperty("organisations").EnumerateArray().Select(o => o.GetProperty("organisation").GetString()).ToList();
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page);
            address = body.GetProperty("next").GetString();
        }

        Assert.Equal(all, seen);
        var whole = await reader.GetFromJsonAsync<JsonElement>("/api/evaluations/2022");
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next").ValueKind);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationSummaryOnSqlite(SqliteBeacon app) : EvaluationSummaryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationSummaryOnPostgres(PostgresBeacon app) : EvaluationSummaryTests(app);
