using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Pages;

/// <summary>The server-rendered pages on a real database, once on SQLite and once on PostgreSQL.</summary>
public abstract class PlanPageTests(BeaconFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    private async Task<IDocument> OpenAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: expected {expected}, got {response.StatusCode}\n{html[..Math.Min(html.Length, 2000)]}");
        return await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html).Address(new Uri(app.ServerAddress, url)));
    }

    private static string Text(IElement element) => string.Join(" ", element.TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task Home_lists_every_organisation_with_its_plans_in_ROC_years()
    {
        var page = await OpenAsync("/");

        Assert.Equal("zh-Hant-TW", page.DocumentElement.GetAttribute("lang"));
        var orgs = page.QuerySelectorAll("li.org").Select(Text).ToList();
        Assert.Contains(orgs, o => o.Contains("臺北市政府") && o.Contains("民國110年") && o.Contains("民國107年"));
        Assert.Contains(orgs, o => o.Contains("臺北市家庭暴力暨性侵害防治中心") && o.Contains("民國111年"));
        Assert.Contains(orgs, o => o.Contains("臺北市政府社會局") && o.Contains("民國107年"));
        Assert.Contains(orgs, o => o.Contains("臺北市政府勞動局") && o.Contains("民國107年"));
        Assert.NotNull(page.QuerySelector("a[href='/orgs/TPE/2021']"));
    }

    [Fact]
    public async Task City_2021_map_draws_eight_themes_four_perspectives_and_every_objective_once()
    {
        var page = await OpenAsync("/orgs/TPE/2021");

        var themes = page.QuerySelectorAll("svg g.theme").Select(g => g.GetAttribute("data-code")).ToList();
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], themes);
        Assert.Equal(["C", "P", "L", "F"], page.QuerySelectorAll("svg g.perspective").Select(g => g.GetAttribute("data-code")));
        var objectives = page.QuerySelectorAll("svg g.objective").Select(g => g.GetAttribute("data-code")!).ToList();
        Assert.Equal(85, objectives.Count);
        Assert.Equal(objectives.Count, objectives.Distinct().Count());
        Assert.Equal(["TC1", "TC2", "TC3", "TC4"], page.QuerySelectorAll("svg g.shared").Select(g => g.GetAttribute("data-code")));
        var header = string.Join(" ", page.QuerySelectorAll("svg g.header").Select(Text));
        Assert.Contains("為市民服務，替城市創新", header);
        Assert.Contains("成為宜居永續城市", header);
        Assert.Contains("正直誠信、團隊合作、創新卓越、開放共享", header);
        Assert.Contains("110.01.12 第 2125 次市政會議", Text(page.QuerySelector("ul.approvals")!));
        Assert.Equal("/orgs/TPE/2021/scorecard#AC1", page.QuerySelector("svg g[data-code='AC1'] a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Labor_2018_map_loads_the_learning_row_printed_T()
    {
        var page = await OpenAsync("/orgs/TPE-DOL/2018");

        Assert.Contains("T", page.QuerySelectorAll("svg g.perspective").Select(g => g.GetAttribute("data-code")));
        Assert.NotNull(page.QuerySelector("svg g.objective[data-code='CL1']"));
    }

    [Fact]
    public async Task DV_centre_scorecard_has_the_documents_columns_and_values_as_printed()
    {
        var page = await OpenAsync("/orgs/TPE-DVPC/2022/scorecard");

        var headers = page.QuerySelectorAll("#perspective-C thead th").Select(Text).ToList();
        Assert.Equal(["策略目標", "關鍵成功因素 (KSF)", "關鍵績效指標 (KPI)", "KPI 計算公式及計量單位",
            "108年 實際值", "109年 實際值", "110年 實際值", "111年 目標值", "112年 目標值", "113年 目標值",
            "KPI 主責單位", "行動計畫", "已編111年概算 (元)", "預編112年概算 (元)", "行動計畫主責單位"], headers);
        var ac11 = page.GetElementById("AC1.1")!.ParentElement!;
        var cells = ac11.QuerySelectorAll("td.num").Select(Text).ToList();
        Assert.Equal(["無實際值", "無實際值", "無實際值", "7.7", "7.5", "7.3", "803,500", "803,500"], cells);
        Assert.Contains("負向指標", Text(ac11));
        Assert.Contains("88 (109年 7-12月)", Text(page.GetElementById("BC2.1")!.ParentElement!));
        Assert.Contains("≥99.5", Text(page.GetElementById("BC1.1")!.ParentElement!));
        Assert.Equal(["顧客構面", "內部流程構面", "學習成長構面", "財務構面"], page.QuerySelectorAll("section.perspective h2").Select(Text));
    }

    [Fact]
    public async Task Theme_report_shows_lead_and_members_counts_and_the_year_target_and_actual()
    {
        var page = await OpenAsync("/orgs/TPE/2021/themes/A");

        var facts = Text(page.QuerySelector("dl.facts")!);
        Assert.Contains("環保局", facts);
        Assert.Contains("工務局", facts);
        Assert.Contains("策略目標 11 項", Text(page.QuerySelector("p.summary")!));
        Assert.Contains("關鍵績效指標 23 項，行動計畫 44 項", Text(page.QuerySelector("p.summary")!));
        var row = page.QuerySelectorAll("section#AC1 tbody tr").Single();
        Assert.Equal(["12.9", "12.3"], row.QuerySelectorAll("td.num").Select(Text));
        Assert.Contains("環保局", Text(row));
    }

    [Fact]
    public async Task Kpi_page_shows_definition_values_and_action_plans()
    {
        var page = await OpenAsync("/orgs/TPE/2021/kpis/AC1.1");

        Assert.Contains("AC1.1", Text(page.QuerySelector("h1")!));
        var definition = Text(page.QuerySelector("dl.facts")!);
        Assert.Contains("三年移動平均監測值濃度", definition);
        Assert.Contains("負向指標", definition);
        Assert.Contains("環保局", definition);
        Assert.Equal(["民國110年 12.9 12.3"], page.QuerySelectorAll("table.values tbody tr").Select(Text));
        Assert.Contains("AC1.1.1 臺北市清新空氣行動計畫", Text(page.QuerySelector("article.action")!));
    }

    [Fact]
    public async Task Kpi_page_links_the_city_KPI_it_serves()
    {
        var page = await OpenAsync("/orgs/TPE-DOL/2018/kpis/BC1.1");

        var definition = Text(page.QuerySelector("dl.facts")!);
        Assert.Contains("承接府級 KPI", definition);
        Assert.Contains("DP5.1", definition);
    }

    [Fact]
    public async Task Kpi_with_weighted_parts_lists_each_part_with_its_values()
    {
        var page = await OpenAsync("/orgs/TPE/2021/kpis/BP2.1");

        var rows = page.QuerySelectorAll("table.values tbody tr").Select(Text).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("權重 50%", rows[0]);
        Assert.EndsWith("93 93", rows[0]);
        Assert.EndsWith("70 94", rows[1]);
    }

    [Fact]
    public async Task English_shows_Gregorian_years_and_english_labels()
    {
        var page = await OpenAsync("/orgs/TPE/2021?culture=en");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("2021", Text(page.QuerySelector(".eyebrow")!));
        Assert.DoesNotContain("民國", Text(page.QuerySelector(".eyebrow")!));
        Assert.Contains("Strategy map", Text(page.QuerySelector("nav.tabs")!));
        Assert.Contains("Customer", page.QuerySelectorAll("svg g.perspective").Select(Text).First());
    }

    [Fact]
    public async Task Language_switch_remembers_the_choice()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.ServerAddress };
        var response = await noRedirects.GetAsync("/lang/en?returnUrl=%2Forgs%2FTPE%2F2021");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/orgs/TPE/2021", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains("c%3Den") && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var offsite = await noRedirects.GetAsync("/lang/en?returnUrl=https%3A%2F%2Fexample.org%2F");
        Assert.Equal("/", offsite.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/orgs/TPE/1999", "找不到 TPE 的 民國88年 計畫")]
    [InlineData("/orgs/NOPE/2021/scorecard", "找不到 NOPE 的 民國110年 計畫")]
    [InlineData("/orgs/TPE/2021/kpis/ZZ9.9", "沒有代碼為「ZZ9.9」的 KPI")]
    [InlineData("/orgs/TPE/2021/themes/Q", "沒有代碼為「Q」的策略主題")]
    [InlineData("/no/such/page", "這個網址沒有內容")]
    public async Task Missing_things_get_a_friendly_404_page(string url, string message)
    {
        var page = await OpenAsync(url, HttpStatusCode.NotFound);

        Assert.Contains(message, Text(page.QuerySelector("section.notfound")!));
        Assert.NotNull(page.QuerySelector("section.notfound a[href='/']"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/scorecard")]
    [InlineData("/kpis/TL1.1")]
    public async Task A_plan_page_makes_the_same_number_of_queries_for_a_small_and_a_large_plan(string view)
    {
        // The DV centre's 2022 plan has 20 KPIs; the city's 2021 plan 162 KPIs and 243 action plans (a city KPI
        // page also looks up the agency KPIs serving it, so KPI pages compare two agency plans: 20 and 46 KPIs).
        // Loading must not grow with the plan (no query per objective, KPI or action plan).
        var small = app.Queries.Start();
        (await client.GetAsync("/orgs/TPE-DVPC/2022" + view)).EnsureSuccessStatusCode();
        var smallCount = small.Count;

        var largeUrl = view == "/kpis/TL1.1" ? "/orgs/TPE-SWD/2018/kpis/DL1.1" : "/orgs/TPE/2021" + view;
        var large = app.Queries.Start();
        (await client.GetAsync(largeUrl)).EnsureSuccessStatusCode();

        // One query for the plan and one per collection it loads (12), plus the KPI page's cascade look-up; a
        // collection that is empty for every parent lets EF skip the queries below it, so a plan without weighted
        // parts can need one fewer.
        const int MostQueries = 14;
        Assert.True(smallCount <= MostQueries, $"small plan: {small}");
        Assert.True(large.Count <= MostQueries, $"large plan: {large}");
        Assert.InRange(large.Count - smallCount, 0, 1);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlanPagesOnSqlite(SqliteBeacon app) : PlanPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PlanPagesOnPostgres(PostgresBeacon app) : PlanPageTests(app);
