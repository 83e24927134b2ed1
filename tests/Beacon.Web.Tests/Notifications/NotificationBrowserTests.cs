using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Notifications;

/// <summary>
/// In real Chromium: a reviewer returns a plan on its workflow page; the agency's editor sees the notice counted in the
/// header and listed in the inbox, and follows it to the plan. The inbox and the planners' overview are looked at (and
/// kept as screenshots) at 1280 and 390 pixels, in Chinese and English, and pass axe-core.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class NotificationBrowserTests(SqliteBeacon app) : IAsyncLifetime
{
    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    private async Task<IPage> SignedInAsync(string role, string? organisation = null, int width = 1280)
    {
        var email = await app.AccountAsync(role, organisation);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(app.ServerAddress, email);
        return page;
    }

    private static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.EvaluateAsync(await File.ReadAllTextAsync(Chromium.AxeScript));
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>The page at 1280 and 390 pixels, in Chinese and English: no serious axe violation, nothing wider than the window, a screenshot of each.</summary>
    private async Task LookAtAsync(IPage page, string path, string name)
    {
        foreach (var width in new[] { 1280, 390 })
            foreach (var culture in new[] { "zh-TW", "en" })
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.GotoAsync(new Uri(app.ServerAddress, $"{path}{(path.Contains('?') ? '&' : '?')}culture={culture}").ToString());
                var serious = await SeriousViolationsAsync(page);
                Assert.True(serious.Count == 0, $"{path} {culture} {width}: {string.Join("\n", serious)}");
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 0, $"{path} {culture} at {width} px is {overflow} px wider than the window");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-{culture}-{width}.png"), FullPage = true });
            }
    }

    [Fact]
    public async Task A_returned_plan_shows_in_the_editors_header_and_inbox_and_the_notice_leads_to_the_plan()
    {
        var org = await app.ImportPlanAsync();
        await app.AccountAsync(Roles.AgencyEditor, org);
        await app.SubmitAsync(org);

        var reviewer = await SignedInAsync(Roles.Reviewer);
        await reviewer.GotoAsync(new Uri(app.ServerAddress, $"/orgs/{org}/2022/workflow").ToString());
        await reviewer.FillAsync("textarea[name=Comment]", "AC1.1 的通報件數請依衛福部統計補正");
        await reviewer.ClickAsync("button[name=step][value=Return]");
        await reviewer.WaitForURLAsync(url => url.EndsWith($"/orgs/{org}/2022/workflow", StringComparison.Ordinal));

        var editor = await SignedInAsync(Roles.AgencyEditor, org);
        var link = editor.Locator("#notices-link");
        Assert.Equal("1", await link.Locator(".count").TextContentAsync());
        Assert.Equal("通知：1 則未讀", await link.TextContentAsync());
        await link.ClickAsync();
        await editor.WaitForURLAsync(url => url.EndsWith("/notifications", StringComparison.Ordinal));
        var notice = editor.Locator("#inbox li.unread").First;
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心民國111年計畫被退回", (await notice.Locator("h2").TextContentAsync())?.Trim());
        Assert.Contains("AC1.1 的通報件數請依衛福部統計補正", await notice.TextContentAsync());
        Assert.Empty(await SeriousViolationsAsync(editor));
        await LookAtAsync(editor, "/notifications", "inbox");

        await editor.GotoAsync(new Uri(app.ServerAddress, "/notifications").ToString());
        await editor.Locator("#inbox li.unread h2 a").First.ClickAsync();
        await editor.WaitForURLAsync(url => url.EndsWith($"/orgs/{org}/2022/workflow", StringComparison.Ordinal));
        Assert.Contains("AC1.1 的通報件數請依衛福部統計補正", await editor.Locator("table.history").TextContentAsync());
        Assert.Equal(0, await editor.Locator("#notices-link .count").CountAsync());   // read now

        // The editor answers in AC1.1's thread, from the keyboard; the form needs no script.
        await editor.GotoAsync(new Uri(app.ServerAddress, $"/orgs/{org}/2022/kpis/AC1.1/comments").ToString());
        await editor.FocusAsync("#comment-text");
        await editor.Keyboard.TypeAsync("已依衛福部統計補正通報件數");
        await editor.Keyboard.PressAsync("Tab");
        await editor.Keyboard.PressAsync("Enter");
        await editor.WaitForURLAsync(url => url.Contains("/comments?posted=true", StringComparison.Ordinal));
        Assert.Equal("已依衛福部統計補正通報件數", (await editor.Locator("#thread .comment-text").TextContentAsync())?.Trim());
        Assert.Empty(await SeriousViolationsAsync(editor));
        await editor.SetViewportSizeAsync(390, 900);
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, "comments-zh-TW-390.png"), FullPage = true });

        var planner = await SignedInAsync(Roles.Planner);
        await LookAtAsync(planner, "/progress/2022", "progress");
    }
}
