using System.Collections.Concurrent;
using AngleSharp.Dom;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// Names in an imported plan are text, never markup: a planner imports the DV centre's plan with an objective named
/// <c>&lt;script&gt;alert(1)&lt;/script&gt;</c> and a KPI named <c>"&gt;&lt;img src=x onerror=alert(1)&gt;</c>, and a
/// signed-in viewer sees both as the very characters typed, on every page that shows them — the SVG map included —
/// with no element, attribute or script made from them.
/// </summary>
public abstract class XssTests(BeaconFactory app)
{
    private const string Objective = "<script>alert(1)</script>";
    private const string Kpi = "\"><img src=x onerror=alert(1)>";

    private static readonly ConcurrentDictionary<BeaconFactory, Lazy<Task<string>>> Plans = new();

    /// <summary>The hostile plan, imported once per database by a planner through POST /api/import (a draft).</summary>
    private Task<string> HostilePlanAsync() => Plans.GetOrAdd(app, _ => new Lazy<Task<string>>(() =>
    {
        var plan = Dataset.NewPlan();
        return app.ImportAsPlannerAsync(plan with
        {
            Objectives = [.. plan.Objectives.Select(o => o.Code != "AC1" ? o : o with
            {
                Name = Objective,
                Kpis = [.. o.Kpis.Select(k => k.Code != "AC1.1" ? k : k with { Name = Kpi })],
            })],
        });
    })).Value;

    public static TheoryData<string> Pages => ["", "/scorecard", "/kpis/AC1.1", "/evaluation"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Hostile_names_are_shown_as_text_to_a_signed_in_viewer(string page)
    {
        var org = await HostilePlanAsync();
        var viewer = await app.PageClientAsync(Persona.Viewer, org);
        var url = $"/orgs/{org}/{MatrixKit.Year}{page}";

        var response = await viewer.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        var document = await EvaluationKit.ParseAsync(response, app.ServerAddress, url);

        Assert.DoesNotContain(Objective, html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.All(document.QuerySelectorAll("script"), s => Assert.True(s.HasAttribute("src"), $"an inline script: {s.OuterHtml}"));
        Assert.Empty(document.QuerySelectorAll("img"));
        Assert.Empty(document.All.SelectMany(e => e.Attributes.Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Select(a => $"<{e.LocalName} {a.Name}>")));

        switch (page)
        {
            case "":
                // The map: the objective's box holds the name, wrapped over lines of the SVG text.
                var box = document.QuerySelector("svg g[data-code='AC1']") ?? throw new Xunit.Sdk.XunitException("no box for AC1 on the map");
                Assert.Empty(box.QuerySelectorAll("script"));
                Assert.Equal("AC1" + Objective, string.Concat(box.QuerySelectorAll("tspan").Select(t => t.TextContent)).Replace(" ", "", StringComparison.Ordinal));
                break;
            case "/scorecard":
                Assert.Equal($"AC1 {Objective}", document.QuerySelector("tr#AC1 th.obj")!.Text());
                Assert.Equal($"AC1.1 {Kpi}", document.QuerySelector("td[id='AC1.1'] a")!.Text());
                break;
            case "/kpis/AC1.1":
                Assert.Equal($"AC1.1 {Kpi}", document.QuerySelector("main h1")!.Text());
                Assert.StartsWith($"AC1.1 {Kpi}", document.Title);
                Assert.Equal($"AC1 {Objective}", document.QuerySelector("dl.facts dd a")!.Text());
                break;
            case "/evaluation":
                Assert.Equal($"AC1.1 {Kpi}", document.KpiRow("AC1.1").QuerySelector("th a")!.Text());
                break;
        }
    }

    [Fact]
    public async Task Hostile_names_come_back_unchanged_from_the_API()
    {
        var org = await HostilePlanAsync();
        var viewer = await app.ApiClientAsync(Persona.Viewer, org);

        var exported = System.Text.Json.JsonDocument.Parse(await viewer.ExportAsync(org)).RootElement;

        var objective = exported.GetProperty("objectives").EnumerateArray().Single(o => o.String("code") == "AC1");
        Assert.Equal(Objective, objective.String("name"));
        Assert.Equal(Kpi, exported.Kpi("AC1.1").String("name"));
        Assert.Equal(Kpi, (await viewer.EvaluationAsync(org)).Row("AC1.1").String("name"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class XssOnSqlite(SqliteBeacon app) : XssTests(app);

[Collection(PostgresCollection.Name)]
public sealed class XssOnPostgres(PostgresBeacon app) : XssTests(app);
