using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;

namespace Beacon.Web.Tests.Authoring;

/// <summary>
/// Editing a plan through the API on SQLite and PostgreSQL: the DV centre's 2022 plan as a draft of an organisation of
/// its own. Renumbering keeps rows and is audited field by field, versions are asked for and checked, bad bodies are
/// 4xx problem documents, plans start empty or carried forward, organisations are added and renamed.
/// </summary>
public abstract class AuthoringApiTests(BeaconFactory app)
{
    private Task<HttpClient> Planner(string org) => app.ApiClientAsync(Persona.Planner, org);

    [Fact]
    public async Task Renumbering_AC3_to_AC4_renames_its_KPI_and_action_plan_keeps_their_rows_and_is_audited_field_by_field()
    {
        var org = await app.ImportAsPlannerAsync(Dataset.NewPlan() with { Links = [new LinkDoc { From = "AP1", To = "AC3" }] });
        var planner = await Planner(org);
        var objective = await planner.ReadAsync<ObjectiveEdit>($"{AuthoringKit.PlanApi(org)}/objectives/AC3");

        var response = await planner.PutJsonAsync($"{AuthoringKit.PlanApi(org)}/objectives/AC3", objective with { Code = "AC4" });

        await response.AssertStatusAsync(HttpStatusCode.NoContent, "renumber");
        var plan = await planner.PlanAsync(org);
        Assert.Equal(["AC1", "AC2", "AC4", "BC1"], plan.Objectives.Take(4).Select(o => o.Code));
        Assert.Equal("AC4.1.1", plan.Kpi("AC4.1").ActionPlans.Single().Code);
        Assert.Equal("AP1→AC4", $"{plan.Links[0].From}→{plan.Links[0].To}");
        var kpiChanges = await app.AuditAsync(org, "Kpi");
        var renamed = Assert.Single(kpiChanges, a => a.Action == "update" && a.Code == "AC4.1");
        Assert.Equal("""{"Code":"AC3.1","Version":0}""", renamed.OldValues);
        Assert.Equal("""{"Code":"AC4.1","Version":1}""", renamed.NewValues);
        Assert.DoesNotContain(kpiChanges, a => a.Action is "create" or "delete");
    }

    [Fact]
    public async Task A_write_without_the_version_is_428_and_one_on_an_old_version_is_409_naming_what_the_other_person_saved()
    {
        var org = await app.ImportAsPlannerAsync();
        var planner = await Planner(org);
        var url = $"{AuthoringKit.PlanApi(org)}/kpis/AC1.1";
        var kpi = await planner.ReadAsync<KpiEdit>(url);

        var missing = await planner.PutJsonAsync(url, kpi with { Version = null, Name = "再通報率" });
        var first = await planner.PutJsonAsync(url, kpi with { Name = "保護案件再通報比率" });
        var stale = await planner.PutJsonAsync(url, kpi with { Name = "再通報率" });

        await missing.AssertStatusAsync(HttpStatusCode.PreconditionRequired, "no version");
        await first.AssertStatusAsync(HttpStatusCode.NoContent, "first");
        await stale.AssertStatusAsync(HttpStatusCode.Conflict, "stale");
        Assert.Equal(["$.version: KPI AC1.1 was changed by someone else (version 1: 「保護案件再通報比率」，目標值 2022 7.7、2023 7.5、2024 7.3); your change was not saved, reload it."],
            await stale.ErrorsAsync());
        Assert.Equal("保護案件再通報比率", (await planner.PlanAsync(org)).Kpi("AC1.1").Name);
    }

    [Fact]
    public async Task A_new_KPI_with_an_action_plan_a_budget_and_a_milestone_shows_in_the_plan()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.ApiClientAsync(Persona.ResponsibleEditor, org);
        var api = AuthoringKit.PlanApi(org);

        var kpi = await editor.PutJsonAsync($"{api}/kpis/AC1.2", new KpiEdit
        {
            Name = "保護令聲請協助件數", Unit = "件", Direction = Direction.Positive, Responsible = ["成保組"],
            Values = [new ValueDoc { Year = 2022, Kind = ValueKind.Target, Text = "120" }, new ValueDoc { Year = 2021, Kind = ValueKind.Actual, Text = "104" }],
        });
        var action = await editor.PutJsonAsync($"{api}/action-plans/AC1.2.1", new ActionPlanEdit
        {
            Name = "保護令聲請協助方案", Budgets = [new BudgetDoc { Year = 2022, Text = "120,000" }], Milestones = [new MilestoneDoc { Period = "3-4", Text = "完成協助流程" }],
        });

        await kpi.AssertStatusAsync(HttpStatusCode.NoContent, "kpi");
        await action.AssertStatusAsync(HttpStatusCode.NoContent, "action plan");
        var stored = (await editor.PlanAsync(org)).Kpi("AC1.2");
        Assert.Equal(["2022 target 120", "2021 actual 104"], stored.Values.Select(v => $"{v.Year} {v.Kind.ToString().ToLowerInvariant()} {v.Text}"));
        Assert.Equal(("120,000", "3-4 完成協助流程"), (stored.ActionPlans[0].Budgets[0].Text, $"{stored.ActionPlans[0].Milestones[0].Period} {stored.ActionPlans[0].Milestones[0].Text}"));
    }

    /// <summary>Bodies that cannot be read are 4xx problem documents naming the place; nothing is ever a 500.</summary>
    [Theory]
    [InlineData("PUT", "kpis/AC1.1", "text/plain", "x", 415)]
    [InlineData("PUT", "kpis/AC1.1", "application/json", "{\"name\": ", 400)]
    [InlineData("PUT", "kpis/AC1.1", "application/json", "{\"nmae\": \"x\"}", 400)]
    [InlineData("PUT", "kpis/AC1.1", "application/json", "{\"values\": [{\"year\": 2022}]}", 400)]
    [InlineData("PUT", "kpis/AC1.1", "application/json", "{\"direction\": \"up\", \"version\": 0}", 400)]
    [InlineData("PUT", "kpis/AC1.1", "application/json", "null", 400)]
    [InlineData("PUT", "header", "application/json", "{\"approvals\": [{\"date\": \"2021-13-45\"}], \"version\": 0}", 400)]
    [InlineData("PUT", "perspectives", "application/json", "{\"perspectives\": [{\"code\": \"C\", \"kind\": \"customer\", \"name\": null}], \"version\": 0}", 400)]
    [InlineData("PUT", "objectives/%E2%80%AE", "application/json", "{\"name\": \"x\"}", 400)]
    [InlineData("PUT", "themes/AB", "application/json", "{\"name\": \"x\"}", 400)]
    [InlineData("PUT", "objectives/AC1", "application/json", "{\"code\": \"AC1\", \"name\": \"x\", \"position\": -3, \"version\": 0}", 400)]
    [InlineData("PUT", "action-plans/AC1.1.1", "application/json", "{\"budgets\": [{\"year\": 99999999999, \"text\": \"1\"}]}", 400)]
    [InlineData("POST", "links", "application/json", "{\"from\": \"AC1\", \"to\": 3}", 400)]
    [InlineData("POST", "revisions", "application/json", "[]", 400)]
    [InlineData("DELETE", "kpis/AC9.9", "application/json", "{}", 404)]
    public async Task A_body_that_cannot_be_read_is_a_4xx_problem_naming_the_place(string method, string path, string type, string body, int status)
    {
        var org = await app.SharedDraftAsync(nameof(AuthoringApiTests));
        var planner = await Planner(org);

        var response = await planner.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{AuthoringKit.PlanApi(org)}/{path}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, type),
        });

        Assert.True((int)response.StatusCode == status, $"{method} {path} {body}: expected {status}, got {await response.DescribeAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_plan_carried_forward_to_2023_is_a_201_draft_at_its_address_and_a_second_one_of_that_year_is_409()
    {
        var org = await app.ImportAsPlannerAsync();
        var planner = await Planner(org);

        var created = await planner.PostAsync($"/api/orgs/{org}/plans", EvaluationKit.Json("""{"year": 2023, "from": 2022}"""));
        var again = await planner.PostAsync($"/api/orgs/{org}/plans", EvaluationKit.Json("""{"year": 2023, "from": 2022}"""));

        await created.AssertStatusAsync(HttpStatusCode.Created, "carry forward");
        Assert.Equal($"/api/orgs/{org}/plans/2023", created.Headers.Location?.OriginalString);
        var plan = await planner.PlanAsync(org, 2023);
        Assert.Equal(["2019 actual 無實際值", "2020 actual 無實際值", "2021 actual 無實際值", "2023 target 7.5", "2024 target 7.3"],
            plan.Kpi("AC1.1").Values.Select(v => $"{v.Year} {v.Kind.ToString().ToLowerInvariant()} {v.Text}"));
        Assert.Equal(PlanStatus.Draft, (await planner.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/2023/workflow")).GetProperty("status").Deserialize<PlanStatus>(PlanJson.Options));
        await again.AssertStatusAsync(HttpStatusCode.Conflict, "the same year again");
        Assert.Equal([$"$.year: {org} already has a plan for 2023."], await again.ErrorsAsync());
        Assert.Equal(2022, (await planner.PlanAsync(org)).Year);
    }

    [Fact]
    public async Task An_organisation_added_is_201_at_its_address_and_its_code_taken_again_is_409()
    {
        var planner = await Planner("TPE");
        var code = Dataset.NewOrganisationCode();

        var added = await planner.PostAsync("/api/orgs", EvaluationKit.Json($$"""{"code": "{{code}}", "name": "臺北市政府資訊局", "kind": "agency", "parent": "TPE"}"""));
        var again = await planner.PostAsync("/api/orgs", EvaluationKit.Json($$"""{"code": "{{code}}", "name": "臺北市政府資訊局", "kind": "agency", "parent": "TPE"}"""));
        var started = await planner.PostAsync($"/api/orgs/{code}/plans", EvaluationKit.Json("""{"year": 2024}"""));

        await added.AssertStatusAsync(HttpStatusCode.Created, "add");
        Assert.Equal($"/api/orgs/{code}", added.Headers.Location?.OriginalString);
        await again.AssertStatusAsync(HttpStatusCode.Conflict, "again");
        await started.AssertStatusAsync(HttpStatusCode.Created, "an empty plan");
        Assert.Equal(["C", "P", "L", "F"], (await planner.PlanAsync(code, 2024)).Perspectives.Select(p => p.Code));
    }

    [Fact]
    public async Task An_organisation_added_without_plans_is_on_the_home_page_read_right_before()
    {
        var planner = await Planner("TPE");
        var code = Dataset.NewOrganisationCode();
        var anonymous = app.CreateClient();
        var before = await planner.GetStringAsync("/");
        var anonymousBefore = await anonymous.GetStringAsync("/orgs/TPE");

        (await planner.PostAsync("/api/orgs", EvaluationKit.Json($$"""{"code": "{{code}}", "name": "臺北市政府首頁測試局", "kind": "agency", "parent": "TPE"}"""))).EnsureSuccessStatusCode();
        var after = await planner.GetStringAsync("/");
        var anonymousAfter = await anonymous.GetStringAsync("/orgs/TPE");

        // The home page's list is kept between requests (and the whole page, for the public); a new organisation (no plan,
        // so no plan's stamp changes) renews it.
        Assert.DoesNotContain("臺北市政府首頁測試局", before);
        Assert.Contains("臺北市政府首頁測試局", after);
        Assert.Contains($"<code>{code}</code>", after);
        Assert.DoesNotContain("臺北市政府首頁測試局", anonymousBefore);
        Assert.Contains($"<code>{code}</code>", anonymousAfter);
    }

    [Fact]
    public async Task Deleting_an_objective_takes_its_KPIs_and_links_and_a_stale_delete_changes_nothing()
    {
        var org = await app.ImportAsPlannerAsync(Dataset.NewPlan() with { Links = [new LinkDoc { From = "TL1", To = "BC3" }, new LinkDoc { From = "TL1", To = "AP1" }] });
        var planner = await Planner(org);
        var url = $"{AuthoringKit.PlanApi(org)}/objectives/BC3";
        var version = (await planner.ReadAsync<ObjectiveEdit>(url)).Version;

        var stale = await planner.DeleteJsonAsync($"{url}?version={version + 1}");
        var deleted = await planner.DeleteJsonAsync($"{url}?version={version}");

        await stale.AssertStatusAsync(HttpStatusCode.Conflict, "stale");
        await deleted.AssertStatusAsync(HttpStatusCode.NoContent, "delete");
        var plan = await planner.PlanAsync(org);
        Assert.DoesNotContain(plan.Objectives, o => o.Code == "BC3");
        Assert.Equal(["TL1→AP1"], plan.Links.Select(l => $"{l.From}→{l.To}"));
        Assert.Equal(17, plan.Objectives.Sum(o => o.Kpis.Count));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuthoringApiOnSqlite(SqliteBeacon app) : AuthoringApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuthoringApiOnPostgres(PostgresBeacon app) : AuthoringApiTests(app);
