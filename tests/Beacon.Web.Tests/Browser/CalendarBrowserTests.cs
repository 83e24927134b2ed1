using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// The evaluation calendar in real Chromium: axe-core finds no serious or critical violation in the public page or in a
/// planner's form, and the form is filled and saved from the keyboard (no script on the page).
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class CalendarBrowserTests(SqliteBeacon app) : IAsyncLifetime
{
    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

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

    private async Task<IPage> SignedInPageAsync(string role)
    {
        var email = await app.AccountAsync(role);
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.SignInAsync(app.ServerAddress, email);
        return page;
    }

    [Fact]
    public async Task The_public_calendar_has_no_serious_or_critical_axe_violation()
    {
        var page = await chromium.Browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(app.ServerAddress, "/calendar/2021").ToString());
        Assert.True(response?.Ok == true, $"{response?.Status}");

        var serious = await SeriousViolationsAsync(page);

        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    [Fact]
    public async Task A_planner_fills_and_saves_the_calendar_from_the_keyboard_and_the_form_passes_axe()
    {
        var page = await SignedInPageAsync(Roles.Planner);
        await page.GotoAsync(new Uri(app.ServerAddress, "/calendar/2070").ToString());
        var serious = await SeriousViolationsAsync(page);
        Assert.True(serious.Count == 0, string.Join("\n", serious));

        // Tab goes through the date field's parts (year, month, day), then to its note.
        await page.FocusAsync("#date-entryOpens");
        for (var i = 0; i < 5 && await page.EvaluateAsync<string>("() => document.activeElement.id") == "date-entryOpens"; i++)
            await page.Keyboard.PressAsync("Tab");
        Assert.Equal("note-entryOpens", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync("系統開放填報");
        await page.FocusAsync("#note-publication");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("BUTTON", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(url => url.EndsWith("/calendar/2070?saved=true", StringComparison.Ordinal));
        Assert.Equal("系統開放填報", (await page.TextContentAsync("#calendar tr[data-milestone=entryOpens] td.note"))?.Trim());
        Assert.Equal("160.01.02", await page.TextContentAsync("#calendar tr[data-milestone=entryOpens] time"));
    }
}
