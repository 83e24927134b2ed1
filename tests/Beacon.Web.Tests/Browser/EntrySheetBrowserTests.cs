using System.Text;
using Beacon.Web.Data;
using Beacon.Web.Tests.Documents;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// The entry sheet in real Chromium, as an agency editor uses it: download the template from the entry page, fill it
/// in (LibreOffice reads the template as CSV, the CSV is edited, LibreOffice saves it as XLSX — one soffice run each
/// way), upload it, see the problem at its cell, upload the fixed file, see the change old → new, save, and find the
/// value on the evaluation page. axe-core finds no serious or critical violation in the preview.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class EntrySheetBrowserTests(SqliteBeacon app) : IAsyncLifetime
{
    private Chromium chromium = null!;

    public async Task InitializeAsync() => chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    private static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.EvaluateAsync(await File.ReadAllTextAsync(Chromium.AxeScript));
        var violations = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }

    [Fact]
    public async Task An_editor_downloads_fills_previews_fixes_a_cell_and_saves_the_entry_sheet()
    {
        var org = await app.ImportAsPlannerAsync();
        var email = await app.AccountAsync(Roles.AgencyEditor, org);
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        await page.SignInAsync(app.ServerAddress, email);
        var folder = Directory.CreateTempSubdirectory("beacon-entry-sheet-").FullName;

        await page.GotoAsync(new Uri(app.ServerAddress, $"/orgs/{org}/2022/entry").ToString());
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("section.sheet-entry a[href$='entry-sheet.xlsx']"));
        var template = Path.Combine(folder, "template.xlsx");
        await download.SaveAsAsync(template);

        // The form sheet as LibreOffice reads it, then filled in: AC3.1's three scores (it has none yet), the innovation
        // mistyped as 150, then fixed to 88.
        var sheets = (await ExternalReaders.SheetsAsCsvAsync(folder, [template]))[template];
        var form = sheets.Single(s => s.Key != "Beacon").Value;
        var rows = Csv.Parse(form);
        var header = rows.FindIndex(r => r.Contains("創新度"));
        var column = rows[header].IndexOf("創新度");
        var challenge = rows[header].IndexOf("挑戰度");
        var contribution = rows[header].IndexOf("貢獻度");
        var row = rows.FindIndex(r => r.Count > 0 && r[0] == "AC3.1");
        var cell = $"{(char)('A' + column)}{row + 1}";
        foreach (var (name, value) in new[] { ("mistyped", "150"), ("fixed", "88") })
        {
            var filled = rows.Select(r => r.ToList()).ToList();
            filled[row][column] = value;
            filled[row][challenge] = "80";
            filled[row][contribution] = "80";
            await File.WriteAllTextAsync(Path.Combine(folder, name + ".csv"), Csv.Write(filled));
        }
        var profile = $"-env:UserInstallation={new Uri(Path.Combine(folder, "lo-profile")).AbsoluteUri}";
        await ExternalReaders.RunAsync(ExternalReaders.Soffice, ["--headless", "--norestore", profile, "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
            "--outdir", Path.Combine(folder, "lo"), Path.Combine(folder, "mistyped.csv"), Path.Combine(folder, "fixed.csv")]);

        await page.GotoAsync(new Uri(app.ServerAddress, $"/orgs/{org}/2022/entry").ToString());
        await page.ClickAsync("section.sheet-entry a[href$='/entry/sheet']");
        await page.SetInputFilesAsync("#sheet-file", Path.Combine(folder, "lo", "mistyped.xlsx"));
        await page.ClickAsync("form.sheet-upload-form button[type=submit]");
        var problems = await page.Locator("table.sheet-problems tbody tr").AllInnerTextsAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, "entry-sheet-problem.png"), FullPage = true });
        Assert.Contains(problems, p => p.Contains(cell, StringComparison.Ordinal));
        Assert.Equal(0, await page.Locator("form.sheet-commit").CountAsync());

        await page.SetInputFilesAsync("#sheet-file", Path.Combine(folder, "lo", "fixed.xlsx"));
        await page.ClickAsync("form.sheet-upload-form button[type=submit]");
        var change = await page.Locator("table.sheet-changes tbody tr").AllInnerTextsAsync();
        Assert.Contains(change, c => c.Contains("AC3.1", StringComparison.Ordinal) && c.Contains("88", StringComparison.Ordinal) && c.Contains(cell, StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotFolder, "entry-sheet-preview.png"), FullPage = true });
        var serious = await SeriousViolationsAsync(page);
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        var left = await page.Locator("table.sheet-problems tbody tr").AllInnerTextsAsync();
        Assert.True(left.Count == 0, "the fixed file still has problems:\n" + string.Join("\n", left));
        await page.ClickAsync("form.sheet-commit button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("/entry?saved=", StringComparison.Ordinal));

        await page.GotoAsync(new Uri(app.ServerAddress, $"/orgs/{org}/2022/evaluation").ToString());
        Assert.Equal("88", (await page.Locator("tr[id='AC3.1'] td.num").Nth(3).InnerTextAsync()).Trim());
    }

    /// <summary>CSV as LibreOffice writes it: commas, fields in double quotes when they hold a comma, a quote or a line break.</summary>
    private static class Csv
    {
        public static List<List<string>> Parse(string text)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
                else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; }
                else if (c != '\r') field.Append(c);
            }
            if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
            return rows;
        }

        public static string Write(IEnumerable<IEnumerable<string>> rows) =>
            string.Concat(rows.Select(r => string.Join(",", r.Select(f => f.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : f)) + "\n"));
    }
}
