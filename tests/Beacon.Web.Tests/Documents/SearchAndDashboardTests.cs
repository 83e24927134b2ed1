using System.Net;
using AngleSharp.Html.Parser;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Documents;

/// <summary>Search across organisations and years, and the public dashboard of the city year.</summary>
[Collection(DocumentsCollection.Name)]
public sealed class SearchAndDashboardTests(DocumentsBeacon app)
{
    private static async Task<AngleSharp.Dom.IDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_Chinese_substring_without_spaces_finds_KPIs_objectives_and_action_plans_grouped_by_plan_and_linked()
    {
        // 細懸浮微粒 is the middle of the KPI name 細懸浮微粒 (PM2.5) 年平均濃度 (AC1.1 of the city 2021 plan).
        var page = await PageAsync(app.CreateClient(), "/search?q=" + Uri.EscapeDataString("懸浮微粒"));
        var plan = page.QuerySelector("section#TPE-2021")!;
        Assert.NotNull(plan);
        var kpi = plan.QuerySelectorAll("li.hit-kpi a").Single(a => a.TextContent.Contains("AC1.1", StringComparison.Ordinal));
        Assert.Equal("/orgs/TPE/2021/kpis/AC1.1", kpi.GetAttribute("href"));

        // An objective's name part, and an action plan's, each under its own plan; sections one per plan.
        var objective = await PageAsync(app.CreateClient(), "/search?q=" + Uri.EscapeDataString("環境品質"));
        Assert.Contains(objective.QuerySelectorAll("section#TPE-2021 li.hit-objective a"), a => a.GetAttribute("href") == "/orgs/TPE/2021/scorecard#AC1");
        var action = await PageAsync(app.CreateClient(), "/search?q=" + Uri.EscapeDataString("清新空氣"));
        Assert.Contains(action.QuerySelectorAll("section#TPE-2021 li.hit-actionplan a"), a => a.TextContent.Contains("AC1.1.1", StringComparison.Ordinal));
        var sections = objective.QuerySelectorAll("section.search-plan").Select(s => s.Id).ToList();
        Assert.Equal(sections.Distinct().Count(), sections.Count);
    }

    [Fact]
    public async Task Codes_match_whatever_their_case_across_organisations_and_years()
    {
        var page = await PageAsync(app.CreateClient(), "/search?q=ac1.1");
        var plans = page.QuerySelectorAll("section.search-plan").Select(s => s.Id).ToList();
        Assert.Contains("TPE-2021", plans);
        Assert.Contains("TPE-DVPC-2022", plans);
        Assert.True(plans.Count >= 3, string.Join(", ", plans));
        Assert.Contains(page.QuerySelectorAll("section#TPE-DVPC-2022 li.hit-kpi a"), a => a.GetAttribute("href") == "/orgs/TPE-DVPC/2022/kpis/AC1.1");
    }

    [Fact]
    public async Task Drafts_are_found_by_signed_in_staff_and_not_by_anonymous_readers()
    {
        var org = await app.ImportPlanAsync(Dataset.NewPlan(Dataset.NewOrganisationCode()));
        await app.SetStatusAsync(org, PlanStatus.Draft);
        var query = "/search?q=" + Uri.EscapeDataString("再通報率");
        var anonymous = await PageAsync(app.CreateClient(), query);
        Assert.Null(anonymous.QuerySelector($"section#{org}-2022"));
        Assert.NotNull(anonymous.QuerySelector("section#TPE-DVPC-2022"));

        var staff = await PageAsync(await app.CookieClientAsAsync(Roles.Viewer), query);
        Assert.NotNull(staff.QuerySelector($"section#{org}-2022"));
    }

    [Fact]
    public async Task An_empty_search_shows_the_form_and_no_match_says_so()
    {
        var empty = await PageAsync(app.CreateClient(), "/search");
        Assert.NotNull(empty.QuerySelector("form[role=search] input#q"));
        Assert.Empty(empty.QuerySelectorAll("section.search-plan"));
        var none = await PageAsync(app.CreateClient(), "/search?q=" + Uri.EscapeDataString("沒有這個字串"));
        Assert.Contains("找不到符合", none.QuerySelector("p.empty")!.TextContent);
    }

    [Fact]
    public async Task The_dashboard_shows_the_evaluation_pages_figures_per_theme_and_the_KPIs_furthest_from_target()
    {
        var client = app.CreateClient();
        var dashboard = await PageAsync(client, "/dashboard");
        var evaluation = await PageAsync(client, "/orgs/TPE/2021/evaluation");
        static List<string> Rows(AngleSharp.Dom.IElement table) =>
            [.. table.QuerySelectorAll("tbody tr, tfoot tr").Select(tr => string.Join("|", tr.Children.Select(c => c.TextContent.Trim())))];
        Assert.Equal(Rows(evaluation.QuerySelector("table.stats.by-theme")!), Rows(dashboard.QuerySelector("table.stats.by-theme")!));
        Assert.Equal("民國110年 臺北市政府 績效儀表板".Split(' ').Order(), dashboard.QuerySelector("h1")!.TextContent.Trim().Split(' ').Order());

        // The furthest: the lowest achievement first (DP3.1: target 3.15, actual 1.6 → 50.8).
        var furthest = dashboard.QuerySelectorAll("table.furthest tbody tr").ToList();
        Assert.Equal(10, furthest.Count);
        Assert.Equal("DP3.1", furthest[0].Id);
        Assert.Equal("50.8", furthest[0].QuerySelector("td.achievement")!.TextContent.Trim());
        var rates = furthest.Select(r => decimal.Parse(r.QuerySelector("td.achievement")!.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(rates.Order(), rates);

        var home = await PageAsync(client, "/");
        Assert.NotNull(home.QuerySelector("a[href='/dashboard']"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/1999")).StatusCode);
    }
}
