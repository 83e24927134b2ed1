using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// The evaluation, entry and review pages over HTTP, parsed with AngleSharp: the city's 2021 evaluation as loaded
/// (approved, read anonymously), and forms posted back as a browser would (antiforgery cookie and token included) by
/// the agency's editor on a fresh draft, and by the reviewer once it is submitted.
/// </summary>
public abstract class EvaluationPageTests(BeaconFactory app) : IAsyncLifetime
{
    private readonly HttpClient anonymous = app.FormClient();
    private static readonly PlanDocument City2021 = Dataset.Document("TPE-2021.json");
    private string org = null!;
    private HttpClient client = null!;   // the agency's editor of the shared draft, keeping cookies

    public async Task InitializeAsync()
    {
        org = await app.SharedPlanAsync(nameof(EvaluationPageTests));
        client = await app.AgencyAsync(org, forms: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<IDocument> OpenAsync(string url, HttpStatusCode expected = HttpStatusCode.OK) => anonymous.OpenAsync(app.ServerAddress, url, expected);

    private static List<string> RowCodes(IDocument page) =>
        [.. page.QuerySelectorAll("table.evaluation tbody tr").Select(r => r.Id!)];

    private static List<string> CityKpis(Func<ObjectiveDoc, KpiDoc, bool> where) =>
        [.. City2021.Objectives.SelectMany(o => o.Kpis.Where(k => where(o, k)).Select(k => k.Code))];

    // ---- the city's 2021 evaluation ----

    [Fact]
    public async Task City_2021_evaluation_shows_AC1_1_at_104_9_percent_achieved_and_not_assessed_scores()
    {
        var page = await OpenAsync("/orgs/TPE/2021/evaluation");

        var row = page.KpiRow("AC1.1");
        Assert.Equal("104.9 達成", row.QuerySelector("td.achievement")!.Text());
        Assert.Equal("未評核", row.QuerySelector("td.score")!.Text());
        Assert.Contains("負向指標", row.QuerySelector("th")!.Text());
        Assert.NotNull(row.QuerySelector("span.light-unclear"));
        Assert.Equal("93.7 未達成", page.KpiRow("AC2.1").QuerySelector("td.achievement")!.Text());
        Assert.Equal("117.1 達成", page.KpiRow("BP2.1").QuerySelector("td.achievement")!.Text());
        Assert.Equal("未評核", page.KpiRow("CC2.1").QuerySelector("td.achievement")!.Text());
        Assert.Equal(162, RowCodes(page).Count);
    }

    [Fact]
    public async Task City_2021_statistics_table_totals_match_the_API()
    {
        var page = await OpenAsync("/orgs/TPE/2021/evaluation");
        var total = (await anonymous.EvaluationAsync("TPE", 2021)).GetProperty("selfTotal");

        var tables = page.QuerySelectorAll("table.stats").ToList();
        Assert.Equal(4, tables.Count);   // by perspective self, then reviewed; by theme self, then reviewed
        var footer = tables[0].QuerySelector("tfoot tr")!;
        Assert.Equal("合計", footer.QuerySelector("th")!.Text());
        var cells = footer.QuerySelectorAll("td").Select(c => int.Parse(c.Text(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([162, total.GetProperty("achieved").GetInt32(), total.GetProperty("notAchieved").GetInt32(), total.GetProperty("noData").GetInt32(), 0, 0, 0, 0, 162], cells);
        Assert.Equal(162, cells[1] + cells[2] + cells[3]);
        var headers = tables[0].QuerySelectorAll("thead th").Select(h => h.Text()).ToList();
        Assert.Equal(["KPI 數", "已達成目標值", "未達成目標值", "無相關統計數據", "★ 優", "● 良", "▲ 可", "× 差", "? 績效不明"], headers.Skip(1));
        var perspectives = tables[0].QuerySelectorAll("tbody tr").ToList();
        Assert.Equal(4, perspectives.Count);
        Assert.Equal(162, perspectives.Sum(r => int.Parse(r.QuerySelectorAll("td")[0].Text(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Theme_filter_A_shows_exactly_the_23_KPIs_of_theme_A()
    {
        var page = await OpenAsync("/orgs/TPE/2021/evaluation?theme=A");

        var expected = CityKpis((o, _) => o.Code[0] == 'A');
        Assert.Equal(23, expected.Count);
        Assert.Equal(expected, RowCodes(page));
        Assert.True(page.QuerySelector("select[name=theme] option[value=A]")!.HasAttribute("selected"));
    }

    [Fact]
    public async Task Perspective_filter_F_shows_only_financial_KPIs()
    {
        var page = await OpenAsync("/orgs/TPE/2021/evaluation?perspective=F");

        var expected = CityKpis((o, _) => o.Code[1] == 'F');
        Assert.NotEmpty(expected);
        Assert.Equal(expected, RowCodes(page));
    }

    [Fact]
    public async Task Light_filter_Unclear_shows_every_unscored_KPI_and_Excellent_shows_none()
    {
        var unclear = await OpenAsync("/orgs/TPE/2021/evaluation?light=Unclear");
        var excellent = await OpenAsync("/orgs/TPE/2021/evaluation?light=Excellent");

        Assert.Equal(162, RowCodes(unclear).Count);
        Assert.Empty(RowCodes(excellent));
        Assert.Equal("沒有符合篩選條件的 KPI。", excellent.QuerySelector("p.empty")!.Text());
    }

    [Fact]
    public async Task Unit_filter_shows_the_KPIs_the_environmental_protection_department_is_responsible_for()
    {
        var page = await OpenAsync("/orgs/TPE/2021/evaluation?unit=" + Uri.EscapeDataString("環保局"));

        var expected = CityKpis((_, k) => k.Responsible.Contains("環保局"));
        Assert.Contains("AC1.1", expected);
        Assert.Equal(expected, RowCodes(page));
        Assert.True(expected.Count < 162);
    }

    [Fact]
    public async Task Filters_combine()
    {
        var page = await OpenAsync("/orgs/TPE/2021/evaluation?theme=A&perspective=C&unit=" + Uri.EscapeDataString("環保局"));

        Assert.Equal(CityKpis((o, k) => o.Code.StartsWith("AC", StringComparison.Ordinal) && k.Responsible.Contains("環保局")), RowCodes(page));
    }

    [Fact]
    public async Task Evaluation_page_of_an_unknown_plan_is_a_friendly_404()
    {
        var page = await OpenAsync("/orgs/TPE/1999/evaluation", HttpStatusCode.NotFound);

        Assert.Contains("找不到 TPE 的 民國88年 計畫", page.QuerySelector("section.notfound")!.Text());
    }

    // ---- the entry form ----

    private async Task<(IHtmlFormElement Form, List<KeyValuePair<string, string>> Fields)> EntryFormAsync(string org, string page = "entry", HttpClient? person = null)
    {
        var document = await (person ?? client).OpenAsync(app.ServerAddress, $"/orgs/{org}/2022/{page}");
        var form = document.QuerySelectorAll("form.entry").OfType<IHtmlFormElement>().Single();
        var fields = form.Fields();
        Assert.Contains(fields, f => f.Key == "__RequestVerificationToken" && f.Value.Length > 20);
        return (form, fields);
    }

    private Task<HttpResponseMessage> PostAsync(string org, List<KeyValuePair<string, string>> fields, string page = "entry", HttpClient? person = null) =>
        (person ?? client).PostAsync($"/orgs/{org}/2022/{page}", new FormUrlEncodedContent(fields));

    [Fact]
    public async Task A_valid_entry_redirects_with_saved_2_and_the_evaluation_shows_the_results()
    {
        // A plan of its own: once a formula KPI has an actual, the shared plan's form could no longer be posted
        // unchanged (see After_a_formula_KPI_got_its_actual_the_form_posted_unchanged_still_saves_nothing).
        var org = await app.ImportPlanAsync();
        var agency = await app.AgencyAsync(org, forms: true);
        var (form, fields) = await EntryFormAsync(org, person: agency);
        var ac31 = form.RowIndex("AC3.1");     // target 46.5, no formula: a value field
        fields.Set($"Rows[{ac31}].Value", "50");
        fields.Set($"Rows[{ac31}].Innovation", "80");
        fields.Set($"Rows[{ac31}].Challenge", "85");
        fields.Set($"Rows[{ac31}].Contribution", "85");
        var ac21 = form.RowIndex("AC2.1");     // a formula: its two inputs instead of a value
        Assert.Null(form.QuerySelector($"#Rows_{ac21}__Value"));
        fields.Set($"Rows[{ac21}].Inputs[依限完成派案評估之案件]", "95");
        fields.Set($"Rows[{ac21}].Inputs[通報件數]", "100");

        var response = await PostAsync(org, fields, person: agency);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/orgs/{org}/2022/entry?saved=2", response.Headers.Location!.OriginalString);
        var entry = await agency.OpenAsync(app.ServerAddress, response.Headers.Location.OriginalString);
        Assert.Equal("已儲存 2 項 KPI 的變更。", entry.QuerySelector("p.notice.ok")!.Text());
        Assert.StartsWith("107.5 / 87.5 / ●", entry.KpiRow("AC3.1").QuerySelector("td.result")!.Text());
        Assert.Contains("= 95", entry.KpiRow("AC2.1").Text());

        var evaluation = await agency.OpenAsync(app.ServerAddress, $"/orgs/{org}/2022/evaluation");
        var row = evaluation.KpiRow("AC3.1");
        Assert.Equal("107.5 達成", row.QuerySelector("td.achievement")!.Text());   // 50 ÷ 46.5
        Assert.Equal("87.5", row.QuerySelector("td.score")!.Text());               // 25 + 20 + 25.5 + 17
        Assert.NotNull(row.QuerySelector("span.light-good"));
        Assert.Equal("95.0 未達成", evaluation.KpiRow("AC2.1").QuerySelector("td.achievement")!.Text());
    }

    [Fact]
    public async Task Posting_the_form_unchanged_saves_nothing()
    {
        var before = await client.ExportAsync(org);
        var (_, fields) = await EntryFormAsync(org);

        var response = await PostAsync(org, fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/orgs/{org}/2022/entry?saved=0", response.Headers.Location!.OriginalString);
        Assert.Equal(before, await client.ExportAsync(org));
    }

    [Fact]
    public async Task After_a_formula_KPI_got_its_actual_the_form_posted_unchanged_still_saves_nothing()
    {
        // BC3.1 is computed by its formula: the form shows its two inputs and no value field.
        var org = await app.ImportPlanAsync();
        var agency = await app.AgencyAsync(org, forms: true);
        var (form, fields) = await EntryFormAsync(org, person: agency);
        var bc31 = form.RowIndex("BC3.1");
        fields.Set($"Rows[{bc31}].Inputs[納入定期會議討論案件數]", "66");
        fields.Set($"Rows[{bc31}].Inputs[符合列管指標案件]", "100");
        Assert.Equal($"/orgs/{org}/2022/entry?saved=1", (await PostAsync(org, fields, person: agency)).Headers.Location!.OriginalString);
        var before = await agency.ExportAsync(org);
        var (_, again) = await EntryFormAsync(org, person: agency);

        var response = await PostAsync(org, again, person: agency);

        var body = response.StatusCode == HttpStatusCode.OK ? (await EvaluationKit.ParseAsync(response, app.ServerAddress, "entry")).QuerySelector("div.notice.error")?.Text() : null;
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {response.StatusCode}: {body}");
        Assert.Equal($"/orgs/{org}/2022/entry?saved=0", response.Headers.Location!.OriginalString);
        Assert.Equal(before, await agency.ExportAsync(org));
    }

    [Fact]
    public async Task Changing_one_score_on_the_form_keeps_the_other_scores_exactly_as_entered()
    {
        var org = await app.ImportPlanAsync();
        var agency = await app.AgencyAsync(org, forms: true);
        await agency.PutOkAsync(org, "CC2.1", "self", """{"innovation":82.125,"challenge":80,"contribution":80}""");
        var (form, fields) = await EntryFormAsync(org, person: agency);
        var cc21 = form.RowIndex("CC2.1");
        fields.Set($"Rows[{cc21}].Challenge", "85");

        var response = await PostAsync(org, fields, person: agency);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var self = (await agency.EvaluationAsync(org)).Row("CC2.1").GetProperty("self");
        Assert.Equal(85m, self.Decimal("challenge"));
        Assert.Equal(82.125m, self.Decimal("innovation"));
    }

    [Fact]
    public async Task An_actual_abc_re_renders_the_form_with_the_field_marked_and_saves_nothing_not_even_the_valid_rows()
    {
        var before = await client.ExportAsync(org);
        var (form, fields) = await EntryFormAsync(org);
        var bc21 = form.RowIndex("BC2.1");
        fields.Set($"Rows[{bc21}].Value", "abc");
        var tf11 = form.RowIndex("TF1.1");
        fields.Set($"Rows[{tf11}].Value", "95");

        var response = await PostAsync(org, fields);

        var page = await EvaluationKit.ParseAsync(response, app.ServerAddress, "entry", HttpStatusCode.BadRequest);
        var input = page.GetElementById($"Rows_{bc21}__Value")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("abc", input.GetAttribute("value"));
        Assert.Equal($"Rows_{bc21}__Value-error", input.GetAttribute("aria-describedby"));
        Assert.Contains("「abc」不是數字", page.GetElementById($"Rows_{bc21}__Value-error")!.Text());
        Assert.Contains("有 1 個欄位需要修正，尚未儲存任何資料。", page.QuerySelector("div.notice.error")!.Text());
        Assert.Null(page.GetElementById($"Rows_{tf11}__Value")!.GetAttribute("aria-invalid"));
        Assert.Equal(before, await client.ExportAsync(org));
    }

    [Fact]
    public async Task A_score_of_150_re_renders_the_form_with_the_score_marked_and_saves_nothing()
    {
        var before = await client.ExportAsync(org);
        var (form, fields) = await EntryFormAsync(org);
        var tl21 = form.RowIndex("TL2.1");
        fields.Set($"Rows[{tl21}].Innovation", "150");
        fields.Set($"Rows[{tl21}].Challenge", "80");
        fields.Set($"Rows[{tl21}].Contribution", "80");

        var response = await PostAsync(org, fields);

        var page = await EvaluationKit.ParseAsync(response, app.ServerAddress, "entry", HttpStatusCode.BadRequest);
        var input = page.GetElementById($"Rows_{tl21}__Innovation")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("150", input.GetAttribute("value"));
        Assert.Contains("創新度 150 超出範圍", page.GetElementById($"Rows_{tl21}__Innovation-error")!.Text());
        Assert.Null(page.GetElementById($"Rows_{tl21}__Challenge")!.GetAttribute("aria-invalid"));
        Assert.Equal(before, await client.ExportAsync(org));
    }

    [Fact]
    public async Task A_score_that_is_not_a_number_is_named_on_its_field()
    {
        var before = await client.ExportAsync(org);
        var (form, fields) = await EntryFormAsync(org);
        var tl31 = form.RowIndex("TL3.1");
        fields.Set($"Rows[{tl31}].Innovation", "80");
        fields.Set($"Rows[{tl31}].Challenge", "八十");
        fields.Set($"Rows[{tl31}].Contribution", "80");

        var page = await EvaluationKit.ParseAsync(await PostAsync(org, fields), app.ServerAddress, "entry", HttpStatusCode.BadRequest);

        Assert.Equal("true", page.GetElementById($"Rows_{tl31}__Challenge")!.GetAttribute("aria-invalid"));
        Assert.Contains("「八十」不是數字", page.GetElementById($"Rows_{tl31}__Challenge-error")!.Text());
        Assert.Equal(before, await client.ExportAsync(org));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_with_400()
    {
        var before = await client.ExportAsync(org);
        var (form, fields) = await EntryFormAsync(org);
        var tf11 = form.RowIndex("TF1.1");
        fields.Set($"Rows[{tf11}].Value", "96");
        fields.RemoveAll(f => f.Key == "__RequestVerificationToken");

        var response = await PostAsync(org, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await client.ExportAsync(org));
    }

    [Fact]
    public async Task A_post_with_a_token_from_another_client_is_refused_with_400()
    {
        var (form, fields) = await EntryFormAsync(org);
        fields.Set($"Rows[{form.RowIndex("TF1.1")}].Value", "96");
        using var stranger = await app.AgencyAsync(org, forms: true);   // the same person, without the antiforgery cookie

        var response = await stranger.PostAsync($"/orgs/{org}/2022/entry", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_review_light_on_the_review_form_is_shown_beside_the_self_light_and_marked_as_differing()
    {
        var org = await app.ImportPlanAsync();
        var agency = await app.AgencyAsync(org);
        await agency.PutOkAsync(org, "BC3.2", "actual", """{"value":"35.60"}""");
        await agency.PutOkAsync(org, "BC3.2", "self", """{"innovation":90,"challenge":90,"contribution":90}""");   // 92.5: ★
        await app.SubmitAsync(org);
        var reviewer = await app.ReviewerAsync(forms: true);
        var (form, fields) = await EntryFormAsync(org, "review", reviewer);
        var bc32 = form.RowIndex("BC3.2");
        fields.Set($"Rows[{bc32}].Light", "Fair");
        fields.Set($"Rows[{bc32}].Text", "佐證資料不足以支持優等");

        var response = await PostAsync(org, fields, "review", reviewer);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/orgs/{org}/2022/review?saved=1", response.Headers.Location!.OriginalString);
        var page = await reviewer.OpenAsync(app.ServerAddress, $"/orgs/{org}/2022/evaluation");
        var row = page.KpiRow("BC3.2");
        Assert.Contains("differs", row.ClassList);
        Assert.NotNull(row.QuerySelector("span.light-excellent"));
        Assert.NotNull(row.QuerySelector("span.light-fair"));
        Assert.Contains("≠", row.Text());
        Assert.Contains("佐證資料不足以支持優等", row.QuerySelector("div.comment")!.Text());
        var reviewed = page.QuerySelectorAll("table.stats")[1].QuerySelector("tfoot tr")!.QuerySelectorAll("td").Select(c => c.Text()).ToList();
        Assert.True(int.Parse(reviewed[6], System.Globalization.CultureInfo.InvariantCulture) >= 1, "reviewed ▲ count");
    }

    [Fact]
    public async Task A_draft_s_evaluation_is_hidden_from_anonymous_readers_and_shown_to_the_agency()
    {
        await OpenAsync($"/orgs/{org}/2022/evaluation", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/orgs/{org}/plans/2022/evaluation")).StatusCode);
        var entry = await anonymous.GetAsync($"/orgs/{org}/2022/entry");
        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        Assert.StartsWith("/account/sign-in", entry.Headers.Location!.PathAndQuery());

        var page = await client.OpenAsync(app.ServerAddress, $"/orgs/{org}/2022/evaluation");
        Assert.Equal(20, RowCodes(page).Count);
    }

    [Fact]
    public async Task A_number_that_is_not_one_and_a_missing_score_on_another_row_are_both_reported_in_one_pass()
    {
        var before = await client.ExportAsync(org);
        var (form, fields) = await EntryFormAsync(org);
        var tl21 = form.RowIndex("TL2.1");
        fields.Set($"Rows[{tl21}].Innovation", "abc");
        fields.Set($"Rows[{tl21}].Challenge", "80");
        fields.Set($"Rows[{tl21}].Contribution", "80");
        var tl31 = form.RowIndex("TL3.1");
        fields.Set($"Rows[{tl31}].Innovation", "80");
        fields.Set($"Rows[{tl31}].Challenge", "80");

        var page = await EvaluationKit.ParseAsync(await PostAsync(org, fields), app.ServerAddress, "entry", HttpStatusCode.BadRequest);

        Assert.Contains("有 2 個欄位需要修正，尚未儲存任何資料。", page.QuerySelector("div.notice.error")!.Text());
        Assert.Contains("「abc」不是數字", page.GetElementById($"Rows_{tl21}__Innovation-error")!.Text());
        Assert.Contains("請填寫貢獻度", page.GetElementById($"Rows_{tl31}__Contribution-error")!.Text());
        Assert.Equal(before, await client.ExportAsync(org));
    }

    [Fact]
    public async Task A_score_with_a_decimal_comma_is_refused_not_read_as_85()
    {
        var before = await client.ExportAsync(org);
        var (form, fields) = await EntryFormAsync(org);
        var ap21 = form.RowIndex("AP2.1");
        fields.Set($"Rows[{ap21}].Innovation", "8,5");
        fields.Set($"Rows[{ap21}].Challenge", "80");
        fields.Set($"Rows[{ap21}].Contribution", "80");

        var page = await EvaluationKit.ParseAsync(await PostAsync(org, fields), app.ServerAddress, "entry", HttpStatusCode.BadRequest);

        Assert.Contains("逗號只用於千分位", page.GetElementById($"Rows_{ap21}__Innovation-error")!.Text());
        Assert.Equal(before, await client.ExportAsync(org));
    }

    [Fact]
    public async Task Clearing_a_formula_KPI_s_inputs_and_giving_a_reason_on_the_form_removes_the_inputs()
    {
        var org = await app.ImportPlanAsync();
        var agency = await app.AgencyAsync(org, forms: true);
        await agency.PutOkAsync(org, "AC2.1", "actual", """{"inputs":{"依限完成派案評估之案件":1947,"通報件數":1950}}""");
        var (form, fields) = await EntryFormAsync(org, person: agency);
        var ac21 = form.RowIndex("AC2.1");
        fields.Set($"Rows[{ac21}].Inputs[依限完成派案評估之案件]", "");
        fields.Set($"Rows[{ac21}].Inputs[通報件數]", "");
        fields.Set($"Rows[{ac21}].Reason", "系統轉換中，數據待確認");

        var response = await PostAsync(org, fields, person: agency);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var kpi = System.Text.Json.JsonDocument.Parse(await agency.ExportAsync(org)).RootElement.Kpi("AC2.1");
        Assert.False(kpi.TryGetProperty("inputs", out _), $"inputs left beside the reason: {kpi}");
        Assert.Equal("無實際值：系統轉換中，數據待確認", (await agency.EvaluationAsync(org)).Row("AC2.1").String("actual"));
    }

    [Fact]
    public async Task A_band_rule_that_is_no_rule_is_refused_on_the_settings_form_and_nothing_is_saved()
    {
        var org = await app.ImportPlanAsync();
        var planner = await app.ClientAsync(Data.Roles.Planner, forms: true);
        var before = await planner.ExportAsync(org);
        var page = await planner.OpenAsync(app.ServerAddress, $"/orgs/{org}/2022/settings");
        var fields = page.QuerySelectorAll("form.settings").OfType<IHtmlFormElement>().Single().Fields();
        fields.RemoveAll(f => f.Key == "BandRule");
        fields.Add(new("BandRule", "Bogus"));
        fields.Set("BandExcellent", "95");

        var response = await planner.PostAsync($"/orgs/{org}/2022/settings", new FormUrlEncodedContent(fields));

        var refused = await EvaluationKit.ParseAsync(response, app.ServerAddress, "settings", HttpStatusCode.BadRequest);
        Assert.Contains("「Bogus」不存在", refused.GetElementById("BandRule-error")!.Text());
        Assert.Equal(before, await planner.ExportAsync(org));
    }

    [Fact]
    public async Task A_light_for_a_KPI_without_an_actual_is_refused_on_the_review_form_beside_the_light()
    {
        var org = await app.ImportPlanAsync();
        await app.SubmitAsync(org);
        var reviewer = await app.ReviewerAsync(forms: true);
        var before = await reviewer.ExportAsync(org);
        var (form, fields) = await EntryFormAsync(org, "review", reviewer);
        var bc11 = form.RowIndex("BC1.1");
        fields.Set($"Rows[{bc11}].Light", "Good");

        var page = await EvaluationKit.ParseAsync(await PostAsync(org, fields, "review", reviewer), app.ServerAddress, "review", HttpStatusCode.BadRequest);

        var row = page.KpiRow("BC1.1");
        Assert.Equal("true", row.QuerySelector("select[name$='.Light']")!.GetAttribute("aria-invalid"));
        Assert.Contains("尚無實際值", row.QuerySelector(".field-error")!.Text());
        Assert.Equal(before, await reviewer.ExportAsync(org));
    }

    [Fact]
    public async Task Entry_form_labels_every_field_with_the_KPI_code()
    {
        var (form, _) = await EntryFormAsync(org);
        var i = form.RowIndex("AC1.1");

        foreach (var (field, label) in new[] { ("Innovation", "AC1.1 創新度"), ("Challenge", "AC1.1 挑戰度"), ("Contribution", "AC1.1 貢獻度"), ("Reason", "AC1.1 無數值原因") })
        {
            var element = form.QuerySelector($"label[for='Rows_{i}__{field}']");
            Assert.True(element is not null, $"no label for {field}");
            Assert.Equal(label, element.Text());
        }
        Assert.Equal("AC1.1 當年度通報案件數", form.QuerySelector($"label[for='Rows_{i}__Inputs_當年度通報案件數_']")!.Text());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationPagesOnSqlite(SqliteBeacon app) : EvaluationPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationPagesOnPostgres(PostgresBeacon app) : EvaluationPageTests(app);
