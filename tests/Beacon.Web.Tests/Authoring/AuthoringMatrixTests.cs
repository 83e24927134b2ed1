using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;

namespace Beacon.Web.Tests.Authoring;

/// <summary>
/// Every write endpoint and form of plan editing tried by every persona, on one draft of the DV centre's 2022 plan per
/// database (one for the API, one for the forms), holding for each persona a theme, objective, KPI, action plan and link
/// of its own to delete and a KPI of its own to move. A refused write changes nothing; a done one changes what it says.
/// </summary>
public abstract class AuthoringMatrixTests(BeaconFactory app)
{
    /// <summary>
    /// Who may do what through the API (Actor.CanAuthor…, WorkflowRules.OpenForAuthoring, OrganisationCheck, PlanCreation).
    /// ✓ = done, 401 = not signed in, 403 = not allowed. The division editor is bound to 性保組, which is responsible for none
    /// of the KPIs and action plans written here (成保組, 兒少組); the responsible editor to 成保組.
    /// </summary>
    public const string ApiRules = """
                           add-org edit-org start-plan header perspectives theme delete-theme objective delete-objective kpi delete-kpi action-plan delete-action-plan links add-link delete-link revision
        anonymous          401     401      401        401    401          401   401          401       401              401 401        401         401                401   401      401         401
        viewer             403     403      403        403    403          403   403          403       403              403 403        403         403                403   403      403         403
        editor             403     403      ✓          ✓      ✓            ✓     ✓            ✓         ✓                ✓   ✓          ✓           ✓                  ✓     ✓        ✓           403
        other-editor       403     403      403        403    403          403   403          403       403              403 403        403         403                403   403      403         403
        division-editor    403     403      403        403    403          403   403          403       403              403 403        403         403                403   403      403         403
        responsible-editor 403     403      403        403    403          403   403          403       403              ✓   ✓          ✓           ✓                  403   403      403         403
        reviewer           403     403      403        403    403          403   403          403       403              403 403        403         403                403   403      403         403
        planner            ✓       ✓        ✓          ✓      ✓            ✓     ✓            ✓         ✓                ✓   ✓          ✓           ✓                  ✓     ✓        ✓           ✓
        administrator      ✓       ✓        ✓          ✓      ✓            ✓     ✓            ✓         ✓                ✓   ✓          ✓           ✓                  ✓     ✓        ✓           ✓
        """;

    /// <summary>
    /// Who may post which editing form. ✓ = saved, redirected; sign-in = 302 to the sign-in page; denied = 302 to
    /// /account/denied (a person who may not edit the plan, or whose save the core refuses as not theirs).
    /// </summary>
    public const string PageRules = """
                           org-new org-edit plan-new header  perspectives move   revise theme  theme-delete objective objective-delete kpi    kpi-delete action-plan action-plan-delete link-add link-remove
        anonymous          sign-in sign-in  sign-in  sign-in sign-in      sign-in sign-in sign-in sign-in   sign-in   sign-in          sign-in sign-in   sign-in     sign-in            sign-in  sign-in
        viewer             denied  denied   denied   denied  denied       denied denied denied denied       denied    denied           denied denied     denied      denied             denied   denied
        editor             denied  denied   ✓        ✓       ✓            ✓      denied ✓      ✓            ✓         ✓                ✓      ✓          ✓           ✓                  ✓        ✓
        other-editor       denied  denied   denied   denied  denied       denied denied denied denied       denied    denied           denied denied     denied      denied             denied   denied
        division-editor    denied  denied   denied   denied  denied       denied denied denied denied       denied    denied           denied denied     denied      denied             denied   denied
        responsible-editor denied  denied   denied   denied  denied       ✓      denied denied denied       denied    denied           ✓      ✓          ✓           ✓                  denied   denied
        reviewer           denied  denied   denied   denied  denied       denied denied denied denied       denied    denied           denied denied     denied      denied             denied   denied
        planner            ✓       ✓        ✓        ✓       ✓            ✓      ✓      ✓      ✓            ✓         ✓                ✓      ✓          ✓           ✓                  ✓        ✓
        administrator      ✓       ✓        ✓        ✓       ✓            ✓      ✓      ✓      ✓            ✓         ✓                ✓      ✓          ✓           ✓                  ✓        ✓
        """;

    public static TheoryData<string, string, string> ApiCells() => Data(ApiRules);

    public static TheoryData<string, string, string> PageCells() => Data(PageRules);

    private static TheoryData<string, string, string> Data(string table)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (action, persona, cell) in MatrixKit.Cells(table)) data.Add(action, persona, cell);
        return data;
    }

    /// <summary>The endpoint each column of <see cref="ApiRules"/> drives, as <see cref="WriteEndpoints"/> names it.</summary>
    public static readonly IReadOnlyDictionary<string, string> ApiEndpoints = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["add-org"] = "POST /api/orgs",
        ["edit-org"] = "PUT /api/orgs/{org}",
        ["start-plan"] = "POST /api/orgs/{org}/plans",
        ["header"] = "PUT /api/orgs/{org}/plans/{year:int}/header",
        ["perspectives"] = "PUT /api/orgs/{org}/plans/{year:int}/perspectives",
        ["theme"] = "PUT /api/orgs/{org}/plans/{year:int}/themes/{code}",
        ["delete-theme"] = "DELETE /api/orgs/{org}/plans/{year:int}/themes/{code}",
        ["objective"] = "PUT /api/orgs/{org}/plans/{year:int}/objectives/{code}",
        ["delete-objective"] = "DELETE /api/orgs/{org}/plans/{year:int}/objectives/{code}",
        ["kpi"] = "PUT /api/orgs/{org}/plans/{year:int}/kpis/{code}",
        ["delete-kpi"] = "DELETE /api/orgs/{org}/plans/{year:int}/kpis/{code}",
        ["action-plan"] = "PUT /api/orgs/{org}/plans/{year:int}/action-plans/{code}",
        ["delete-action-plan"] = "DELETE /api/orgs/{org}/plans/{year:int}/action-plans/{code}",
        ["links"] = "PUT /api/orgs/{org}/plans/{year:int}/links",
        ["add-link"] = "POST /api/orgs/{org}/plans/{year:int}/links",
        ["delete-link"] = "DELETE /api/orgs/{org}/plans/{year:int}/links/{from}/{to}",
        ["revision"] = "POST /api/orgs/{org}/plans/{year:int}/revisions",
    };

    /// <summary>The form each column of <see cref="PageRules"/> posts, as <see cref="WriteEndpoints"/> names it.</summary>
    public static readonly IReadOnlyDictionary<string, string> PageEndpoints = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["org-new"] = "POST /orgs/new",
        ["org-edit"] = "POST /orgs/{org}/edit",
        ["plan-new"] = "POST /orgs/{org}/plans/new",
        ["header"] = "POST /orgs/{org}/{year:int}/edit?handler=Header",
        ["perspectives"] = "POST /orgs/{org}/{year:int}/edit?handler=Perspectives",
        ["move"] = "POST /orgs/{org}/{year:int}/edit?handler=Move",
        ["revise"] = "POST /orgs/{org}/{year:int}/edit?handler=Revise",
        ["theme"] = "POST /orgs/{org}/{year:int}/edit/themes/{code?}",
        ["theme-delete"] = "POST /orgs/{org}/{year:int}/edit/themes/{code?}?handler=Delete",
        ["objective"] = "POST /orgs/{org}/{year:int}/edit/objectives/{code?}",
        ["objective-delete"] = "POST /orgs/{org}/{year:int}/edit/objectives/{code?}?handler=Delete",
        ["kpi"] = "POST /orgs/{org}/{year:int}/edit/kpis/{code?}",
        ["kpi-delete"] = "POST /orgs/{org}/{year:int}/edit/kpis/{code?}?handler=Delete",
        ["action-plan"] = "POST /orgs/{org}/{year:int}/edit/action-plans/{code?}",
        ["action-plan-delete"] = "POST /orgs/{org}/{year:int}/edit/action-plans/{code?}?handler=Delete",
        ["link-add"] = "POST /orgs/{org}/{year:int}/edit/links?handler=Add",
        ["link-remove"] = "POST /orgs/{org}/{year:int}/edit/links?handler=Remove",
    };

    // ---- one persona's own elements ----

    private static readonly string[] Targets = ["AC1", "AC2", "AC3", "BC1", "BC2", "BC3", "BC4", "CC1", "CC2"];
    private static readonly string[] Letters = ["D", "E", "F", "G", "H", "I", "J", "K", "L"];

    private static string Theme(int n) => Letters[n];
    private static string Objective(int n) => $"AC{20 + n}";
    private static string DeletedKpi(int n) => $"AC1.{10 + n}";
    private static string MovedKpi(int n) => $"AC1.{30 + n}";
    private static string Action(int n) => $"AC1.1.{10 + n}";
    private static string LinkTarget(int n) => Targets[n];
    private static int N(Persona who) => (int)who;

    /// <summary>The plan the matrix writes: the DV centre's, with a theme, objective, two KPIs (成保組), an action plan and a link of each persona's own.</summary>
    private static PlanDocument MatrixPlan(string org)
    {
        var plan = Dataset.NewPlan(org);
        var personas = Enumerable.Range(0, Enum.GetValues<Persona>().Length).ToList();
        KpiDoc Kpi(string code) => new() { Code = code, Name = $"矩陣指標 {code}", Direction = Direction.Positive, Responsible = ["成保組"] };
        var first = plan.Objectives[0];
        var kpi = first.Kpis[0] with { ActionPlans = [.. first.Kpis[0].ActionPlans, .. personas.Select(n => new ActionPlanDoc { Code = Action(n), Name = $"矩陣方案 {n}" })] };
        return plan with
        {
            Themes = [.. plan.Themes, .. personas.Select(n => new ThemeDoc { Code = Theme(n), Name = $"矩陣主題 {n}" })],
            Objectives =
            [
                first with { Kpis = [kpi, .. personas.Select(n => Kpi(DeletedKpi(n))), .. personas.Select(n => Kpi(MovedKpi(n)))] },
                .. plan.Objectives.Skip(1).Take(2),
                .. personas.Select(n => new ObjectiveDoc { Code = Objective(n), Name = $"矩陣目標 {n}" }),
                .. plan.Objectives.Skip(3),
            ],
            Links = [.. personas.Select(n => new LinkDoc { From = "TF1", To = LinkTarget(n) })],
        };
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(BeaconFactory, string), Lazy<Task<string>>> Plans = new();

    private Task<string> SharedAsync(string owner) => Plans.GetOrAdd((app, owner), _ => new Lazy<Task<string>>(() => app.ImportAsPlannerAsync(MatrixPlan(Dataset.NewOrganisationCode())))).Value;

    /// <summary>The plan as it stands (read by a planner), to tell a done write from a refused one.</summary>
    private async Task<PlanDocument> StateAsync(string org) => await (await app.ApiClientAsync(Persona.Planner, org)).PlanAsync(org);

    // ---- the API ----

    [Theory]
    [MemberData(nameof(ApiCells))]
    public async Task Each_editing_endpoint_is_done_or_refused_for_each_person_as_the_rules_say(string action, string persona, string expected)
    {
        var who = MatrixKit.Names[persona];
        var n = N(who);
        var org = await SharedAsync("api");
        var planner = await app.ApiClientAsync(Persona.Planner, org);
        var client = await app.ApiClientAsync(who, org);
        var api = AuthoringKit.PlanApi(org);
        await app.SetStatusAsync(org, action == "revision" ? PlanStatus.Approved : PlanStatus.Draft);
        var code = Dataset.NewOrganisationCode();
        var before = await StateAsync(org);

        async Task<HttpResponseMessage> Put<T>(string url, Func<T, T> change) where T : class => await client.PutJsonAsync(url, change(await planner.ReadAsync<T>(url)));
        async Task<int> VersionOf<T>(string url) where T : class => (int)(typeof(T).GetProperty("Version")!.GetValue(await planner.ReadAsync<T>(url)) as int?)!;
        var response = action switch
        {
            "add-org" => await client.PostAsync("/api/orgs", EvaluationKit.Json($$"""{"code":"{{code}}","name":"矩陣機關 {{n}}","kind":"agency","parent":"TPE"}""")),
            "edit-org" => await Put<OrganisationEdit>($"/api/orgs/{org}", o => o with { NameEn = $"Matrix {n}" }),
            "start-plan" => await client.PostAsync($"/api/orgs/{org}/plans", EvaluationKit.Json($$"""{"year":{{2040 + n}},"from":2022}""")),
            "header" => await Put<HeaderEdit>($"{api}/header", h => h with { Title = $"矩陣標題 {n}" }),
            "perspectives" => await Put<PerspectivesEdit>($"{api}/perspectives", p => p with { Perspectives = [p.Perspectives[0] with { Name = $"顧客 {n}" }, .. p.Perspectives.Skip(1)] }),
            "theme" => await Put<ThemeEdit>($"{api}/themes/A", t => t with { Name = $"緊急救援 {n}" }),
            "delete-theme" => await client.DeleteJsonAsync($"{api}/themes/{Theme(n)}?version={await VersionOf<ThemeEdit>($"{api}/themes/{Theme(n)}")}"),
            "objective" => await Put<ObjectiveEdit>($"{api}/objectives/AC2", o => o with { Name = $"落實派案 {n}" }),
            "delete-objective" => await client.DeleteJsonAsync($"{api}/objectives/{Objective(n)}?version={await VersionOf<ObjectiveEdit>($"{api}/objectives/{Objective(n)}")}"),
            "kpi" => await Put<KpiEdit>($"{api}/kpis/AC1.1", k => k with { Unit = $"單位{n}" }),
            "delete-kpi" => await client.DeleteJsonAsync($"{api}/kpis/{DeletedKpi(n)}?version={await VersionOf<KpiEdit>($"{api}/kpis/{DeletedKpi(n)}")}"),
            "action-plan" => await Put<ActionPlanEdit>($"{api}/action-plans/AC1.1.1", a => a with { Name = $"安全防護網 {n}" }),
            "delete-action-plan" => await client.DeleteJsonAsync($"{api}/action-plans/{Action(n)}?version={await VersionOf<ActionPlanEdit>($"{api}/action-plans/{Action(n)}")}"),
            "links" => await Put<LinksEdit>($"{api}/links", l => l with { Links = [.. l.Links, new LinkDoc { From = "TL2", To = LinkTarget(n) }] }),
            "add-link" => await client.PostAsync($"{api}/links", EvaluationKit.Json($$"""{"from":"TL3","to":"{{LinkTarget(n)}}"}""")),
            "delete-link" => await client.DeleteJsonAsync($"{api}/links/TF1/{LinkTarget(n)}"),
            "revision" => await client.PostAsync($"{api}/revisions", EvaluationKit.Json($$"""{"reason":"矩陣測試：修正","version":{{(await planner.GetFromJsonAsync<JsonElement>($"{api}/workflow")).GetProperty("version").GetInt32()}}}""")),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not in the rule table"),
        };

        var after = await StateAsync(org);
        var done = Done(action, n, before, after) || (action is "add-org" or "edit-org" or "start-plan" or "revision" && await DoneElsewhereAsync(action, n, org, code));
        if (expected == "✓")
        {
            Assert.True(response.IsSuccessStatusCode, $"{persona} {action}: expected success, got {await response.DescribeAsync()}");
            Assert.True(done, $"{persona} {action}: answered {(int)response.StatusCode} but the change is not there");
        }
        else
        {
            Assert.True((int)response.StatusCode == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), $"{persona} {action}: expected {expected}, got {await response.DescribeAsync()}");
            Assert.Equal(PlanJson.Write(before), PlanJson.Write(after));
            Assert.False(done, $"{persona} {action}: refused but the change is there");
        }
    }

    /// <summary>Whether the plan shows the persona's write done.</summary>
    private static bool Done(string action, int n, PlanDocument before, PlanDocument plan) => action switch
    {
        "header" => plan.Title == $"矩陣標題 {n}",
        "perspectives" => plan.Perspectives[0].Name == $"顧客 {n}",
        "theme" => plan.Themes[0].Name == $"緊急救援 {n}",
        "delete-theme" or "theme-delete" => plan.Themes.All(t => t.Code != Theme(n)),
        "objective" => plan.Objectives.Single(o => o.Code == "AC2").Name == $"落實派案 {n}",
        "delete-objective" or "objective-delete" => plan.Objectives.All(o => o.Code != Objective(n)),
        "kpi" => plan.Kpi("AC1.1").Unit == $"單位{n}",
        "delete-kpi" or "kpi-delete" => plan.Objectives[0].Kpis.All(k => k.Code != DeletedKpi(n)),
        "move" => plan.Objectives[0].Kpis.FindIndex(k => k.Code == MovedKpi(n)) < before.Objectives[0].Kpis.FindIndex(k => k.Code == MovedKpi(n)),
        "action-plan" => plan.Kpi("AC1.1").ActionPlans[0].Name == $"安全防護網 {n}",
        "delete-action-plan" or "action-plan-delete" => plan.Kpi("AC1.1").ActionPlans.All(a => a.Code != Action(n)),
        "links" => plan.Links.Any(l => l.From == "TL2" && l.To == LinkTarget(n)),
        "add-link" or "link-add" => plan.Links.Any(l => l.From == "TL3" && l.To == LinkTarget(n)),
        "delete-link" or "link-remove" => plan.Links.All(l => !(l.From == "TF1" && l.To == LinkTarget(n))),
        _ => false,
    };

    /// <summary>Writes whose result is not in the plan's document: an organisation, another year, the plan's status.</summary>
    private async Task<bool> DoneElsewhereAsync(string action, int n, string org, string code)
    {
        var planner = await app.ApiClientAsync(Persona.Planner, org);
        return action switch
        {
            "add-org" or "org-new" => (await planner.GetAsync($"/api/orgs/{code}")).StatusCode == HttpStatusCode.OK,
            "edit-org" => (await planner.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}")).GetProperty("nameEn").GetString() == $"Matrix {n}",
            "org-edit" => (await planner.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}")).GetProperty("shortName").GetString() == $"矩陣 {n}",
            "start-plan" => (await planner.GetAsync($"/api/orgs/{org}/plans/{2040 + n}")).StatusCode == HttpStatusCode.OK,
            "plan-new" => (await planner.GetAsync($"/api/orgs/{org}/plans/{2060 + n}")).StatusCode == HttpStatusCode.OK,
            _ => (await planner.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{AuthoringKit.Year}/workflow")).GetProperty("status").GetString() == "draft",
        };
    }

    // ---- the forms ----

    [Theory]
    [MemberData(nameof(PageCells))]
    public async Task Each_editing_form_is_saved_or_refused_for_each_person_as_the_rules_say(string action, string persona, string expected)
    {
        var who = MatrixKit.Names[persona];
        var n = N(who);
        var org = await SharedAsync("pages");
        await app.SetStatusAsync(org, action == "revise" ? PlanStatus.Approved : PlanStatus.Draft);
        var code = Dataset.NewOrganisationCode();
        var plan = $"/orgs/{org}/{AuthoringKit.Year}";
        var (page, post, type) = action switch
        {
            "org-new" => ("/orgs/new", "/orgs/new", (Action<List<KeyValuePair<string, string>>>)(f => { f.Set("Code", code); f.Set("Name", $"矩陣機關 {n}"); f.Set("Parent", "TPE"); })),
            "org-edit" => ($"/orgs/{org}/edit", $"/orgs/{org}/edit", f => f.Set("ShortName", $"矩陣 {n}")),
            "plan-new" => ($"/orgs/{org}/plans/new", $"/orgs/{org}/plans/new", f => { f.Set("PlanYear", $"{2060 + n}"); f.Set("Start", "2022"); }),
            "header" => ($"{plan}/edit", $"{plan}/edit?handler=Header", f => f.Set("Header.Title", $"矩陣標題 {n}")),
            "perspectives" => ($"{plan}/edit", $"{plan}/edit?handler=Perspectives", f => f.Set("Perspectives[0].Name", $"顧客 {n}")),
            "move" => ($"{plan}/edit", $"{plan}/edit?handler=Move", f => { }),
            "revise" => ($"{plan}/edit", $"{plan}/edit?handler=Revise", f => f.Set("Reason", "矩陣測試：修正")),
            "theme" => ($"{plan}/edit/themes/A", $"{plan}/edit/themes/A", f => f.Set("Name", $"緊急救援 {n}")),
            "theme-delete" => ($"{plan}/edit/themes/{Theme(n)}?delete=1", $"{plan}/edit/themes/{Theme(n)}?handler=Delete", f => { }),
            "objective" => ($"{plan}/edit/objectives/AC2", $"{plan}/edit/objectives/AC2", f => f.Set("Name", $"落實派案 {n}")),
            "objective-delete" => ($"{plan}/edit/objectives/{Objective(n)}?delete=1", $"{plan}/edit/objectives/{Objective(n)}?handler=Delete", f => { }),
            "kpi" => ($"{plan}/edit/kpis/AC1.1", $"{plan}/edit/kpis/AC1.1", f => f.Set("Unit", $"單位{n}")),
            "kpi-delete" => ($"{plan}/edit/kpis/{DeletedKpi(n)}?delete=1", $"{plan}/edit/kpis/{DeletedKpi(n)}?handler=Delete", f => { }),
            "action-plan" => ($"{plan}/edit/action-plans/AC1.1.1", $"{plan}/edit/action-plans/AC1.1.1", f => f.Set("Name", $"安全防護網 {n}")),
            "action-plan-delete" => ($"{plan}/edit/action-plans/{Action(n)}?delete=1", $"{plan}/edit/action-plans/{Action(n)}?handler=Delete", f => { }),
            "link-add" => ($"{plan}/edit/links", $"{plan}/edit/links?handler=Add", f => { f.Set("From", "TL3"); f.Set("To", LinkTarget(n)); }),
            "link-remove" => ($"{plan}/edit/links", $"{plan}/edit/links?handler=Remove", f => f.Set("remove", $"TF1|{LinkTarget(n)}")),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not in the rule table"),
        };
        // The form as the page shows it to the administrator (who may open every one), with the typing applied.
        var administrator = await app.PageClientAsync(Persona.Administrator, org);
        var opened = await administrator.OpenAsync(app.ServerAddress, page);
        var selector = action switch
        {
            "header" => "form[action*='handler=Header']", "perspectives" => "form[action*='handler=Perspectives']", "revise" => "form[action*='handler=Revise']",
            "move" => "form[action*='handler=Move']", "link-add" => "form[action*='handler=Add']", "link-remove" => "form[action*='handler=Remove']",
            _ when action.EndsWith("-delete", StringComparison.Ordinal) => "form[action*='handler=Delete']",
            _ => "main form.edit-form",
        };
        var form = opened.QuerySelectorAll(selector).OfType<IHtmlFormElement>().First();
        var fields = form.Fields().Where(f => f.Key != "__RequestVerificationToken").ToList();
        if (action == "move")
            fields.Set("move", opened.QuerySelectorAll("button[name=move]").Select(b => b.GetAttribute("value")!).Single(v => v.StartsWith($"Kpi|{MovedKpi(n)}|up|", StringComparison.Ordinal)));
        type(fields);
        var client = await app.PageClientAsync(who, org);
        var token = await client.AntiforgeryTokenAsync("/account/sign-in");
        var before = await StateAsync(org);

        var response = await client.PostAsync(post, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));

        var after = await StateAsync(org);
        var location = response.Headers.Location?.PathAndQuery() ?? "";
        var done = Done(action, n, before, after) || (action is "org-new" or "org-edit" or "plan-new" or "revise" && await DoneElsewhereAsync(action, n, org, code));
        var answer = await response.DescribeAsync();
        switch (expected)
        {
            case "✓":
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && !location.StartsWith("/account/", StringComparison.Ordinal), $"{persona} {action}: expected a redirect, got {answer}");
                Assert.True(done, $"{persona} {action}: redirected to {location} but the change is not there");
                break;
            case "sign-in" or "denied":
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{persona} {action}: expected 302, got {answer}");
                Assert.StartsWith(expected == "sign-in" ? "/account/sign-in?ReturnUrl=" : "/account/denied", location);
                Assert.Equal(PlanJson.Write(before), PlanJson.Write(after));
                Assert.False(done, $"{persona} {action}: refused but the change is there");
                break;
            default:
                throw new InvalidOperationException($"unknown cell '{expected}'");
        }
    }

    [Fact]
    public void The_rule_tables_cover_every_persona_and_name_an_endpoint_for_every_column()
    {
        foreach (var (table, endpoints) in new[] { (ApiRules, ApiEndpoints), (PageRules, PageEndpoints) })
        {
            var cells = MatrixKit.Cells(table).ToList();
            Assert.Equal(Enum.GetNames<Persona>().Length, cells.Select(c => c.Persona).Distinct().Count());
            Assert.Equal(cells.Select(c => c.Action).Distinct().Order(), endpoints.Keys.Order());
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuthoringMatrixOnSqlite(SqliteBeacon app) : AuthoringMatrixTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuthoringMatrixOnPostgres(PostgresBeacon app) : AuthoringMatrixTests(app);
