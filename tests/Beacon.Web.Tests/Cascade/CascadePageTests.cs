using System.Net;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Cascade;

/// <summary>
/// The cascade pages on the Taipei dataset: city objective and KPI pages listing the bureau KPIs that carry them, the
/// cascade page of a city year with its alignment gaps, and the theme membership.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class CascadePageTests(SqliteBeacon app)
{
    private readonly HttpClient anonymous = app.CreateClient();

    /// <summary>A table row's cells, one space between each.</summary>
    private static string Cells(AngleSharp.Dom.IElement row) => string.Join(" ", row.QuerySelectorAll("th, td").Select(c => c.Text()));

    [Theory]
    // DP5 is carried whole by BC1 (marked 府), whose BC1.1 and BC1.2 name DP5.1 and DP5.2.
    [InlineData("DP5", "BC1.1 DP5.1|BC1.2 DP5.2|BC1.3 —", "勞動局 BC1 優化職場安全衛生環境 整項承接（府）")]
    // DP4: DP1 carries it whole; DC1 only through DC1.2, which names DP4.2.
    [InlineData("DP4", "DC1.2 DP4.2|DP1.1 DP4.1|DP1.2 —", "勞動局 DC1 營造友善職場 以 KPI 承接|勞動局 DP1 落實性別平等措施 整項承接（府）")]
    [InlineData("EC2", "DP2.3 EC2.2", "勞動局 DP2 策進就業服務 以 KPI 承接")]
    public async Task The_Labor_KPIs_naming_city_KPIs_show_on_the_city_2018_objective_pages_with_roll_up(string objective, string kpis, string carriers)
    {
        var page = await anonymous.OpenAsync(app.ServerAddress, $"/orgs/TPE/2018/objectives/{objective}");

        var rows = page.QuerySelectorAll("section#carried-by table.carrying tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.Text()).ToList()).ToList();
        Assert.Equal(kpis.Split('|'), rows.Select(r => $"{r[2].Split(' ')[0]} {r[3]}"));
        Assert.All(rows, r => Assert.Equal(["勞動局", "尚無實際值", "?"], [r[0], r[4], r[5].Split(' ')[0]]));
        Assert.Equal(carriers.Split('|'), page.QuerySelectorAll("ul.carriers > li").Select(li => string.Join(" ", li.QuerySelectorAll(":scope > a, :scope > span.tag").Select(e => e.Text()))));
        // The roll-up table: every carrying KPI once, none with an actual for 2018.
        var n = rows.Count;
        Assert.Equal([$"自評 {n} 0 0 {n} 0 0 0 0 {n}", $"複核 {n} 0 0 {n} 0 0 0 0 {n}"], page.QuerySelectorAll("table.rollup-table tbody tr").Select(Cells));
    }

    [Fact]
    public async Task The_city_2018_cascade_lists_its_gaps_and_notes_that_the_map_only_plan_lists_no_KPIs()
    {
        var page = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2018/cascade");

        Assert.Equal("沒有局處承接的府級策略目標（139）", page.QuerySelector("#gaps-uncarried summary")!.Text());
        var missing = page.QuerySelector("#gaps-missing-kpis")!;
        Assert.Contains("107年府級計畫在 Beacon 中未列任何 KPI（只有策略地圖）", missing.Text());
        Assert.Equal(6, missing.QuerySelectorAll("li").Length);
        Assert.Contains("勞動局 BC1.1 職業災害死亡百萬人率：標示承接府級 KPI DP5.1", missing.QuerySelectorAll("li").Select(l => l.Text()).First());
        // Theme D: DP4, DP5, DP6 carried, and the Labor themes B, C and D marked (府) D: 27 KPIs, each once.
        var d = page.QuerySelector("#theme-D")!;
        Assert.NotNull(d.GetAttribute("open"));
        Assert.StartsWith("D 優化產業勞動 KPI 27 項 已達成 0 未達成 0 無資料 27", d.QuerySelector("summary")!.Text());
        Assert.Equal(["DP4", "DP5", "DP6"], d.QuerySelectorAll("details.cascade-objective").Select(o => o.Id));
        Assert.Equal(["DC1.2", "DP1.1", "DP1.2"], d.QuerySelectorAll("details#DP4 details.cascade-kpi > summary > span.code").Select(s => s.Text()));
    }

    [Fact]
    public async Task The_city_2021_cascade_lists_its_alignment_gaps()
    {
        var page = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/cascade");

        // No published bureau plan of 2021 carries anything: every objective is a gap, and every agency named by a
        // theme carries nothing — with no plan of 2021, or unknown to Beacon.
        Assert.Equal("沒有局處承接的府級策略目標（85）", page.QuerySelector("#gaps-uncarried summary")!.Text());
        var idle = page.QuerySelectorAll("#gaps-idle li").Select(l => l.Text()).ToList();
        Assert.Contains("E 主政： 社會局 — 無 110年 計畫", idle);
        Assert.Contains("D 協辦： 勞動局 — 無 110年 計畫", idle);
        Assert.Contains("A 主政： 環保局 — Beacon 中無此機關", idle);
        Assert.Equal(idle.Count, int.Parse(page.QuerySelector("#gaps-idle summary")!.Text().Split('（', '）')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("標示（府）但府級計畫沒有該策略目標的局處策略目標（0）", page.QuerySelector("#gaps-missing-objectives summary")!.Text());
        Assert.Null(page.QuerySelector("#theme-A")!.GetAttribute("open"));
        Assert.NotNull(page.QuerySelector("nav.tabs a[href='/orgs/TPE/2021/cascade'][aria-current='page']"));
    }

    [Fact]
    public async Task A_signed_in_reader_sees_a_draft_bureau_plan_carry_the_city_objective_and_KPI_with_its_lights()
    {
        var org = await app.ImportPlanAsync(CascadeTests.BureauPlan2021());
        var reader = await app.ReaderAsync();

        var objective = await reader.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/objectives/AC1");
        var row = objective.QuerySelectorAll("table.carrying tbody tr").Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"/orgs/{org}/2021"
            && r.QuerySelector("th")!.Text().StartsWith("AC1.1", StringComparison.Ordinal));
        var cells = row.QuerySelectorAll("td");
        Assert.Equal("110.0", cells[3].Text());
        Assert.Equal(["light light-good", "light light-excellent"], cells.Skip(4).Select(c => c.QuerySelector("span.light")!.ClassName));

        var kpi = await reader.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/kpis/AC1.1");
        var carrying = kpi.QuerySelectorAll("#carried-by table.carrying tbody tr").Single(r => r.QuerySelector($"a[href='/orgs/{org}/2021/kpis/AC2.1']") is not null);
        Assert.Equal("90.0", carrying.QuerySelectorAll("td")[3].Text());
        Assert.NotNull(kpi.QuerySelector("#carried-by table.rollup-table"));

        var cascade = await reader.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/cascade");
        Assert.Contains(cascade.QuerySelectorAll("#gaps-missing-objectives li"), li => li.Text().Contains("標示承接 AC9，110年府級計畫沒有此策略目標", StringComparison.Ordinal)
            && li.QuerySelector($"a[href='/orgs/{org}/2021']") is not null);
    }

    [Fact]
    public async Task Theme_membership_names_lead_and_member_agencies_their_plans_and_what_they_carry()
    {
        var page = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/membership");

        var e = page.QuerySelectorAll("section#theme-E tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.Text()).ToList()).ToList();
        Assert.Equal(["社會局", "主政", "無", "—"], e[0]);
        Assert.Equal("/orgs/TPE-SWD", page.QuerySelector("section#theme-E tbody tr th a")!.GetAttribute("href"));
        Assert.Contains(["勞動局", "協辦", "無", "—"], e);
        Assert.Contains(["交通局", "協辦", "Beacon 中無此機關", "—"], e);
        Assert.Equal(8, page.QuerySelectorAll("section.membership").Length);

        var english = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/membership?culture=en");
        Assert.Equal(["社會局", "Lead", "none", "—"], english.QuerySelector("section#theme-E tbody tr")!.QuerySelectorAll("th, td").Select(c => c.Text()));
    }

    [Fact]
    public async Task The_cascade_and_membership_pages_are_for_a_city_plan()
    {
        var page = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE-DOL/2018/cascade", HttpStatusCode.NotFound);
        Assert.Contains("串接頁只適用於府級計畫；臺北市政府勞動局 是局處", page.QuerySelector("section.notfound")!.Text());
        await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE-DOL/2018/membership", HttpStatusCode.NotFound);
        await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE/2021/objectives/ZZ9", HttpStatusCode.NotFound);
        var agency = await anonymous.OpenAsync(app.ServerAddress, "/orgs/TPE-DOL/2018/objectives/BC1");
        Assert.Equal("/orgs/TPE/2018/themes/D#DP5", agency.QuerySelector("dd.city-objective a")!.GetAttribute("href"));
        Assert.Null(agency.QuerySelector("nav.tabs a[href$='/cascade']"));
    }
}
