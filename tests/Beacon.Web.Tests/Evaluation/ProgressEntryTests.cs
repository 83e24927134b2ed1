using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// Progress values of a KPI for the year (M1–M12, Q1–Q4, B1–B6), entered on the KPI's progress page or with
/// PUT …/kpis/{code}/progress: checked (period names, numbers) all at once, saved in one transaction, audited, and
/// versioned with the KPI. Each test works on KPIs of its own in one draft per class and database.
/// </summary>
public abstract class ProgressEntryTests(BeaconFactory app) : IAsyncLifetime
{
    private string org = null!;
    private HttpClient api = null!;     // the agency's editor
    private HttpClient forms = null!;   // the same person with cookies, for the page

    public async Task InitializeAsync()
    {
        org = await app.SharedPlanAsync(nameof(ProgressEntryTests));
        api = await app.AgencyAsync(org);
        forms = await app.AgencyAsync(org, forms: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Url(string code) => $"/orgs/{org}/2022/progress/{code}";

    private async Task<(IHtmlFormElement Form, List<KeyValuePair<string, string>> Fields)> FormAsync(string code)
    {
        var page = await forms.OpenAsync(app.ServerAddress, Url(code));
        var form = page.QuerySelectorAll("form.progress").OfType<IHtmlFormElement>().Single();
        return (form, form.Fields());
    }

    private Task<HttpResponseMessage> PostAsync(string code, List<KeyValuePair<string, string>> fields) =>
        forms.PostAsync(Url(code), new FormUrlEncodedContent(fields));

    /// <summary>The KPI's actuals of 2022 by period, as exported (the year-end value has none).</summary>
    private async Task<Dictionary<string, string>> ProgressAsync(string code) =>
        JsonDocument.Parse(await api.ExportAsync(org)).RootElement.Kpi(code).GetProperty("values").EnumerateArray()
            .Where(v => v.GetProperty("year").GetInt32() == 2022 && v.GetProperty("kind").GetString() == "actual" && v.String("period") is not null)
            .ToDictionary(v => v.String("period")!, v => v.String("text")!);

    [Fact]
    public async Task The_entry_form_links_each_KPI_to_its_progress_page_which_has_every_period_labelled()
    {
        var entry = await forms.OpenAsync(app.ServerAddress, $"/orgs/{org}/2022/entry");
        Assert.Equal(Url("AC3.1"), entry.KpiRow("AC3.1").QuerySelector("a.progress-link")!.GetAttribute("href"));

        var (form, _) = await FormAsync("AC3.1");

        Assert.Equal(22, form.QuerySelectorAll("tbody tr[id]").Length);
        var q1 = form.QuerySelector("tr[id=Q1] input[name$='.Value']")!;
        Assert.Equal("AC3.1 第1季 實際值", form.QuerySelector($"label[for='{q1.Id}']")!.Text());
        Assert.NotNull(form.QuerySelector("tr[id=B6] input[name$='.Reason']"));
    }

    [Fact]
    public async Task Values_and_a_reason_typed_for_three_periods_are_saved_audited_and_raise_the_version()
    {
        var version = await api.VersionAsync(org, "AC3.1");
        var (form, fields) = await FormAsync("AC3.1");
        fields.Set(Field(form, "Q1", "Value"), "20");
        fields.Set(Field(form, "M3", "Value"), "7");
        fields.Set(Field(form, "B2", "Reason"), "資料彙整中");

        var response = await PostAsync("AC3.1", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{Url("AC3.1")}?saved=3", response.Headers.Location!.PathAndQuery());
        Assert.Equal(new Dictionary<string, string> { ["Q1"] = "20", ["M3"] = "7", ["B2"] = "無實際值：資料彙整中" }, await ProgressAsync("AC3.1"));
        var row = (await api.EvaluationAsync(org)).Row("AC3.1");
        Assert.Null(row.String("actual"));   // progress does not enter the evaluation
        Assert.Equal(version + 1, row.GetProperty("version").GetInt32());
        await using var scope = app.CreateScope();
        var audit = await scope.ServiceProvider.GetRequiredService<BeaconDb>().AuditEntries
            .Where(e => e.OrganisationCode == org && e.Entity == "KpiValue" && e.Code!.StartsWith("AC3.1 2022 Actual")).ToListAsync();
        Assert.Equal(["AC3.1 2022 Actual B2", "AC3.1 2022 Actual M3", "AC3.1 2022 Actual Q1"], audit.Select(e => e.Code).Order(StringComparer.Ordinal));
        var editor = await app.AccountAsync(Roles.AgencyEditor, org);
        Assert.All(audit, e => Assert.Equal((editor, "create"), (e.UserName, e.Action)));

        // Shown again as saved; clearing a period removes its value.
        var (again, saved) = await FormAsync("AC3.1");
        Assert.Equal("20", saved.Single(f => f.Key == Field(again, "Q1", "Value")).Value);
        saved.Set(Field(again, "Q1", "Value"), "");
        Assert.Equal($"{Url("AC3.1")}?saved=1", (await PostAsync("AC3.1", saved)).Headers.Location!.PathAndQuery());
        Assert.Equal(["B2", "M3"], (await ProgressAsync("AC3.1")).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_wrong_figure_is_named_on_its_field_at_once_and_nothing_is_saved()
    {
        var before = await api.ExportAsync(org);
        var (form, fields) = await FormAsync("CC2.1");
        fields.Set(Field(form, "Q2", "Value"), "abc");
        fields.Set(Field(form, "M4", "Value"), "8,5");
        fields.Set(Field(form, "Q3", "Value"), "5");

        var response = await PostAsync("CC2.1", fields);

        var page = await EvaluationKit.ParseAsync(response, app.ServerAddress, Url("CC2.1"), HttpStatusCode.BadRequest);
        Assert.Contains("有 2 個欄位需要修正，尚未儲存任何資料", page.QuerySelector("div.notice.error")!.Text());
        Assert.Contains("「abc」不是數字", ErrorOf(page, "Q2"));
        Assert.Contains("「8,5」的逗號位置不對", ErrorOf(page, "M4"));
        Assert.Equal("abc", page.QuerySelector("tr[id=Q2] input[name$='.Value']")!.GetAttribute("value"));
        Assert.Equal(before, await api.ExportAsync(org));
    }

    private static string ErrorOf(IDocument page, string period) => page.QuerySelector($"tr[id={period}] .field-error")?.TextContent ?? "";

    [Fact]
    public async Task A_formula_KPI_takes_its_inputs_per_period_and_shows_the_computed_value()
    {
        var (form, fields) = await FormAsync("AC2.1");
        Assert.Null(form.QuerySelector("tr[id=Q1] input[name$='.Value']"));
        var i = form.QuerySelector("tr[id=Q1] input[name$='.Code']")!.GetAttribute("name")!.Replace(".Code", "", StringComparison.Ordinal);
        fields.Set($"{i}.Inputs[依限完成派案評估之案件]", "19");
        fields.Set($"{i}.Inputs[通報件數]", "20");

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("AC2.1", fields)).StatusCode);

        Assert.Equal("95", (await ProgressAsync("AC2.1"))["Q1"]);
        var page = await forms.OpenAsync(app.ServerAddress, Url("AC2.1"));
        Assert.Contains("= 95", page.QuerySelector("tr[id=Q1]")!.Text());
        var inputs = JsonDocument.Parse(await api.ExportAsync(org)).RootElement.Kpi("AC2.1").GetProperty("inputs").EnumerateArray();
        Assert.Equal(2, inputs.Count(x => x.String("period") == "Q1"));
    }

    [Fact]
    public async Task The_API_sets_and_removes_progress_values_by_period()
    {
        await api.PutOkAsync(org, "BC2.1", "progress", """{"values":{"Q1":{"value":"22"},"Q2":{"value":"45"},"B3":{"missingReason":"資料待彙整"}}}""");
        Assert.Equal(new Dictionary<string, string> { ["Q1"] = "22", ["Q2"] = "45", ["B3"] = "無實際值：資料待彙整" }, await ProgressAsync("BC2.1"));

        await api.PutOkAsync(org, "BC2.1", "progress", """{"values":{"Q2":null,"Q1":{"value":"23"}}}""");

        Assert.Equal(new Dictionary<string, string> { ["Q1"] = "23", ["B3"] = "無實際值：資料待彙整" }, await ProgressAsync("BC2.1"));
    }

    [Fact]
    public async Task A_period_that_is_none_through_the_API_is_a_400_naming_it()
    {
        // The other rules of progress values (each an actual, keyed by its period) are the core's table (KpiEntryCheckTests).
        var before = await api.ExportAsync(org);

        var problem = await EvaluationKit.AssertProblemAsync(await api.PutAsync(org, "TL2.1", "progress", """{"values":{"M13":{"value":"1"}}}"""), HttpStatusCode.BadRequest);

        Assert.Equal(("kpis[TL2.1].progress.values[M13]", "period must be M1–M12 (month), Q1–Q4 (quarter) or B1–B6 (bi-month)"),
            (Assert.Single(problem.Errors()).Path, problem.Errors()[0].MessageEn));
        Assert.Equal(before, await api.ExportAsync(org));
    }

    /// <summary>The name of a period row's field on the progress form.</summary>
    private static string Field(IHtmlFormElement form, string period, string field) =>
        form.QuerySelector($"tr[id={period}] input[name$='.Code']")!.GetAttribute("name")!.Replace(".Code", "." + field, StringComparison.Ordinal);
}

[Collection(SqliteCollection.Name)]
public sealed class ProgressEntryOnSqlite(SqliteBeacon app) : ProgressEntryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ProgressEntryOnPostgres(PostgresBeacon app) : ProgressEntryTests(app);
