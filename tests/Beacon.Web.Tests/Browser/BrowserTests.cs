using Beacon.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// Real Chromium (Debian's, at /usr/bin/chromium or BEACON_TEST_CHROMIUM) driven by Playwright against the app on
/// a loopback port. Screenshots are kept in TestResults/screenshots as artifacts of the run.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class BrowserTests(SqliteBeacon app) : IAsyncLifetime
{
    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    [Fact]
    public async Task City_2021_map_shows_all_eight_themes_in_the_browser()
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GotoAsync(new Uri(app.ServerAddress, "/orgs/TPE/2021").ToString());

        var themes = page.Locator("svg g.theme");
        Assert.Equal(8, await themes.CountAsync());
        for (var i = 0; i < 8; i++)
            Assert.True(await themes.Nth(i).IsVisibleAsync(), $"theme {i} is not visible");
        Assert.Equal("營造永續環境 A", (await themes.Nth(0).Locator("text").TextContentAsync())?.Trim());
        // Every theme column lies inside the viewport width at this size: readable without scrolling sideways.
        var last = await themes.Nth(7).BoundingBoxAsync();
        Assert.NotNull(last);
        Assert.True(last.X + last.Width <= 1440, $"the last theme ends at {last.X + last.Width}px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, "city-2021-map.png"), FullPage = true });

        // Clicking an objective opens its row in the scorecard.
        await page.Locator("svg g[data-code='AC1'] a").ClickAsync();
        await page.WaitForURLAsync("**/orgs/TPE/2021/scorecard#AC1");
        Assert.Contains("AC1.1", await page.Locator("tr#AC1").InnerTextAsync());
    }

    [Fact]
    public async Task Kpi_page_shows_definition_values_and_action_plans_in_the_browser()
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(app.ServerAddress, "/orgs/TPE-DVPC/2022/kpis/AC1.1").ToString());

        Assert.Equal("AC1.1 保護案件再通報率", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("負向指標", await page.Locator("dl.facts").First.InnerTextAsync());
        var rows = page.Locator("table.values tbody tr");
        Assert.Equal(6, await rows.CountAsync());
        Assert.Contains("7.7", await rows.Nth(3).InnerTextAsync());
        Assert.Equal(3, await page.Locator("article.action").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, "dvpc-2022-kpi-AC1.1.png"), FullPage = true });

        // The language switch keeps the page and shows Gregorian years.
        await page.Locator("header.top nav a[lang='en']").ClickAsync();
        await page.WaitForURLAsync("**/orgs/TPE-DVPC/2022/kpis/AC1.1");
        Assert.Contains("2022", await page.Locator(".eyebrow").InnerTextAsync());
        Assert.Contains("Definition", await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task A_Labor_KPI_leads_to_the_city_objective_it_serves_in_the_browser()
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // An ROC year typed into the address is sent to the Gregorian one.
        await page.GotoAsync(new Uri(app.ServerAddress, "/orgs/TPE-DOL/107/kpis/BC1.1").ToString());
        Assert.EndsWith("/orgs/TPE-DOL/2018/kpis/BC1.1", page.Url);

        await page.Locator("dd.city-kpi a").ClickAsync();
        await page.WaitForURLAsync("**/orgs/TPE/2018/themes/D#DP5");
        Assert.Equal("DP5 建構職場安全體系", (await page.Locator("section#DP5 h2").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("section#DP5").IsVisibleAsync());
    }
}
