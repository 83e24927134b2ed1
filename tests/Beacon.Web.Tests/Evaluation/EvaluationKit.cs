using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Tests.Security;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Tests.Evaluation;

/// <summary>
/// What the evaluation tests share: importing fresh plans (the DV centre's 2022 plan under a new organisation code;
/// they start as drafts), the people of an evaluation round (the agency's editor, the reviewer, a planner, a reader),
/// the evaluation API, the plan export used to show that a refused write changed nothing, and HTML forms.
/// </summary>
internal static class EvaluationKit
{
    public const int PlanYear = 2022;

    private static readonly ConcurrentDictionary<(BeaconFactory, string), Lazy<Task<string>>> SharedPlans = new();

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A client that keeps cookies (antiforgery) and shows redirects instead of following them.</summary>
    public static HttpClient FormClient(this BeaconFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// Imports <paramref name="plan"/> (default: <see cref="Dataset.NewPlan"/>) with the app's PlanImporter, as POST
    /// /api/import would (all or nothing; a new plan starts as a draft), without its sign-in and rate limit; returns the
    /// organisation code.
    /// </summary>
    public static async Task<string> ImportPlanAsync(this BeaconFactory app, PlanDocument? plan = null)
    {
        plan ??= Dataset.NewPlan();
        await using var scope = app.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<PlanImporter>().ImportAsync(plan, dryRun: false, replace: false);
        Assert.True(result.Succeeded, $"import of {plan.Organisation.Code}: {string.Join("; ", result.Problems)}");
        return plan.Organisation.Code;
    }

    /// <summary>
    /// One fresh plan per test class and database, imported on first use (tests of a class run one at a time and use
    /// KPIs of their own in it).
    /// </summary>
    public static Task<string> SharedPlanAsync(this BeaconFactory app, string owner, Func<PlanDocument>? make = null, bool submit = false) =>
        SharedPlans.GetOrAdd((app, owner), _ => new Lazy<Task<string>>(async () =>
        {
            var org = await app.ImportPlanAsync(make?.Invoke());
            if (submit) await app.SubmitAsync(org);
            return org;
        })).Value;

    /// <summary>The DV centre's plan with CC1.1 printed in two weighted parts (東區, 西區; 50 % each), targets 10 and 20 for 2022, as the city's BP2.1 is printed.</summary>
    public static PlanDocument PlanWithParts()
    {
        var plan = Dataset.NewPlan();
        return plan with
        {
            Objectives = [.. plan.Objectives.Select(o => o with
            {
                Kpis = [.. o.Kpis.Select(k => k.Code != "CC1.1" ? k : k with
                {
                    Values = [],
                    Parts =
                    [
                        new KpiPartDoc { Name = "東區", Weight = 50, Values = [new ValueDoc { Year = 2022, Kind = ValueKind.Target, Text = "10" }] },
                        new KpiPartDoc { Name = "西區", Weight = 50, Values = [new ValueDoc { Year = 2022, Kind = ValueKind.Target, Text = "20" }] },
                    ],
                })],
            })],
        };
    }

    /// <summary>The DV centre's plan with CC1.1 made a qualitative KPI ("高於6都平均值"), so judgements can be tested.</summary>
    public static PlanDocument PlanWithQualitativeKpi()
    {
        var plan = Dataset.NewPlan();
        return plan with
        {
            Objectives = [.. plan.Objectives.Select(o => o with
            {
                Kpis = [.. o.Kpis.Select(k => k.Code != "CC1.1" ? k : k with
                {
                    Direction = Direction.Qualitative,
                    Expression = null,
                    Values = [.. k.Values.Select(v => v.Year == PlanYear && v.Kind == ValueKind.Target ? v with { Text = "高於6都平均值" } : v)],
                })],
            })],
        };
    }

    // ---- people ----

    private static readonly ConcurrentDictionary<(BeaconFactory, string, string?), Lazy<Task<string>>> Tokens = new();

    /// <summary>
    /// A bearer token for a test account of this role (an agency editor bound to <paramref name="organisation"/>),
    /// issued the way POST /api/token issues it (the app's own bearer-token protector, 1 hour) but without its
    /// sign-in rate limit: every fresh plan is a new organisation and needs an editor of its own. The account is the
    /// shared one of <see cref="BeaconFactory.AccountAsync"/>.
    /// </summary>
    public static Task<string> TokenAsync(this BeaconFactory app, string role, string? organisation = null) =>
        Tokens.GetOrAdd((app, role, organisation), _ => new Lazy<Task<string>>(async () =>
        {
            var email = await app.AccountAsync(role, organisation);
            await using var scope = app.CreateScope();
            var services = scope.ServiceProvider;
            var user = await services.GetRequiredService<UserManager<BeaconUser>>().FindByEmailAsync(email)
                ?? throw new InvalidOperationException($"no account {email}");
            var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<BeaconUser>>().CreateAsync(user);
            var options = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
            var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, IdentityConstants.BearerScheme);
            return options.BearerTokenProtector.Protect(ticket);
        })).Value;

    /// <summary>A client acting as a person of this role; <paramref name="forms"/>: keeps cookies and shows redirects (for posting forms).</summary>
    public static async Task<HttpClient> ClientAsync(this BeaconFactory app, string role, string? organisation = null, bool forms = false)
    {
        var client = forms ? app.FormClient() : app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(role, organisation));
        return client;
    }

    /// <summary>The agency's editor: enters actuals and self-assessments of its own organisation's plan.</summary>
    public static Task<HttpClient> AgencyAsync(this BeaconFactory app, string organisation, bool forms = false) =>
        app.ClientAsync(Roles.AgencyEditor, organisation, forms);

    /// <summary>The planning office's reviewer (複核).</summary>
    public static Task<HttpClient> ReviewerAsync(this BeaconFactory app, bool forms = false) => app.ClientAsync(Roles.Reviewer, forms: forms);

    /// <summary>A signed-in reader: sees plans that are not approved yet (fresh plans are drafts).</summary>
    public static Task<HttpClient> ReaderAsync(this BeaconFactory app) => app.ClientAsync(Roles.Viewer);

    /// <summary>The agency submits its plan year for review (draft → submitted): entering closes, reviewing opens.</summary>
    public static async Task SubmitAsync(this BeaconFactory app, string organisation)
    {
        using var agency = await app.AgencyAsync(organisation);
        var response = await agency.StepAsync(organisation, "submit", year: PlanYear);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"submit {organisation}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // ---- the evaluation API ----

    public static async Task<JsonElement> EvaluationAsync(this HttpClient client, string org, int year = PlanYear)
    {
        var response = await client.GetAsync($"/api/orgs/{org}/plans/{year}/evaluation");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET evaluation of {org} {year}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static JsonElement Row(this JsonElement evaluation, string code) =>
        evaluation.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);

    /// <summary>
    /// PUT …/kpis/{kpi}/{what} as a client does it: a JSON object without a "version" is sent with the KPI's current
    /// version, read from GET …/evaluation (rows[].version); a body that gives its own, or is no JSON object, goes as
    /// it is (see <see cref="PutAsIsAsync"/>).
    /// </summary>
    public static async Task<HttpResponseMessage> PutAsync(this HttpClient client, string org, string kpi, string what, string json) =>
        await client.PutAsIsAsync(org, kpi, what, await WithVersionAsync(json, () => client.VersionAsync(org, kpi)));

    /// <summary>PUT …/kpis/{kpi}/{what} with exactly this body.</summary>
    public static Task<HttpResponseMessage> PutAsIsAsync(this HttpClient client, string org, string kpi, string what, string json) =>
        client.PutAsync($"/api/orgs/{org}/plans/{PlanYear}/kpis/{kpi}/{what}", Json(json));

    /// <summary>A PUT that must succeed (204 No Content), with the KPI's current version unless the body gives one.</summary>
    public static async Task PutOkAsync(this HttpClient client, string org, string kpi, string what, string json)
    {
        var response = await client.PutAsync(org, kpi, what, json);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"PUT {kpi}/{what} {json}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>PUT …/evaluation/settings, with the settings' current version (GET …/evaluation, settingsVersion) unless the body gives one.</summary>
    public static async Task<HttpResponseMessage> PutSettingsAsync(this HttpClient client, string org, string json) =>
        await client.PutAsync($"/api/orgs/{org}/plans/{PlanYear}/evaluation/settings", Json(await WithVersionAsync(json, () => client.SettingsVersionAsync(org))));

    /// <summary>The KPI's version for the year as GET …/evaluation gives it; null when the plan or the KPI is not there.</summary>
    public static async Task<int?> VersionAsync(this HttpClient client, string org, string kpi)
    {
        var response = await client.GetAsync($"/api/orgs/{org}/plans/{PlanYear}/evaluation");
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var rows = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").EnumerateArray();
        return rows.Where(r => r.GetProperty("code").GetString() == kpi).Select(r => (int?)r.GetProperty("version").GetInt32()).FirstOrDefault();
    }

    public static async Task<int?> SettingsVersionAsync(this HttpClient client, string org)
    {
        var response = await client.GetAsync($"/api/orgs/{org}/plans/{PlanYear}/evaluation");
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("settingsVersion").GetInt32() : null;
    }

    private static async Task<string> WithVersionAsync(string json, Func<Task<int?>> version)
    {
        System.Text.Json.Nodes.JsonNode? node;
        try { node = System.Text.Json.Nodes.JsonNode.Parse(json); }
        catch (JsonException) { return json; }
        if (node is not System.Text.Json.Nodes.JsonObject body || body.ContainsKey("version") || await version() is not { } current) return json;
        body["version"] = current;
        return body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>
    /// AC1.1's actual entered as its formula's inputs: [當年度通報案件中為過去1年內結案之件數] / [當年度通報案件數] × 100 =
    /// reopened ÷ 10; with the version it is based on, when given.
    /// </summary>
    public static string Ac11Actual(int reopened, int? version = null) =>
        $$$"""{"inputs":{"當年度通報案件中為過去1年內結案之件數":{{{reopened}}},"當年度通報案件數":1000}{{{(version is { } v ? $",\"version\":{v}" : "")}}}}""";

    /// <summary>The whole plan in the interchange format, as GET /api/orgs/{org}/plans/{year} exports it.</summary>
    public static async Task<string> ExportAsync(this HttpClient client, string org, int year = PlanYear)
    {
        var response = await client.GetAsync($"/api/orgs/{org}/plans/{year}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static JsonElement Kpi(this JsonElement document, string code) =>
        document.GetProperty("objectives").EnumerateArray().SelectMany(o => o.GetProperty("kpis").EnumerateArray())
            .Single(k => k.GetProperty("code").GetString() == code);

    public static decimal? Decimal(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    public static string? String(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An RFC 7807 answer with the status; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static IReadOnlyList<(string Path, string Message, string MessageEn)> Errors(this JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e =>
            (e.GetProperty("path").GetString()!, e.GetProperty("message").GetString()!, e.GetProperty("messageEn").GetString()!))];

    // ---- HTML ----

    public static async Task<IDocument> OpenAsync(this HttpClient client, Uri server, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        return await ParseAsync(response, server, url, expected);
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response, Uri server, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: expected {expected}, got {response.StatusCode}\n{html[..Math.Min(html.Length, 3000)]}");
        return await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html).Address(new Uri(server, url)));
    }

    /// <summary>The path and query of a Location header, relative or absolute.</summary>
    public static string PathAndQuery(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>Text with runs of white space collapsed to one space.</summary>
    public static string Text(this IElement element) =>
        string.Join(" ", element.TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The table row of a KPI (its id is the KPI code, which has a dot: no #AC1.1 selector).</summary>
    public static IElement KpiRow(this IDocument page, string code) =>
        page.QuerySelectorAll("tr").SingleOrDefault(r => r.Id == code) ?? throw new Xunit.Sdk.XunitException($"no row for {code}");

    /// <summary>What a browser would send for the form as it is: every named input, textarea and select.</summary>
    public static List<KeyValuePair<string, string>> Fields(this IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            // As a browser does: a disabled field (or one in a disabled fieldset) is not sent.
            if (element.HasAttribute("disabled") || element.Closest("fieldset[disabled]") is not null) continue;
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button"):
                    fields.Add(new(input.Name!, input.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name!, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    fields.Add(new(select.Name!, select.Value ?? ""));
                    break;
            }
        }
        return fields;
    }

    /// <summary>The row index of a KPI on the entry or review form (from its hidden Rows[i].Code field).</summary>
    public static int RowIndex(this IHtmlFormElement form, string code)
    {
        var hidden = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Single(i => i.Name!.EndsWith("].Code", StringComparison.Ordinal) && i.Value == code);
        var name = hidden.Name!;
        return int.Parse(name["Rows[".Length..name.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sets (or adds) a field of the form data.</summary>
    public static void Set(this List<KeyValuePair<string, string>> fields, string name, string value)
    {
        var at = fields.FindIndex(f => f.Key == name);
        if (at < 0) fields.Add(new(name, value));
        else fields[at] = new(name, value);
    }

    /// <summary>
    /// A plan with a qualitative KPI, entered, submitted and reviewed.
    /// BC3.2: actual 35.60 of 34.17, self 90/90/90 (92.5 ★), reviewed 70/90/80 (85.5 ●). CC1.1 (qualitative): the
    /// agency judges it met (100, 80/80/80 → 85 ●), the reviewer not met (0, same scores → 60 ×). TF1.1: 95 of 93, self
    /// 80/80/80 → 85 ●, reviewed the same.
    /// </summary>
    public static async Task<string> ImportReviewedPlanAsync(this BeaconFactory app)
    {
        var code = await app.ImportPlanAsync(PlanWithQualitativeKpi());
        var agency = await app.AgencyAsync(code);
        await agency.PutOkAsync(code, "BC3.2", "actual", """{"value":"35.60"}""");
        await agency.PutOkAsync(code, "BC3.2", "self", """{"innovation":90,"challenge":90,"contribution":90}""");
        await agency.PutOkAsync(code, "CC1.1", "actual", """{"value":"高於6都平均值（第2名）"}""");
        await agency.PutOkAsync(code, "CC1.1", "self", """{"met":true,"innovation":80,"challenge":80,"contribution":80}""");
        await agency.PutOkAsync(code, "TF1.1", "actual", """{"value":"95"}""");
        await agency.PutOkAsync(code, "TF1.1", "self", """{"innovation":80,"challenge":80,"contribution":80}""");
        await app.SubmitAsync(code);
        var reviewer = await app.ReviewerAsync();
        await reviewer.PutOkAsync(code, "BC3.2", "review", """{"innovation":70,"challenge":90,"contribution":80}""");
        await reviewer.PutOkAsync(code, "CC1.1", "review", """{"met":false,"innovation":80,"challenge":80,"contribution":80}""");
        await reviewer.PutOkAsync(code, "TF1.1", "review", """{"innovation":80,"challenge":80,"contribution":80}""");
        return code;
    }
}
