using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.ReadModel;

/// <summary>
/// The read model serves plans from caches (views, shared renderings, whole responses to anonymous readers), yet after a
/// write returns the next read shows it: through every write path, through writes that bypass SaveChanges, and across
/// plans (a page citing another plan). Each read is made twice before the write, so what it reads afterwards would be a
/// cached answer if the write had not made a new key.
/// </summary>
public abstract class FreshReadTests(BeaconFactory app)
{
    private const int Year = EvaluationKit.PlanYear;
    private readonly HttpClient anonymous = app.CreateClient();

    private async Task<IDocument> PageAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await client.GetAsync(url);
        return await client.OpenAsync(app.ServerAddress, url, expected);
    }

    private async Task<JsonElement> EvaluationTwiceAsync(HttpClient client, string org)
    {
        await client.EvaluationAsync(org);
        return await client.EvaluationAsync(org);
    }

    private static string Cell(IDocument page, string kpi, int column) =>
        page.QuerySelector($"table.evaluation tr[id='{kpi}']")!.QuerySelectorAll("td")[column].Text();

    [Fact]
    public async Task Every_write_path_shows_in_the_next_read()
    {
        var org = await app.ImportPlanAsync();
        var plan = $"/orgs/{org}/{Year}";
        using var reader = await app.ReaderAsync();
        using var agency = await app.AgencyAsync(org);
        using var planner = await app.ClientAsync(Roles.Planner);
        using var reviewer = await app.ReviewerAsync();
        Assert.DoesNotContain("7.7", Cell(await PageAsync(reader, plan + "/evaluation"), "AC1.1", 1));

        // An actual entered through the API: the evaluation as JSON and as a page.
        await agency.PutOkAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(77));
        Assert.Equal("7.7", (await EvaluationTwiceAsync(reader, org)).Row("AC1.1").String("actual"));
        Assert.Equal("7.7", Cell(await PageAsync(reader, plan + "/evaluation"), "AC1.1", 1));

        // A self-assessment.
        await agency.PutOkAsync(org, "AC1.1", "self", """{"innovation":80,"challenge":85,"contribution":85}""");
        Assert.Equal(80m, (await EvaluationTwiceAsync(reader, org)).Row("AC1.1").GetProperty("self").Decimal("innovation"));

        // The year's settings.
        var settings = await planner.PutSettingsAsync(org,
            """{"weights":{"achievement":0.4,"innovation":0.2,"challenge":0.2,"contribution":0.2},"bands":{"excellent":90,"good":80,"fair":75},"bandRule":"proportional"}""");
        Assert.Equal(HttpStatusCode.NoContent, settings.StatusCode);
        Assert.Equal(0.4m, (await EvaluationTwiceAsync(reader, org)).GetProperty("settings").GetProperty("weights").Decimal("achievement"));

        // A workflow step: the map page's status and history.
        Assert.Equal(HttpStatusCode.NoContent, (await agency.StepAsync(org, "submit", year: Year)).StatusCode);
        var map = await PageAsync(reader, plan);
        Assert.Equal("已送出", map.QuerySelector("section.plan-status strong.status")!.Text());
        Assert.Single(map.QuerySelectorAll("table.history tbody tr"));

        // A review.
        await reviewer.PutOkAsync(org, "AC1.1", "review", """{"innovation":70,"challenge":80,"contribution":80,"comment":"自評偏高"}""");
        Assert.Equal("自評偏高", (await EvaluationTwiceAsync(reader, org)).Row("AC1.1").GetProperty("review").String("text"));

        // Approved, the plan is public: anonymous readers get whole cached responses.
        Assert.Equal(HttpStatusCode.NoContent, (await reviewer.StepAsync(org, "approve", year: Year)).StatusCode);
        Assert.Equal("7.7", Cell(await PageAsync(anonymous, plan + "/evaluation"), "AC1.1", 1));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/orgs/{org}/plans/{Year}")).StatusCode);

        // Unlocked, it is a draft again: the public keeps reading the published version (not their cached whole
        // responses of the approved plan: the draft's status is read at once), and staff read the draft.
        Assert.Equal(HttpStatusCode.NoContent, (await planner.StepAsync(org, "unlock", "修正目標值", Year)).StatusCode);
        Assert.Equal("7.7", Cell(await PageAsync(anonymous, plan + "/evaluation"), "AC1.1", 1));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/orgs/{org}/plans/{Year}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/open-data/{org}/{Year}/evaluation.csv")).StatusCode);
        Assert.Equal("草稿", (await PageAsync(reader, plan)).QuerySelector("section.plan-status strong.status")!.Text());

        // Replaced by an import: a KPI renamed.
        var renamed = Dataset.NewPlan(org);
        renamed = renamed with
        {
            Objectives = [.. renamed.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Code == "AC1.1" ? k with { Name = "再通報率（修正）" } : k)] })],
        };
        var import = await planner.PostAsync("/api/import?replace=true", EvaluationKit.Json(PlanJson.Write(renamed)));
        Assert.True(import.StatusCode == HttpStatusCode.OK, await import.DescribeAsync());
        var scorecard = await PageAsync(reader, plan + "/scorecard");
        Assert.Contains("再通報率（修正）", scorecard.QuerySelector("td[id='AC1.1']")!.Text());
        Assert.Equal("再通報率（修正）", (await EvaluationTwiceAsync(reader, org)).Row("AC1.1").String("name"));
    }

    [Fact]
    public async Task Writes_that_bypass_SaveChanges_show_in_the_next_read()
    {
        var org = await app.ImportPlanAsync();
        await app.SetStatusAsync(org, PlanStatus.Approved);
        var scorecard = $"/orgs/{org}/{Year}/scorecard";
        string Target(IDocument page) => page.QuerySelector("td[id='AC1.1']")!.ParentElement!.QuerySelectorAll("td.num")[3].Text();
        Assert.Equal("7.7", Target(await PageAsync(anonymous, scorecard)));

        // ExecuteUpdate of a value.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var updated = await db.KpiValues
                .Where(v => v.Year == Year && v.Kind == ValueKind.Target && v.Period == null
                    && db.Kpis.Any(k => k.Id == v.KpiId && k.Code == "AC1.1" && db.Objectives.Any(o => o.Id == k.ObjectiveId && db.Plans.Any(p => p.Id == o.PlanId && p.Organisation.Code == org))))
                .ExecuteUpdateAsync(u => u.SetProperty(v => v.Text, "7.1"));
            Assert.Equal(1, updated);
        }
        Assert.Equal("7.1", Target(await PageAsync(anonymous, scorecard)));

        // Raw SQL.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var id = await db.KpiValues.Where(v => v.Text == "7.1" && v.Year == Year
                && db.Kpis.Any(k => k.Id == v.KpiId && db.Objectives.Any(o => o.Id == k.ObjectiveId && db.Plans.Any(p => p.Id == o.PlanId && p.Organisation.Code == org)))).Select(v => v.Id).SingleAsync();
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"""UPDATE "KpiValues" SET "Text" = '6.9' WHERE "Id" = {id}"""));
        }
        Assert.Equal("6.9", Target(await PageAsync(anonymous, scorecard)));

        // ExecuteDelete of action plans: the KPI page lists none.
        var kpi = $"/orgs/{org}/{Year}/kpis/AC1.1";
        Assert.Equal(3, (await PageAsync(anonymous, kpi)).QuerySelectorAll("article.action").Length);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            Assert.Equal(3, await db.ActionPlans.Where(a => a.Code.StartsWith("AC1.1.")
                && db.Kpis.Any(k => k.Id == a.KpiId && db.Objectives.Any(o => o.Id == k.ObjectiveId && db.Plans.Any(p => p.Id == o.PlanId && p.Organisation.Code == org)))).ExecuteDeleteAsync());
        }
        Assert.Empty((await PageAsync(anonymous, kpi)).QuerySelectorAll("article.action"));

        // The organisation renamed (SaveChanges on a row that is not the plan's own): every page of its plans.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            (await db.Organisations.SingleAsync(o => o.Code == org)).Name = "更名後的防治中心";
            await db.SaveChangesAsync();
        }
        Assert.Contains("更名後的防治中心", (await PageAsync(anonymous, scorecard)).QuerySelector("header.planhead .eyebrow")!.Text());
    }

    [Fact]
    public async Task The_lists_across_organisations_show_the_next_write_to_anonymous_readers()
    {
        // A year's summary (page and API, whole and paged) and the open-data index: anonymous readers get whole stored
        // responses of them, kept under the digest of every plan's stamp and the organisations' key.
        var org = await app.ImportPlanAsync();
        await app.SetStatusAsync(org, PlanStatus.Approved);
        string[] json = [$"/api/evaluations/{Year}", $"/api/evaluations/{Year}?limit=1000", "/open-data/index.json"];
        var page = $"/evaluations/{Year}?size=500";
        async Task<string> JsonAsync(string url)
        {
            await anonymous.GetAsync(url);
            var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {await response.DescribeAsync()}");
            // The second read is the stored response (it says how old it is), so what follows tests its key.
            Assert.True(response.Headers.Age is not null, $"{url}: not served from the stored responses");
            return await response.Content.ReadAsStringAsync();
        }
        async Task<string> PageTextAsync() => (await PageAsync(anonymous, page)).Body!.TextContent;
        foreach (var url in json) Assert.Contains($"\"{org}\"", await JsonAsync(url));
        Assert.Contains(org, await PageTextAsync());

        // The organisation renamed: every list names it anew.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            (await db.Organisations.SingleAsync(o => o.Code == org)).Name = $"更名後的中心{org}";
            await db.SaveChangesAsync();
        }
        foreach (var url in json) Assert.Contains($"更名後的中心{org}", await JsonAsync(url));
        Assert.Contains($"更名後的中心{org}", await PageTextAsync());

        // A draft again: no list shows it to the public.
        await app.SetStatusAsync(org, PlanStatus.Draft);
        foreach (var url in json) Assert.DoesNotContain(org, await JsonAsync(url));
        Assert.DoesNotContain(org, await PageTextAsync());
    }

    [Fact]
    public async Task A_change_to_one_plan_shows_on_the_pages_of_the_plans_that_cite_it()
    {
        // A city and an agency under it, both approved; the agency's CC1.1 serves the city's AC1.1.
        var city = Dataset.NewPlan();
        city = city with { Organisation = city.Organisation with { Kind = OrganisationKind.City, Parent = null, ShortName = null } };
        var agency = Dataset.NewPlan();
        agency = agency with
        {
            Organisation = agency.Organisation with { Parent = city.Organisation.Code },
            Objectives = [.. agency.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Code == "CC1.1" ? k with { CityKpi = "AC1.1" } : k)] })],
        };
        foreach (var plan in new[] { city, agency })
        {
            await app.ImportPlanAsync(plan);
            await app.SetStatusAsync(plan.Organisation.Code, PlanStatus.Approved);
        }
        var agencyKpi = $"/orgs/{agency.Organisation.Code}/{Year}/kpis/CC1.1";
        var cityKpi = $"/orgs/{city.Organisation.Code}/{Year}/kpis/AC1.1";
        Assert.Contains("保護案件再通報率", (await PageAsync(anonymous, agencyKpi)).QuerySelector("dd.city-kpi")!.Text());
        Assert.Single((await PageAsync(anonymous, cityKpi)).QuerySelectorAll($"a[href='{agencyKpi}']"));

        // The city KPI renamed: the agency's page names it anew.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var kpi = await db.Kpis.SingleAsync(k => k.Code == "AC1.1" && db.Objectives.Any(o => o.Id == k.ObjectiveId && db.Plans.Any(p => p.Id == o.PlanId && p.Organisation.Code == city.Organisation.Code)));
            kpi.Name = "保護案件再通報率（府級）";
            await db.SaveChangesAsync();
        }
        Assert.Contains("保護案件再通報率（府級）", (await PageAsync(anonymous, agencyKpi)).QuerySelector("dd.city-kpi")!.Text());

        // The agency's plan unlocked (a draft again): the city's page no longer cites it to the public.
        await app.SetStatusAsync(agency.Organisation.Code, PlanStatus.Draft);
        Assert.Empty((await PageAsync(anonymous, cityKpi)).QuerySelectorAll($"a[href='{agencyKpi}']"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FreshReadsOnSqlite(SqliteBeacon app) : FreshReadTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FreshReadsOnPostgres(PostgresBeacon app) : FreshReadTests(app);
