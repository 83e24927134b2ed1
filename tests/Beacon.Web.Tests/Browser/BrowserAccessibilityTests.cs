using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// The public pages, and the pages of people signed in, checked by axe-core (the npm package in tests/Beacon.Web.Tests/axe, installed by `npm ci` there)
/// in real Chromium: no violation of impact serious or critical. And the keyboard path every page starts with: the
/// skip link first, then the main content.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class BrowserAccessibilityTests(SqliteBeacon app, ITestOutputHelper output) : IAsyncLifetime
{
    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    public static TheoryData<string> Pages =>
    [
        "/",
        "/orgs/TPE/2021",
        "/orgs/TPE/2021/scorecard",
        "/orgs/TPE/2021/evaluation",
        "/orgs/TPE/2021/kpis/AC1.1",
        "/orgs/TPE/2021/themes/A",
        "/orgs/TPE/2021/themes/E",
        "/orgs/TPE/2021/workflow",
        "/orgs/TPE-DOL/2018",
        "/orgs/TPE-DOL/2018/themes/B",
        "/orgs/TPE-DOL/2018/kpis/BC1.1",
        "/orgs/TPE-DVPC/2022/scorecard",
        "/orgs/TPE/2021?culture=en",
        "/orgs/TPE/2021/scorecard?culture=en",
        "/orgs/TPE-DOL/2018/kpis/BC1.1?culture=en",
        "/open-data",
        "/orgs/TPE/2021/compare",
        "/orgs/TPE/2021/compare?culture=en",
        "/orgs/TPE/2018/cascade",
        "/orgs/TPE/2021/membership",
        "/orgs/TPE/2018/objectives/DP5",
        "/orgs/TPE/2018/cascade?culture=en",
        "/orgs/TPE/2021/versions",
        "/orgs/TPE/2021/versions?culture=en",
        "/dashboard",
        "/search?q=空氣",
        "/evaluations/2021",
        "/orgs/TPE-SWD",
        "/orgs/TPE?culture=en",
        "/?q=社會局",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Public_page_has_no_serious_or_critical_axe_violation(string path)
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var response = await page.GotoAsync(new Uri(app.ServerAddress, path).ToString());
        Assert.True(response?.Ok == true, $"{path}: {response?.Status}");
        await AssertNoSeriousViolationAsync(page, path);
    }

    /// <summary>Pages for people signed in, each opened by a person of the role that uses it (an editor bound to TPE-DVPC).</summary>
    public static TheoryData<string, string> SignedInPages => new()
    {
        { Roles.AgencyEditor, "/notifications" },
        { Roles.AgencyEditor, "/notifications?culture=en" },
        { Roles.AgencyEditor, "/notifications/settings" },
        { Roles.Planner, "/progress/2021" },
        { Roles.Planner, "/progress/2021?culture=en" },
        { Roles.Administrator, "/admin/notifications" },
        { Roles.Reviewer, "/orgs/TPE/2021/kpis/AC1.1/comments" },
        { Roles.Planner, "/orgs/TPE-DVPC/2022/edit" },
        { Roles.Planner, "/orgs/TPE-DVPC/2022/edit?culture=en" },
        { Roles.Planner, "/orgs/TPE-DVPC/2022/edit/kpis/AC1.1" },
        { Roles.Planner, "/orgs/TPE-DVPC/2022/edit/objectives/AC1" },
        { Roles.Planner, "/orgs/TPE-DVPC/2022/edit/action-plans/AC1.1.1" },
        { Roles.Planner, "/orgs/TPE-DVPC/2022/edit/themes/A" },
        { Roles.Planner, "/orgs/TPE-DVPC/2022/edit/links" },
        { Roles.Planner, "/orgs/TPE-DVPC/2022/edit/objectives/AC1?delete=1" },
        { Roles.Planner, "/orgs/TPE-DVPC/plans/new" },
        { Roles.Planner, "/orgs/new" },
        { Roles.Planner, "/orgs/TPE-DVPC/edit?culture=en" },
    };

    [Theory]
    [MemberData(nameof(SignedInPages))]
    public async Task Signed_in_page_has_no_serious_or_critical_axe_violation(string role, string path)
    {
        var email = await app.AccountAsync(role, role == Roles.AgencyEditor ? "TPE-DVPC" : null);
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.SignInAsync(app.ServerAddress, email, returnUrl: path);
        await AssertNoSeriousViolationAsync(page, path);
    }

    private async Task AssertNoSeriousViolationAsync(IPage page, string path)
    {
        // Evaluated through the DevTools protocol, which the page's content security policy does not govern.
        await page.EvaluateAsync(await File.ReadAllTextAsync(Chromium.AxeScript));
        var results = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const r = await axe.run(document, { resultTypes: ['violations', 'incomplete'] });
                const list = rules => rules.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }));
                return { violations: list(r.violations), incomplete: list(r.incomplete) };
            }
            """);

        var all = Violations(results.GetProperty("violations"));
        // Lesser violations, and what axe could not decide (text over the SVG map, say), are for a person to look at.
        foreach (var v in all.Where(v => v.Impact is not ("serious" or "critical"))) output.WriteLine($"{path}: {v}");
        foreach (var v in Violations(results.GetProperty("incomplete"))) output.WriteLine($"{path}: needs review: {v}");
        var serious = all.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{path}: {serious.Count} serious or critical axe violations:\n{string.Join("\n", serious)}");
    }

    [Fact]
    public async Task Tab_from_the_top_reaches_the_skip_link_first_and_the_main_content_next()
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(app.ServerAddress, "/orgs/TPE/2021/scorecard").ToString());

        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("a.skip");
        Assert.True(await skip.EvaluateAsync<bool>("e => e === document.activeElement"), "the first Tab does not reach the skip link");
        Assert.Equal("#main", await skip.GetAttributeAsync("href"));
        var box = await skip.BoundingBoxAsync();
        Assert.True(box is { X: >= 0, Y: >= 0, Width: > 0 }, $"the focused skip link is not on screen: {box?.X},{box?.Y}");

        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");

        Assert.EndsWith("#main", page.Url);
        var focused = await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e.closest('main') ? e.outerHTML.slice(0, 120) : 'outside main: ' + e.outerHTML.slice(0, 120); }");
        Assert.DoesNotContain("outside main", focused);
    }

    private static List<Violation> Violations(JsonElement rules) =>
        [.. rules.EnumerateArray().Select(v => new Violation(
            v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString() ?? "", v.GetProperty("help").GetString()!,
            [.. v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!)]))];

    private sealed record Violation(string Id, string Impact, string Help, IReadOnlyList<string> Targets)
    {
        public override string ToString() => $"  {Id} ({Impact}): {Help}\n    {string.Join("\n    ", Targets)}";
    }
}
