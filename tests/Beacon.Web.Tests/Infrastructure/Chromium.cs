using Microsoft.Playwright;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>
/// Real Chromium for a test class: Debian's browser (BEACON_TEST_CHROMIUM, else /usr/bin/chromium, installed by
/// scripts/test.sh) driven by Playwright, started in <c>InitializeAsync</c> and closed in <c>DisposeAsync</c>.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("BEACON_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            // The machine has no network beyond loopback: keep Chromium from reaching out at start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return new Chromium(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }

    /// <summary>The repository's root (the folder of Beacon.slnx), found from the test binaries' folder.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Beacon.slnx"))) return dir.FullName;
            throw new DirectoryNotFoundException($"no Beacon.slnx above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Where screenshots are kept as test artifacts: BEACON_SCREENSHOTS, else TestResults/screenshots.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("BEACON_SCREENSHOTS") is { Length: > 0 } configured
                ? configured
                : Path.Combine(RepoRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>axe.min.js from the npm package in tests/Beacon.Web.Tests/axe (scripts/test.sh runs npm ci there).</summary>
    public static string AxeScript
    {
        get
        {
            var script = Path.Combine(RepoRoot, "tests", "Beacon.Web.Tests", "axe", "node_modules", "axe-core", "axe.min.js");
            return File.Exists(script) ? script : throw new FileNotFoundException(
                $"axe-core is not installed: {script} is missing. Run `npm ci` in tests/Beacon.Web.Tests/axe (scripts/test.sh does).", script);
        }
    }
}

/// <summary>What every browser test does first: sign in through the page, as a person would.</summary>
public static class BrowserSignIn
{
    /// <summary>
    /// Opens the sign-in page (with <paramref name="returnUrl"/> when given), types the address and password, presses
    /// Enter and waits for the page it leads to. When the form does not answer with a redirect, or the browser does not
    /// arrive, the failure says what the browser was shown instead of only that a wait ran out.
    /// </summary>
    public static async Task SignInAsync(this IPage page, Uri server, string email, string? returnUrl = null)
    {
        var address = "/account/sign-in" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GotoAsync(new Uri(server, address).ToString());
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", BeaconFactory.TestPassword);
        var answer = await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("Enter"),
            r => r.Request.Method == "POST" && r.Url.Contains("/account/sign-in", StringComparison.Ordinal));
        if (answer.Status is < 300 or >= 400)
            throw new Xunit.Sdk.XunitException($"signing in as {email}: the form answered {answer.Status}: {await ShownAsync(page)}");
        try
        {
            await page.WaitForURLAsync(url => returnUrl is null
                ? !url.Contains("/account/sign-in", StringComparison.Ordinal)
                : url.EndsWith(returnUrl, StringComparison.Ordinal));
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"signing in as {email}: sent to {answer.Headers.GetValueOrDefault("location")}, the browser is at {page.Url}: {await ShownAsync(page)} ({e.Message})");
        }
    }

    private static async Task<string> ShownAsync(IPage page)
    {
        try
        {
            var text = await page.InnerTextAsync("body", new PageInnerTextOptions { Timeout = 2000 });
            return text.Length > 400 ? text[..400] + "…" : text;
        }
        catch (PlaywrightException e)
        {
            return $"(the page could not be read: {e.Message})";
        }
    }
}
