using System.Net;
using Beacon.Core.Tests.Comparison;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Comparison;

/// <summary>The comparison page (修正對照表): reached from the plan's tabs, laid out as 原 | 修正後 | 說明, filtered by a GET form.</summary>
[Collection(SqliteCollection.Name)]
public sealed class ComparisonPageTests(SqliteBeacon app)
{
    private readonly HttpClient anonymous = app.CreateClient();

    private static string? organisation;

    /// <summary>The DV centre's 2022 plan and its revised 2023 plan under a new organisation code, as drafts.</summary>
    private async Task<string> RevisedAsync()
    {
        if (organisation is not null) return organisation;
        var plan2022 = Dataset.NewPlan();
        await app.ImportPlanAsync(plan2022);
        return organisation = await app.ImportPlanAsync(PlanKit.Dvpc2023(plan2022));
    }

    [Fact]
    public async Task The_city_2021_page_compares_with_the_previous_year_held_by_default()
    {
        var map = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2021");
        Assert.NotNull(map.QuerySelector("nav.tabs a[href='/orgs/TPE/2021/compare']"));

        var page = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/compare");

        Assert.Equal("2018", page.QuerySelector("#compare-with option[selected]")?.GetAttribute("value"));
        Assert.Equal("民國107年 → 民國110年 修正對照表", page.QuerySelector("#compare-heading")!.Text());
        var rows = page.QuerySelectorAll("#compare-counts tr").Select(r => string.Join(" ", r.QuerySelectorAll("th, td").Select(c => c.Text()))).ToList();
        Assert.Contains("顧客 37 27 −10 0 47 +47 0 66 +66", rows);
        Assert.Contains("合計 143 85 −58 0 162 +162 0 243 +243", rows);
        Assert.Equal(["原 (107年)", "修正後 (110年)", "說明"], page.QuerySelectorAll("#compare-rows thead th").Skip(1).Select(h => h.Text()));
        // The 2021 approvals, which 2018 does not record, are the basis of the revision.
        Assert.Contains("110.10.07 因部分關鍵績效指標項目受新冠肺炎疫情影響業務推展", page.QuerySelector("section.compare-basis")!.Text());
    }

    [Fact]
    public async Task The_revised_DV_centre_plan_reads_before_after_and_why()
    {
        var org = await RevisedAsync();
        var reader = await app.ReaderAsync();

        var page = await reader.OpenAsync(app.ServerAddress, $"/orgs/{org}/2023/compare");

        Assert.Equal("2022", page.QuerySelector("#compare-with option[selected]")?.GetAttribute("value"));
        Assert.Equal("列出 19 項（共 59 項，其中 19 項有修正）", page.QuerySelector("#compare-count")!.Text());
        var target = page.QuerySelectorAll("#compare-rows tbody tr").Single(r => r.GetAttribute("data-code") == "AC1.1");
        Assert.Contains("112年目標值：7.5", target.QuerySelector("td.before")!.Text());
        Assert.Contains("112年目標值：7.4", target.QuerySelector("td.after")!.Text());
        Assert.Equal("目標值修正", target.QuerySelector("td.explanation")!.Text());
        var removed = page.QuerySelectorAll("#compare-rows tbody tr").Single(r => r.GetAttribute("data-code") == "AC1.1.3");
        Assert.Equal("（刪除）", removed.QuerySelector("td.after")!.Text());
        Assert.Contains("與修正後 BC3.3.1「臺北市6歲以下兒少保護個案親職賦能計畫」相近", removed.QuerySelector("td.explanation")!.Text());
        Assert.Equal($"/orgs/{org}/2022/kpis/AC1.1#AC1.1.3", removed.QuerySelector("td.before a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("kind=Renumbered", "BC1.1 BC1.1.1 BC1.2 BC1.2.1 CC1.2.1")]
    [InlineData("kind=Added", "BC3.4 BC3.4.1")]
    [InlineData("perspective=Learning", "TL1 TL3.1")]
    [InlineData("kind=Renamed&level=Objective", "TL1")]
    [InlineData("kind=all&perspective=Financial", "TF1 TF1.1 TF1.1.1")]
    public async Task The_GET_form_filters_by_kind_perspective_and_item(string query, string codes)
    {
        var org = await RevisedAsync();

        var page = await (await app.ReaderAsync()).OpenAsync(app.ServerAddress, $"/orgs/{org}/2023/compare?with=2022&{query}");

        Assert.Equal(codes, string.Join(" ", page.QuerySelectorAll("#compare-rows tbody tr[data-code]").Select(r => r.GetAttribute("data-code"))));
        Assert.Equal("get", page.QuerySelector("form.filters")!.GetAttribute("method"));
    }

    [Fact]
    public async Task The_page_speaks_English_with_Gregorian_years()
    {
        var org = await RevisedAsync();

        var page = await (await app.ReaderAsync()).OpenAsync(app.ServerAddress, $"/orgs/{org}/2023/compare?kind=TargetChanged&culture=en");

        Assert.Equal("Revision comparison 2022 → 2023", page.QuerySelector("#compare-heading")!.Text());
        var row = page.QuerySelector("#compare-rows tbody tr[data-code]")!;
        Assert.Contains("2023 target: 7.4", row.QuerySelector("td.after")!.Text());
        Assert.Equal("Target changed", row.QuerySelector("td.explanation")!.Text());
    }

    [Fact]
    public async Task A_year_that_is_not_held_is_named_beside_the_year_field()
    {
        var page = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/compare?with=2030", HttpStatusCode.NotFound);

        Assert.Equal("true", page.QuerySelector("#compare-with")!.GetAttribute("aria-invalid"));
        Assert.Equal("找不到 臺北市政府 的 民國119年 計畫，無法比較；請從清單選擇年度。", page.QuerySelector("#compare-with-error")!.Text());
        Assert.Null(page.QuerySelector("#compare-rows"));
        await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/compare?with=2021", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_plan_with_no_other_year_says_so_and_a_draft_is_not_found_for_anonymous_readers()
    {
        var page = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE-DVPC/2022/compare");
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心 沒有其他年度的計畫可供比較。", page.QuerySelector("#compare-none")!.Text());

        var org = await RevisedAsync();
        await anonymous.OpenAsync(app.ServerAddress, $"/orgs/{org}/2023/compare", HttpStatusCode.NotFound);
    }
}
