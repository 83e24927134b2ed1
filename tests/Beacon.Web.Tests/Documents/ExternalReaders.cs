using System.Diagnostics;

namespace Beacon.Web.Tests.Documents;

/// <summary>
/// The programs that read Beacon's files back as a person's computer would: LibreOffice headless (soffice) for
/// XLSX, ODS and ODT, poppler's pdftotext and pdfinfo for PDF. scripts/test.sh installs them
/// (libreoffice-calc-nogui, libreoffice-writer-nogui, poppler-utils).
/// </summary>
public static class ExternalReaders
{
    public static string Soffice => Environment.GetEnvironmentVariable("BEACON_TEST_SOFFICE") is { Length: > 0 } path ? path : "/usr/bin/soffice";

    /// <summary>
    /// Every sheet of every spreadsheet as CSV (UTF-8, values as stored, not as shown), in one soffice run:
    /// returns file → sheet name → CSV text.
    /// </summary>
    public static async Task<Dictionary<string, Dictionary<string, string>>> SheetsAsCsvAsync(string folder, IReadOnlyList<string> files)
    {
        var output = Path.Combine(folder, "csv");
        // Tokens: comma, double quote, UTF-8 (76), from line 1, -, default language, quote all text off, detect
        // special numbers, save as shown OFF (raw stored values), formulas off, no BOM, -1 = every sheet to its own file.
        await RunAsync(Soffice, ["--headless", "--norestore", $"-env:UserInstallation={new Uri(Path.Combine(folder, "lo-profile")).AbsoluteUri}",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", output, .. files]);
        var result = new Dictionary<string, Dictionary<string, string>>();
        foreach (var file in files)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            result[file] = Directory.GetFiles(output, stem + "-*.csv")
                .ToDictionary(p => Path.GetFileNameWithoutExtension(p)[(stem.Length + 1)..], File.ReadAllText);
        }
        return result;
    }

    /// <summary>Every text document as plain text, in one soffice run: file → text.</summary>
    public static async Task<Dictionary<string, string>> TextsAsync(string folder, IReadOnlyList<string> files)
    {
        var output = Path.Combine(folder, "txt");
        await RunAsync(Soffice, ["--headless", "--norestore", $"-env:UserInstallation={new Uri(Path.Combine(folder, "lo-profile")).AbsoluteUri}",
            "--convert-to", "txt:Text (encoded):UTF8", "--outdir", output, .. files]);
        return files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(f) + ".txt")));
    }

    public static async Task<string> PdfTextAsync(string pdf) => await RunAsync("pdftotext", ["-enc", "UTF-8", pdf, "-"]);

    public static async Task<string> PdfInfoAsync(string pdf) => await RunAsync("pdfinfo", [pdf]);

    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
