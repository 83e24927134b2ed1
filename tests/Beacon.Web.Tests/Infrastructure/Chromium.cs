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
