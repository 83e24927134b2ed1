using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp;
using AngleSharp.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Api;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Pages;

/// <summary>
/// The lists of organisations at scale: the home page, an organisation's page (/orgs/{org}) and GET /api/orgs, once on
/// SQLite and once on PostgreSQL. A county of many agencies is added for a test and removed after it (the tests of a
/// database run one at a time), so the other tests see the dataset's tree.
/// </summary>
public abstract class OrganisationListTests(BeaconFactory app)
{
    private readonly HttpClient anonymous = app.CreateClient();

    private async Task<IDocument> OpenAsync(HttpClient reader, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await reader.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: expected {expected}, got {response.StatusCode}\n{html[..Math.Min(html.Length, 2000)]}");
        return await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html).Address(new Uri(app.ServerAddress, url)));
    }

    private static string Text(IElement element) => string.Join(" ", element.TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A county (a new top-level organisation) with <paramref name="agencies"/> agencies beneath it, none with a plan yet.</summary>
    private async Task<(string County, string[] Agencies)> AddCountyAsync(int agencies)
    {
        var county = Dataset.NewOrganisationCode();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var top = new Organisation { Code = county, Name = "測試縣政府" + county[^4..], NameEn = "Test County " + county[^4..], Kind = OrganisationKind.City };
        db.Organisations.Add(top);
        var codes = Enumerable.Range(1, agencies).Select(i => $"{county}-A{i:000}").ToArray();
        db.Organisations.AddRange(codes.Select((code, i) => new Organisation { Code = code, Name = $"測試縣第{i + 1:000}局", Kind = OrganisationKind.Agency, Parent = top }));
        await db.SaveChangesAsync();
        return (county, codes);
    }

    /// <summary>Removes a county and its agencies (none of them with a plan).</summary>
    private async Task RemoveCountyAsync(string county)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        await db.Organisations.Where(o => o.Code.StartsWith(county + "-")).ExecuteDeleteAsync();
        await db.Organisations.Where(o => o.Code == county).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task With_a_county_of_120_agencies_the_home_page_lists_the_top_level_and_each_page_the_rest()
    {
        var (county, agencies) = await AddCountyAsync(120);
        try
        {
            var home = await OpenAsync(anonymous, "/");
            var page = await OpenAsync(anonymous, $"/orgs/{county}");
            var english = await OpenAsync(anonymous, $"/orgs/{county}?culture=en");
            var found = await OpenAsync(anonymous, "/?q=" + Uri.EscapeDataString("第007局"));

            // The top level only (the level beneath it would list more than 100), each with its count and page.
            var cards = home.QuerySelectorAll("li.org").ToList();
            Assert.All(cards, c => Assert.Contains("depth-0", c.ClassName));
            Assert.DoesNotContain(agencies, a => home.GetElementById($"org-{a}") is not null);
            Assert.Null(home.GetElementById("org-TPE-SWD"));
            var countyCard = home.GetElementById($"org-{county}")!;
            Assert.Equal(("120 個所屬機關", $"/orgs/{county}"), (Text(countyCard.QuerySelector(".beneath a")!), countyCard.QuerySelector(".beneath a")!.GetAttribute("href")));
            Assert.Contains("尚無計畫", Text(countyCard));
            Assert.Equal("/orgs/TPE", home.QuerySelector("#org-TPE .beneath a")!.GetAttribute("href"));
            Assert.Contains("上層機關", Text(home.QuerySelector("main")!));

            // The county's page: every agency, with the empty state of each.
            Assert.Equal(agencies, page.QuerySelectorAll("li.org").Select(li => li.Id![4..]));
            Assert.Contains("測試縣政府", Text(page.QuerySelector("h1")!));
            Assert.Equal(["首頁", "測試縣政府" + county[^4..]], page.QuerySelectorAll("nav.crumbs li").Select(Text));
            Assert.Contains("Test County", Text(english.QuerySelector("h1")!));
            Assert.Equal("120 sub-organisations", Text((await OpenAsync(anonymous, "/?culture=en")).QuerySelector($"#org-{county} .beneath a")!));
            Assert.Equal("No sub-organisations.", Text((await OpenAsync(anonymous, $"/orgs/{agencies[0]}?culture=en")).QuerySelector("section + section p")!));

            // The filter finds an agency wherever it sits.
            Assert.Equal([$"org-{agencies[6]}"], found.QuerySelectorAll("li.org").Select(li => li.Id));
            Assert.Contains("符合「第007局」的機關共 1 個。", Text(found.QuerySelector("main")!));
        }
        finally { await RemoveCountyAsync(county); }

        // Gone again: the home page lists the city's bureaus beneath it.
        Assert.NotNull((await OpenAsync(anonymous, "/")).GetElementById("org-TPE-SWD"));
    }

    [Fact]
    public async Task An_unknown_organisation_is_a_404_naming_it_in_either_language()
    {
        var zh = await OpenAsync(anonymous, "/orgs/TPE-NOPE", HttpStatusCode.NotFound);
        var en = await OpenAsync(anonymous, "/orgs/TPE-NONE?culture=en", HttpStatusCode.NotFound);

        Assert.Contains("找不到機關「TPE-NOPE」。", Text(zh.QuerySelector("main")!));
        Assert.Contains("There is no organisation 'TPE-NONE'. Check the code (e.g. TPE-SWD), or find it by name on the home page.", Text(en.QuerySelector("main")!));
        Assert.NotNull(zh.QuerySelector("main a[href='/']"));
    }

    [Fact]
    public async Task The_api_pages_the_organisations_beneath_one_and_a_write_shows_in_the_next_read()
    {
        // A county (no plan) and seven agencies beneath it, each with a draft (left in place, as other tests leave theirs).
        var (county, _) = await AddCountyAsync(0);
        var agencies = Enumerable.Range(1, 7).Select(i => $"{county}-A{i:000}").ToArray();
        var planner = await app.ApiClientAsync(Persona.Planner, county);
        foreach (var agency in agencies)
            await app.ImportAsPlannerAsync(Dataset.NewPlan(agency) with { Organisation = Dataset.NewPlan(agency).Organisation with { Parent = county } });

        // Pages of 3 for a planner, who reads the drafts: 3, 3 and 1, each pointing at the next.
        var first = await planner.GetAsync($"/api/orgs?parent={county}&limit=3");
        var second = await planner.GetAsync(OrganisationPages.Next(first)!);
        var third = await planner.GetAsync(OrganisationPages.Next(second)!);
        Assert.Equal($"/api/orgs?parent={county}&after={agencies[2]}&limit=3", OrganisationPages.Next(first));
        Assert.Equal(agencies[..3], await CodesAsync(first));
        Assert.Equal(agencies[3..6], await CodesAsync(second));
        Assert.Equal(agencies[6..], await CodesAsync(third));
        Assert.Null(OrganisationPages.Next(third));
        Assert.Equal(agencies, (await OrganisationPages.AllAsync(planner, $"/api/orgs?parent={county}&limit=2")).Select(o => o.GetProperty("code").GetString()));
        var one = (await planner.GetFromJsonAsync<JsonElement>($"/api/orgs?parent={county}&limit=0")).EnumerateArray().Single();
        Assert.Equal((agencies[0], county, 2022), (one.GetProperty("code").GetString(), one.GetProperty("parent").GetString(), one.GetProperty("years")[0].GetInt32()));

        // Anonymous: drafts only, so none; the county itself (no plans yet) is there to ask about.
        Assert.Empty(await CodesAsync(await anonymous.GetAsync($"/api/orgs?parent={county}")));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/orgs?parent={agencies[0]}")).StatusCode);
        var unknown = await anonymous.GetAsync("/api/orgs?parent=TPE-NOPE");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no organisation 'TPE-NOPE'", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(agencies[..2], await CodesAsync(await planner.GetAsync($"/api/orgs?parent={county.ToLowerInvariant()}&limit=2")));   // codes in any case

        // Read again, the page is kept: the organisations' key and the plans' digest, nothing more (on SQLite not even
        // those: they are kept until the database next changes).
        var again = app.Queries.Start();
        (await anonymous.GetAsync($"/api/orgs?parent={county}")).EnsureSuccessStatusCode();
        Assert.True(app.Kind == DatabaseKind.Sqlite ? again.Count is 0 or 2 : again.Count == 2, $"read again: {again}");

        // Approved through the workflow: the next anonymous read lists it, on the API and on the county's page.
        foreach (var (who, step) in new[] { (Persona.Editor, "submit"), (Persona.Reviewer, "approve") })
            Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(who, agencies[4])).StepAsync(agencies[4], step, year: 2022)).StatusCode);
        Assert.Equal(new[] { agencies[4] }, await CodesAsync(await anonymous.GetAsync($"/api/orgs?parent={county}")));
        Assert.NotNull((await OpenAsync(anonymous, $"/orgs/{county}")).QuerySelector($"li#org-{agencies[4]} a[href='/orgs/{agencies[4]}/2022']"));
        Assert.Null((await OpenAsync(anonymous, $"/orgs/{county}")).GetElementById($"org-{agencies[3]}"));
        Assert.NotNull((await OpenAsync(planner, $"/orgs/{county}")).GetElementById($"org-{agencies[3]}"));
    }

    [Fact]
    public async Task The_whole_list_reads_the_same_in_pages_of_any_size()
    {
        // Every organisation with a readable plan, in code order, whatever the page size.
        var whole = (await OrganisationPages.AllAsync(anonymous, "/api/orgs?limit=1000")).Select(o => o.GetProperty("code").GetString()).ToList();
        var paged = (await OrganisationPages.AllAsync(anonymous, "/api/orgs?limit=2")).Select(o => o.GetProperty("code").GetString()).ToList();

        Assert.Equal(whole, paged);
        Assert.Equal(whole.Order(StringComparer.Ordinal), whole);
        Assert.Subset(whole.ToHashSet(), new HashSet<string?> { "TPE", "TPE-SWD", "TPE-DOL", "TPE-DVPC" });
    }

    private static async Task<string[]> CodesAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(o => o.GetProperty("code").GetString()!)];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OrganisationListsOnSqlite(SqliteBeacon app) : OrganisationListTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OrganisationListsOnPostgres(PostgresBeacon app) : OrganisationListTests(app);
