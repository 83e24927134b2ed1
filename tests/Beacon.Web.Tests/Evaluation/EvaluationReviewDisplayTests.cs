using System.Text.Json;
using AngleSharp.Dom;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// Self and review side by side: each reviewed score, total, achievement and light that differs from the agency's is
/// marked (a ≠ with words for screen readers, not colour alone), in the page and in the API; and the statistics per
/// theme, self and reviewed, with the objectives shared by every theme as their own row (T). One reviewed copy of the
/// DV centre's 2022 plan (CC1.1 made qualitative) per database.
/// </summary>
public abstract class EvaluationReviewDisplayTests(BeaconFactory app) : IAsyncLifetime
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<BeaconFactory, Lazy<Task<string>>> Plans = new();
    private string org = null!;
    private HttpClient reader = null!;

    public async Task InitializeAsync()
    {
        org = await Plans.GetOrAdd(app, _ => new Lazy<Task<string>>(app.ImportReviewedPlanAsync)).Value;
        reader = await app.ReaderAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<IDocument> PageAsync(string query = "") => reader.OpenAsync(app.ServerAddress, $"/orgs/{org}/2022/evaluation{query}");

    /// <summary>The reviewed cells of a row: achievement, innovation, challenge, contribution, total, light.</summary>
    private static List<IElement> Reviewed(IElement row) => [.. row.QuerySelectorAll("td").Skip(8)];

    private static bool Marked(IElement cell) =>
        cell.QuerySelectorAll("span.tag.warn").Any(m => m.TextContent.Contains('≠') && m.QuerySelector(".sr") is { } words && words.TextContent.Trim().Length > 0);

    [Fact]
    public async Task Each_reviewed_score_and_the_total_that_differ_from_the_self_assessment_are_marked_the_others_not()
    {
        var page = await PageAsync();

        var cells = Reviewed(page.KpiRow("BC3.2"));
        Assert.Equal(6, cells.Count);
        Assert.Equal([false, true, false, true, true, true], cells.Select(Marked));   // achievement, 70 ≠ 90, 90 = 90, 80 ≠ 90, 85.5 ≠ 92.5, ● ≠ ★
        Assert.StartsWith("85.5", cells[4].Text());
        Assert.Contains("與自評不同", cells[1].QuerySelector(".sr")!.TextContent);
        Assert.All(Reviewed(page.KpiRow("TF1.1")), c => Assert.False(Marked(c)));
        Assert.DoesNotContain("differs", page.KpiRow("TF1.1").ClassList);
    }

    [Fact]
    public async Task The_reviewer_s_judgement_of_a_qualitative_KPI_shows_as_the_reviewed_achievement()
    {
        var page = await PageAsync();

        var row = page.KpiRow("CC1.1");
        Assert.Equal("100.0 達成", row.QuerySelector("td.achievement")!.Text());
        var reviewed = Reviewed(row);
        Assert.StartsWith("0.0 未達成", reviewed[0].Text());
        Assert.True(Marked(reviewed[0]));
        Assert.Equal([false, false, false], reviewed.Skip(1).Take(3).Select(Marked));   // the same scores
        Assert.True(Marked(reviewed[4]));                                              // 60 ≠ 85
    }

    [Fact]
    public async Task The_API_row_gives_the_reviewed_achievement_and_names_what_the_review_changed()
    {
        var evaluation = await reader.EvaluationAsync(org);

        var cc11 = evaluation.Row("CC1.1");
        var review = cc11.GetProperty("review");
        Assert.Equal(0m, review.Decimal("achievement"));
        Assert.False(review.GetProperty("achieved").GetBoolean());
        Assert.Equal(100m, cc11.GetProperty("self").Decimal("achievement"));
        Assert.Equal(["achievement", "total", "light"], Names(cc11.GetProperty("differences")));
        Assert.Equal(["innovation", "contribution", "total", "light"], Names(evaluation.Row("BC3.2").GetProperty("differences")));
        Assert.Empty(Names(evaluation.Row("TF1.1").GetProperty("differences")));
    }

    private static List<string> Names(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Statistics_per_theme_self_and_reviewed_have_a_row_for_the_shared_objectives()
    {
        var page = await PageAsync();
        var evaluation = await reader.EvaluationAsync(org);
        var shared = evaluation.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("theme").ValueKind == JsonValueKind.Null).Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.Equal(["TL1.1", "TL2.1", "TL3.1", "TF1.1"], shared);

        var tables = page.QuerySelectorAll("table.stats.by-theme").ToList();
        Assert.Equal(2, tables.Count);   // self, then reviewed
        foreach (var table in tables)
        {
            var rows = table.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("th")!.Text()).ToList();
            Assert.Equal(["A", "B", "C", "T"], rows.Select(r => r.Split(' ')[0]));
            Assert.Equal("T 共同策略目標", rows[3]);
            var cells = table.QuerySelectorAll("tbody tr")[3].QuerySelectorAll("td").Select(c => int.Parse(c.Text(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(4, cells[0]);
            Assert.Equal(4, cells.Skip(4).Sum());   // the lights add up to the KPIs
        }
        // TF1.1 is ● self and reviewed; the other three are ? in both.
        var reviewedShared = tables[1].QuerySelectorAll("tbody tr")[3].QuerySelectorAll("td").Select(c => c.Text()).ToList();
        Assert.Equal(["1", "3"], [reviewedShared[5], reviewedShared[8]]);

        var selfByTheme = evaluation.GetProperty("selfByTheme").EnumerateArray().ToList();
        var reviewedByTheme = evaluation.GetProperty("reviewedByTheme").EnumerateArray().ToList();
        Assert.Equal(["A", "B", "C", "T"], selfByTheme.Select(t => t.GetProperty("group").GetString()));
        Assert.Equal(["A", "B", "C", "T"], reviewedByTheme.Select(t => t.GetProperty("group").GetString()));
        Assert.Equal(20, reviewedByTheme.Sum(t => t.GetProperty("kpis").GetInt32()));
        // BC3.2 reviewed ● (85.5) in theme B; CC1.1 reviewed × (60) in theme C.
        Assert.Equal(1, reviewedByTheme[1].GetProperty("lights").GetProperty("good").GetInt32());
        Assert.Equal(1, reviewedByTheme[2].GetProperty("lights").GetProperty("poor").GetInt32());
        Assert.Equal(1, selfByTheme[1].GetProperty("lights").GetProperty("excellent").GetInt32());
    }

    [Fact]
    public async Task The_theme_filter_offers_T_and_shows_exactly_the_shared_objectives_KPIs()
    {
        var page = await PageAsync("?theme=T");

        var option = page.QuerySelector("select[name=theme] option[value=T]")!;
        Assert.True(option.HasAttribute("selected"));
        Assert.Equal("T 共同策略目標", option.Text());
        Assert.Equal(["TL1.1", "TL2.1", "TL3.1", "TF1.1"], page.QuerySelectorAll("table.evaluation tbody tr").Select(r => r.Id));
    }

    [Fact]
    public async Task The_evaluation_page_links_to_the_year_s_summary_of_every_organisation()
    {
        var page = await PageAsync();

        Assert.NotNull(page.QuerySelector("main a[href='/evaluations/2022']"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationReviewDisplayOnSqlite(SqliteBeacon app) : EvaluationReviewDisplayTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationReviewDisplayOnPostgres(PostgresBeacon app) : EvaluationReviewDisplayTests(app);
