using Beacon.Web.Data;
using Beacon.Web.Tests.Browser;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// The evaluation round in real Chromium (as <see cref="BrowserTests"/>): an agency enters an actual and its
/// self-assessment, submits the year, the planning office reviews it, and the evaluation shows both lights side by
/// side. Each person has a browser context of their own, signed in with a bearer token (signing in itself is tested
/// with the accounts). Fields are found by their labels, as a screen reader would find them. Screenshots go to
/// TestResults/screenshots.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class BrowserEvaluationTests(SqliteBeacon app) : IAsyncLifetime
{
    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    private string Url(string path) => new Uri(app.ServerAddress, path).ToString();

    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);

    /// <summary>A page in a browser context of its own, acting as a person of this role.</summary>
    private async Task<IPage> PageAsAsync(string role, string? organisation = null)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + await app.TokenAsync(role, organisation) },
        });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task Agency_enters_AC1_1_reviewer_grades_it_and_the_evaluation_shows_both_lights_with_the_difference_marked()
    {
        var org = await app.ImportPlanAsync();
        var page = await PageAsAsync(Roles.AgencyEditor, org);

        // 填報: AC1.1 is computed by its formula, so its actual is entered as the two inputs: 81 / 1000 × 100 = 8.1.
        await page.GotoAsync(Url($"/orgs/{org}/2022/entry"));
        await page.GetByLabel("AC1.1 當年度通報案件中為過去1年內結案之件數", new() { Exact = true }).FillAsync("81");
        await page.GetByLabel("AC1.1 當年度通報案件數", new() { Exact = true }).FillAsync("1000");
        var innovation = page.GetByLabel("AC1.1 創新度", new() { Exact = true });
        await innovation.FocusAsync();
        await page.Keyboard.TypeAsync("80");
        await page.Keyboard.PressAsync("Tab");
        var innovationId = await innovation.GetAttributeAsync("id");
        Assert.Equal(innovationId!.Replace("Innovation", "Challenge"), await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync("85");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("85");
        Assert.Equal("85", await page.GetByLabel("AC1.1 貢獻度", new() { Exact = true }).InputValueAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("evaluation-entry-filled.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "儲存" }).ClickAsync();

        await page.WaitForURLAsync($"**/orgs/{org}/2022/entry?saved=1");
        Assert.Equal("已儲存 1 項 KPI 的變更。", (await page.GetByRole(AriaRole.Status).InnerTextAsync()).Trim());
        var result = page.Locator("tr[id='AC1.1'] td.result");
        // 7.7 ÷ 8.1 = 95.1 %; 0.25 × 95.06 + 0.25 × 80 + 0.3 × 85 + 0.2 × 85 = 86.3; ● 良
        Assert.StartsWith("95.1 / 86.3 / ●", (await result.InnerTextAsync()).Trim());
        Assert.Contains("= 8.1", await page.Locator("tr[id='AC1.1']").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("evaluation-entry-saved.png"), FullPage = true });

        // 送出, then 複核: the reviewer sets a light (▲ 可) and a comment.
        await app.SubmitAsync(org);
        page = await PageAsAsync(Roles.Reviewer);
        await page.GotoAsync(Url($"/orgs/{org}/2022/review"));
        Assert.Contains("86.3", await page.Locator("tr[id='AC1.1']").InnerTextAsync());
        await page.GetByLabel("AC1.1 複核 創新度", new() { Exact = true }).FillAsync("70");
        await page.GetByLabel("AC1.1 複核 挑戰度", new() { Exact = true }).FillAsync("85");
        await page.GetByLabel("AC1.1 複核 貢獻度", new() { Exact = true }).FillAsync("85");
        await page.GetByLabel("AC1.1 複核 燈號", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "▲ 可" });
        var comment = page.GetByLabel("AC1.1 複核意見", new() { Exact = true });
        await comment.FocusAsync();
        await page.Keyboard.TypeAsync("再通報率未達目標，創新度偏高");
        await page.GetByRole(AriaRole.Button, new() { Name = "儲存" }).ClickAsync();
        await page.WaitForURLAsync($"**/orgs/{org}/2022/review?saved=1");
        Assert.Equal("Fair", await page.GetByLabel("AC1.1 複核 燈號", new() { Exact = true }).InputValueAsync());

        // 評核: both lights side by side, the difference marked.
        await page.GotoAsync(Url($"/orgs/{org}/2022/evaluation"));
        var row = page.Locator("tr[id='AC1.1']");
        Assert.Contains("differs", await row.GetAttributeAsync("class") ?? "");
        Assert.True(await row.Locator("span.light-good").IsVisibleAsync());
        Assert.True(await row.Locator("span.light-fair").IsVisibleAsync());
        Assert.True(await row.Locator("td").Last.Locator("span.tag.warn", new() { HasText = "≠" }).IsVisibleAsync());   // the lights
        Assert.Equal("95.1 未達成", System.Text.RegularExpressions.Regex.Replace((await row.Locator("td.achievement").InnerTextAsync()).Trim(), "\\s+", " "));
        Assert.Equal("86.3", (await row.Locator("td.score").InnerTextAsync()).Trim());
        Assert.Contains("再通報率未達目標，創新度偏高", await row.InnerTextAsync());
        // Each reviewed figure that differs is marked, in words for a screen reader too: innovation 70 ≠ 80, the
        // total 83.8 ≠ 86.3 (0.25 × 95.06 + 17.5 + 25.5 + 17); challenge and contribution are the agency's own.
        var reviewed = row.Locator("td");
        Assert.Equal("70 ≠ 與自評不同", Squeeze(await reviewed.Nth(9).TextContentAsync()));
        Assert.Equal("85", Squeeze(await reviewed.Nth(10).TextContentAsync()));
        Assert.Equal("83.8 ≠ 與自評不同", Squeeze(await reviewed.Nth(12).TextContentAsync()));
        Assert.True(await reviewed.Nth(12).Locator("span.tag.warn", new() { HasText = "≠" }).IsVisibleAsync());
        Assert.Contains("自評與複核燈號不同", await reviewed.Nth(13).TextContentAsync());
        await row.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("evaluation-self-and-review.png"), FullPage = true });
        await row.ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("evaluation-self-and-review-AC1.1.png") });

        // 評核總覽: the year's organisations side by side, reached from the evaluation page; this one self − reviewer +2.5.
        await page.GetByRole(AriaRole.Link, new() { Name = "111年 各機關評核總覽" }).ClickAsync();
        await page.WaitForURLAsync("**/evaluations/2022");
        var summary = page.Locator($"table.summary tr[id='{org}']");
        Assert.Equal("+2.5", (await summary.Locator("td.inflation").InnerTextAsync()).Trim());
        Assert.StartsWith("86.3", (await summary.Locator("td.mean-self").InnerTextAsync()).Trim());
        Assert.StartsWith("83.8", (await summary.Locator("td.mean-reviewed").InnerTextAsync()).Trim());
        await summary.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("evaluation-summary.png"), FullPage = true });
    }

    private static string Squeeze(string? text) => System.Text.RegularExpressions.Regex.Replace(text ?? "", "\\s+", " ").Trim();

    [Fact]
    public async Task A_wrong_score_is_announced_on_its_field_and_nothing_is_saved()
    {
        var org = await app.ImportPlanAsync();
        var page = await PageAsAsync(Roles.AgencyEditor, org);
        await page.GotoAsync(Url($"/orgs/{org}/2022/entry"));

        await page.GetByLabel("AC3.1 實際值", new() { Exact = true }).FillAsync("50");
        await page.GetByLabel("AC3.1 創新度", new() { Exact = true }).FillAsync("150");
        await page.GetByLabel("AC3.1 挑戰度", new() { Exact = true }).FillAsync("80");
        await page.GetByLabel("AC3.1 貢獻度", new() { Exact = true }).FillAsync("80");
        await page.GetByLabel("AC3.1 貢獻度", new() { Exact = true }).PressAsync("Enter");   // Enter submits the form

        var field = page.GetByLabel("AC3.1 創新度", new() { Exact = true });
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Contains("150 超出範圍", await page.Locator("#" + await field.GetAttributeAsync("aria-describedby")).InnerTextAsync());
        Assert.Contains("尚未儲存任何資料", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal("50", await page.GetByLabel("AC3.1 實際值", new() { Exact = true }).InputValueAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("evaluation-entry-invalid.png"), FullPage = true });

        using var reader = await app.ReaderAsync();
        Assert.Null((await reader.EvaluationAsync(org)).Row("AC3.1").String("actual"));
    }
}
