using System.Net;
using System.Net.Http.Json;
using AngleSharp;
using AngleSharp.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.ReadModel;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Pages;

/// <summary>The server-rendered pages on a real database, once on SQLite and once on PostgreSQL.</summary>
public abstract class PlanPageTests(BeaconFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    private Task<IDocument> OpenAsync(string url, HttpStatusCode expected = HttpStatusCode.OK) => OpenAsync(client, url, expected);

    private async Task<IDocument> OpenAsync(HttpClient reader, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await reader.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: expected {expected}, got {response.StatusCode}\n{html[..Math.Min(html.Length, 2000)]}");
        return await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html).Address(new Uri(app.ServerAddress, url)));
    }

    private static string Text(IElement element) => string.Join(" ", element.TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task Home_lists_the_organisations_with_their_plans_in_ROC_years_and_an_organisation_page_those_beneath_it()
    {
        var page = await OpenAsync("/");
        var swd = await OpenAsync("/orgs/TPE-SWD");

        Assert.Equal("zh-Hant-TW", page.DocumentElement.GetAttribute("lang"));
        var orgs = page.QuerySelectorAll("li.org").Select(Text).ToList();
        Assert.Contains(orgs, o => o.Contains("臺北市政府") && o.Contains("民國110年") && o.Contains("民國107年"));
        Assert.Contains(orgs, o => o.Contains("臺北市政府社會局") && o.Contains("民國107年"));
        Assert.Contains(orgs, o => o.Contains("臺北市政府勞動局") && o.Contains("民國107年"));
        Assert.NotNull(page.QuerySelector("a[href='/orgs/TPE/2021']"));
        Assert.Equal("/orgs/TPE-SWD", page.QuerySelector("li#org-TPE-SWD h2 a")!.GetAttribute("href"));
        // The DV centre is beneath Social Welfare: on its page (and on the home page too while the list is small).
        Assert.Contains("臺北市政府社會局", Text(swd.QuerySelector("h1")!));
        Assert.Contains("民國107年", Text(swd.QuerySelector("main section")!));
        Assert.Contains("民國111年", Text(swd.GetElementById("org-TPE-DVPC")!));
        Assert.Equal(["首頁", "臺北市政府", "臺北市政府社會局"], swd.QuerySelectorAll("nav.crumbs li").Select(Text));
    }

    [Theory]
    [InlineData("", "首頁", "臺北市政府", "民國110年", "平衡計分卡")]
    [InlineData("?culture=en&ui-culture=en", "Home", "Taipei City Government", "2021", "Balanced scorecard")]
    public async Task A_plan_page_leads_back_to_its_plan_its_organisation_and_home(string query, string home, string org, string year, string scorecard)
    {
        var kpi = await OpenAsync("/orgs/TPE/2021/kpis/AC1.1" + query);
        var map = await OpenAsync("/orgs/TPE/2021" + query);

        var crumbs = kpi.QuerySelectorAll("nav.crumbs li").ToList();
        Assert.Equal([home, org, year, scorecard, "AC1.1"], crumbs.Select(Text));
        Assert.Equal(["/", "/orgs/TPE", "/orgs/TPE/2021", "/orgs/TPE/2021/scorecard", null], crumbs.Select(li => li.QuerySelector("a")?.GetAttribute("href")));
        Assert.Equal("AC1.1", Text(kpi.QuerySelector("nav.crumbs [aria-current=page]")!));
        // The map is the plan's own page: the year is where the reader is.
        Assert.Equal([home, org, year], map.QuerySelectorAll("nav.crumbs li").Select(Text));
        Assert.Equal(year, Text(map.QuerySelector("nav.crumbs [aria-current=page]")!));
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
    public async Task Scorecard_shows_each_action_plans_budgets_and_unit_on_its_own_line()
    {
        // The DV centre's AC1.1 has three action plans; give the second one budgets too, so two plans have budgets.
        var source = Dataset.NewPlan();
        var org = await app.ImportAsPlannerAsync(source with
        {
            Objectives = [.. source.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Code != "AC1.1" ? k : k with
            {
                ActionPlans = [.. k.ActionPlans.Select(a => a.Code != "AC1.1.2" ? a : a with
                {
                    Responsible = ["性保組"],
                    Budgets = [new BudgetDoc { Year = 2022, Text = "120,000" }, new BudgetDoc { Year = 2023, Text = "130,000" }],
                })],
            })] })],
        });

        var page = await OpenAsync(await app.ApiClientAsync(Persona.Viewer, org), $"/orgs/{org}/2022/scorecard");

        Assert.Equal(["策略目標", "關鍵成功因素 (KSF)", "關鍵績效指標 (KPI)", "KPI 計算公式及計量單位",
            "108年 實際值", "109年 實際值", "110年 實際值", "111年 目標值", "112年 目標值", "113年 目標值",
            "KPI 主責單位", "行動計畫", "已編111年概算 (元)", "預編112年概算 (元)", "行動計畫主責單位"],
            page.QuerySelectorAll("#perspective-C thead th").Select(Text));
        var kpi = page.GetElementById("AC1.1")!;
        Assert.Equal("3", kpi.GetAttribute("rowspan"));
        var first = kpi.ParentElement!;
        var rows = new[] { first, first.NextElementSibling!, first.NextElementSibling!.NextElementSibling! };
        // Each row: the action plan, its budget for each year, its responsible unit (the last three cells).
        var plans = rows.Select(r => r.QuerySelectorAll("td").TakeLast(4).Select(Text).ToList()).ToList();
        Assert.StartsWith("AC1.1.1 ", plans[0][0]);
        Assert.Equal(["803,500", "803,500", "成保組、兒少組"], plans[0][1..]);
        Assert.StartsWith("AC1.1.2 ", plans[1][0]);
        Assert.Equal(["120,000", "130,000", "性保組"], plans[1][1..]);
        Assert.StartsWith("AC1.1.3 ", plans[2][0]);
        Assert.Equal(["—無", "—無", "成保組、兒少組"], plans[2][1..]);
        // The next objective's row starts after AC1.1's three.
        Assert.Equal("AC2", rows[2].NextElementSibling!.Id);
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
    public async Task Labor_KPI_whose_city_KPI_is_not_in_the_dataset_links_the_city_objective_it_belongs_to()
    {
        // 勞動局 107 BC1.1 serves 府級KPI-DP5.1, but the city's 107 plan in the dataset is its map only (no KPIs).
        var page = await OpenAsync("/orgs/TPE-DOL/2018/kpis/BC1.1");

        var city = page.QuerySelector("dd.city-kpi")!;
        Assert.Contains("DP5.1", Text(city));
        Assert.Contains("府級 KPI 本身不在資料集中", Text(city));
        Assert.DoesNotContain("府級計畫中無此 KPI 的資料", Text(city));
        var link = city.QuerySelector("a")!;
        Assert.Equal("/orgs/TPE/2018/themes/D#DP5", link.GetAttribute("href"));
        Assert.Equal("DP5 建構職場安全體系", Text(link));
        Assert.Contains("臺北市政府 民國107年", Text(city));
        // Its objective BC1 carries the same city objective, shown with it.
        var carried = page.QuerySelector("dd.city-objective a")!;
        Assert.Equal("/orgs/TPE/2018/themes/D#DP5", carried.GetAttribute("href"));
        Assert.Equal("DP5 建構職場安全體系", Text(carried));
    }

    [Theory]
    [InlineData("DC1.2", "DP4.2", "/orgs/TPE/2018/themes/D#DP4", "DP4 友善就業環境")]
    [InlineData("DP2.3", "EC2.2", "/orgs/TPE/2018/themes/E#EC2", "EC2 強化弱勢關懷")]
    public async Task A_city_KPI_code_leads_to_its_objective_even_in_another_theme(string kpi, string cityKpi, string href, string text)
    {
        var page = await OpenAsync($"/orgs/TPE-DOL/2018/kpis/{kpi}");

        var city = page.QuerySelector("dd.city-kpi")!;
        Assert.StartsWith(cityKpi, Text(city));
        Assert.Equal(href, city.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(text, Text(city.QuerySelector("a")!));
    }

    [Fact]
    public async Task A_city_KPI_of_the_same_year_is_linked_and_lists_the_agency_KPI_serving_it()
    {
        // A 2021 agency plan (the DV centre's, moved a year) whose AC1.1 serves the city's 2021 AC1.1; a draft, so read
        // by a viewer. Another city with the same codes is there too: an agency serves its own city (TPE-SWD's, TPE).
        var city = Dataset.Document("TPE-2021.json");
        var otherCity = await app.ImportAsPlannerAsync(city with { Organisation = city.Organisation with { Code = Dataset.NewOrganisationCode(), Name = "另一個市政府", NameEn = null } });
        var source = Dataset.NewPlan();
        var org = await app.ImportAsPlannerAsync(source with
        {
            Year = 2021,
            Objectives = [.. source.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Code == "AC1.1" ? k with { CityKpi = "AC1.1" } : k)] })],
        });
        var viewer = await app.ApiClientAsync(Persona.Viewer, org);

        var page = await OpenAsync(viewer, $"/orgs/{org}/2021/kpis/AC1.1");
        var link = page.QuerySelector("dd.city-kpi a")!;
        Assert.Equal("/orgs/TPE/2021/kpis/AC1.1", link.GetAttribute("href"));
        Assert.StartsWith("AC1.1 ", Text(link));
        Assert.Contains("臺北市政府 民國110年", Text(page.QuerySelector("dd.city-kpi")!));

        var cityPage = await OpenAsync(viewer, "/orgs/TPE/2021/kpis/AC1.1");
        Assert.Contains(cityPage.QuerySelectorAll("section a"), a => a.GetAttribute("href") == $"/orgs/{org}/2021/kpis/AC1.1" && Text(a) == "AC1.1 保護案件再通報率");
        var otherCityPage = await OpenAsync(viewer, $"/orgs/{otherCity}/2021/kpis/AC1.1");
        Assert.DoesNotContain(otherCityPage.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/orgs/{org}/2021/kpis/AC1.1");
    }

    [Fact]
    public async Task Labor_map_marks_themes_and_objectives_that_carry_the_citys_with_a_fu()
    {
        var page = await OpenAsync("/orgs/TPE-DOL/2018");

        string BoxText(string selector) => Text(page.QuerySelector(selector)!).Replace(" ", "", StringComparison.Ordinal);
        Assert.Equal("建構職場安全體系B(府)", BoxText("svg g.theme[data-code='B']"));
        Assert.Equal("維護勞動權益A", BoxText("svg g.theme[data-code='A']"));
        Assert.EndsWith("優化職場安全衛生環境(府)", BoxText("svg g.objective[data-code='BC1']"));
        Assert.EndsWith("(府)", BoxText("svg g.objective[data-code='CP1']"));
        Assert.DoesNotContain("(府)", BoxText("svg g.objective[data-code='AC1']"));
        Assert.Equal(["B", "C", "D", "BC1", "CP1", "DP1"], page.QuerySelectorAll("svg g.city").Select(g => g.GetAttribute("data-code")));
        Assert.Contains("(府)：承接府級", Text(page.QuerySelector("figure.map figcaption")!));

        var city = await OpenAsync("/orgs/TPE/2021");
        Assert.Empty(city.QuerySelectorAll("svg g.city"));
        Assert.Null(city.QuerySelector("figure.map figcaption"));
        Assert.EndsWith("(city)", Text((await OpenAsync("/orgs/TPE-DOL/2018?culture=en")).QuerySelector("svg g.theme[data-code='B']")!));
    }

    [Fact]
    public async Task Labor_theme_page_names_and_links_the_city_theme_and_objectives_it_carries()
    {
        var page = await OpenAsync("/orgs/TPE-DOL/2018/themes/B");

        var theme = page.QuerySelector("dd.city-theme a")!;
        Assert.Equal("/orgs/TPE/2018/themes/D", theme.GetAttribute("href"));
        Assert.Equal("D 優化產業勞動", Text(theme));
        Assert.Equal("BC1 優化職場安全衛生環境(府)", Text(page.QuerySelector("section#BC1 h2")!));
        var objective = page.QuerySelector("section#BC1 p.city-objective a")!;
        Assert.Equal("/orgs/TPE/2018/themes/D#DP5", objective.GetAttribute("href"));
        Assert.Equal("DP5 建構職場安全體系", Text(objective));
        Assert.Equal("BP1 推展職場身心健康", Text(page.QuerySelector("section#BP1 h2")!));
        Assert.Null(page.QuerySelector("section#BP1 p.city-objective"));

        // The city theme page it links to shows that objective, under the anchor used.
        var cityTheme = await OpenAsync("/orgs/TPE/2018/themes/D");
        Assert.Equal("DP5 建構職場安全體系", Text(cityTheme.QuerySelector("section#DP5 h2")!));
    }

    [Fact]
    public async Task A_city_theme_without_a_city_plan_that_year_is_named_from_the_nearest_year_without_a_link()
    {
        // The DV centre's 111 themes carry city theme E; the dataset's city plans are 107 and 110.
        var page = await OpenAsync("/orgs/TPE-DVPC/2022/themes/A");

        var city = page.QuerySelector("dd.city-theme")!;
        Assert.StartsWith("E 強化社會支持", Text(city));
        Assert.Contains("名稱取自民國110年府級計畫；民國111年府級計畫不在資料集中", Text(city));
        Assert.Null(city.QuerySelector("a"));
    }

    [Fact]
    public async Task Theme_lead_and_member_agencies_of_the_dataset_are_linked()
    {
        // City 110 theme E: lead 社會局 (TPE-SWD, whose only plan is 107: its home-page entry), members 勞動局 …, 民政局.
        var page = await OpenAsync("/orgs/TPE/2021/themes/E");

        var lead = page.QuerySelector("dd.lead-agency a")!;
        Assert.Equal("社會局", Text(lead));
        Assert.Equal("/orgs/TPE-SWD", lead.GetAttribute("href"));
        var members = page.QuerySelector("dd.member-agencies")!;
        Assert.Equal("勞動局、民政局、交通局、公訓處", Text(members));
        Assert.Equal([("勞動局", "/orgs/TPE-DOL")], members.QuerySelectorAll("a").Select(a => (Text(a), a.GetAttribute("href"))));

        // Each link lands on the organisation's page, with its plans.
        Assert.Contains("民國107年", Text((await OpenAsync("/orgs/TPE-SWD")).QuerySelector("main section")!));
        Assert.Contains("臺北市政府勞動局", Text((await OpenAsync("/orgs/TPE-DOL")).QuerySelector("h1")!));
    }

    [Fact]
    public async Task An_agency_with_a_plan_of_the_same_year_is_linked_to_that_plan()
    {
        // A 2021 plan of an organisation whose short name is a member agency of a theme of another 2021 plan.
        var member = Dataset.NewPlan();
        member = member with { Year = 2021, Organisation = member.Organisation with { ShortName = "試辦局" + member.Organisation.Code[^4..] } };
        var memberOrg = await app.ImportAsPlannerAsync(member);
        var lead = Dataset.NewPlan();
        lead = lead with { Year = 2021, Themes = [.. lead.Themes.Select(t => t.Code == "A" ? t with { Lead = member.Organisation.ShortName, Members = ["環保局"] } : t)] };
        var leadOrg = await app.ImportAsPlannerAsync(lead);
        var viewer = await app.ApiClientAsync(Persona.Viewer, leadOrg);

        var page = await OpenAsync(viewer, $"/orgs/{leadOrg}/2021/themes/A");

        Assert.Equal($"/orgs/{memberOrg}/2021", page.QuerySelector("dd.lead-agency a")!.GetAttribute("href"));
        Assert.Equal("環保局", Text(page.QuerySelector("dd.member-agencies")!));
        Assert.Null(page.QuerySelector("dd.member-agencies a"));
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
    public async Task Plan_page_shows_its_status_and_history_with_staff_names_only_for_signed_in_readers()
    {
        var org = await app.ImportAsPlannerAsync();
        foreach (var (who, step, comment) in new[]
        {
            (Persona.Editor, "submit", (string?)null), (Persona.Reviewer, "return", "請補充 AC1.1 的說明"),
            (Persona.Editor, "submit", null), (Persona.Reviewer, "approve", null),
        })
        {
            var response = await (await app.ApiClientAsync(who, org)).StepAsync(org, step, comment, year: 2022);
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{step}: {await response.DescribeAsync()}");
        }
        var reviewer = await app.AccountAsync(Roles.Reviewer);

        var anonymous = await OpenAsync($"/orgs/{org}/2022");
        var section = anonymous.QuerySelector("section.plan-status")!;
        Assert.Contains("狀態：已核定", Text(section));
        Assert.Equal($"/orgs/{org}/2022/workflow", section.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(["時間（臺北）", "步驟", "狀態", "說明"], section.QuerySelectorAll("thead th").Select(Text));
        var rows = section.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Skip(1).Select(Text).ToList()).ToList();
        Assert.Equal([
            ["送出", "草稿 → 已送出", "—無"],
            ["退回", "已送出 → 已退回", "請補充 AC1.1 的說明"],
            ["送出", "已退回 → 已送出", "—無"],
            ["核定", "已送出 → 已核定", "—無"]], rows);
        Assert.Matches(@"^1\d\d\.\d\d\.\d\d \d\d:\d\d$", Text(section.QuerySelector("tbody td")!));
        Assert.DoesNotContain("@test.beacon.tw", anonymous.DocumentElement.OuterHtml);

        var signedIn = await OpenAsync(await app.ApiClientAsync(Persona.Viewer, org), $"/orgs/{org}/2022");
        var history = signedIn.QuerySelector("section.plan-status table")!;
        Assert.Equal("人員", Text(history.QuerySelectorAll("thead th")[1]));
        Assert.Equal(reviewer, Text(history.QuerySelectorAll("tbody tr")[1].QuerySelectorAll("td")[1]));
    }

    [Fact]
    public async Task A_dataset_plan_shows_its_status_with_no_steps_yet()
    {
        var section = (await OpenAsync("/orgs/TPE/2021")).QuerySelector("section.plan-status")!;

        Assert.Contains("狀態：已核定", Text(section));
        Assert.Contains("尚無任何步驟", Text(section));
        Assert.Equal("/orgs/TPE/2021/workflow", section.QuerySelector("a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("/orgs/TPE/110", "/orgs/TPE/2021")]
    [InlineData("/orgs/TPE/107/scorecard", "/orgs/TPE/2018/scorecard")]
    [InlineData("/orgs/TPE-DOL/107/kpis/BC1.1?culture=en", "/orgs/TPE-DOL/2018/kpis/BC1.1?culture=en")]
    [InlineData("/orgs/TPE-DVPC/111/themes/A", "/orgs/TPE-DVPC/2022/themes/A")]
    [InlineData("/orgs/TPE/110/workflow", "/orgs/TPE/2021/workflow")]
    [InlineData("/orgs/TPE/110?culture=en&x=1", "/orgs/TPE/2021?culture=en&x=1")]
    public async Task An_ROC_year_in_a_plan_address_is_sent_to_the_Gregorian_one(string url, string location)
    {
        using var noRedirects = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await noRedirects.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/orgs/TPE/105", "找不到 TPE 的 105 年計畫。網址中的年度為西元年，例如民國110年請用 2021。")]
    [InlineData("/orgs/TPE-DVPC/110/scorecard", "找不到 TPE-DVPC 的 110 年計畫。網址中的年度為西元年")]
    [InlineData("/orgs/TPE/105?culture=en", "There is no plan for TPE in 105. Years in addresses are Gregorian, e.g. 2021 for ROC year 110.")]
    public async Task An_ROC_year_without_a_plan_gets_a_404_saying_years_are_Gregorian(string url, string message)
    {
        var notFound = await OpenAsync(url, HttpStatusCode.NotFound);
        Assert.Contains(message, Text(notFound.QuerySelector("section.notfound")!));
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
    [InlineData("/themes/A")]
    public async Task A_plan_page_makes_the_same_number_of_queries_for_a_small_and_a_large_plan(string view)
    {
        // The DV centre's 2022 plan has 20 KPIs; the city's 2021 plan 162 KPIs and 243 action plans (a city KPI
        // page also looks up the agency KPIs serving it, so KPI pages compare two agency plans: 20 and 46 KPIs).
        // Loading must not grow with the plan (no query per objective, KPI or action plan). Both are read cold: nothing
        // of either plan cached.
        await app.ClearReadModelAsync();
        var small = app.Queries.Start();
        (await client.GetAsync("/orgs/TPE-DVPC/2022" + view)).EnsureSuccessStatusCode();
        var (smallCount, smallCommands) = (small.Count, small.ToString());

        var largeUrl = view == "/kpis/TL1.1" ? "/orgs/TPE-SWD/2018/kpis/DL1.1" : "/orgs/TPE/2021" + view;
        // The theme pages compare the DV centre's theme A (3 objectives) with the city's (11 objectives, 23 KPIs).
        await app.ClearReadModelAsync();
        var large = app.Queries.Start();
        (await client.GetAsync(largeUrl)).EnsureSuccessStatusCode();
        var (largeCount, largeCommands) = (large.Count, large.ToString());

        // The plan's head and stamp (one query), one query for the plan and one per collection it loads (13, and its
        // workflow history; a KPI page loads its one KPI instead), and the page's look-ups beyond the plan (the KPI
        // page's cascade, the theme page's city theme or agency links, both after the digest of the plans' stamps); a
        // collection that is empty for every parent lets EF skip the queries below it, so a plan without weighted parts
        // can need one fewer.
        const int MostQueries = 18;
        Assert.True(smallCount <= MostQueries, $"small plan: {smallCommands}");
        Assert.True(largeCount <= MostQueries, $"large plan: {largeCommands}");
        // Approved plans are read from their published versions (one document each), so a page's own look-ups decide
        // the difference either way.
        Assert.InRange(largeCount - smallCount, -1, 1);

        // Read again, the plan's view is reused: the head (and for the theme and KPI pages the digest), nothing more.
        var again = app.Queries.Start();
        (await client.GetAsync(largeUrl)).EnsureSuccessStatusCode();
        Assert.True(again.Count <= (view is "" or "/scorecard" ? 1 : 2), $"read again: {again}");
    }

    [Fact]
    public async Task The_home_page_makes_the_same_number_of_queries_whatever_the_number_of_plans()
    {
        var before = app.Queries.Start();
        (await client.GetAsync("/")).EnsureSuccessStatusCode();
        var beforeCount = before.Count;

        // Two more organisations with a plan each, one of them a big one (the city's 2021 plan, 162 KPIs), both approved.
        var city = Dataset.Document("TPE-2021.json");
        var added = new[] { Dataset.NewPlan(), city with { Organisation = city.Organisation with { Code = Dataset.NewOrganisationCode(), Name = "大型測試機關", NameEn = null, Kind = OrganisationKind.Agency, Parent = "TPE" } } };
        foreach (var plan in added)
        {
            await app.ImportAsPlannerAsync(plan);
            await ApproveAsync(plan.Organisation.Code, plan.Year);
        }
        var after = app.Queries.Start();
        var home = await OpenAsync("/");
        var afterCount = after.Count;
        var again = app.Queries.Start();
        (await client.GetAsync("/")).EnsureSuccessStatusCode();

        // The organisations' key and the plans' digest on every request (on SQLite they are kept until the database next
        // changes: read again, the page asks nothing); the list itself once after a change.
        Assert.InRange(beforeCount, 0, 3);
        Assert.True(afterCount == 3, $"before: {beforeCount}; after: {after}");
        // (On SQLite, two again only if something was committed in between.)
        Assert.True(app.Kind == DatabaseKind.Sqlite ? again.Count is 0 or 2 : again.Count == 2, $"read again: {again}");
        // Each is listed beneath its parent (the home page lists TPE's bureaus; TPE-SWD's may be left to its page).
        Assert.NotNull(home.QuerySelector($"li#org-{added[1].Organisation.Code} a[href='/orgs/{added[1].Organisation.Code}/{added[1].Year}']"));
        var swd = await OpenAsync("/orgs/TPE-SWD");
        Assert.NotNull(swd.QuerySelector($"li#org-{added[0].Organisation.Code} a[href='/orgs/{added[0].Organisation.Code}/{added[0].Year}']"));
    }

    private async Task ApproveAsync(string org, int year)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var plan = await db.Plans.SingleAsync(p => p.Organisation.Code == org && p.Year == year);
        plan.Status = PlanStatus.Approved;
        await db.SaveChangesAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlanPagesOnSqlite(SqliteBeacon app) : PlanPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PlanPagesOnPostgres(PostgresBeacon app) : PlanPageTests(app);
