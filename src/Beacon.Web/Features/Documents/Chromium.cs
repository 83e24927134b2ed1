using System.Diagnostics;

namespace Beacon.Web.Features.Documents;

/// <summary>The program that prints PDFs and draws PNGs is missing or failed; answered 503 with what to do.</summary>
public sealed class ChromiumUnavailableException(string message) : Exception(message);

/// <summary>
/// Headless Chromium (Debian's /usr/bin/chromium, or Documents:Chromium) printing a document's HTML to PDF with the
/// page's own @page rules, or drawing a PNG. One process per file, in a profile folder of its own that is removed
/// afterwards; at most two at a time, so a burst of downloads cannot exhaust a small server.
/// </summary>
public sealed class Chromium(IConfiguration configuration, ILogger<Chromium> log)
{
    private static readonly SemaphoreSlim Slots = new(2, 2);

    public string Executable => configuration["Documents:Chromium"] is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public Task<byte[]> PdfAsync(string html, CancellationToken ct) =>
        RunAsync(html, "page.html", "out.pdf", file => ["--no-pdf-header-footer", "--virtual-time-budget=10000", "--run-all-compositor-stages-before-draw", $"--print-to-pdf={file}"], ct);

    /// <summary>A PNG of the page at this size, at twice the pixels for sharp text.</summary>
    public Task<byte[]> PngAsync(string html, int width, int height, CancellationToken ct) =>
        RunAsync(html, "page.html", "out.png", file => ["--hide-scrollbars", "--force-device-scale-factor=2", $"--window-size={width},{height}", "--virtual-time-budget=5000", $"--screenshot={file}"], ct);

    private async Task<byte[]> RunAsync(string html, string inputName, string outputName, Func<string, string[]> arguments, CancellationToken ct)
    {
        if (!File.Exists(Executable))
            throw new ChromiumUnavailableException($"PDF 與 PNG 由 Chromium 產生，但找不到 {Executable}：請安裝 chromium（Debian: apt-get install chromium fonts-noto-cjk）或以 Documents:Chromium 設定其路徑。 / PDF and PNG files are made by Chromium, and {Executable} is missing: install chromium (Debian: apt-get install chromium fonts-noto-cjk) or set Documents:Chromium to its path.");
        var folder = Directory.CreateTempSubdirectory("beacon-doc-");
        await Slots.WaitAsync(ct);
        try
        {
            var input = Path.Combine(folder.FullName, inputName);
            var output = Path.Combine(folder.FullName, outputName);
            await File.WriteAllTextAsync(input, html, ct);
            var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--mute-audio",
                         "--allow-file-access-from-files", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}" })
                start.ArgumentList.Add(a);
            foreach (var a in arguments(output)) start.ArgumentList.Add(a);
            start.ArgumentList.Add(new Uri(input).AbsoluteUri);
            using var process = Process.Start(start) ?? throw new ChromiumUnavailableException($"{Executable} did not start");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw ct.IsCancellationRequested ? new OperationCanceledException(ct) : new ChromiumUnavailableException($"{Executable} took over 60 s and was stopped");
            }
            if (!File.Exists(output) || new FileInfo(output).Length == 0)
            {
                log.LogError("Chromium made no {File} (exit {Code}): {Error}", outputName, process.ExitCode, await stderr);
                throw new ChromiumUnavailableException($"{Executable} made no {outputName} (exit code {process.ExitCode})");
            }
            return await File.ReadAllBytesAsync(output, ct);
        }
        finally
        {
            Slots.Release();
            try { folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
