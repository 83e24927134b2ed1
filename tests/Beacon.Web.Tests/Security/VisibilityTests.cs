using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        Assert.Equal([], await YearsAsync(anonymous, org));
        Assert.Equal([], (await anonymous.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans")).EnumerateArray().Select(p => p.GetProperty("year").GetInt32()));
        Assert.DoesNotContain($"/orgs/{org}/2022", await anonymous.GetStringAsync("/"));
        Assert.DoesNotContain(org, await anonymous.GetStringAsync("/open-data/index.json"));

        // The same plan is there for a signed-in viewer, so the 404s above are about the reader, not a broken plan.
        var viewer = await app.ApiClientAsync(Persona.Viewer, org);
        foreach (var address in Opens(Addresses(org).Where(a => !a.StartsWith("/open-data", StringComparison.Ordinal))))
            Assert.True((await viewer.GetAsync(address)).StatusCode == HttpStatusCode.OK, $"{status}: {address} is hidden from a viewer");
        Assert.Equal([2022], await YearsAsync(viewer, org));
        Assert.Contains($"/orgs/{org}/2022", await viewer.GetStringAsync("/"));
    }

    [Fact]
    public async Task Once_approved_the_plan_appears_for_everyone()
    {
        var org = await app.ImportAsPlannerAsync();
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/orgs/{org}/2022")).StatusCode);
        foreach (var (who, step) in new[] { (Persona.Editor, "submit"), (Persona.Reviewer, "approve") })
            Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(who, org)).StepAsync(org, step, year: 2022)).StatusCode);

        foreach (var address in Opens(Addresses(org)))
        {
            var response = await anonymous.GetAsync(address);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{address} answered {await response.DescribeAsync()}");
        }
        Assert.Equal([2022], await YearsAsync(anonymous, org));
        Assert.Contains($"/orgs/{org}/2022", await anonymous.GetStringAsync("/"));
        Assert.Contains(org, await anonymous.GetStringAsync("/open-data/index.json"));
        // Nobody may act on it anonymously: the workflow offers no step.
        Assert.Equal(0, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/2022/workflow")).GetProperty("available").GetArrayLength());
    }

    /// <summary>
    /// The addresses expected to open (200): all of them, except the workflow page on SQLite, which answers 500 there
    /// whoever asks (src bug, see MatrixPageOnSqlite.The_workflow_page_shows_the_steps_taken); its 404 above still holds.
    /// </summary>
    private IEnumerable<string> Opens(IEnumerable<string> addresses) =>
        addresses.Where(a => app.Kind != DatabaseKind.Sqlite || !a.EndsWith("/2022/workflow", StringComparison.Ordinal) || a.StartsWith("/api", StringComparison.Ordinal));

    private static async Task<List<int>> YearsAsync(HttpClient client, string org) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/orgs")).EnumerateArray()
            .Single(o => o.String("code") == org).GetProperty("years").EnumerateArray().Select(y => y.GetInt32())];
}

[Collection(SqliteCollection.Name)]
public sealed class VisibilityOnSqlite(SqliteBeacon app) : VisibilityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class VisibilityOnPostgres(PostgresBeacon app) : VisibilityTests(app);
