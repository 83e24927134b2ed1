using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Features.Audit;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.OpenData;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Audit;

/// <summary>
/// The audit trail (異動紀錄) as people reach it: an agency editor enters an actual through the API and any signed-in
/// reader finds it on /audit — who, when, the value before and after — and in the CSV export of the same filter.
/// </summary>
public abstract class AuditTrailTests(BeaconFactory app)
{
    private const string Header = "at,user,action,entity,entityKey,code,organisation,year,oldValues,newValues";

    /// <summary>A fresh plan whose editor entered AC1.1's 2022 actual as 8.1 and then corrected it to 7.9.</summary>
    private async Task<(string Org, string Editor)> ActualEnteredTwiceAsync()
    {
        var org = await app.ImportNewPlanAsync();
        var editor = await app.AccountAsync(Roles.AgencyEditor, org);
        using var client = await app.ClientAsAsync(Roles.AgencyEditor, org);
        // AC1.1 is computed by its formula: 81 ÷ 1000 × 100, then 79 ÷ 1000 × 100.
        await client.PutInputsAsync(org, "AC1.1", new() { ["當年度通報案件中為過去1年內結案之件數"] = 81, ["當年度通報案件數"] = 1000 });
        await client.PutInputsAsync(org, "AC1.1", new() { ["當年度通報案件中為過去1年內結案之件數"] = 79, ["當年度通報案件數"] = 1000 });
        return (org, editor);
    }

    [Fact]
    public async Task An_actual_entered_through_the_API_shows_on_the_KPI_trail_with_before_after_and_the_editor()
    {
        var (org, editor) = await ActualEnteredTwiceAsync();
        using var reader = await app.ClientAsAsync(Roles.Viewer);

        var page = await reader.OpenAsync(app, $"/audit?org={org}&year=2022&code=AC1.1");

        var values = page.Entries().Where(e => e.Cell("entity") == "KPI 數值").ToList();
        Assert.Equal(2, values.Count);
        var (corrected, entered) = (values[0], values[1]);   // newest first
        Assert.Equal("修改", corrected.Cell("action"));
        Assert.Equal(("8.1", "7.9"), corrected.Change("Text"));
        Assert.Equal(("8.1", "7.9"), corrected.Change("Number"));
        Assert.Equal("新增", entered.Cell("action"));
        Assert.Equal((null, "8.1"), entered.Change("Text"));
        Assert.Equal((null, "Actual"), entered.Change("Kind"));
        foreach (var entry in values)
        {
            Assert.Equal(editor, entry.Cell("who"));
            Assert.Equal("AC1.1 2022 Actual", entry.Cell("code"));
            Assert.Equal($"{org} 111年", entry.Cell("where"));
            var at = DateTimeOffset.Parse(entry.QuerySelector("time")!.GetAttribute("datetime")!, CultureInfo.InvariantCulture);
            Assert.InRange(DateTimeOffset.UtcNow - at, TimeSpan.Zero, TimeSpan.FromMinutes(5));
            Assert.Equal(at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), entry.QuerySelector("time")!.Text());
        }
        Assert.Equal($"/audit?user={editor}", corrected.QuerySelector("td.who a")!.GetAttribute("href"));
        Assert.Equal($"/audit?org={org}&year=2022&code=AC1.1", corrected.QuerySelector("td.code a")!.GetAttribute("href"));
        Assert.Equal($"/audit?org={org}&year=2022", corrected.QuerySelector("td.where a")!.GetAttribute("href"));
        Assert.All(page.Entries(), e => Assert.StartsWith("AC1.1", e.Cell("code")));
    }

    [Fact]
    public async Task The_CSV_export_of_the_KPI_trail_holds_the_actual_and_parses_as_RFC_4180()
    {
        var (org, editor) = await ActualEnteredTwiceAsync();
        using var reader = await app.ClientAsAsync(Roles.Reviewer);

        var response = await reader.GetAsync($"/audit/export.csv?org={org}&year=2022&code=AC1.1&entity=KpiValue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(Header, string.Join(",", records[0]));
        var rows = records.Skip(1).Select(r => Header.Split(',').Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(["update", "create"], rows.Select(r => r["action"]));
        var corrected = rows[0];
        Assert.Equal(editor, corrected["user"]);
        Assert.Equal("KpiValue", corrected["entity"]);
        Assert.Equal("AC1.1 2022 Actual", corrected["code"]);
        Assert.Equal(org, corrected["organisation"]);
        Assert.Equal("2022", corrected["year"]);
        Assert.Equal("8.1", JsonDocument.Parse(corrected["oldValues"]).RootElement.GetProperty("Text").GetString());
        Assert.Equal("7.9", JsonDocument.Parse(corrected["newValues"]).RootElement.GetProperty("Text").GetString());
        Assert.Equal("8.1", JsonDocument.Parse(rows[1]["newValues"]).RootElement.GetProperty("Text").GetString());
        Assert.Equal("", rows[1]["oldValues"]);
        var at = DateTimeOffset.ParseExact(corrected["at"], "o", CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(8), at.Offset);
        Assert.NotEqual("", corrected["entityKey"]);   // the row's id; a row being created has none yet
        Assert.Equal("", rows[1]["entityKey"]);
    }

    [Fact]
    public async Task An_import_shows_a_summary_and_a_link_to_the_plan_document_instead_of_the_document()
    {
        var org = await app.ImportNewPlanAsync();
        using var reader = await app.ClientAsAsync(Roles.Viewer);

        var page = await reader.OpenAsync(app, $"/audit?org={org}&year=2022&entity=Plan&action=import");

        var entry = Assert.Single(page.Entries());
        Assert.Equal("匯入計畫", entry.Cell("action"));
        Assert.Equal(await app.AccountAsync(Roles.Planner), entry.Cell("who"));
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心 111年 計畫文件：3 個策略主題、15 項策略目標、" + Kpis() + " 項 KPI", entry.QuerySelector("p.document")!.Text());
        Assert.Null(entry.QuerySelector("table.changes"));
        var link = entry.QuerySelectorAll("a").Single(a => a.Text() == "下載匯入的文件").GetAttribute("href")!;
        Assert.DoesNotContain(entry.QuerySelectorAll("a"), a => a.Text() == "下載被取代的文件");

        var document = await reader.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(org, json.GetProperty("organisation").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(link.Replace("new.json", "old.json", StringComparison.Ordinal))).StatusCode);

        static int Kpis() => Dataset.NewPlan().Objectives.Sum(o => o.Kpis.Count);
    }

    [Fact]
    public async Task The_trail_pages_by_50_newest_first_and_back()
    {
        var org = await AddEntriesAsync(120, i => new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i));
        using var reader = await app.ClientAsAsync(Roles.Viewer);

        var first = await reader.OpenAsync(app, $"/audit?org={org}");
        Assert.Equal("共 120 筆", first.QuerySelector("#audit-count")!.Text());
        Assert.Equal(Expected(119, 70), Codes(first));
        Assert.Null(first.QuerySelector("a[rel=prev]"));
        var second = await reader.OpenAsync(app, first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(Expected(69, 20), Codes(second));
        var third = await reader.OpenAsync(app, second.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(Expected(19, 0), Codes(third));
        Assert.Null(third.QuerySelector("a[rel=next]"));
        var back = await reader.OpenAsync(app, third.QuerySelector("a[rel=prev]")!.GetAttribute("href")!);
        Assert.Equal(Expected(69, 20), Codes(back));
        Assert.StartsWith($"/audit?org={org}&", back.QuerySelector("a[rel=prev]")!.GetAttribute("href"));

        static List<string> Expected(int from, int to) => [.. Enumerable.Range(to, from - to + 1).Reverse().Select(i => $"K{i}")];
        static List<string> Codes(AngleSharp.Dom.IDocument page) => [.. page.Entries().Select(e => e.Cell("code"))];
    }

    [Fact]
    public async Task Dates_are_Taipei_days_with_both_ends_included()
    {
        // 15:59 UTC on 31 December is 23:59 in Taipei; 16:00 UTC is already 1 January there.
        var times = new[]
        {
            new DateTimeOffset(2021, 12, 30, 16, 0, 0, TimeSpan.Zero),    // K0: 2021-12-31 00:00 Taipei
            new DateTimeOffset(2021, 12, 31, 15, 59, 0, TimeSpan.Zero),   // K1: 2021-12-31 23:59 Taipei
            new DateTimeOffset(2021, 12, 31, 16, 0, 0, TimeSpan.Zero),    // K2: 2022-01-01 00:00 Taipei
        };
        var org = await AddEntriesAsync(3, i => times[i]);
        using var reader = await app.ClientAsAsync(Roles.Viewer);

        async Task<List<string>> CodesAsync(string query) =>
            [.. (await reader.OpenAsync(app, $"/audit?org={org}&{query}")).Entries().Select(e => e.Cell("code"))];

        Assert.Equal(["K1", "K0"], await CodesAsync("from=2021-12-31&to=2021-12-31"));
        Assert.Equal(["K2"], await CodesAsync("from=2022-01-01"));
        Assert.Equal(["K1", "K0"], await CodesAsync("to=2021-12-31"));
        var page = await reader.OpenAsync(app, $"/audit?org={org}&to=2021-12-31");
        Assert.Equal("2022-01-01 00:00:00", (await reader.OpenAsync(app, $"/audit?org={org}&from=2022-01-01")).QuerySelector("time")!.Text());
        Assert.Equal("2021-12-31 23:59:00", page.QuerySelector("time")!.Text());
        Assert.Equal("2021-12-31T15:59:00Z", page.QuerySelector("time")!.GetAttribute("datetime"));
    }

    [Fact]
    public async Task A_year_may_be_typed_as_the_ROC_year_and_a_wrong_one_is_named_beside_its_field()
    {
        var (org, _) = await ActualEnteredTwiceAsync();
        using var reader = await app.ClientAsAsync(Roles.Viewer);

        var roc = await reader.OpenAsync(app, $"/audit?org={org}&year=111&code=AC1.1&entity=KpiValue");
        Assert.Equal(2, roc.Entries().Count);
        Assert.Empty((await reader.OpenAsync(app, $"/audit?org={org}&year=110&code=AC1.1")).Entries());

        var wrong = await reader.OpenAsync(app, $"/audit?org={org}&year=abc");
        Assert.Equal("true", wrong.QuerySelector("#audit-year")!.GetAttribute("aria-invalid"));
        Assert.Equal("audit-year-error", wrong.QuerySelector("#audit-year")!.GetAttribute("aria-describedby"));
        Assert.Contains("「abc」不是年度", wrong.QuerySelector("#audit-year-error")!.Text());
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync($"/audit/export.csv?org={org}&year=abc")).StatusCode);
    }

    [Fact]
    public async Task A_code_takes_what_hangs_under_it_but_not_a_longer_code()
    {
        var org = await AddEntriesAsync(5, i => DateTimeOffset.UtcNow, i => new[] { "AC1.1", "AC1.1 2022 Actual", "AC1.1.2", "AC1.10", "AC1.10 2022 Actual" }[i]);
        using var reader = await app.ClientAsAsync(Roles.Viewer);

        var page = await reader.OpenAsync(app, $"/audit?org={org}&code=AC1.1");

        Assert.Equal(["AC1.1.2", "AC1.1 2022 Actual", "AC1.1"], page.Entries().Select(e => e.Cell("code")));
    }

    [Fact]
    public async Task The_form_is_labelled_and_works_without_script()
    {
        using var reader = await app.ClientAsAsync(Roles.Viewer);

        var page = await reader.OpenAsync(app, "/audit?org=TPE&year=2021&code=AC1.1&user=someone@example.tw");

        var form = page.QuerySelector("form.filters")!;
        Assert.Equal("get", form.GetAttribute("method"));
        foreach (var name in new[] { "org", "year", "user", "entity", "code", "action", "from", "to" })
        {
            var field = form.QuerySelector($"[name={name}]")!;
            Assert.NotNull(page.QuerySelector($"label[for={field.Id}]"));
        }
        Assert.Equal("AC1.1", form.QuerySelector("[name=code]")!.GetAttribute("value"));
        Assert.Equal("/audit/export.csv?org=TPE&year=2021&user=someone@example.tw&code=AC1.1", page.QuerySelector("#audit-export")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Anonymous_readers_are_sent_to_sign_in()
    {
        using var anonymous = app.FormClient();

        foreach (var url in new[] { "/audit", "/audit?org=TPE&year=2021&code=AC1.1", "/audit/export.csv", "/audit/1/new.json" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.True(HttpStatusCode.Redirect == response.StatusCode, $"{url}: {response.StatusCode}");
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString);
        }
    }

    [Fact]
    public async Task The_page_speaks_English_when_asked()
    {
        var (org, _) = await ActualEnteredTwiceAsync();
        using var reader = await app.ClientAsAsync(Roles.Viewer);

        var page = await reader.OpenAsync(app, $"/audit?org={org}&code=AC1.1&entity=KpiValue&culture=en&ui-culture=en");

        Assert.Equal("Audit trail", page.QuerySelector("h1")!.Text());
        Assert.Equal(["update", "create"], page.Entries().Select(e => e.Cell("action")));
        Assert.Equal($"{org} 2022", page.Entries()[0].Cell("where"));
    }

    /// <summary>Entries written straight into the trail for a new organisation code (K0, K1, … in id order, unless named).</summary>
    private async Task<string> AddEntriesAsync(int count, Func<int, DateTimeOffset> at, Func<int, string>? code = null)
    {
        var org = Dataset.NewOrganisationCode();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        for (var i = 0; i < count; i++)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = at(i), UserName = "tester@test.beacon.tw", Action = "update", Entity = "Kpi", Code = code?.Invoke(i) ?? $"K{i}",
                OrganisationCode = org, Year = 2022, OldValues = """{"Name":"舊"}""", NewValues = """{"Name":"新"}""",
            });
            await db.SaveChangesAsync();   // one at a time, so ids follow i
        }
        return org;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditTrailOnSqlite(SqliteBeacon app) : AuditTrailTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditTrailOnPostgres(PostgresBeacon app) : AuditTrailTests(app);
