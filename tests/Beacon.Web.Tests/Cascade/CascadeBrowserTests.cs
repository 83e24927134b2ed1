using Beacon.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Cascade;

/// <summary>
/// The cascade and comparison pages in real Chromium with JavaScript turned off, on a 390-pixel screen: each level
/// of the cascade opens and closes (details/summary), the comparison's filters are a plain GET form, and nothing makes
/// the page wider than the screen.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class CascadeBrowserTests(SqliteBeacon app) : IAsyncLifetime
{
    private Chromium chromium = null!;
    private IBrowserContext context = null!;

    public async Task InitializeAsync()
    {
        chromium = await Chromium.StartAsync();
        context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await chromium.DisposeAsync();
    }

    private static Task<int> PageWidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    [Fact]
    public async Task Each_level_of_the_cascade_opens_and_closes_without_JavaScript_on_a_phone()
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.ServerAddress, "/orgs/TPE/2018/cascade").ToString());

        var carrier = page.Locator("details#DP5 details.cascade-carrier");
        var kpi = carrier.Locator("details.cascade-kpi summary", new() { HasText = "BC1.1" });
        Assert.False(await kpi.IsVisibleAsync());
        await carrier.Locator("> summary").ClickAsync(new() { Position = new Position { X = 4, Y = 8 } });
        Assert.True(await kpi.IsVisibleAsync());
        var action = carrier.Locator("details.cascade-kpi", new() { HasText = "BC1.1" }).Locator("ul.actions li");
        Assert.False(await action.IsVisibleAsync());
        await kpi.ClickAsync(new() { Position = new Position { X = 4, Y = 8 } });
        Assert.Equal("BC1.1.1 臺北市勞動安心4年計畫", (await action.InnerTextAsync()).Trim());

        await page.Locator("details#DP5 > summary").ClickAsync(new() { Position = new Position { X = 4, Y = 8 } });
        Assert.False(await kpi.IsVisibleAsync());
        Assert.True(await PageWidthAsync(page) <= 390, $"the page is {await PageWidthAsync(page)} pixels wide");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, "cascade-390.png") });
    }

    [Fact]
    public async Task The_comparison_filters_are_a_GET_form_that_works_without_JavaScript_on_a_phone()
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.ServerAddress, "/orgs/TPE/2021/compare").ToString());

        await page.SelectOptionAsync("#compare-kind", "Renamed");
        await page.SelectOptionAsync("#compare-level", "Objective");
        await page.Locator("form.filters button[type=submit]").ClickAsync();

        Assert.Contains("kind=Renamed", page.Url);
        var rows = page.Locator("#compare-rows tbody tr[data-code]");
        Assert.True(await rows.CountAsync() > 0);
        foreach (var row in await rows.AllAsync())
        {
            Assert.Contains("名稱修正", await row.Locator("td.explanation").InnerTextAsync());
            Assert.Equal("策略目標", (await row.Locator("td.level").InnerTextAsync()).Trim());
        }
        Assert.True(await PageWidthAsync(page) <= 390, $"the page is {await PageWidthAsync(page)} pixels wide");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, "compare-390.png") });
    }
}
