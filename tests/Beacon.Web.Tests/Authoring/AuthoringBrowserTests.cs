using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Authoring;

/// <summary>The app on a SQLite database of its own, for the editing flows that change dataset plans (the city's 2021, the DV centre's next year).</summary>
public sealed class AuthoringBeacon() : BeaconFactory(DatabaseKind.Sqlite);

[CollectionDefinition(Name)]
public sealed class AuthoringCollection : ICollectionFixture<AuthoringBeacon>
{
    public const string Name = "Beacon on SQLite, plan editing in Chromium";
}

/// <summary>
/// Plan editing in real Chromium, as people do it: the planning office carries the DV centre's 2022 plan forward to 2023,
/// the centre's editor edits a target, adds a KPI with an action plan, a budget and a milestone, adds two links (one by
/// choosing, one by clicking two boxes on the map) and renumbers an objective, submits; a reviewer reviews and approves.
/// The published plan exports, fits docs/plan.schema.json and re-imports to the same bytes. And a revision of the city's
/// approved 2021 plan: two targets changed with their reasons, the public reading the published targets until the
/// revision is approved, then the new ones with original → revised. Each person has a browser context of their own,
/// signed in with a bearer token. Screenshots go to TestResults/screenshots.
/// </summary>
[Collection(AuthoringCollection.Name)]
public sealed class AuthoringBrowserTests(AuthoringBeacon app) : IAsyncLifetime
{
    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    private string Url(string path) => new Uri(app.ServerAddress, path).ToString();

    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);

    private async Task<IPage> PageAsAsync(string? role, string? organisation = null, int width = 1280)
    {
        var headers = role is null ? [] : new Dictionary<string, string> { ["Authorization"] = "Bearer " + await app.TokenAsync(role, organisation) };
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, ExtraHTTPHeaders = headers });
        return await context.NewPageAsync();
    }

    /// <summary>The row of a value table holding the value of that year and kind (its fields are named {list}[i].…).</summary>
    private static Task<int> RowAsync(IPage page, string list, int year, string kind) => page.EvaluateAsync<int>("""
        ([list, year, kind]) => {
            for (let i = 0; ; i++) {
                const y = document.querySelector(`[name="${list}[${i}].Year"]`);
                if (!y) return -1;
                if (y.value === String(year) && document.querySelector(`[name="${list}[${i}].Kind"]`).value === kind) return i;
            }
        }
        """, new object[] { list, year, kind });

    private static async Task SaveAsync(IPage page, string expectedPath)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "儲存", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains(expectedPath, StringComparison.Ordinal));
        Assert.Contains("已儲存", await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task The_DV_centre_carries_2022_forward_edits_2023_and_it_is_approved_exported_and_re_imported_to_the_same_bytes()
    {
        const string org = "TPE-DVPC";
        var plan = $"/orgs/{org}/2023";

        // 研考會 carries the 2022 plan forward.
        var planner = await PageAsAsync(Roles.Planner);
        await planner.GotoAsync(Url($"/orgs/{org}/plans/new"));
        await planner.GetByLabel("計畫年度（西元，例如 2023）").FillAsync("2023");
        await planner.GetByLabel("延續 民國111年 計畫").CheckAsync();
        await planner.GetByRole(AriaRole.Button, new() { Name = "建立草稿" }).ClickAsync();
        await planner.WaitForURLAsync(u => u.EndsWith($"{plan}/edit", StringComparison.Ordinal));

        // The centre's editor: a target, a KPI with an action plan, a budget and a milestone.
        var editor = await PageAsAsync(Roles.AgencyEditor, org);
        await editor.GotoAsync(Url($"{plan}/edit/kpis/AC1.1"));
        var row = await RowAsync(editor, "Values", 2023, "Target");
        Assert.Equal("7.5", await editor.InputValueAsync($"[name='Values[{row}].Text']"));
        await editor.FillAsync($"[name='Values[{row}].Text']", "7.4");
        await SaveAsync(editor, $"{plan}/edit?saved=1");

        await editor.GotoAsync(Url($"{plan}/edit/kpis?objective=AC1"));
        await editor.FillAsync("#number", "2");
        await editor.FillAsync("#f-Name", "保護令聲請協助件數");
        await editor.FillAsync("#f-Unit", "件");
        await editor.FillAsync("#f-Responsible", "成保組");
        await editor.FillAsync("#f-Values-0--Year", "2023");
        await editor.FillAsync("#f-Values-0--Text", "120");
        await SaveAsync(editor, "#kpi-AC1.2");

        await editor.GotoAsync(Url($"{plan}/edit/action-plans?kpi=AC1.2"));
        await editor.FillAsync("#number", "1");
        await editor.FillAsync("#f-Name", "保護令聲請協助方案");
        Assert.Equal("2023", await editor.InputValueAsync("#f-Budgets-0--Year"));
        await editor.FillAsync("#f-Budgets-0--Text", "120,000");
        await editor.GetByLabel("3-4 月").FillAsync("完成協助流程");
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("authoring-action-plan.png"), FullPage = true });
        await SaveAsync(editor, "#actionplan-AC1.2.1");

        // Two links: one chosen in the form, one by clicking two boxes on the map.
        await editor.GotoAsync(Url($"{plan}/edit/links"));
        await editor.SelectOptionAsync("#link-from", "TL1");
        await editor.SelectOptionAsync("#link-to", "AP1");
        await editor.GetByRole(AriaRole.Button, new() { Name = "新增關聯" }).ClickAsync();
        await editor.WaitForURLAsync(u => u.EndsWith("/edit/links?saved=1", StringComparison.Ordinal));
        await editor.Locator("svg g.objective[data-code='TL2']").ClickAsync();
        Assert.Contains("TL2", await editor.Locator("#link-status").InnerTextAsync());
        await editor.Locator("svg g.objective[data-code='AP2']").ClickAsync();
        await editor.WaitForURLAsync(u => u.EndsWith("/edit/links?saved=1", StringComparison.Ordinal) && !u.Contains("Add"));
        Assert.Equal(["TL1 → AP1", "TL2 → AP2"], (await editor.Locator("ul.edit-links li").AllInnerTextsAsync()).Select(t => t.Replace("移除", "").Trim()));
        Assert.Equal(2, await editor.Locator("svg polyline.link").CountAsync());
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("authoring-links.png"), FullPage = true });

        // Renumbering CC2 as CC3 renames its KPI and action plan.
        await editor.GotoAsync(Url($"{plan}/edit/objectives/CC2"));
        await editor.FillAsync("#number", "3");
        await SaveAsync(editor, "#objective-CC3");

        // Submitted (the year has no actuals yet: asked first), reviewed and approved.
        await editor.GotoAsync(Url($"{plan}/workflow"));
        await editor.GetByRole(AriaRole.Button, new() { Name = "送出", Exact = true }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "仍要送出" }).ClickAsync();
        await editor.WaitForURLAsync(u => u.EndsWith($"{plan}/workflow", StringComparison.Ordinal));
        var reviewer = await PageAsAsync(Roles.Reviewer);
        await reviewer.GotoAsync(Url($"{plan}/workflow"));
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "開始複核" }).ClickAsync();
        await reviewer.WaitForURLAsync(u => u.EndsWith($"{plan}/workflow", StringComparison.Ordinal));
        await reviewer.GetByLabel("核定機關（核定時填寫，例如「第 2125 次市政會議」）").FillAsync("第 2180 次市政會議");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "核定" }).ClickAsync();
        await reviewer.WaitForURLAsync(u => u.EndsWith($"{plan}/workflow", StringComparison.Ordinal));
        Assert.Contains("已核定", await reviewer.Locator(".status-line").First.InnerTextAsync());

        // Published: the export fits the schema and re-imports to the same bytes.
        var anonymous = app.CreateClient();
        var exported = await anonymous.GetStringAsync($"/api/orgs/{org}/plans/2023");
        var document = PlanJson.Read(exported).Document!;
        Assert.Equal("7.4", document.Objectives[0].Kpis[0].Values.Single(v => v is { Year: 2023, Kind: ValueKind.Target }).Text);
        Assert.Equal(("AC1.2.1", "120,000", "完成協助流程"), (document.Kpi("AC1.2").ActionPlans[0].Code, document.Kpi("AC1.2").ActionPlans[0].Budgets[0].Text, document.Kpi("AC1.2").ActionPlans[0].Milestones[0].Text));
        Assert.Equal(["CC1", "CC3"], document.Objectives.Where(o => o.Code[0] == 'C').Select(o => o.Code));
        Assert.Equal("CC3.1.1", document.Kpi("CC3.1").ActionPlans[0].Code);
        Assert.Equal(["TL1→AP1", "TL2→AP2"], document.Links.Select(l => $"{l.From}→{l.To}"));
        Assert.Equal("第 2180 次市政會議 通過", $"{document.Approvals.Single().Body} {document.Approvals.Single().Description}");
        using (var json = JsonDocument.Parse(exported)) Assert.True(Interchange.SchemaTests.Schema.Evaluate(json.RootElement).IsValid, "the export does not fit docs/plan.schema.json");
        var copy = Dataset.NewOrganisationCode();
        var plannerApi = await app.ClientAsAsync(Roles.Planner);
        var imported = await plannerApi.PostAsync("/api/import", EvaluationKit.Json(exported.Replace($"\"code\": \"{org}\"", $"\"code\": \"{copy}\"", StringComparison.Ordinal)));
        await imported.AssertStatusAsync(HttpStatusCode.OK, "re-import");
        Assert.Equal(exported, (await plannerApi.GetStringAsync($"/api/orgs/{copy}/plans/2023")).Replace($"\"code\": \"{copy}\"", $"\"code\": \"{org}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revision_of_the_city_2021_plan_is_public_only_once_approved_then_shows_original_to_revised_with_the_reason()
    {
        var planner = await PageAsAsync(Roles.Planner);
        var anonymous = await PageAsAsync(null);
        await planner.GotoAsync(Url("/orgs/TPE/2021/edit"));
        await planner.GetByLabel("修正原因").FillAsync("因空品與能源政策調整，修正 110 年度目標值");
        await planner.GetByRole(AriaRole.Button, new() { Name = "開啟修正" }).ClickAsync();
        await planner.WaitForURLAsync(u => u.EndsWith("/orgs/TPE/2021/edit", StringComparison.Ordinal));

        foreach (var (kpi, target, reason) in new[] { ("AC1.1", "12.5", "空品改善提前達標"), ("AC2.1", "40,000", "設置進度受疫情延誤") })
        {
            await planner.GotoAsync(Url($"/orgs/TPE/2021/edit/kpis/{kpi}"));
            var row = await RowAsync(planner, "Values", 2021, "Target");
            await planner.FillAsync($"[name='Values[{row}].Text']", target);
            await planner.FillAsync($"[name='Values[{row}].Reason']", reason);
            if (kpi == "AC2.1") await planner.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("authoring-revision-kpi.png"), FullPage = true });
            await SaveAsync(planner, $"#kpi-{kpi}");
        }

        await anonymous.GotoAsync(Url("/orgs/TPE/2021/kpis/AC1.1"));
        var values = await anonymous.Locator("table.values").InnerTextAsync();
        Assert.Contains("12.9", values);
        Assert.DoesNotContain("12.5", values);

        await planner.GotoAsync(Url("/orgs/TPE/2021/workflow"));
        await planner.GetByRole(AriaRole.Button, new() { Name = "送出", Exact = true }).ClickAsync();
        if (await planner.GetByRole(AriaRole.Button, new() { Name = "仍要送出" }).CountAsync() > 0)
            await planner.GetByRole(AriaRole.Button, new() { Name = "仍要送出" }).ClickAsync();
        await planner.WaitForURLAsync(u => u.EndsWith("/orgs/TPE/2021/workflow", StringComparison.Ordinal));
        await planner.GetByLabel("核定機關（核定時填寫，例如「第 2125 次市政會議」）").FillAsync("第 2160 次市政會議");
        await planner.GetByRole(AriaRole.Button, new() { Name = "核定" }).ClickAsync();
        await planner.WaitForURLAsync(u => u.EndsWith("/orgs/TPE/2021/workflow", StringComparison.Ordinal));

        await anonymous.GotoAsync(Url("/orgs/TPE/2021/kpis/AC1.1"));
        var revised = anonymous.Locator("table.values .revised");
        Assert.Equal("12.9", await revised.Locator("del").InnerTextAsync());
        Assert.Contains("12.5", await revised.InnerTextAsync());
        Assert.Contains("修正原因：空品改善提前達標", await anonymous.Locator("table.values").InnerTextAsync());
        await anonymous.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("authoring-revised-kpi.png"), FullPage = true });
        await anonymous.GotoAsync(Url("/orgs/TPE/2021/kpis/AC2.1"));
        Assert.Contains("40,000", await anonymous.Locator("table.values .revised").InnerTextAsync());
        await anonymous.GotoAsync(Url("/orgs/TPE/2021/versions"));
        Assert.Equal(2, await anonymous.Locator("table.versions tbody tr").CountAsync());
        Assert.Contains("因空品與能源政策調整，修正 110 年度目標值", await anonymous.Locator("#version-2").InnerTextAsync());
        await anonymous.Locator("#version-2").GetByRole(AriaRole.Link, new() { Name = "與第 1 版對照" }).ClickAsync();
        Assert.Contains("空品改善提前達標", await anonymous.Locator("main").InnerTextAsync());
    }

    /// <summary>Every editing page fits a 1280-pixel window and a 390-pixel phone, in Chinese and English (screenshots of each).</summary>
    [Theory]
    [InlineData("/orgs/TPE-DOL/2018/edit")]
    [InlineData("/orgs/TPE-DOL/2018/edit/kpis/BC1.1")]
    [InlineData("/orgs/TPE-DOL/2018/edit/objectives/BC1")]
    [InlineData("/orgs/TPE-DOL/2018/edit/action-plans/BC1.1.1")]
    [InlineData("/orgs/TPE-DOL/2018/edit/themes/B")]
    [InlineData("/orgs/TPE-DOL/2018/edit/links")]
    [InlineData("/orgs/TPE-DOL/2018/versions")]
    [InlineData("/orgs/TPE-DOL/plans/new")]
    [InlineData("/orgs/TPE-DOL/edit")]
    [InlineData("/orgs/new")]
    public async Task Each_editing_page_fits_a_wide_window_and_a_phone_in_both_languages(string path)
    {
        foreach (var width in new[] { 1280, 390 })
            foreach (var culture in new[] { "zh-TW", "en" })
            {
                var page = await PageAsAsync(Roles.Planner, width: width);
                var response = await page.GotoAsync(Url($"{path}{(path.Contains('?') ? '&' : '?')}culture={culture}"));
                Assert.True(response?.Ok == true, $"{path}: {response?.Status}");
                var name = $"authoring{path.Replace('/', '-')}-{width}-{culture}.png";
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot(name), FullPage = true });
                // The map scrolls inside its own frame; nothing else may make the page wider than the window.
                var wide = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('main *')].filter(e => !e.closest('.map, .tablewrap') && e.getBoundingClientRect().right > window.innerWidth + 1)
                        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
                    """);
                Assert.True(wide.Length == 0, $"{path} at {width} ({culture}): wider than the window: {string.Join(", ", wide)}");
                await page.Context.CloseAsync();
            }
    }
}
