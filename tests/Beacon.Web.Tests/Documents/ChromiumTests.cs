using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Beacon.Web.Features.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beacon.Web.Tests.Documents;

/// <summary>
/// The one headless Chromium that prints every PDF and PNG, driven through the DevTools pipe: real Chromium (both of
/// Debian's programs, which scripts/test.sh installs), read back with pdftotext.
/// </summary>
public sealed class ChromiumTests
{
    private const string Page = "<!DOCTYPE html><html lang=\"zh-TW\"><head><meta charset=\"utf-8\"><style>"
        + "@page { size: A4 landscape; margin: 12mm; @bottom-center { content: counter(page) \" / \" counter(pages); } }"
        + ".next { break-before: page; } body { font-family: \"Noto Sans CJK TC\", sans-serif; }</style></head>"
        + "<body><h1>臺北市政府 民國110年 平衡計分卡</h1><p>AC1.1 細懸浮微粒 27,000,000</p><p class=\"next\">HF1.1 第二頁</p></body></html>";

    private static Chromium Start(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(), NullLogger<Chromium>.Instance);

    private static async Task<byte[]> BytesOfAsync(Task<Stream> printing)
    {
        await using var stream = await printing;
        var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    private static async Task<string> TextOfAsync(Task<Stream> printing) => await TextOfAsync(await BytesOfAsync(printing));

    private static async Task<string> TextOfAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"beacon-chromium-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            return await ExternalReaders.PdfTextAsync(path) + await ExternalReaders.PdfInfoAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("/usr/bin/chromium-headless-shell")]
    [InlineData("/usr/bin/chromium")]
    public async Task One_browser_prints_file_after_file_with_the_pages_own_paper_and_page_numbers(string program)
    {
        await using var chromium = Start(("Documents:Chromium", program));

        var first = await TextOfAsync(chromium.PdfAsync(Page, CancellationToken.None));
        var id = chromium.ProcessId;
        var second = await TextOfAsync(chromium.PdfAsync(Page.Replace("第二頁", "再印一次"), CancellationToken.None));

        Assert.NotNull(id);
        Assert.Equal(id, chromium.ProcessId);
        foreach (var text in new[] { "臺北市政府 民國110年 平衡計分卡", "AC1.1 細懸浮微粒 27,000,000", "841.92 x 594.96 pts (A4)", "Pages:           2" })
            Assert.Contains(text, first);
        // The page numbers of the @page margin boxes (pdftotext spaces them as the font's metrics suggest).
        Assert.Contains("\n1/2\n", first.Replace(" ", ""));
        Assert.Contains("\n2/2\n", first.Replace(" ", ""));
        Assert.Contains("再印一次", second);
    }

    [Fact]
    public async Task A_browser_that_died_is_started_again_for_the_next_file()
    {
        await using var chromium = Start();
        await BytesOfAsync(chromium.PdfAsync(Page, CancellationToken.None));
        var dead = chromium.ProcessId!.Value;
        using (var process = Process.GetProcessById(dead))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var text = await TextOfAsync(chromium.PdfAsync(Page, CancellationToken.None));

        Assert.Contains("HF1.1 第二頁", text);
        Assert.NotEqual(dead, chromium.ProcessId);
    }

    [Fact]
    public async Task A_page_that_never_finishes_is_stopped_at_the_time_allowed_and_the_next_file_still_prints()
    {
        await using var chromium = Start(("Documents:PrintTimeoutSeconds", "2"));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ChromiumUnavailableException>(() => chromium.PdfAsync("<p>x</p><script>for (;;) {}</script>", CancellationToken.None));

        Assert.Contains("took over 2 s", error.Message);
        Assert.Contains("超過 2 秒", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"{watch.Elapsed}");
        Assert.Null(chromium.ProcessId);
        Assert.Contains("AC1.1", await TextOfAsync(chromium.PdfAsync(Page, CancellationToken.None)));
    }

    [Fact]
    public async Task A_PNG_is_the_page_at_its_size_in_twice_the_pixels_and_the_browser_ends_with_the_app()
    {
        var chromium = Start();
        var png = await chromium.PngAsync("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"200\"><rect width=\"300\" height=\"200\" fill=\"#0b5cab\"/></svg>", 300, 200, CancellationToken.None);

        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        Assert.Equal((600, 400), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        using var process = Process.GetProcessById(chromium.ProcessId!.Value);
        await chromium.DisposeAsync();
        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task Without_its_time_to_idle_the_browser_stops_and_starts_again_when_needed()
    {
        await using var chromium = Start(("Documents:ChromiumIdleSeconds", "0"));
        await BytesOfAsync(chromium.PdfAsync(Page, CancellationToken.None));
        for (var i = 0; i < 100 && chromium.ProcessId is not null; i++) await Task.Delay(50);
        Assert.Null(chromium.ProcessId);
        Assert.Contains("AC1.1", await TextOfAsync(chromium.PdfAsync(Page, CancellationToken.None)));
    }

    [Fact]
    public async Task A_PDF_larger_than_a_chunk_arrives_whole_from_a_temporary_file_that_is_deleted_when_closed()
    {
        // 3,000 different characters: the embedded font alone takes several of the chunks the PDF is read in.
        var characters = string.Concat(Enumerable.Range(0x4E00, 3000).Select(c => (char)c));
        var html = Page.Replace("<p class=\"next\">HF1.1 第二頁</p>", $"<p>{characters}</p><p class=\"next\">HF1.1 最後一頁</p>");
        await using var chromium = Start();

        var stream = await chromium.PdfAsync(html, CancellationToken.None);
        var path = ((FileStream)stream).Name;
        var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        Assert.True(File.Exists(path));
        await stream.DisposeAsync();

        Assert.False(File.Exists(path));
        var pdf = bytes.ToArray();
        Assert.True(pdf.Length > 2 * Chromium.ChunkSize, $"{pdf.Length} bytes");
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.Contains("%%EOF", Encoding.ASCII.GetString(pdf[^32..]));
        var text = await TextOfAsync(pdf);
        Assert.Contains(characters[^40..], text.Replace("\n", ""));
        Assert.Contains("HF1.1 最後一頁", text);
    }

    [Fact]
    public async Task Each_file_closes_its_page_so_no_renderer_is_left_between_files()
    {
        await using var chromium = Start();

        await BytesOfAsync(chromium.PdfAsync(Page, CancellationToken.None));
        await chromium.PngAsync("<p>AC1.1</p>", 200, 100, CancellationToken.None);

        var browser = chromium.ProcessId!.Value;
        var renderers = Renderers(browser);
        for (var i = 0; i < 100 && renderers.Count > 0; i++)
        {
            await Task.Delay(50);
            renderers = Renderers(browser);
        }
        Assert.Empty(renderers);
        Assert.NotNull(chromium.ProcessId);
    }

    /// <summary>The renderer processes a browser has started (Chromium names the kind of a child in its command line).</summary>
    private static List<int> Renderers(int browser) =>
        [.. Directory.GetDirectories($"/proc/{browser}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse)
            .Where(child => File.Exists($"/proc/{child}/cmdline") && File.ReadAllText($"/proc/{child}/cmdline").Contains("--type=renderer"))];

    [Theory]
    [InlineData(null, "yes")]
    [InlineData("false", "no")]
    public async Task PDFs_are_tagged_for_screen_readers_unless_the_setting_turns_it_off(string? setting, string tagged)
    {
        await using var chromium = Start(setting is null ? [] : [("Documents:TaggedPdf", setting)]);

        var info = await TextOfAsync(chromium.PdfAsync(Page, CancellationToken.None));

        Assert.Matches($"Tagged: +{tagged}\n", info);
        Assert.Contains("AC1.1 細懸浮微粒 27,000,000", info);
    }

    [Fact]
    public async Task Without_Chromium_a_PDF_fails_with_what_to_install_and_where()
    {
        await using var chromium = Start(("Documents:Chromium", "/nonexistent/chromium"));

        var error = await Assert.ThrowsAsync<ChromiumUnavailableException>(() => chromium.PdfAsync("<p>x</p>", CancellationToken.None));

        Assert.Contains("/nonexistent/chromium", error.Message);
        Assert.Contains("apt-get install chromium-headless-shell fonts-noto-cjk", error.Message);
        Assert.Contains("Documents:Chromium", error.Message);
    }
}

/// <summary>The DevTools protocol's framing, against a browser's end of the pipe played by the test.</summary>
public sealed class DevToolsPipeTests
{
    [Fact]
    public async Task Messages_end_in_NUL_answers_find_their_command_by_id_errors_name_the_command_and_a_closed_pipe_fails_the_rest()
    {
        var toBrowser = new Pipe();
        var fromBrowser = new Pipe();
        var pipe = new DevToolsPipe(toBrowser.Writer.AsStream(), fromBrowser.Reader.AsStream());
        var browser = fromBrowser.Writer.AsStream();

        var version = pipe.SendAsync("Browser.getVersion", null, null, CancellationToken.None);
        var print = pipe.SendAsync("Page.printToPDF", new JsonObject { ["preferCSSPageSize"] = true }, "S1", CancellationToken.None);
        var loaded = pipe.EventAsync("S1", "Page.loadEventFired");
        var never = pipe.SendAsync("Page.navigate", null, "S1", CancellationToken.None);

        var sent = new List<JsonElement>();
        var read = toBrowser.Reader.AsStream();
        var bytes = new List<byte>();
        while (sent.Count < 3)
        {
            var b = read.ReadByte();
            if (b != 0) { bytes.Add((byte)b); continue; }
            sent.Add(JsonDocument.Parse(bytes.ToArray()).RootElement.Clone());
            bytes.Clear();
        }
        Assert.Equal(["Browser.getVersion", "Page.printToPDF", "Page.navigate"], sent.Select(m => m.GetProperty("method").GetString()));
        Assert.True(sent[1].GetProperty("params").GetProperty("preferCSSPageSize").GetBoolean());
        Assert.Equal("S1", sent[1].GetProperty("sessionId").GetString());
        Assert.False(sent[0].TryGetProperty("sessionId", out _));

        // Answered out of order, the event between them; one read may hold several messages.
        var id = (int i) => sent[i].GetProperty("id").GetInt32();
        await browser.WriteAsync(Encoding.UTF8.GetBytes(
            $"{{\"id\":{id(1)},\"error\":{{\"code\":-32000,\"message\":\"Printing failed\"}}}}\0"
            + "{\"method\":\"Page.loadEventFired\",\"sessionId\":\"S1\",\"params\":{\"timestamp\":1.5}}\0"
            + $"{{\"id\":{id(0)},\"result\":{{\"product\":\"HeadlessChrome/156\"}}}}\0"));

        Assert.Equal("HeadlessChrome/156", (await version).GetProperty("product").GetString());
        Assert.Equal(1.5, (await loaded).GetProperty("timestamp").GetDouble());
        var error = await Assert.ThrowsAsync<DevToolsException>(() => print);
        Assert.Equal("Page.printToPDF: Printing failed", error.Message);

        await fromBrowser.Writer.CompleteAsync();
        await Assert.ThrowsAsync<IOException>(() => never);
        await pipe.Closed;
        await Assert.ThrowsAsync<IOException>(() => pipe.SendAsync("Browser.getVersion", null, null, CancellationToken.None));
    }
}
