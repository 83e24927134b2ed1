using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Beacon.Web.Features.Documents;

/// <summary>The program that prints PDFs and draws PNGs is missing or failed; answered 503 with what to do.</summary>
public sealed class ChromiumUnavailableException(string message) : Exception(message);

/// <summary>
/// Headless Chromium printing a document's HTML to PDF with the page's own @page rules (A4, page numbers in the
/// margin boxes), or drawing a PNG. One browser serves every file: started on the first PDF or PNG, started again
/// when it has died, stopped after <c>Documents:ChromiumIdleSeconds</c> without work and when the app stops. It is
/// driven through the DevTools protocol on a pipe (<see cref="DevToolsPipe"/>, no network port). Each file gets a
/// browser context of its own (nothing shared between files), disposed when the file is made, which also ends the
/// renderer process that laid it out. At most <c>Documents:PrintConcurrency</c> files at a time (1: two large
/// documents at once would hold two renderers), each within <c>Documents:PrintTimeoutSeconds</c> (60).
/// </summary>
/// <remarks>
/// The program is <c>Documents:Chromium</c>, else Debian's chromium-headless-shell (the headless browser alone:
/// starts in a fraction of a second, half the memory), else Debian's chromium; <c>Documents:ChromiumArguments</c> adds
/// flags to its own.
/// </remarks>
public sealed class Chromium(IConfiguration configuration, ILogger<Chromium> log) : IAsyncDisposable
{
    private static readonly string[] Programs = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

    // Memory: no zygote and the GPU and network service inside the browser process leave two processes (browser,
    // and the renderer of the file being made); no GPU, extensions, background networking or updates. Without the
    // software rasterizer the browser does not set up a GPU it never uses (−14 MB, charts still drawn on the page's
    // canvas); a small V8 heap limit makes the renderer collect its garbage (the unified JavaScript and DOM heap)
    // long before it would otherwise, which halves what a large document's renderer holds (docs/documents.md).
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--no-zygote", "--disable-gpu", "--in-process-gpu", "--disable-software-rasterizer",
        "--js-flags=--max-old-space-size=16", "--enable-features=NetworkServiceInProcess2",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--allow-file-access-from-files", "--remote-debugging-pipe",
    ];

    private readonly SemaphoreSlim slots = new(Math.Max(1, configuration.GetValue("Documents:PrintConcurrency", 1)));
    private readonly SemaphoreSlim starting = new(1, 1);
    private readonly TimeSpan printTimeout = TimeSpan.FromSeconds(configuration.GetValue("Documents:PrintTimeoutSeconds", 60));
    private readonly TimeSpan idleTime = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Documents:ChromiumIdleSeconds", 30)));
    private Browser? browser;
    private Timer? idleTimer;
    private int busy;
    private bool disposed;

    public string Executable => configuration["Documents:Chromium"] is { Length: > 0 } path ? path : Programs.FirstOrDefault(File.Exists) ?? Programs[0];

    /// <summary>Flags added to the browser's own (<c>Documents:ChromiumArguments</c>, separated by spaces), to tune its memory.</summary>
    public IReadOnlyList<string> ExtraArguments => (configuration["Documents:ChromiumArguments"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The browser's process id while one runs (for tests and diagnostics).</summary>
    public int? ProcessId => browser is { Alive: true } b ? b.Process.Id : null;

    /// <summary>
    /// A PDF of the page as its print rules lay it out (paper size and margins from @page), as a readable stream over a
    /// temporary file that is deleted when the stream is closed. Chromium hands the PDF over as a stream read in
    /// chunks (transferMode ReturnAsStream), so neither the browser's answer nor the app ever holds the whole file as
    /// base64 text; the page and its browser context are closed as soon as the file is written.
    /// </summary>
    public Task<Stream> PdfAsync(string html, CancellationToken ct) => RenderAsync<Stream>(html, null, async (pipe, session, token) =>
    {
        var printed = await pipe.SendAsync("Page.printToPDF", new JsonObject
        {
            ["preferCSSPageSize"] = true, ["printBackground"] = true, ["displayHeaderFooter"] = false, ["generateTaggedPDF"] = TaggedPdf,
            ["transferMode"] = "ReturnAsStream",
        }, session, token);
        var handle = printed.GetProperty("stream").GetString()!;
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"beacon-pdf-{Guid.NewGuid():N}.pdf"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            for (var eof = false; !eof;)
            {
                var chunk = await pipe.SendAsync("IO.read", new JsonObject { ["handle"] = handle, ["size"] = ChunkSize }, session, token);
                var data = chunk.GetProperty("data");
                await file.WriteAsync(chunk.TryGetProperty("base64Encoded", out var base64) && base64.GetBoolean()
                    ? data.GetBytesFromBase64() : System.Text.Encoding.UTF8.GetBytes(data.GetString() ?? ""), token);
                eof = chunk.TryGetProperty("eof", out var end) && end.GetBoolean();
            }
            await file.FlushAsync(token);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        finally
        {
            // The browser keeps the printed file until its stream is closed (the context's closing would also free it).
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await pipe.SendAsync("IO.close", new JsonObject { ["handle"] = handle }, session, closing.Token); }
            catch (Exception e) when (e is IOException or DevToolsException or OperationCanceledException) { }
        }
    }, ct);

    /// <summary>The size of the chunks a printed PDF is read in (bytes before base64).</summary>
    public const int ChunkSize = 256 * 1024;

    /// <summary>
    /// Whether PDFs are tagged (<c>Documents:TaggedPdf</c>, on by default): the structure of headings, tables and
    /// their header cells that screen readers and reflowing readers follow. Off saves the renderer some memory.
    /// </summary>
    public bool TaggedPdf => configuration.GetValue("Documents:TaggedPdf", true);

    /// <summary>A PNG of the page at this size, at twice the pixels for sharp text.</summary>
    public Task<byte[]> PngAsync(string html, int width, int height, CancellationToken ct) => RenderAsync(html, (width, height), async (pipe, session, token) =>
    {
        var png = await pipe.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, session, token);
        return png.GetProperty("data").GetBytesFromBase64();
    }, ct);

    private async Task<T> RenderAsync<T>(string html, (int Width, int Height)? viewport,
        Func<DevToolsPipe, string, CancellationToken, Task<T>> make, CancellationToken ct)
    {
        if (!File.Exists(Executable))
            throw new ChromiumUnavailableException($"PDF 與 PNG 由 Chromium 產生，但找不到 {Executable}：請安裝 chromium-headless-shell 或 chromium（Debian: apt-get install chromium-headless-shell fonts-noto-cjk）或以 Documents:Chromium 設定其路徑。 / PDF and PNG files are made by Chromium, and {Executable} is missing: install chromium-headless-shell or chromium (Debian: apt-get install chromium-headless-shell fonts-noto-cjk) or set Documents:Chromium to its path.");
        await slots.WaitAsync(ct);
        Interlocked.Increment(ref busy);
        var folder = Directory.CreateTempSubdirectory("beacon-doc-");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(printTimeout);
        Browser? used = null;
        string? context = null;
        try
        {
            // A file, not the protocol's document content, so that the bundled chart script loads from wwwroot.
            var page = Path.Combine(folder.FullName, "page.html");
            await File.WriteAllTextAsync(page, html, timeout.Token);
            used = await BrowserAsync(timeout.Token);
            var pipe = used.Pipe;
            context = (await pipe.SendAsync("Target.createBrowserContext", null, null, timeout.Token)).GetProperty("browserContextId").GetString();
            var target = (await pipe.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank", ["browserContextId"] = context }, null, timeout.Token))
                .GetProperty("targetId").GetString();
            var session = (await pipe.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }, null, timeout.Token))
                .GetProperty("sessionId").GetString()!;
            await pipe.SendAsync("Page.enable", null, session, timeout.Token);
            if (viewport is { } size)
                await pipe.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
                {
                    ["width"] = size.Width, ["height"] = size.Height, ["deviceScaleFactor"] = 2, ["mobile"] = false,
                }, session, timeout.Token);
            var loaded = pipe.EventAsync(session, "Page.loadEventFired");
            var navigation = await pipe.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(page).AbsoluteUri }, session, timeout.Token);
            if (navigation.TryGetProperty("errorText", out var error) && error.GetString() is { Length: > 0 } text)
                throw new DevToolsException("Page.navigate", text);
            await loaded.WaitAsync(timeout.Token);
            // The charts are drawn by the page's script before the load event; the fonts may still be loading.
            await pipe.SendAsync("Runtime.evaluate", new JsonObject
            {
                ["expression"] = "document.fonts.ready.then(() => new Promise(done => requestAnimationFrame(() => done(true))))", ["awaitPromise"] = true,
            }, session, timeout.Token);
            return await make(pipe, session, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Over the time allowed: the browser may be stuck, so it is stopped; the next file starts another.
            await StopAsync(used);
            throw new ChromiumUnavailableException($"Chromium 超過 {printTimeout.TotalSeconds:0} 秒仍未完成，已停止。 / Chromium took over {printTimeout.TotalSeconds:0} s and was stopped.");
        }
        catch (Exception e) when (e is IOException or DevToolsException or KeyNotFoundException or InvalidOperationException)
        {
            log.LogError(e, "Chromium could not make the file; {Output}", used?.Output);
            if (e is IOException) await StopAsync(used);
            throw new ChromiumUnavailableException($"Chromium 無法產生檔案：{e.Message} / Chromium could not make the file: {e.Message}");
        }
        finally
        {
            if (context is not null && used is { Alive: true })
            {
                // Closes the page and ends its renderer; a browser that does not answer is stopped.
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await used.Pipe.SendAsync("Target.disposeBrowserContext", new JsonObject { ["browserContextId"] = context }, null, closing.Token);
                }
                catch (Exception e) when (e is IOException or DevToolsException or OperationCanceledException)
                {
                    await StopAsync(used);
                }
            }
            try { folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            Interlocked.Decrement(ref busy);
            slots.Release();
            if (!disposed) LazyInitializer.EnsureInitialized(ref idleTimer, () => new Timer(_ => _ = StopIfIdleAsync())).Change(idleTime, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The running browser, or a new one when there is none or it has died.</summary>
    private async Task<Browser> BrowserAsync(CancellationToken ct)
    {
        await starting.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (browser is { Alive: true } running) return running;
            if (browser is not null)
            {
                log.LogWarning("Chromium stopped (exit code {Code}); starting it again. {Output}", browser.Process.HasExited ? browser.Process.ExitCode : null, browser.Output);
                await browser.DisposeAsync();
                browser = null;
            }
            var started = Browser.Start(Executable, ExtraArguments);
            try
            {
                await started.Pipe.SendAsync("Browser.getVersion", null, null, ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            }
            catch (Exception e) when (e is IOException or TimeoutException or DevToolsException)
            {
                var output = started.Output;
                await started.DisposeAsync();
                throw new ChromiumUnavailableException($"{Executable} 無法啟動。 / {Executable} did not start: {e.Message} {output}");
            }
            log.LogInformation("Chromium started for documents: {Program}, process {Id}", Executable, started.Process.Id);
            return browser = started;
        }
        finally
        {
            starting.Release();
        }
    }

    private async Task StopAsync(Browser? which)
    {
        if (which is null) return;
        await starting.WaitAsync();
        try
        {
            if (ReferenceEquals(browser, which)) browser = null;
        }
        finally
        {
            starting.Release();
        }
        await which.DisposeAsync();
    }

    private async Task StopIfIdleAsync()
    {
        Browser? idle;
        await starting.WaitAsync();
        try
        {
            if (Volatile.Read(ref busy) > 0 || browser is null) return;
            idle = browser;
            browser = null;
        }
        finally
        {
            starting.Release();
        }
        log.LogInformation("Chromium stopped after {Seconds} s without documents to make", idleTime.TotalSeconds);
        await idle.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await starting.WaitAsync();
        try
        {
            disposed = true;
            if (idleTimer is not null) await idleTimer.DisposeAsync();
            if (browser is not null) await browser.DisposeAsync();
            browser = null;
        }
        finally
        {
            starting.Release();
        }
    }

    /// <summary>One browser process, its pipe, its profile folder and the last lines it wrote.</summary>
    private sealed class Browser : IAsyncDisposable
    {
        private readonly DirectoryInfo profile;
        private readonly Queue<string> lastLines = new();
        private bool stopped;

        private Browser(Process process, DirectoryInfo profile)
        {
            Process = process;
            this.profile = profile;
            Pipe = new DevToolsPipe(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
            _ = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                    lock (lastLines)
                    {
                        lastLines.Enqueue(line);
                        if (lastLines.Count > 20) lastLines.Dequeue();
                    }
            });
        }

        public Process Process { get; }
        public DevToolsPipe Pipe { get; }
        public bool Alive => !stopped && !Process.HasExited && !Pipe.Closed.IsCompleted;

        public string Output
        {
            get { lock (lastLines) return string.Join('\n', lastLines); }
        }

        /// <summary>
        /// Chromium reads the protocol from descriptor 3 and writes it to 4: the shell hands it the process's standard
        /// input and output there, and sends its own output to standard error, where nothing is read as protocol.
        /// </summary>
        public static Browser Start(string executable, IReadOnlyList<string> extra)
        {
            var profile = Directory.CreateTempSubdirectory("beacon-chromium-");
            var start = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[] { "-c", "exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>&2", executable }) start.ArgumentList.Add(a);
            foreach (var a in Flags.Concat(extra)) start.ArgumentList.Add(a);
            start.ArgumentList.Add($"--user-data-dir={profile.FullName}");
            try
            {
                return new Browser(Process.Start(start) ?? throw new ChromiumUnavailableException($"{executable} did not start"), profile);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                profile.Delete(recursive: true);
                throw new ChromiumUnavailableException($"{executable} did not start: {e.Message}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (stopped) return;
            stopped = true;
            // Closing the pipe ends the browser; whatever is still running a moment later is stopped.
            try
            {
                Process.StandardInput.Close();
                await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(3));
            }
            catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
            {
            }
            try
            {
                if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            Process.Dispose();
            try { profile.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
