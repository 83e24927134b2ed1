using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AngleSharp;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.OpenData;

/// <summary>The published CSV and JSON of approved plans, on a real database of each kind.</summary>
public abstract class OpenDataTests(BeaconFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    private static readonly string[] ScorecardFixedColumns =
    [
        "organisation", "organisationName", "year", "rocYear", "perspective", "themeCode", "theme", "objectiveCode", "objective",
        "kpiCode", "kpi", "formula", "parts", "unit", "direction", "responsible",
    ];

    private static readonly string[] EvaluationColumns =
    [
        "organisation", "year", "kpiCode", "kpi", "target", "actual", "achievement", "achieved",
        "innovation", "challenge", "contribution", "total", "lightSymbol", "light", "lightName",
        "reviewInnovation", "reviewChallenge", "reviewContribution", "reviewTotal", "reviewLightSymbol", "reviewLight", "reviewLightName",
    ];

    [Fact]
    public async Task The_scorecard_CSV_is_UTF8_with_a_BOM_RFC_4180_and_downloads_under_a_readable_name()
    {
        var response = await client.GetAsync("/open-data/TPE/2021/scorecard.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("TPE-2021-scorecard.csv", response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("organisation,organisationName,year,", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_Taipei_2021_scorecard_has_a_row_for_each_of_its_162_KPIs_as_the_document_prints_them()
    {
        var (header, rows) = await CsvAsync("/open-data/TPE/2021/scorecard.csv");

        Assert.Equal([.. ScorecardFixedColumns, "2021 target", "2021 actual", "actionPlans"], header);
        Assert.Equal(162, rows.Count);
        Assert.Equal(162, rows.Select(r => r["kpiCode"]).Distinct().Count());
        var pm25 = rows.Single(r => r["kpiCode"] == "AC1.1");
        Assert.Equal("TPE", pm25["organisation"]);
        Assert.Equal("臺北市政府", pm25["organisationName"]);
        Assert.Equal("2021", pm25["year"]);
        Assert.Equal("110", pm25["rocYear"]);
        Assert.Equal("顧客", pm25["perspective"]);
        Assert.Equal("A", pm25["themeCode"]);
        Assert.Equal("營造永續環境", pm25["theme"]);
        Assert.Equal("AC1", pm25["objectiveCode"]);
        Assert.Equal("細懸浮微粒 (PM2.5) 年平均濃度", pm25["kpi"]);
        Assert.Equal("三年移動平均監測值濃度", pm25["formula"]);
        Assert.Equal("", pm25["parts"]);
        Assert.Equal("μg/m³", pm25["unit"]);
        Assert.Equal("negative", pm25["direction"]);
        Assert.Equal("環保局", pm25["responsible"]);
        Assert.Equal("12.9", pm25["2021 target"]);
        Assert.Equal("12.3", pm25["2021 actual"]);
        Assert.Equal("AC1.1.1 臺北市清新空氣行動計畫", pm25["actionPlans"]);
        // A KPI measured in two weighted parts: each part on a line of its own cell.
        var gateway = rows.Single(r => r["kpiCode"] == "BP2.1");
        Assert.Equal("東區門戶計畫：93\n西區門戶計畫：70", gateway["2021 target"]);
        Assert.Equal("東區門戶計畫：93\n西區門戶計畫：94", gateway["2021 actual"]);
        Assert.StartsWith("東區門戶計畫 (50%)：[B/A]*20%+[(B+C)/A]*80%", gateway["parts"]);
        Assert.Equal("BP2.1.1 東區門戶計畫及其相關子計畫\nBP2.1.2 智慧化建設\nBP2.1.3 公共環境整備", string.Join("\n", gateway["actionPlans"].Split('\n').Take(3)));
        // Several responsible units, joined as the documents print them.
        Assert.Equal("教育局、體育局", rows.Single(r => r["kpiCode"] == "FF1.1")["responsible"]);
    }

    [Fact]
    public async Task A_plan_with_values_over_several_years_gets_a_column_for_each_year_and_kind()
    {
        var (header, rows) = await CsvAsync("/open-data/TPE-DVPC/2022/scorecard.csv");

        Assert.Equal([.. ScorecardFixedColumns, "2019 actual", "2020 actual", "2021 actual", "2022 target", "2023 target", "2024 target", "actionPlans"], header);
        Assert.Equal(Dataset.Document("TPE-DVPC-2022.json").Objectives.Sum(o => o.Kpis.Count), rows.Count);
    }

    [Fact]
    public async Task The_Taipei_2021_evaluation_gives_AC1_1_an_achievement_of_104_9()
    {
        var response = await client.GetAsync("/open-data/TPE/2021/evaluation.csv");
        var (header, rows) = await CsvAsync("/open-data/TPE/2021/evaluation.csv");

        Assert.Equal("TPE-2021-evaluation.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(EvaluationColumns, header);
        Assert.Equal(162, rows.Count);
        var pm25 = rows.Single(r => r["kpiCode"] == "AC1.1");
        Assert.Equal("12.9", pm25["target"]);
        Assert.Equal("12.3", pm25["actual"]);
        Assert.Equal("104.9", pm25["achievement"]);   // negative indicator: 12.9 ÷ 12.3 × 100
        Assert.Equal("true", pm25["achieved"]);
        Assert.Equal("", pm25["total"]);              // no self-assessment scores in the document
        Assert.Equal("?", pm25["lightSymbol"]);
        Assert.Equal("unclear", pm25["light"]);
        Assert.Equal("績效不明", pm25["lightName"]);
        Assert.Equal("", pm25["reviewLight"]);
        // Achievement always shows its one decimal, 100.0 included.
        Assert.All(rows.Where(r => r["achievement"] != ""), r => Assert.Matches(@"^-?\d+\.\d$", r["achievement"]));
    }

    [Fact]
    public async Task Scores_totals_and_lights_are_published_self_and_reviewed_side_by_side()
    {
        var org = await ImportAsync(Dataset.Document("TPE-2021.json"));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var kpiId = await db.Kpis.Where(k => k.Code == "AC1.1" && k.Objective.PlanId == db.Plans.Single(p => p.Organisation.Code == org).Id).Select(k => k.Id).SingleAsync();
            db.KpiAssessments.Add(new KpiAssessment
            {
                KpiId = kpiId, SelfInnovation = 80, SelfChallenge = 90, SelfContribution = 85,
                ReviewInnovation = 70, ReviewChallenge = 70, ReviewContribution = 70, UpdatedAt = DateTimeOffset.UtcNow, Version = 1,
            });
            await db.SaveChangesAsync();
        }
        await SetStatusAsync(org, PlanStatus.Approved);

        var (_, rows) = await CsvAsync($"/open-data/{org}/2021/evaluation.csv");

        var pm25 = rows.Single(r => r["kpiCode"] == "AC1.1");
        // 25% × 100 (achievement 104.9, capped) + 25% × 80 + 30% × 90 + 20% × 85 = 89.0 → ● good (80 ≤ total < 92.5).
        Assert.Equal(("80", "90", "85", "89.0"), (pm25["innovation"], pm25["challenge"], pm25["contribution"], pm25["total"]));
        Assert.Equal(("●", "good", "良"), (pm25["lightSymbol"], pm25["light"], pm25["lightName"]));
        // The review: 25 + 17.5 + 21 + 14 = 77.5 → ▲ fair (75 ≤ total < 80); the self-assessment stays beside it.
        Assert.Equal(("70", "70", "70", "77.5"), (pm25["reviewInnovation"], pm25["reviewChallenge"], pm25["reviewContribution"], pm25["reviewTotal"]));
        Assert.Equal(("▲", "fair", "可"), (pm25["reviewLightSymbol"], pm25["reviewLight"], pm25["reviewLightName"]));
        await AssertJsonMatchesCsvAsync($"/open-data/{org}/2021/evaluation");
    }

    [Theory]
    [InlineData("TPE", 2021)]
    [InlineData("TPE-DVPC", 2022)]
    public async Task The_scorecard_JSON_has_the_same_rows_as_the_CSV(string org, int year)
    {
        var (header, rows) = await CsvAsync($"/open-data/{org}/{year}/scorecard.csv");
        var response = await client.GetAsync($"/open-data/{org}/{year}/scorecard.json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{org}-{year}-scorecard.json", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(org, json.GetProperty("organisation").GetString());
        Assert.Equal(year, json.GetProperty("year").GetInt32());
        var jsonRows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, jsonRows.Count);
        var valueColumns = header.Where(h => h.EndsWith(" target", StringComparison.Ordinal) || h.EndsWith(" actual", StringComparison.Ordinal)).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var csv = rows[i];
            var row = jsonRows[i];
            foreach (var column in ScorecardFixedColumns.Except(["parts", "responsible"]))
                Assert.True(Cell(row.GetProperty(column)) == csv[column], $"row {i + 1} ({csv["kpiCode"]}) {column}: JSON «{Cell(row.GetProperty(column))}», CSV «{csv[column]}»");
            Assert.Equal(csv["responsible"], string.Join("、", row.GetProperty("responsible").EnumerateArray().Select(r => r.GetString())));
            Assert.Equal(csv["parts"], string.Join("\n", row.GetProperty("parts").EnumerateArray().Select(p =>
                p.GetProperty("name").GetString()
                + (p.GetProperty("weight").ValueKind == JsonValueKind.Number ? $" ({p.GetProperty("weight").GetRawText()}%)" : "")
                + (p.GetProperty("formula").GetString() is { } f ? $"：{f}" : ""))));
            Assert.Equal(csv["actionPlans"], string.Join("\n", row.GetProperty("actionPlans").EnumerateArray().Select(a => $"{a.GetProperty("code").GetString()} {a.GetProperty("name").GetString()}")));
            var values = row.GetProperty("values").EnumerateArray().ToList();
            foreach (var column in valueColumns)
            {
                var (y, kind) = (int.Parse(column[..4], CultureInfo.InvariantCulture), column[5..]);
                var matching = values.Where(v => v.GetProperty("year").GetInt32() == y && v.GetProperty("kind").GetString() == kind).ToList();
                var own = matching.Where(v => v.GetProperty("part").ValueKind == JsonValueKind.Null).Select(v => v.GetProperty("text").GetString()).FirstOrDefault();
                var expected = own ?? string.Join("\n", matching.Select(v => $"{v.GetProperty("part").GetString()}：{v.GetProperty("text").GetString()}"));
                Assert.True(expected == csv[column], $"row {i + 1} ({csv["kpiCode"]}) {column}: JSON «{expected}», CSV «{csv[column]}»");
            }
        }
        Assert.Equal("negative", jsonRows.Single(r => r.GetProperty("kpiCode").GetString() == "AC1.1").GetProperty("direction").GetString());
    }

    [Fact]
    public async Task The_evaluation_JSON_has_the_same_rows_as_the_CSV()
    {
        var json = await AssertJsonMatchesCsvAsync("/open-data/TPE/2021/evaluation");

        var pm25 = json.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("kpiCode").GetString() == "AC1.1");
        Assert.Equal(104.9m, pm25.GetProperty("achievement").GetDecimal());
        Assert.True(pm25.GetProperty("achieved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pm25.GetProperty("total").ValueKind);
    }

    [Fact]
    public async Task Only_approved_plans_are_published_anything_else_is_404_and_missing_from_the_index()
    {
        var org = await ImportAsync(Dataset.NewPlan());
        var files = new[] { "scorecard.csv", "scorecard.json", "evaluation.csv", "evaluation.json" };

        foreach (var status in new[] { PlanStatus.Draft, PlanStatus.Submitted, PlanStatus.UnderReview, PlanStatus.Returned })
        {
            await SetStatusAsync(org, status);
            foreach (var file in files)
                await AssertNotPublishedAsync($"/open-data/{org}/2022/{file}", org);
            Assert.DoesNotContain(org, await IndexedOrganisationsAsync());
        }

        await SetStatusAsync(org, PlanStatus.Approved);
        foreach (var file in files)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/open-data/{org}/2022/{file}")).StatusCode);
        Assert.Contains(org, await IndexedOrganisationsAsync());
    }

    [Theory]
    [InlineData("/open-data/NO-SUCH-ORG/2021/scorecard.csv")]
    [InlineData("/open-data/TPE/1999/evaluation.json")]
    public async Task A_plan_that_does_not_exist_is_404_problem_details(string path)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_client_that_has_the_current_file_gets_304_without_it()
    {
        var first = await client.GetAsync("/open-data/TPE/2021/evaluation.csv");
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        Assert.False(tag.IsWeak);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/open-data/TPE/2021/evaluation.csv");
        again.Headers.IfNoneMatch.Add(tag);
        var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(tag, (await client.GetAsync("/open-data/TPE/2021/evaluation.csv")).Headers.ETag);
        Assert.NotEqual(tag, (await client.GetAsync("/open-data/TPE/2021/scorecard.csv")).Headers.ETag);
    }

    [Fact]
    public async Task The_index_lists_every_approved_plan_with_its_four_addresses()
    {
        foreach (var path in new[] { "/open-data/index.json", "/open-data" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var plans = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("plans").EnumerateArray().ToList();
            foreach (var (org, year) in new[] { ("TPE", 2018), ("TPE", 2021), ("TPE-DOL", 2018), ("TPE-SWD", 2018), ("TPE-DVPC", 2022) })
            {
                var plan = plans.Single(p => p.GetProperty("organisation").GetString() == org && p.GetProperty("year").GetInt32() == year);
                Assert.Equal(year - 1911, plan.GetProperty("rocYear").GetInt32());
                Assert.Equal($"/open-data/{org}/{year}/scorecard.csv", plan.GetProperty("scorecardCsv").GetString());
                Assert.Equal($"/open-data/{org}/{year}/scorecard.json", plan.GetProperty("scorecardJson").GetString());
                Assert.Equal($"/open-data/{org}/{year}/evaluation.csv", plan.GetProperty("evaluationCsv").GetString());
                Assert.Equal($"/open-data/{org}/{year}/evaluation.json", plan.GetProperty("evaluationJson").GetString());
            }
            Assert.Equal("Taipei City Government", plans.First(p => p.GetProperty("organisation").GetString() == "TPE").GetProperty("organisationNameEn").GetString());
        }
    }

    [Fact]
    public async Task The_index_gives_one_year_or_pages_of_organisations_that_together_are_the_whole()
    {
        static List<(string Org, int Year)> Plans(JsonElement index) =>
            [.. index.GetProperty("plans").EnumerateArray().Select(p => (p.GetProperty("organisation").GetString()!, p.GetProperty("year").GetInt32()))];
        var whole = JsonDocument.Parse(await client.GetStringAsync("/open-data/index.json")).RootElement;
        Assert.False(whole.TryGetProperty("next", out _));
        var plans = Plans(whole);
        // In code order, compared as codes are everywhere (ordinal), then by year.
        Assert.Equal(plans.OrderBy(p => p.Org, StringComparer.Ordinal).ThenBy(p => p.Year), plans);

        // One year: that year's plans, whole.
        var year2021 = JsonDocument.Parse(await client.GetStringAsync("/open-data/index.json?year=2021")).RootElement;
        Assert.Equal(plans.Where(p => p.Year == 2021), Plans(year2021));
        Assert.False(year2021.TryGetProperty("next", out _));

        // Two organisations a page, each with all its plans, following `next` (also in the Link header) to the end.
        var collected = new List<(string Org, int Year)>();
        var pages = 0;
        for (string? next = "/open-data/index.json?limit=2"; next is not null; pages++)
        {
            var response = await client.GetAsync(next);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next}: {response.StatusCode}");
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var rows = Plans(page);
            Assert.InRange(rows.Select(p => p.Org).Distinct().Count(), 1, 2);
            collected.AddRange(rows);
            next = page.TryGetProperty("next", out var address) ? address.GetString() : null;
            Assert.Equal(next is null ? null : $"<{next}>; rel=\"next\"", response.Headers.TryGetValues("Link", out var link) ? link.Single() : null);
        }
        Assert.Equal(plans, collected);
        Assert.Equal((plans.Select(p => p.Org).Distinct().Count() + 1) / 2, pages);

        // A year's pages, after a code given in any case: the organisations after it.
        var taipei = JsonDocument.Parse(await client.GetStringAsync("/open-data/index.json?year=2018&after=tpe&limit=1")).RootElement;
        var first = plans.Where(p => p.Year == 2018 && string.CompareOrdinal(p.Org, "TPE") > 0).Take(1).ToList();
        Assert.Equal(first, Plans(taipei));
        Assert.StartsWith($"/open-data/index.json?year=2018&after={first[0].Org}&limit=1", taipei.GetProperty("next").GetString());

        // Not a number: 400, naming the parameter.
        var bad = await client.GetAsync("/open-data/index.json?year=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("請求格式不正確 / bad request", problem.GetProperty("title").GetString());
        Assert.Contains("year", problem.GetProperty("detail").GetString());
        Assert.Contains("abc", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_open_data_page_shows_a_year_or_all_of_them_a_page_at_a_time()
    {
        async Task<(HttpStatusCode Status, AngleSharp.Dom.IDocument Page)> OpenAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html");
            var response = await client.SendAsync(request);
            return (response.StatusCode, await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(response.Content.ReadAsStream())));
        }
        static List<string> Files(AngleSharp.Dom.IDocument page) =>
            [.. page.QuerySelectorAll("table.opendata tbody tr").Select(tr => tr.QuerySelector("a[href$='scorecard.csv']")!.GetAttribute("href")!)];
        var index = JsonDocument.Parse(await client.GetStringAsync("/open-data/index.json")).RootElement.GetProperty("plans").EnumerateArray()
            .Select(p => (Org: p.GetProperty("organisation").GetString()!, Year: p.GetProperty("year").GetInt32(), Csv: p.GetProperty("scorecardCsv").GetString()!)).ToList();

        // A year: its plans only, the year marked among the years, the programs' link for the same year.
        var (status, year) = await OpenAsync("/open-data?year=2021&size=500");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(index.Where(p => p.Year == 2021).Select(p => p.Csv), Files(year));
        Assert.Equal("110年", year.QuerySelector("nav.years [aria-current=page]")!.TextContent);
        Assert.Equal("/open-data?size=500", year.QuerySelector("nav.years a")!.GetAttribute("href"));
        Assert.NotNull(year.QuerySelector("a[href='/open-data/index.json?year=2021']"));
        Assert.Null(year.QuerySelector("nav.pager"));

        // Every year, two to a page: the second page, with pagers above and below the table.
        var (_, second) = await OpenAsync("/open-data?page=2&size=2");
        Assert.Equal(index.Skip(2).Take(2).Select(p => p.Csv), Files(second));
        var pagers = second.QuerySelectorAll("nav.pager");
        Assert.Equal(2, pagers.Length);
        Assert.Equal($"第 3–4 筆計畫，共 {index.Count} 筆", pagers[0].QuerySelector("p")!.TextContent);
        Assert.Equal("2", pagers[0].QuerySelector("[aria-current=page]")!.TextContent);
        Assert.Equal("/open-data?size=2", pagers[0].QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/open-data?page=3&size=2", pagers[0].QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.NotEqual(pagers[0].GetAttribute("aria-label"), pagers[1].GetAttribute("aria-label"));

        // A year without a published plan: 404, saying so in the ROC calendar, the years that have one still offered.
        var (missing, none) = await OpenAsync("/open-data?year=1999");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("民國88年沒有已核定公開的計畫。", none.QuerySelector("p.empty")!.TextContent);
        Assert.NotNull(none.QuerySelector("nav.years a[href='/open-data?year=2021']"));

        // Not a year: 400, saying what was asked for, and no plans listed (not every year instead).
        var (notANumber, bad) = await OpenAsync("/open-data?year=abc");
        Assert.Equal(HttpStatusCode.BadRequest, notANumber);
        Assert.Equal("「abc」不是年度：請以西元年表示，例如 2021（民國110年）。", bad.QuerySelector("p.empty[role=alert]")!.TextContent);
        Assert.Empty(Files(bad));
    }

    [Theory]
    [InlineData("", "開放資料", "臺北市政府", "民國110年")]
    [InlineData("?culture=en&ui-culture=en", "Open data", "Taipei City Government", "2021")]
    public async Task The_open_data_page_lists_the_plans_with_links_to_their_files(string query, string title, string taipei, string year2021)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open-data" + query);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var document = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, document.QuerySelector("h1")?.TextContent);
        Assert.StartsWith(title, document.Title);
        var row = document.QuerySelectorAll("table.opendata tbody tr")
            .Single(tr => tr.QuerySelector("a[href='/open-data/TPE/2021/scorecard.csv']") is not null);
        Assert.Contains(taipei, row.QuerySelector("th")?.TextContent);
        Assert.Equal(year2021, row.QuerySelector("a[href='/orgs/TPE/2021']")?.TextContent);
        Assert.Equal(
            ["/open-data/TPE/2021/scorecard.csv", "/open-data/TPE/2021/scorecard.json", "/open-data/TPE/2021/evaluation.csv", "/open-data/TPE/2021/evaluation.json"],
            row.QuerySelectorAll("td a[href^='/open-data/']").Select(a => a.GetAttribute("href")));
        Assert.NotNull(document.QuerySelector("a[href='/open-data/index.json']"));
    }

    private async Task<JsonElement> AssertJsonMatchesCsvAsync(string pathWithoutExtension)
    {
        var (header, rows) = await CsvAsync(pathWithoutExtension + ".csv");
        var json = JsonDocument.Parse(await client.GetStringAsync(pathWithoutExtension + ".json")).RootElement;
        var jsonRows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, jsonRows.Count);
        for (var i = 0; i < rows.Count; i++)
            foreach (var column in header)
            {
                var value = Cell(jsonRows[i].GetProperty(column));
                Assert.True(value == rows[i][column], $"row {i + 1} ({rows[i]["kpiCode"]}) {column}: JSON «{value}», CSV «{rows[i][column]}»");
            }
        return json;
    }

    /// <summary>What a CSV cell holds for a JSON value: numbers as written, true/false, empty for null.</summary>
    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private async Task<(List<string> Header, List<Dictionary<string, string>> Rows)> CsvAsync(string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var records = Rfc4180.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3));
        var header = records[0];
        Assert.All(records, r => Assert.Equal(header.Count, r.Count));
        return (header, [.. records.Skip(1).Select(r => header.Zip(r).ToDictionary(x => x.First, x => x.Second))]);
    }

    private async Task AssertNotPublishedAsync(string path, string org)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(org, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
    }

    private async Task<List<string?>> IndexedOrganisationsAsync()
    {
        var index = JsonDocument.Parse(await client.GetStringAsync("/open-data/index.json")).RootElement;
        return [.. index.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("organisation").GetString())];
    }

    /// <summary>Imports a copy of <paramref name="document"/> under a new organisation code, as a draft; returns the code.</summary>
    private async Task<string> ImportAsync(Beacon.Core.Plans.PlanDocument document)
    {
        var org = Dataset.NewOrganisationCode();
        document = document with { Organisation = document.Organisation with { Code = org } };
        await using var scope = app.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<PlanImporter>().ImportAsync(document, dryRun: false, replace: false);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        return org;
    }

    private async Task SetStatusAsync(string org, PlanStatus status)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        Assert.Equal(1, await db.Plans.Where(p => p.Organisation.Code == org).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, status)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OpenDataOnSqlite(SqliteBeacon app) : OpenDataTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OpenDataOnPostgres(PostgresBeacon app) : OpenDataTests(app);
