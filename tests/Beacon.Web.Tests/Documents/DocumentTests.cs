using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Beacon.Core.Tests.Comparison;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.OpenData;
using Beacon.Web.Tests.Security;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Documents;

/// <summary>The app on SQLite for the document tests alone, so their external programs run beside the other classes.</summary>
public sealed class DocumentsBeacon() : BeaconFactory(DatabaseKind.Sqlite);

[CollectionDefinition(Name)]
public sealed class DocumentsCollection : ICollectionFixture<DocumentsBeacon>
{
    public const string Name = "Documents on SQLite";
}

/// <summary>
/// Every document of the city 2021 plan in every format, opened by real readers (LibreOffice for XLSX, ODS and ODT
/// in one batch; pdftotext for PDF; the Open XML SDK validator) and compared with the figures of the pages.
/// </summary>
[Collection(DocumentsCollection.Name)]
public sealed class DocumentTests(DocumentsBeacon app) : IAsyncLifetime
{
    private static readonly string[] TableDocuments = ["scorecard", "theme-A", "theme-H", "report", "evaluation", "milestones", "membership", "compare"];
    private static readonly string[] OfficeFormats = ["xlsx", "ods", "odt"];
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Files? files;

    private HttpClient client = null!;

    /// <summary>The files downloaded once for the class, and what LibreOffice read back from them.</summary>
    /// <param name="Revised">The organisation holding the DV centre's 2022 plan and its revision for 2023 (drafts).</param>
    private sealed record Files(string Folder, Dictionary<string, string> Paths, Dictionary<string, Dictionary<string, string>> Sheets, Dictionary<string, string> Texts, string Revised);

    public async Task InitializeAsync()
    {
        client = app.CreateClient();
        await Once.WaitAsync();
        try
        {
            files ??= await DownloadAndReadAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Files> DownloadAndReadAsync()
    {
        var folder = Directory.CreateTempSubdirectory("beacon-documents-").FullName;
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task Get(string key, string url)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            // File names differ by format, so LibreOffice's outputs of one document in two formats do not collide.
            var path = Path.Combine(folder, key.Replace('.', '-') + Path.GetExtension(key));
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            paths[key] = path;
        }
        foreach (var document in TableDocuments)
            foreach (var format in OfficeFormats.Append("csv"))
                await Get($"{document}.{format}", $"/api/orgs/TPE/plans/2021/documents/{document}.{format}");
        foreach (var format in OfficeFormats.Append("csv"))
            await Get($"evaluations.{format}", $"/api/evaluations/2021/report.{format}");
        // A revision with every kind of change (targets, renames, removals), as drafts that signed-in staff see.
        var plan2022 = Dataset.NewPlan();
        await app.ImportPlanAsync(plan2022);
        var revised = await app.ImportPlanAsync(PlanKit.Dvpc2023(plan2022));
        var staff = await app.ReaderAsync();
        foreach (var format in OfficeFormats.Append("csv"))
        {
            var response = await staff.GetAsync($"/api/orgs/{revised}/plans/2023/documents/compare.{format}?kind=all");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"revised compare.{format}: {(int)response.StatusCode}");
            var path = Path.Combine(folder, $"revised-compare-{format}.{format}");
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            paths[$"revised-compare.{format}"] = path;
        }
        var spreadsheets = paths.Where(p => p.Key.EndsWith(".xlsx", StringComparison.Ordinal) || p.Key.EndsWith(".ods", StringComparison.Ordinal)).Select(p => p.Value).ToList();
        var texts = paths.Where(p => p.Key.EndsWith(".odt", StringComparison.Ordinal)).Select(p => p.Value).ToList();
        // Two soffice runs for every file, one after the other (they share a profile).
        var sheets = await ExternalReaders.SheetsAsCsvAsync(folder, spreadsheets);
        var read = await ExternalReaders.TextsAsync(folder, texts);
        return new Files(folder, paths,
            paths.Where(p => sheets.ContainsKey(p.Value)).ToDictionary(p => p.Key, p => sheets[p.Value]),
            paths.Where(p => read.ContainsKey(p.Value)).ToDictionary(p => p.Key, p => read[p.Value]), revised);
    }

    private static Files F => files ?? throw new InvalidOperationException("not downloaded");

    private static List<List<string>> Csv(string text) => Rfc4180.Parse(text.EndsWith("\n", StringComparison.Ordinal) ? text.Replace("\r\n", "\n").Replace("\n", "\r\n") : text + "\r\n");

    /// <summary>A figure as the page prints it and as a sheet stores it are the same figure: equal as numbers when both are, else equal texts.</summary>
    private static void SameFigure(string page, string stored, string where)
    {
        var printed = string.Join(' ', page.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        stored = string.Join(' ', stored.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (decimal.TryParse(printed.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && !printed.StartsWith('+'))
            Assert.True(decimal.TryParse(stored.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var read) && read == number,
                $"{where}: the page prints {printed}, the file holds '{stored}'");
        else
            Assert.True(string.Equals(printed, stored.Trim(), StringComparison.Ordinal) || (printed is "—" or "無" && stored.Trim().Length == 0) || (printed == "—" && stored.Trim() == "—"),
                $"{where}: the page prints '{printed}', the file holds '{stored}'");
    }

    [Fact]
    public async Task Scorecard_sheets_read_back_by_LibreOffice_hold_the_pages_KPIs_and_values_as_numbers()
    {
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/orgs/TPE/2021/scorecard"));
        var headers = page.QuerySelectorAll("section#perspective-C table.scorecard thead th").Select(th => th.TextContent.Trim()).ToList();
        var targetColumn = headers.FindIndex(h => h == "110年 目標值");
        var actualColumn = headers.FindIndex(h => h == "110年 實際值");
        Assert.True(targetColumn > 0 && actualColumn > 0, string.Join(" | ", headers));
        var kpiCells = page.QuerySelectorAll("table.scorecard td.kpi").ToList();
        Assert.Equal(162, kpiCells.Count);

        foreach (var format in new[] { "xlsx", "ods" })
        {
            var sheets = F.Sheets[$"scorecard.{format}"];
            Assert.Equal(["顧客構面", "內部流程構面", "學習成長構面", "財務構面"], sheets.Keys.Order(StringComparer.Ordinal).OrderBy(k => "顧內學財".IndexOf(k[0], StringComparison.Ordinal)));
            var records = sheets.Values.SelectMany(Csv).ToList();
            Assert.Equal("臺北市政府 民國110年 平衡計分卡", records[0][0]);
            foreach (var cell in kpiCells)
            {
                var code = cell.QuerySelector(".code")!.TextContent.Trim();
                var row = (AngleSharp.Html.Dom.IHtmlTableRowElement)cell.ParentElement!;
                var record = records.Single(r => r.Any(f => f.StartsWith(code + " ", StringComparison.Ordinal)));
                var kpiIndex = record.FindIndex(f => f.StartsWith(code + " ", StringComparison.Ordinal));
                // The KPI cell sits at column 2 of the page's header; the row's cells after it line up with the file's.
                var pageCells = row.Cells.SkipWhile(c => c != cell).ToList();
                var fileCells = record.Skip(kpiIndex).ToList();
                SameFigure(pageCells[targetColumn - 2].TextContent, fileCells[targetColumn - 2], $"{format} {code} target");
                SameFigure(pageCells[actualColumn - 2].TextContent, fileCells[actualColumn - 2], $"{format} {code} actual");
            }
            // A number as printed with separators (27,000,000) comes back as the number stored, not as text.
            Assert.Contains(records, r => r.Contains("27000000"));
        }
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Evaluation_statistics_in_every_format_equal_the_evaluation_pages()
    {
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/orgs/TPE/2021/evaluation"));
        var pageStats = page.QuerySelectorAll("table.stats.by-perspective").First();
        var expected = pageStats.QuerySelectorAll("tbody tr, tfoot tr")
            .Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal("合計", expected[^1][0]);

        foreach (var format in new[] { "xlsx", "ods" })
        {
            var records = Csv(F.Sheets[$"evaluation.{format}"]["燈號統計"]);
            var start = records.FindIndex(r => r[0] == "自評燈號統計表");
            Assert.True(start >= 0, format);
            for (var i = 0; i < expected.Count; i++)
                Assert.Equal(expected[i], records[start + 2 + i].Take(expected[i].Count).ToList());
        }
        var text = F.Texts["evaluation.odt"];
        foreach (var row in expected) Assert.Contains(string.Join("\n", row), text.Replace("\r\n", "\n"));
        var csv = Csv(Encoding.UTF8.GetString(File.ReadAllBytes(F.Paths["evaluation.csv"])[3..]));
        Assert.Contains(csv, r => r.Take(expected[^1].Count).SequenceEqual(expected[^1]));

        // The per-KPI rows: every KPI of the page, and its achievement to one decimal.
        var rows = Csv(F.Sheets["evaluation.xlsx"]["各項 KPI 自評與複核"]);
        foreach (var tr in page.QuerySelectorAll("table.evaluation tbody tr"))
        {
            var code = tr.Id!;
            var record = rows.Single(r => r[0].StartsWith(code + " ", StringComparison.Ordinal));
            var rate = tr.QuerySelector("td.achievement span")?.TextContent.Trim();
            if (rate is not null) SameFigure(rate, record[3], $"{code} achievement");
        }
    }

    [Fact]
    public async Task Theme_reports_and_the_whole_administrative_report_carry_every_KPI_with_its_target_and_actual()
    {
        var themePage = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/orgs/TPE/2021/themes/A"));
        var pageRows = themePage.QuerySelectorAll("table.report tbody tr").ToList();
        Assert.NotEmpty(pageRows);
        var records = F.Sheets["theme-A.xlsx"].Values.SelectMany(Csv).ToList();
        foreach (var tr in pageRows)
        {
            var code = tr.QuerySelector(".code")!.TextContent.Trim();
            var record = records.Single(r => r[0].StartsWith(code + " ", StringComparison.Ordinal));
            var cells = tr.Children.ToList();
            SameFigure(cells[4].TextContent, record[4], $"theme A {code} target");
            SameFigure(cells[5].TextContent, record[5], $"theme A {code} actual");
        }
        Assert.Contains("環保局", string.Join(",", records.SelectMany(r => r)));

        // The whole report: a contents page listing the eight themes, then every theme's KPIs in order.
        var report = F.Texts["report.odt"];
        var contents = report.IndexOf("目錄", StringComparison.Ordinal);
        Assert.True(contents > 0);
        var positions = "ABCDEFGH".Select(letter => report.IndexOf($"\n{letter} ", contents + 2, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > contents));
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var planId = await db.Plans.Where(p => p.Organisation.Code == "TPE" && p.Year == 2021).Select(p => p.Id).SingleAsync();
        var codes = await db.Kpis.Where(k => k.Objective.PlanId == planId).Select(k => k.Code).ToListAsync();
        Assert.Equal(162, codes.Count);
        foreach (var code in codes) Assert.Contains(code + " ", report);
        Assert.Contains("臺北市政府 民國110年 施政報告", report);
    }

    [Fact]
    public async Task Membership_milestones_and_the_years_evaluation_report_read_back_with_the_pages_figures()
    {
        var membership = Csv(F.Sheets["membership.ods"].Values.Single());
        var a = membership.Single(r => r[0] == "A");
        Assert.Equal(("營造永續環境", "環保局"), (a[1], a[2]));
        Assert.Contains("翡翠局", a[3]);
        Assert.Equal(8, membership.Count(r => r[0].Length == 1 && char.IsAsciiLetterUpper(r[0][0])));

        var milestones = Csv(F.Sheets["milestones.xlsx"].Values.Single());
        Assert.Contains(milestones, r => r.Contains("1-2月") && r.Contains("11-12月"));
        Assert.Equal(243, milestones.Count(r => System.Text.RegularExpressions.Regex.IsMatch(r[0], @"^[A-H][CPLF]\d+\.\d+\.\d+ ")));

        // The cross-organisation report: each organisation's counts as GET /api/evaluations/2021 gives them.
        var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/evaluations/2021")).RootElement;
        var organisations = json.GetProperty("organisations").EnumerateArray().ToList();
        Assert.NotEmpty(organisations);
        foreach (var format in new[] { "xlsx", "ods" })
        {
            var records = F.Sheets[$"evaluations.{format}"].Values.SelectMany(Csv).ToList();
            foreach (var o in organisations)
            {
                var record = records.Single(r => r[0].EndsWith($"({o.GetProperty("organisation").GetString()})", StringComparison.Ordinal));
                Assert.Equal(o.GetProperty("kpis").GetInt32().ToString(CultureInfo.InvariantCulture), record[2]);
                Assert.Equal(o.GetProperty("achieved").GetInt32().ToString(CultureInfo.InvariantCulture), record[3]);
            }
        }
        Assert.Contains("各機關評核總覽", F.Texts["evaluations.odt"]);
    }

    [Fact]
    public void Workbooks_pass_the_Open_XML_validator_with_frozen_headers_merges_and_numbers_stored_as_numbers()
    {
        foreach (var (key, path) in F.Paths.Where(p => p.Key.EndsWith(".xlsx", StringComparison.Ordinal)))
        {
            using var book = SpreadsheetDocument.Open(path, false);
            var errors = new OpenXmlValidator().Validate(book).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, $"{key}: {string.Join("\n", errors.Take(10))}");
        }
        using (var scorecard = SpreadsheetDocument.Open(F.Paths["scorecard.xlsx"], false))
        {
            var sheet = scorecard.WorkbookPart!.WorksheetParts.First().Worksheet;
            var pane = sheet.Descendants<Pane>().Single();
            Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
            Assert.Equal(3d, pane.VerticalSplit!.Value);
            Assert.NotEmpty(sheet.Descendants<MergeCell>());
            var numbers = scorecard.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>())
                .Where(c => c.DataType is null && c.CellValue is not null).Select(c => c.CellValue!.Text).ToList();
            Assert.Contains("27000000", numbers);
            Assert.Contains("12.9", numbers);
            var widths = sheet.Descendants<Column>().Select(c => c.Width!.Value).ToList();
            Assert.True(widths.Max() >= 20, "the widest column fits a line of Chinese text");
            Assert.Contains(scorecard.WorkbookPart.Workbook.Descendants<DefinedName>(), d => d.Name == "_xlnm.Print_Titles");
        }
    }

    [Fact]
    public void OpenDocument_files_are_zips_with_mimetype_first_and_stored_and_a_manifest()
    {
        foreach (var (key, path) in F.Paths.Where(p => p.Key.EndsWith(".ods", StringComparison.Ordinal) || p.Key.EndsWith(".odt", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(path);
            // The local header of the first entry: signature, compression method 0 (stored) at offset 8, name at 30.
            Assert.Equal([0x50, 0x4B, 0x03, 0x04], bytes[..4]);
            Assert.Equal(0, BitConverter.ToUInt16(bytes, 8));
            var nameLength = BitConverter.ToUInt16(bytes, 26);
            var extraLength = BitConverter.ToUInt16(bytes, 28);
            Assert.Equal("mimetype", Encoding.ASCII.GetString(bytes, 30, nameLength));
            var type = key.EndsWith(".ods", StringComparison.Ordinal) ? "application/vnd.oasis.opendocument.spreadsheet" : "application/vnd.oasis.opendocument.text";
            Assert.Equal(type, Encoding.ASCII.GetString(bytes, 30 + nameLength + extraLength, type.Length));

            using var zip = ZipFile.OpenRead(path);
            Assert.Equal("mimetype", zip.Entries[0].FullName);
            XNamespace m = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
            using var manifestStream = zip.GetEntry("META-INF/manifest.xml")!.Open();
            var manifest = XDocument.Load(manifestStream);
            var entries = manifest.Root!.Elements(m + "file-entry").ToDictionary(e => (string)e.Attribute(m + "full-path")!, e => (string)e.Attribute(m + "media-type")!);
            Assert.Equal(type, entries["/"]);
            Assert.Equal("1.3", (string?)manifest.Root.Attribute(m + "version"));
            foreach (var part in new[] { "content.xml", "styles.xml", "meta.xml" })
            {
                Assert.True(entries.ContainsKey(part), $"{key}: {part} is not in the manifest");
                using var s = zip.GetEntry(part)!.Open();
                Assert.Equal("1.3", (string?)XDocument.Load(s).Root!.Attribute(XName.Get("version", "urn:oasis:names:tc:opendocument:xmlns:office:1.0")));
            }
        }
    }

    [Fact]
    public void Csv_files_are_UTF8_with_a_byte_order_mark_and_the_title_as_printed()
    {
        foreach (var (key, path) in F.Paths.Where(p => p.Key.EndsWith(".csv", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            var records = Rfc4180.Parse(Encoding.UTF8.GetString(bytes[3..]));
            Assert.True(records[0][0].Contains(key.StartsWith("revised", StringComparison.Ordinal) ? "民國112年" : "民國110年", StringComparison.Ordinal), $"{key}: {records[0][0]}");
            Assert.True(records.All(r => r.Count == records[0].Count), key);
        }
    }

    [Fact]
    public async Task Pdf_documents_are_A4_with_page_numbers_and_pdftotext_finds_the_Chinese_text_codes_and_numbers()
    {
        var wanted = new (string Url, string[] Texts, bool Landscape)[]
        {
            ("/api/orgs/TPE/plans/2021/documents/scorecard.pdf", ["臺北市政府 民國110年 平衡計分卡", "顧客構面", "AC1.1", "細懸浮微粒", "27,000,000", "1 / "], true),
            ("/api/orgs/TPE/plans/2021/documents/evaluation.pdf", ["自評燈號統計表", "合計", "162", "各構面自評燈號"], true),
            ("/api/orgs/TPE/plans/2021/documents/report.pdf", ["施政報告", "目錄", "營造永續環境", "HF1.1", "環保局"], false),
            ("/api/orgs/TPE/plans/2021/documents/map.pdf", ["策略地圖", "營造永續環境", "AC1"], true),
            ("/api/evaluations/2021/report.pdf", ["各機關評核總覽", "臺北市政府"], true),
            ("/api/orgs/TPE/plans/2021/documents/compare.pdf", ["臺北市政府 民國107年 → 民國110年 修正對照表", "各構面項目數", "AC1.1", "新增", "−58", "+162"], true),
        };
        var pdfs = await Task.WhenAll(wanted.Select(async w =>
        {
            var response = await client.GetAsync(w.Url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            var path = Path.Combine(F.Folder, Path.GetFileName(w.Url).Replace(".pdf", "") + "-" + Math.Abs(w.Url.GetHashCode()) + ".pdf");
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            return path;
        }));
        for (var i = 0; i < wanted.Length; i++)
        {
            var text = await ExternalReaders.PdfTextAsync(pdfs[i]);
            foreach (var t in wanted[i].Texts) Assert.True(text.Contains(t, StringComparison.Ordinal), $"{wanted[i].Url}: '{t}' not found");
            var info = await ExternalReaders.PdfInfoAsync(pdfs[i]);
            Assert.Contains(wanted[i].Landscape ? "841.92 x 594.96 pts (A4)" : "594.96 x 841.92 pts (A4)", info);
        }
        // The map fits one page; a long table runs over many, each numbered.
        Assert.Contains("Pages:           1\n", await ExternalReaders.PdfInfoAsync(pdfs[3]));
        Assert.Contains("2 / ", await ExternalReaders.PdfTextAsync(pdfs[0]));
    }

    [Fact]
    public async Task The_map_as_SVG_links_objectives_to_the_scorecard_and_as_PNG_is_a_picture_of_it()
    {
        var svg = XDocument.Parse(await client.GetStringAsync("/api/orgs/TPE/plans/2021/documents/map.svg"));
        XNamespace s = "http://www.w3.org/2000/svg";
        var links = svg.Descendants(s + "a").Select(a => (string?)a.Attribute("href")).ToList();
        Assert.Contains(links, l => l is not null && l.EndsWith("/orgs/TPE/2021/scorecard#AC1", StringComparison.Ordinal) && l.StartsWith("http", StringComparison.Ordinal));
        Assert.Contains(links, l => l is not null && l.EndsWith("/orgs/TPE/2021/themes/A", StringComparison.Ordinal));
        Assert.Equal(8, svg.Descendants(s + "g").Count(g => ((string?)g.Attribute("class"))?.Contains("theme", StringComparison.Ordinal) == true));

        var png = await client.GetByteArrayAsync("/api/orgs/TPE/plans/2021/documents/map.png");
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        Assert.True(width >= 1000, $"{width} px wide");
    }

    /// <summary>A count as the compare page prints it (+47, −10, 0) and as a sheet stores it (47, -10, 0) are the same number.</summary>
    private static void SameCount(string page, string stored, string where) =>
        Assert.True(int.Parse(page.Replace('−', '-').TrimStart('+'), CultureInfo.InvariantCulture) == int.Parse(stored.Trim(), CultureInfo.InvariantCulture),
            $"{where}: the page prints {page}, the file holds '{stored}'");

    [Fact]
    public async Task The_revision_comparison_in_every_format_holds_the_compare_pages_counts_and_rows()
    {
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/orgs/TPE/2021/compare"));
        var counts = page.QuerySelectorAll("#compare-counts tbody tr, #compare-counts tfoot tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(5, counts.Count);
        var pageRows = page.QuerySelectorAll("#compare-rows tbody tr[data-code]").Select(tr => tr.GetAttribute("data-code")!).ToList();
        Assert.NotEmpty(pageRows);
        string[] levels = ["策略目標", "KPI", "行動計畫"];

        foreach (var format in new[] { "xlsx", "ods" })
        {
            var sheets = F.Sheets[$"compare.{format}"];
            var records = Csv(sheets["各構面項目數"]);
            Assert.Equal("臺北市政府 民國107年 → 民國110年 修正對照表", records[0][0]);
            foreach (var expected in counts)
            {
                var record = records.Single(r => r[0] == expected[0]);
                for (var i = 1; i < expected.Count; i++) SameCount(expected[i], record[i], $"{format} {expected[0]} column {i}");
            }
            // Every row of the page, and no other, on the perspectives' sheets: the level, then 原 and 修正後 under their codes.
            var rows = sheets.Where(s => s.Key != "各構面項目數").SelectMany(s => Csv(s.Value)).Where(r => levels.Contains(r[0])).ToList();
            Assert.Equal(pageRows.Count, rows.Count);
            foreach (var code in pageRows)
                Assert.Contains(rows, r => r[1].StartsWith(code + " ", StringComparison.Ordinal) || r[2].StartsWith(code + " ", StringComparison.Ordinal));
        }
        var text = F.Texts["compare.odt"].Replace("\r\n", "\n");
        Assert.Contains("臺北市政府 民國107年 → 民國110年 修正對照表", text);
        foreach (var code in pageRows) Assert.Contains(code + " ", text);
        var csv = Csv(Encoding.UTF8.GetString(File.ReadAllBytes(F.Paths["compare.csv"])[3..]));
        Assert.Equal(pageRows.Count, csv.Count(r => levels.Contains(r[0])));

        // The page offers this comparison in every table format, with the year it compares with.
        var links = page.QuerySelectorAll("details.downloads .formats a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["xlsx", "ods", "odt", "pdf", "csv"], links.Select(l => l!.Split('?')[0].Split('.')[^1]));
        Assert.All(links, l => Assert.Equal("/api/orgs/TPE/plans/2021/documents/compare." + l!.Split('?')[0].Split('.')[^1] + "?with=2018", l));
    }

    [Fact]
    public async Task A_revised_plans_comparison_prints_what_each_item_was_and_is_and_why()
    {
        var reader = await app.ReaderAsync();
        var page = await new HtmlParser().ParseDocumentAsync(await reader.GetStringAsync($"/orgs/{F.Revised}/2023/compare?kind=all"));
        var pageRows = page.QuerySelectorAll("#compare-rows tbody tr[data-code]").ToList();
        Assert.Equal(59, pageRows.Count);
        foreach (var format in new[] { "xlsx", "ods" })
        {
            var records = F.Sheets[$"revised-compare.{format}"].Values.SelectMany(Csv).ToList();
            var target = records.Single(r => r[1].StartsWith("AC1.1 ", StringComparison.Ordinal));
            Assert.Contains("112年目標值：7.5", target[1]);
            Assert.Contains("112年目標值：7.4", target[2]);
            Assert.Equal("目標值修正", target[3]);
            var removed = records.Single(r => r[1].StartsWith("AC1.1.3 ", StringComparison.Ordinal));
            Assert.Equal("（刪除）", removed[2]);
            Assert.Contains("與修正後 BC3.3.1「臺北市6歲以下兒少保護個案親職賦能計畫」相近", removed[3]);
            // Unchanged rows too (kind=all), as the page with the same filter.
            Assert.Equal(59, records.Count(r => r[0] is "策略目標" or "KPI" or "行動計畫"));
        }
        Assert.Contains("112年目標值：7.4", F.Texts["revised-compare.odt"]);

        // The page's filters narrow the document as they narrow the page; a draft's comparison is not for anonymous readers.
        var filtered = await reader.GetStringAsync($"/orgs/{F.Revised}/2023/compare?kind=TargetChanged&level=Kpi");
        var filteredRows = (await new HtmlParser().ParseDocumentAsync(filtered)).QuerySelectorAll("#compare-rows tbody tr[data-code]").Select(tr => tr.GetAttribute("data-code")!).ToList();
        Assert.NotEmpty(filteredRows);
        var bytes = await reader.GetByteArrayAsync($"/api/orgs/{F.Revised}/plans/2023/documents/compare.csv?kind=TargetChanged&level=Kpi");
        var csvRows = Csv(Encoding.UTF8.GetString(bytes[3..])).Where(r => r[0] is "策略目標" or "KPI" or "行動計畫").ToList();
        Assert.Equal(filteredRows, csvRows.Select(r => r[2].Split(' ')[0]));
        Assert.All(csvRows, r => Assert.Equal("KPI", r[0]));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/orgs/{F.Revised}/plans/2023/documents/compare.csv")).StatusCode);
    }

    [Theory]
    [InlineData("/api/orgs/TPE/plans/2021/documents/compare.xlsx?with=2021")]
    [InlineData("/api/orgs/TPE/plans/2021/documents/compare.xlsx?kind=Renamedish")]
    [InlineData("/api/orgs/TPE/plans/2021/documents/compare.xlsx?perspective=Nowhere")]
    public async Task A_comparison_with_its_own_year_or_an_unknown_filter_is_400(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/orgs/TPE/plans/2021/documents/compare.svg")]
    [InlineData("/api/orgs/TPE/plans/2021/documents/compare.xlsx?with=2019")]
    [InlineData("/api/orgs/TPE-DVPC/plans/2022/documents/compare.xlsx")]
    [InlineData("/api/orgs/TPE/plans/2021/documents/map.xlsx")]
    [InlineData("/api/orgs/TPE/plans/2021/documents/scorecard.svg")]
    [InlineData("/api/orgs/TPE/plans/2021/documents/scorecard.docx")]
    [InlineData("/api/orgs/TPE/plans/2021/documents/scorecard.XLSX")]
    [InlineData("/api/orgs/TPE/plans/2021/documents/theme-Z.pdf")]
    [InlineData("/api/orgs/TPE-DVPC/plans/2022/documents/membership.xlsx")]
    [InlineData("/api/orgs/TPE/plans/1999/documents/scorecard.xlsx")]
    [InlineData("/api/evaluations/1999/report.xlsx")]
    [InlineData("/api/evaluations/2021/report.svg")]
    public async Task A_document_or_format_that_does_not_exist_is_404_problem_details(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_draft_plans_documents_are_for_signed_in_staff_only_and_named_after_organisation_year_and_document()
    {
        var org = await app.ImportPlanAsync(Dataset.NewPlan(Dataset.NewOrganisationCode()));
        await app.SetStatusAsync(org, PlanStatus.Draft);
        var url = $"/api/orgs/{org}/plans/2022/documents/scorecard.xlsx";
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/orgs/{org}/plans/2022/documents/evaluation.pdf")).StatusCode);

        var staff = await app.ClientAsAsync(Roles.Viewer);
        var response = await staff.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"{org}_111年_平衡計分卡.xlsx", disposition.FileNameStar);
        Assert.Equal($"{org}_111_scorecard.xlsx", disposition.FileName?.Trim('"'));

        var english = await staff.GetAsync(url + "?culture=en");
        Assert.Equal($"{org}_2022_balanced-scorecard.xlsx", english.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task In_English_a_document_has_the_English_names_and_Gregorian_years()
    {
        var bytes = await client.GetByteArrayAsync("/api/orgs/TPE/plans/2021/documents/evaluation.csv?culture=en");
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal("Taipei City Government 2021 self-assessment", records[0][0]);
        Assert.Contains(records, r => r[0] == "Self-assessment light statistics");
        // The documents' own words are English; values keep the text the agencies wrote (110年尚未調查完成 …).
        Assert.DoesNotContain(records.SelectMany(r => r), f => f.Contains("民國", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Take(5).SequenceEqual(["Perspective", "KPIs", "Achieved", "Not achieved", "No data"]));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_both_document_addresses()
    {
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/orgs/{org}/plans/{year}/documents/{document}.{format}", openApi);
        Assert.Contains("/api/evaluations/{year}/report.{format}", openApi);
    }
}
