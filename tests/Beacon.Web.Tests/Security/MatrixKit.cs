using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using AngleSharp;
using AngleSharp.Html.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>The people the permission tests act as, each with what the rules say about them.</summary>
public enum Persona
{
    Anonymous,
    Viewer,
    /// <summary>An agency editor of the plan's own organisation, bound to no division: may enter every KPI.</summary>
    Editor,
    /// <summary>An agency editor of another organisation (TPE-SWD, the parent of the DV centre).</summary>
    OtherEditor,
    /// <summary>An editor of the plan's organisation bound to 性保組, which is not responsible for AC1.1 (成保組、兒少組).</summary>
    DivisionEditor,
    /// <summary>An editor of the plan's organisation bound to 成保組, one of AC1.1's responsible divisions.</summary>
    ResponsibleEditor,
    Reviewer,
    Planner,
    Administrator,
}

/// <summary>
/// What the security tests share: the personas (bearer-token clients for the API, clients signed in through the
/// sign-in page for the forms), importing plans as a planner through POST /api/import, the stored state of a plan
/// read straight from the database (to show what a refused write did not change), and rule tables written as text.
/// </summary>
internal static class MatrixKit
{
    public const int Year = EvaluationKit.PlanYear;

    /// <summary>The KPI the tests write: AC1.1 保護案件再通報率, responsible 成保組 and 兒少組.</summary>
    public const string Kpi = "AC1.1";

    public const string OtherOrganisation = "TPE-SWD";

    public static readonly IReadOnlyDictionary<string, Persona> Names = new Dictionary<string, Persona>(StringComparer.Ordinal)
    {
        ["anonymous"] = Persona.Anonymous,
        ["viewer"] = Persona.Viewer,
        ["editor"] = Persona.Editor,
        ["other-editor"] = Persona.OtherEditor,
        ["division-editor"] = Persona.DivisionEditor,
        ["responsible-editor"] = Persona.ResponsibleEditor,
        ["reviewer"] = Persona.Reviewer,
        ["planner"] = Persona.Planner,
        ["administrator"] = Persona.Administrator,
    };

    /// <summary>
    /// A rule table: a header row of actions, then one row per persona with a cell per action. Returns
    /// (action, persona name, cell) for every cell, in reading order.
    /// </summary>
    public static IEnumerable<(string Action, string Persona, string Cell)> Cells(string table)
    {
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var actions = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!Names.ContainsKey(cells[0])) throw new InvalidOperationException($"unknown persona '{cells[0]}' in the rule table");
            if (cells.Length != actions.Length + 1) throw new InvalidOperationException($"row '{cells[0]}' has {cells.Length - 1} cells for {actions.Length} actions");
            for (var i = 0; i < actions.Length; i++) yield return (actions[i], cells[0], cells[i + 1]);
        }
    }

    /// <summary>The account behind a persona: role, organisation and divisions.</summary>
    public static (string Role, string? Organisation, string[] Divisions) Account(Persona persona, string org) => persona switch
    {
        Persona.Viewer => (Roles.Viewer, null, []),
        Persona.Editor => (Roles.AgencyEditor, org, []),
        Persona.OtherEditor => (Roles.AgencyEditor, OtherOrganisation, []),
        Persona.DivisionEditor => (Roles.AgencyEditor, org, ["性保組"]),
        Persona.ResponsibleEditor => (Roles.AgencyEditor, org, ["成保組"]),
        Persona.Reviewer => (Roles.Reviewer, null, []),
        Persona.Planner => (Roles.Planner, null, []),
        Persona.Administrator => (Roles.Administrator, null, []),
        _ => throw new ArgumentOutOfRangeException(nameof(persona), persona, "anonymous has no account"),
    };

    private static readonly ConcurrentDictionary<(BeaconFactory, Persona, string, bool), Lazy<Task<HttpClient>>> Clients = new();

    // Only the plan's own editors depend on the plan; everyone else is one account (and one client) per app.
    private static string BoundTo(Persona persona, string org) =>
        persona is Persona.Editor or Persona.DivisionEditor or Persona.ResponsibleEditor ? org : "";

    /// <summary>A client for the API: a bearer token from POST /api/token for the persona's account, none for anonymous.</summary>
    public static Task<HttpClient> ApiClientAsync(this BeaconFactory app, Persona persona, string org) =>
        Clients.GetOrAdd((app, persona, BoundTo(persona, org), false), _ => new Lazy<Task<HttpClient>>(async () =>
        {
            if (persona == Persona.Anonymous) return app.CreateClient();
            var (role, organisation, divisions) = Account(persona, org);
            return await app.ClientAsAsync(role, organisation, divisions);
        })).Value;

    /// <summary>
    /// A browser-like client for the forms: keeps cookies, shows redirects rather than following them, and is signed in
    /// through the sign-in page (antiforgery token included) unless anonymous.
    /// </summary>
    public static Task<HttpClient> PageClientAsync(this BeaconFactory app, Persona persona, string org) =>
        Clients.GetOrAdd((app, persona, BoundTo(persona, org), true), _ => new Lazy<Task<HttpClient>>(() =>
            persona == Persona.Anonymous ? Task.FromResult(app.FormClient()) : app.SignInThroughPageAsync(persona, org))).Value;

    /// <summary>A new browser-like client signed in as the persona through the sign-in page.</summary>
    public static async Task<HttpClient> SignInThroughPageAsync(this BeaconFactory app, Persona persona, string org)
    {
        var (role, organisation, divisions) = Account(persona, org);
        var email = await app.AccountAsync(role, organisation, divisions);
        var client = app.FormClient();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Email", email), new("Password", BeaconFactory.TestPassword), new("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/account/sign-in")),
        };
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(fields));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {email}: {response.StatusCode}");
        return client;
    }

    /// <summary>The antiforgery token of the form on a page (the page must answer 200 with one).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new Xunit.Sdk.XunitException($"{url} has no antiforgery token");
    }

    /// <summary>
    /// Posts a form as a browser would after opening the page: with the page's own antiforgery token when the page
    /// shows a form, else with the token of the sign-in page (a person refused the page can still send the request).
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var opened = await client.GetAsync(url);
        var html = await opened.Content.ReadAsStringAsync();
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
        var token = (page.QuerySelector("main form input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value
            ?? await client.AntiforgeryTokenAsync("/account/sign-in");
        return await client.PostAsync(url, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    // ---- plans ----

    private static readonly ConcurrentDictionary<(BeaconFactory, string), Lazy<Task<string>>> SharedPlans = new();

    /// <summary>One fresh draft per owner (a test class) and database, imported on first use by a planner through the API.</summary>
    public static Task<string> SharedDraftAsync(this BeaconFactory app, string owner) =>
        SharedPlans.GetOrAdd((app, owner), _ => new Lazy<Task<string>>(() => app.ImportAsPlannerAsync())).Value;

    /// <summary>Imports a plan (default: <see cref="Dataset.NewPlan"/>) as a planner through POST /api/import; it starts as a draft.</summary>
    public static async Task<string> ImportAsPlannerAsync(this BeaconFactory app, PlanDocument? plan = null)
    {
        plan ??= Dataset.NewPlan();
        var planner = await app.ApiClientAsync(Persona.Planner, plan.Organisation.Code);
        var response = await planner.PostAsync("/api/import", EvaluationKit.Json(PlanJson.Write(plan)));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"import {plan.Organisation.Code}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return plan.Organisation.Code;
    }

    /// <summary>
    /// Puts a plan into a status as the step before the tested one would have, straight in the database: the
    /// tests of a step are about that step, not about the steps leading to it (those have tests of their own).
    /// </summary>
    public static async Task SetStatusAsync(this BeaconFactory app, string org, PlanStatus status)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var plan = await db.Plans.SingleAsync(p => p.Organisation.Code == org && p.Year == Year);
        if (plan.Status == status) return;
        plan.Status = status;
        plan.Version++;
        await db.SaveChangesAsync();
    }

    /// <summary>Everything a write in these tests can change, read straight from the database.</summary>
    public sealed record PlanState(
        bool Exists, PlanStatus Status, int PlanVersion, int Steps, string? Actual,
        decimal? SelfInnovation, decimal? ReviewInnovation, string? ReviewComment, int AssessmentVersion,
        decimal? BandExcellent, int SettingsVersion, string? ProgressQ1);

    public static async Task<PlanState> StateAsync(this BeaconFactory app, string org)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var plan = await db.Plans.AsNoTracking().Include(p => p.Evaluation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == Year);
        if (plan is null) return new PlanState(false, default, 0, 0, null, null, null, null, 0, null, 0, null);
        var kpi = await db.Kpis.AsNoTracking().Include(k => k.Values).Include(k => k.Assessment)
            .SingleAsync(k => k.Code == Kpi && db.Objectives.Any(o => o.Id == k.ObjectiveId && o.PlanId == plan.Id));
        var steps = await db.PlanSteps.CountAsync(s => s.PlanId == plan.Id);
        var actual = kpi.Values.SingleOrDefault(v => v.Year == Year && v.Kind == ValueKind.Actual && v.Period == null)?.Text;
        var a = kpi.Assessment;
        return new PlanState(true, plan.Status, plan.Version, steps, actual,
            a?.SelfInnovation, a?.ReviewInnovation, a?.ReviewComment, a?.Version ?? 0,
            plan.Evaluation?.BandExcellent, plan.Evaluation?.Version ?? 0,
            kpi.Values.SingleOrDefault(v => v.Year == Year && v.Kind == ValueKind.Actual && v.Period == "Q1")?.Text);
    }

    /// <summary>
    /// Takes a workflow step through the API as a script would: reads the plan's version with GET …/workflow and posts
    /// the step with it (the version is required).
    /// </summary>
    public static async Task<HttpResponseMessage> StepAsync(this HttpClient client, string org, string step, string? comment = null, int year = Year)
    {
        var workflow = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/orgs/{org}/plans/{year}/workflow");
        var version = workflow.GetProperty("version").GetInt32();
        return await client.PostAsync($"/api/orgs/{org}/plans/{year}/workflow/{step}",
            EvaluationKit.Json(System.Text.Json.JsonSerializer.Serialize(new { version, comment })));
    }

    /// <summary>An answer in a line, for failure messages: status, redirect, the start of the body.</summary>
    public static async Task<string> DescribeAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {response.Headers.Location?.OriginalString} {body[..Math.Min(body.Length, 400)]}";
    }

    /// <summary>The title and every error message (Chinese and English) of an RFC 7807 answer, in one string.</summary>
    public static async Task<string> ProblemTextAsync(this HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var errors = problem.TryGetProperty("errors", out var list)
            ? list.EnumerateArray().Select(e => $"{e.GetProperty("message").GetString()} / {e.GetProperty("messageEn").GetString()}")
            : [];
        return string.Join(" | ", [problem.GetProperty("title").GetString(), .. errors]);
    }
}
