using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// A plan year is published when it is approved: until then an anonymous reader gets the same 404 as for a plan that
/// does not exist — on its pages, its API and its open data — and does not find its year in any list; anyone signed in
/// with a role sees it. Once approved it appears for everyone.
/// </summary>
public abstract class VisibilityTests(BeaconFactory app)
{
    /// <summary>Everything that shows one plan year, pages and API.</summary>
    private static string[] Addresses(string org) =>
    [
        $"/orgs/{org}/2022",
        $"/orgs/{org}/2022/scorecard",
        $"/orgs/{org}/2022/themes/A",
        $"/orgs/{org}/2022/kpis/AC1.1",
        $"/orgs/{org}/2022/evaluation",
        $"/orgs/{org}/2022/workflow",
        $"/api/orgs/{org}/plans/2022",
        $"/api/orgs/{org}/plans/2022/evaluation",
        $"/api/orgs/{org}/plans/2022/workflow",
        $"/open-data/{org}/2022/scorecard.csv",
        $"/open-data/{org}/2022/evaluation.json",
    ];

    public static TheoryData<PlanStatus> Unpublished => [PlanStatus.Draft, PlanStatus.Submitted, PlanStatus.UnderReview, PlanStatus.Returned];

    [Theory]
    [MemberData(nameof(Unpublished))]
    public async Task An_anonymous_reader_finds_no_trace_of_a_plan_that_is_not_approved(PlanStatus status)
    {
        var org = await app.ImportAsPlannerAsync();
        await app.SetStatusAsync(org, status);
        var anonymous = app.CreateClient();

        foreach (var address in Addresses(org))
        {
            var response = await anonymous.GetAsync(address);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{status}: {address} answered {await response.DescribeAsync()}");
            Assert.DoesNotContain("保護案件再通報率", await response.Content.ReadAsStringAsync());   // AC1.1's name
        }
        // The organisation has no plan an anonymous reader may see: it is not listed, and its plans are a 404.
        Assert.Equal([], await YearsAsync(anonymous, org));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/orgs/{org}/plans")).StatusCode);
        Assert.DoesNotContain($"/orgs/{org}/2022", await anonymous.GetStringAsync("/"));
        Assert.DoesNotContain($"/orgs/{org}/2022", await anonymous.GetStringAsync("/orgs/TPE-SWD"));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/orgs/{org}")).StatusCode);
        Assert.DoesNotContain(org, await anonymous.GetStringAsync("/open-data/index.json"));

        // The same plan is there for a signed-in viewer, so the 404s above are about the reader, not a broken plan.
        var viewer = await app.ApiClientAsync(Persona.Viewer, org);
        foreach (var address in Addresses(org).Where(a => !a.StartsWith("/open-data", StringComparison.Ordinal)))
            Assert.True((await viewer.GetAsync(address)).StatusCode == HttpStatusCode.OK, $"{status}: {address} is hidden from a viewer");
        Assert.Equal([2022], await YearsAsync(viewer, org));
        // Listed beneath its parent (the home page may list only the upper levels when the test data has grown).
        Assert.Contains($"/orgs/{org}/2022", await viewer.GetStringAsync("/orgs/TPE-SWD"));
        Assert.Contains($"/orgs/{org}/2022", await viewer.GetStringAsync($"/orgs/{org}"));
    }

    [Fact]
    public async Task Once_approved_the_plan_appears_for_everyone()
    {
        var org = await app.ImportAsPlannerAsync();
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/orgs/{org}/2022")).StatusCode);
        foreach (var (who, step) in new[] { (Persona.Editor, "submit"), (Persona.Reviewer, "approve") })
            Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(who, org)).StepAsync(org, step, year: 2022)).StatusCode);

        foreach (var address in Addresses(org))
        {
            var response = await anonymous.GetAsync(address);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{address} answered {await response.DescribeAsync()}");
        }
        Assert.Equal([2022], await YearsAsync(anonymous, org));
        Assert.Contains($"/orgs/{org}/2022", await anonymous.GetStringAsync("/orgs/TPE-SWD"));
        Assert.Contains(org, await anonymous.GetStringAsync("/open-data/index.json"));
        // Nobody may act on it anonymously: the workflow offers no step.
        Assert.Equal(0, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/2022/workflow")).GetProperty("available").GetArrayLength());
    }

    [Fact]
    public async Task An_organisation_whose_plans_are_all_unpublished_is_not_on_the_home_page_for_an_anonymous_reader()
    {
        var org = await app.ImportAsPlannerAsync();

        var anonymous = await app.CreateClient().GetStringAsync("/orgs/TPE-SWD");
        Assert.DoesNotContain(org, anonymous);
        Assert.DoesNotContain($"id=\"org-{org}\"", anonymous);
        Assert.DoesNotContain(org, await app.CreateClient().GetStringAsync("/"));
        // Its parent, TPE-SWD, has a published plan of its own and stays.
        Assert.Contains("id=\"org-TPE-SWD\"", await app.CreateClient().GetStringAsync("/"));

        var viewer = await (await app.ApiClientAsync(Persona.Viewer, org)).GetStringAsync("/orgs/TPE-SWD");
        Assert.Contains($"id=\"org-{org}\"", viewer);
        Assert.Contains($"/orgs/{org}/2022", viewer);
    }

    [Fact]
    public async Task The_agency_KPIs_serving_a_city_KPI_leave_out_unpublished_plans()
    {
        // A draft agency plan of 2021 whose KPI serves the published city KPI AC1.1 of 2021.
        var source = Dataset.NewPlan();
        var org = await app.ImportAsPlannerAsync(source with
        {
            Year = 2021,
            Objectives = [.. source.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(k => k.Code == "AC1.1" ? k with { Name = "草稿局處的 KPI", CityKpi = "AC1.1" } : k)] })],
        });

        var anonymous = await app.CreateClient().GetStringAsync("/orgs/TPE/2021/kpis/AC1.1");
        Assert.DoesNotContain("草稿局處的 KPI", anonymous);
        Assert.DoesNotContain(org, anonymous);

        var viewer = await (await app.ApiClientAsync(Persona.Viewer, org)).GetStringAsync("/orgs/TPE/2021/kpis/AC1.1");
        Assert.Contains("草稿局處的 KPI", viewer);
        Assert.Contains($"/orgs/{org}/2021/kpis/AC1.1", viewer);
    }

    [Fact]
    public async Task A_published_plan_shows_nothing_of_the_unpublished_city_plan_it_carries()
    {
        // A draft plan of 2022 of a city (there is none of 2022 in the dataset) and a published plan of 2022 of an
        // agency of that city, carrying its theme A, objective AC1 and KPI AC1.1.
        var source = Dataset.NewPlan();
        var city = await app.ImportAsPlannerAsync(source with
        {
            Organisation = source.Organisation with { Name = "草稿市政府", ShortName = null, NameEn = null, Kind = OrganisationKind.City, Parent = null },
            Themes = [.. source.Themes.Select(t => t.Code == "A" ? t with { Name = "草稿府級主題", CityTheme = null } : t with { CityTheme = null })],
            Objectives = [.. source.Objectives.Select(o => o.Code != "AC1" ? o : o with
            {
                Name = "草稿府級目標",
                Kpis = [.. o.Kpis.Select(k => k.Code == "AC1.1" ? k with { Name = "草稿府級 KPI" } : k)],
            })],
        });
        var agency = Dataset.NewPlan();
        var org = await app.ImportAsPlannerAsync(agency with
        {
            Organisation = agency.Organisation with { Parent = city },
            Themes = [.. agency.Themes.Select(t => t.Code == "A" ? t with { CityTheme = "A" } : t)],
            Objectives = [.. agency.Objectives.Select(o => o.Code != "AC1" ? o : o with
            {
                CityObjective = "AC1",
                Kpis = [.. o.Kpis.Select(k => k.Code == "AC1.1" ? k with { CityKpi = "AC1.1" } : k)],
            })],
        });
        await app.SetStatusAsync(org, PlanStatus.Approved);
        string[] secrets = ["草稿府級主題", "草稿府級目標", "草稿府級 KPI", "草稿市政府", city];

        var anonymous = app.CreateClient();
        foreach (var address in new[] { $"/orgs/{org}/2022/kpis/AC1.1", $"/orgs/{org}/2022/themes/A" })
        {
            var html = await anonymous.GetStringAsync(address);
            foreach (var secret in secrets) Assert.False(html.Contains(secret, StringComparison.Ordinal), $"{address} shows '{secret}'");
        }
        Assert.Contains("府級計畫中無此 KPI 的資料", await anonymous.GetStringAsync($"/orgs/{org}/2022/kpis/AC1.1"));

        var viewer = await app.ApiClientAsync(Persona.Viewer, org);
        var kpi = await viewer.GetStringAsync($"/orgs/{org}/2022/kpis/AC1.1");
        Assert.Contains($"/orgs/{city}/2022/kpis/AC1.1", kpi);
        Assert.Contains("草稿府級 KPI", kpi);
        Assert.Contains("草稿府級目標", kpi);
        var theme = await viewer.GetStringAsync($"/orgs/{org}/2022/themes/A");
        Assert.Contains($"/orgs/{city}/2022/themes/A", theme);
        Assert.Contains("草稿府級主題", theme);
        Assert.Contains($"/orgs/{city}/2022/themes/A#AC1", theme);
    }

    [Fact]
    public async Task Theme_agencies_link_only_to_organisations_the_reader_may_see()
    {
        // A published plan whose theme A is led by an organisation that has only a draft.
        var hidden = Dataset.NewPlan();
        hidden = hidden with { Organisation = hidden.Organisation with { ShortName = "草稿局" + hidden.Organisation.Code[^4..] } };
        var hiddenOrg = await app.ImportAsPlannerAsync(hidden);
        var lead = Dataset.NewPlan();
        var org = await app.ImportAsPlannerAsync(lead with { Themes = [.. lead.Themes.Select(t => t.Code == "A" ? t with { Lead = hidden.Organisation.ShortName } : t)] });
        await app.SetStatusAsync(org, PlanStatus.Approved);

        var anonymous = await app.CreateClient().GetStringAsync($"/orgs/{org}/2022/themes/A");
        Assert.Contains(hidden.Organisation.ShortName!, anonymous);   // the name as printed in the plan
        Assert.DoesNotContain(hiddenOrg, anonymous);

        var viewer = await (await app.ApiClientAsync(Persona.Viewer, org)).GetStringAsync($"/orgs/{org}/2022/themes/A");
        Assert.Contains($"href=\"/orgs/{hiddenOrg}/2022\"", viewer);
    }

    [Fact]
    public async Task An_ROC_year_address_is_not_redirected_to_an_unpublished_plan()
    {
        var org = await app.ImportAsPlannerAsync();
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync($"/orgs/{org}/111");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("/2022", response.Headers.Location?.OriginalString ?? "");

        var viewer = await app.ApiClientAsync(Persona.Viewer, org);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orgs/{org}/111");
        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.ServerAddress };
        noRedirects.DefaultRequestHeaders.Authorization = viewer.DefaultRequestHeaders.Authorization;
        var signedIn = await noRedirects.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal($"/orgs/{org}/2022", signedIn.Headers.Location!.OriginalString);
    }

    /// <summary>The years /api/orgs lists for the organisation; none when it is not listed at all.</summary>
    private static async Task<List<int>> YearsAsync(HttpClient client, string org) =>
        [.. (await Beacon.Web.Tests.Api.OrganisationPages.AllAsync(client))
            .Where(o => o.String("code") == org).SelectMany(o => o.GetProperty("years").EnumerateArray()).Select(y => y.GetInt32())];
}

[Collection(SqliteCollection.Name)]
public sealed class VisibilityOnSqlite(SqliteBeacon app) : VisibilityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class VisibilityOnPostgres(PostgresBeacon app) : VisibilityTests(app);
