using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Tests.Documents;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Spreadsheets;

/// <summary>
/// Spreadsheets in, through the API, on 家防中心's 111 (2022) plan under a new code: the entry sheet downloaded as XLSX
/// and ODS and uploaded unchanged changes nothing, also once LibreOffice has saved it; a sheet filled in through
/// LibreOffice (an edited CSV converted to XLSX) previews its change old → new and saves it, audited; a problem is
/// named by its cell and saves nothing; a KPI saved by someone else since the download is a conflict until resolved;
/// and a plan's scorecard, exported and uploaded as a new year, gives the same plan.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class SpreadsheetTests(SqliteBeacon app)
{
    private const int Year = 2022;
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Ods = "application/vnd.oasis.opendocument.spreadsheet";

    private static ByteArrayContent Body(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static ByteArrayContent Csv(string text) => Body(Encoding.UTF8.GetBytes(text), "text/csv");

    private async Task<(string Org, HttpClient Editor)> PlanAsync()
    {
        var org = await app.ImportAsPlannerAsync();
        return (org, await app.ClientAsAsync(Roles.AgencyEditor, org));
    }

    private static async Task<int> VersionAsync(HttpClient client, string org, string code)
    {
        var evaluation = await client.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{Year}/evaluation");
        return evaluation.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code).GetProperty("version").GetInt32();
    }

    private async Task<(decimal? Innovation, int Version)> SelfAsync(string org, string code)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var plan = await db.Plans.AsNoTracking().Where(p => p.Organisation.Code == org && p.Year == Year).Select(p => p.Id).SingleAsync();
        var kpi = await db.Kpis.AsNoTracking().Include(k => k.Assessment)
            .SingleAsync(k => k.Code == code && db.Objectives.Any(o => o.Id == k.ObjectiveId && o.PlanId == plan));
        return (kpi.Assessment?.SelfInnovation, kpi.Assessment?.Version ?? 0);
    }

    [Fact]
    public async Task Templates_uploaded_unchanged_change_nothing_and_a_sheet_filled_in_LibreOffice_previews_then_saves_its_change()
    {
        var (org, editor) = await PlanAsync();
        var folder = Directory.CreateTempSubdirectory("beacon-sheets-").FullName;
        var xlsx = await editor.GetByteArrayAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet.xlsx");
        var ods = await editor.GetByteArrayAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet.ods");
        var version = await VersionAsync(editor, org, "AC3.1");
        // Filled in as a person would in LibreOffice: AC3.1's three scores (it has none yet) typed into a sheet saved as
        // CSV, then as XLSX.
        var csv = Path.Combine(folder, "filled.csv");
        await File.WriteAllTextAsync(csv, $"家防中心 111年 填報表\n代碼,創新度,挑戰度,貢獻度,版本\nAC3.1,88,80,82,{version}\n");
        var template = Path.Combine(folder, "template.xlsx");
        await File.WriteAllBytesAsync(template, xlsx);

        // One soffice run per target: Beacon's XLSX saved by LibreOffice as ODS, the CSV (UTF-8, comma) as XLSX.
        var profile = $"-env:UserInstallation={new Uri(Path.Combine(folder, "lo-profile")).AbsoluteUri}";
        await ExternalReaders.RunAsync(ExternalReaders.Soffice, ["--headless", "--norestore", profile, "--convert-to", "ods", "--outdir", Path.Combine(folder, "lo"), template]);
        await ExternalReaders.RunAsync(ExternalReaders.Soffice, ["--headless", "--norestore", profile, "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", Path.Combine(folder, "lo"), csv]);
        var saved = await File.ReadAllBytesAsync(Path.Combine(folder, "lo", "template.ods"));
        var filled = await File.ReadAllBytesAsync(Path.Combine(folder, "lo", "filled.xlsx"));

        foreach (var (name, bytes, type) in new[] { ("xlsx", xlsx, Xlsx), ("ods", ods, Ods), ("LibreOffice ods", saved, Ods) })
        {
            var unchanged = await editor.PostAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet?dryRun=true", Body(bytes, type));
            Assert.True(unchanged.StatusCode == HttpStatusCode.OK, $"{name}: {await unchanged.DescribeAsync()}");
            var preview = await unchanged.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(preview.GetProperty("changes").GetArrayLength() == 0, $"{name}: {preview}");
            Assert.True(preview.GetProperty("kpis").GetInt32() == 0, $"{name}: {preview}");
        }

        var before = await SelfAsync(org, "AC3.1");
        var dry = await editor.PostAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet?dryRun=true", Body(filled, Xlsx));
        Assert.True(dry.StatusCode == HttpStatusCode.OK, await dry.DescribeAsync());
        var changes = (await dry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("kpi").GetString(), c.GetProperty("field").GetString(), c.GetProperty("new").GetString(), c.GetProperty("cell").GetProperty("cell").GetString()));
        Assert.Equal([("AC3.1", "innovation", "88", "B3"), ("AC3.1", "challenge", "80", "C3"), ("AC3.1", "contribution", "82", "D3")], changes);
        Assert.Equal(before, await SelfAsync(org, "AC3.1"));   // a preview writes nothing

        var commit = await editor.PostAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet", Body(filled, Xlsx));

        Assert.True(commit.StatusCode == HttpStatusCode.OK, await commit.DescribeAsync());
        Assert.True((await commit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("committed").GetBoolean());
        var after = await SelfAsync(org, "AC3.1");
        Assert.Equal(88m, after.Innovation);
        Assert.True(after.Version > before.Version, $"version {before.Version} → {after.Version}");
        await using var scope = app.CreateScope();
        var audited = await scope.ServiceProvider.GetRequiredService<BeaconDb>().AuditEntries.AsNoTracking()
            .Where(a => a.OrganisationCode == org && a.Code == "AC3.1" && a.NewValues != null && a.NewValues.Contains("88")).CountAsync();
        Assert.True(audited > 0, "the saved self-assessment is not in the audit log");
    }

    [Fact]
    public async Task A_score_out_of_range_is_named_by_its_cell_in_both_languages_and_nothing_is_saved()
    {
        var (org, editor) = await PlanAsync();
        var version = await VersionAsync(editor, org, "AC3.1");
        var before = (AC31: await SelfAsync(org, "AC3.1"), AC21: await SelfAsync(org, "AC2.1"));

        var response = await editor.PostAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet",
            Csv($"代碼,創新度,挑戰度,貢獻度,版本\nAC3.1,150,80,80,{version}\nAC2.1,71,72,73,{await VersionAsync(editor, org, "AC2.1")}\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToList();
        var error = Assert.Single(errors);
        Assert.Equal("B2", error.GetProperty("cell").GetProperty("cell").GetString());
        Assert.Contains("B2", error.GetProperty("message").GetString());
        Assert.Contains("B2", error.GetProperty("messageEn").GetString());
        Assert.Equal(before, (await SelfAsync(org, "AC3.1"), await SelfAsync(org, "AC2.1")));   // the good row is not saved either
    }

    [Fact]
    public async Task A_KPI_saved_by_someone_else_since_the_download_is_a_conflict_with_their_value_until_the_upload_says_to_overwrite_it()
    {
        var (org, editor) = await PlanAsync();
        var version = await VersionAsync(editor, org, "AC3.1");
        var sheet = $"代碼,創新度,挑戰度,貢獻度,版本\nAC3.1,75,80,80,{version}\n";
        // Someone else saves AC3.1 after the download.
        var other = await editor.PutAsync($"/api/orgs/{org}/plans/{Year}/kpis/AC3.1/self",
            Evaluation.EvaluationKit.Json($$"""{"innovation":65,"challenge":80,"contribution":80,"version":{{version}}}"""));
        Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);

        var conflict = await editor.PostAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet", Csv(sheet));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        var listed = problem.GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("conflict").GetBoolean()).ToList();
        Assert.Contains(listed, c => c.GetProperty("field").GetString() == "innovation" && c.GetProperty("old").GetString() == "65" && c.GetProperty("new").GetString() == "75");
        var theirs = listed[0].GetProperty("theirVersion").GetInt32();
        Assert.Equal((65m, version + 1), await SelfAsync(org, "AC3.1"));

        var overwrite = await editor.PostAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet?overwrite=AC3.1:{theirs}", Csv(sheet));

        Assert.True(overwrite.StatusCode == HttpStatusCode.OK, await overwrite.DescribeAsync());
        Assert.Equal(75m, (await SelfAsync(org, "AC3.1")).Innovation);
    }

    [Theory]
    [InlineData("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("PK\u0003\u0004 not really a zip", HttpStatusCode.BadRequest)]
    public async Task A_file_that_is_not_a_readable_spreadsheet_is_refused_with_a_problem_and_changes_nothing(string start, HttpStatusCode status)
    {
        var (org, editor) = await PlanAsync();
        var before = await SelfAsync(org, "AC3.1");

        var response = await editor.PostAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet", Body(Encoding.Latin1.GetBytes(start), Xlsx));

        Assert.Equal(status, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await response.ProblemTextAsync()));
        Assert.Equal(before, await SelfAsync(org, "AC3.1"));
    }

    [Theory]
    [InlineData("xlsx", Xlsx)]
    [InlineData("ods", Ods)]
    public async Task A_plan_s_scorecard_exported_and_uploaded_as_a_new_year_gives_the_same_plan(string format, string type)
    {
        var (org, _) = await PlanAsync();
        var planner = await app.ClientAsAsync(Roles.Planner);
        var scorecard = await planner.GetByteArrayAsync($"/api/orgs/{org}/plans/{Year}/documents/scorecard.{format}");

        var response = await planner.PostAsync($"/api/orgs/{org}/plans/2023/plan-sheet?dryRun=true", Body(scorecard, type));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.DescribeAsync());
        var read = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("plan");
        var original = Dataset.NewPlan(org);
        string Kpis(IEnumerable<(string Code, string Name, string? Unit, IEnumerable<string> Responsible, IEnumerable<string> Actions)> kpis) =>
            string.Join("\n", kpis.Select(k => $"{k.Code} {k.Name} [{k.Unit}] {string.Join("、", k.Responsible)} → {string.Join(" ", k.Actions)}"));
        var expected = Kpis(original.Objectives.SelectMany(o => o.Kpis).Select(k => (k.Code, k.Name, k.Unit, (IEnumerable<string>)k.Responsible, k.ActionPlans.Select(a => a.Code))));
        var actual = Kpis(read.GetProperty("objectives").EnumerateArray().SelectMany(o => o.GetProperty("kpis").EnumerateArray()).Select(k => (
            k.GetProperty("code").GetString()!, k.GetProperty("name").GetString()!, k.TryGetProperty("unit", out var u) ? u.GetString() : null,
            k.GetProperty("responsible").EnumerateArray().Select(r => r.GetString()!),
            k.TryGetProperty("actionPlans", out var a) ? a.EnumerateArray().Select(p => p.GetProperty("code").GetString()!) : [])));
        Assert.Equal(expected, actual);
        Assert.Equal(original.Objectives.Select(o => (o.Code, o.Name)), read.GetProperty("objectives").EnumerateArray()
            .Select(o => (o.GetProperty("code").GetString()!, o.GetProperty("name").GetString()!)));
    }
}
