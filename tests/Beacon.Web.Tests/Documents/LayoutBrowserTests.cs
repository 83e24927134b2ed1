using Beacon.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Documents;

/// <summary>
/// The wide pages in real Chromium at a 1280-pixel window and at a 390-pixel phone: nothing makes the page itself
/// scroll sideways (a wide table scrolls inside its own box), the download menu and the charts are there, and the
/// print layout puts the scorecard on landscape A4. Screenshots are kept in TestResults/screenshots.
/// </summary>
[Collection(DocumentsCollection.Name)]
public sealed class LayoutBrowserTests(DocumentsBeacon app) : IAsyncLifetime
{
    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    public static TheoryData<string, string, int> Pages => new()
    {
        { "scorecard", "/orgs/TPE/2021/scorecard", 1280 },
        { "scorecard", "/orgs/TPE/2021/scorecard", 390 },
        { "evaluation", "/orgs/TPE/2021/evaluation", 1280 },
        { "evaluation", "/orgs/TPE/2021/evaluation", 390 },
        { "dashboard", "/dashboard", 1280 },
        { "dashboard", "/dashboard", 390 },
        { "evaluations", "/evaluations/2021", 1280 },
        { "evaluations", "/evaluations/2021", 390 },
        { "search", "/search?q=%E7%A9%BA%E6%B0%A3", 390 },
        { "kpi", "/orgs/TPE/2021/kpis/AC1.1", 390 },
        { "map", "/orgs/TPE/2021", 390 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Nothing_overflows_the_window(string name, string path, int width)
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var response = await page.GotoAsync(new Uri(app.ServerAddress, path).ToString());
        Assert.True(response?.Ok == true, $"{path}: {response?.Status}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-{width}.png") });

        // Every visible element's box ends inside the window or inside a box that scrolls.
        var outside = await page.EvaluateAsync<string[]>("""
            () => {
              const w = window.innerWidth, out = [];
              const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) { const s = getComputedStyle(p); if (/(auto|scroll|hidden)/.test(s.overflowX) && p !== document.body && p !== document.documentElement) return true; } return false; };
              for (const e of document.querySelectorAll('body *')) {
                const r = e.getBoundingClientRect();
                if (r.width > 0 && r.right > w + 1 && !scrolls(e)) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));
              }
              return out.slice(0, 5);
            }
            """);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{path} at {width}px: the page is {overflow}px wider than the window: {string.Join("; ", outside)}");
        Assert.True(outside.Length == 0, $"{path} at {width}px: {string.Join("; ", outside)}");
    }

    [Fact]
    public async Task The_dashboard_draws_its_charts_from_the_tables_beside_them_and_is_linked_from_the_home_page()
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(app.ServerAddress, "/").ToString());
        await page.Locator("a[href='/dashboard']").First.ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        var figures = page.Locator("figure.chart");
        Assert.True(await figures.CountAsync() >= 3);
        for (var i = 0; i < await figures.CountAsync(); i++)
        {
            Assert.Equal(1, await figures.Nth(i).Locator("canvas").CountAsync());
            Assert.True(await figures.Nth(i).Locator("table.chart-data tbody tr").CountAsync() > 0);
        }
        // The achieved column of the per-theme chart's table is the statistics table's, theme by theme.
        var stats = await page.Locator("table.stats tbody tr").AllInnerTextsAsync();
        var chart = await figures.First.Locator("table.chart-data tbody tr").AllInnerTextsAsync();
        Assert.Equal(stats.Select(r => r.Split('\t')[2].Trim()), chart.Select(r => r.Split('\t')[1].Trim()));
        Assert.Equal(10, await page.Locator("table.furthest tbody tr").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, "dashboard-full.png"), FullPage = true });
    }

    [Fact]
    public async Task The_download_menu_opens_with_the_keyboard_and_lists_the_pages_document_in_every_format()
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(app.ServerAddress, "/orgs/TPE/2021/scorecard").ToString());
        await page.Locator("details.downloads > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var formats = await page.Locator("details.downloads[open] .formats a").AllInnerTextsAsync();
        Assert.Equal(["XLSX", "ODS", "ODT", "PDF", "CSV"], formats);
        Assert.Equal("/api/orgs/TPE/plans/2021/documents/scorecard.xlsx", await page.Locator("details.downloads .formats a").First.GetAttributeAsync("href"));
        Assert.True(await page.Locator("details.downloads .documents a[href$='/documents/map.svg']").CountAsync() == 1);
        Assert.True(await page.Locator("details.downloads .documents a[href$='/documents/report.pdf']").CountAsync() == 1);
    }

    [Fact]
    public async Task The_scorecard_prints_on_landscape_A4_with_its_header_rows_repeated()
    {
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(app.ServerAddress, "/orgs/TPE/2021/scorecard").ToString());
        var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true });
        var path = Path.Combine(Path.GetTempPath(), $"beacon-scorecard-print-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            Assert.Contains("841.92 x 594.96 pts (A4)", await ExternalReaders.PdfInfoAsync(path));
            var text = await ExternalReaders.PdfTextAsync(path);
            var pages = text.Split('\f').Where(p => p.Trim().Length > 0).ToList();
            Assert.True(pages.Count > 3);
            // The header row on every page of the table, not only the first; the site's navigation on none.
            Assert.True(pages.Skip(1).Count(p => p.Contains("關鍵績效指標", StringComparison.Ordinal)) >= pages.Count - 2, "the header row is not repeated");
            Assert.DoesNotContain("跳到主要內容", text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
