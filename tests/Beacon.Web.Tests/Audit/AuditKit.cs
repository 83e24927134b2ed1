using System.Net;
using System.Net.Http.Json;
using System.Text;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Beacon.Web.Tests.Audit;

/// <summary>What the audit and administration tests share: a fresh plan imported through the API, pages parsed with AngleSharp, forms posted back.</summary>
internal static class AuditKit
{
    public const int PlanYear = 2022;

    /// <summary>A client that keeps cookies (antiforgery, sign-in) and shows redirects instead of following them.</summary>
    public static HttpClient FormClient(this BeaconFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Imports <see cref="Dataset.NewPlan"/> as a planner through POST /api/import; returns its organisation code.</summary>
    public static async Task<string> ImportNewPlanAsync(this BeaconFactory app, PlanDocument? plan = null)
    {
        plan ??= Dataset.NewPlan();
        using var planner = await app.ClientAsAsync(Roles.Planner);
        var response = await planner.PostAsync("/api/import", new StringContent(PlanJson.Write(plan), Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"import: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return plan.Organisation.Code;
    }

    /// <summary>
    /// PUT /api/orgs/{org}/plans/2022/kpis/{kpi}/actual with the inputs of the KPI's formula (its actual is computed
    /// from them) and the KPI's current version from GET …/evaluation; it must succeed (204).
    /// </summary>
    public static async Task PutInputsAsync(this HttpClient editor, string org, string kpi, Dictionary<string, decimal> inputs)
    {
        var evaluation = await editor.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/orgs/{org}/plans/{PlanYear}/evaluation");
        var version = evaluation.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == kpi).GetProperty("version").GetInt32();
        var response = await editor.PutAsJsonAsync($"/api/orgs/{org}/plans/{PlanYear}/kpis/{kpi}/actual", new { inputs, version });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"PUT {kpi} actual: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<IDocument> OpenAsync(this HttpClient client, BeaconFactory app, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await ParseAsync(await client.GetAsync(url), app, url, expected);

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response, BeaconFactory app, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: expected {expected}, got {response.StatusCode}\n{html[..Math.Min(html.Length, 3000)]}");
        return await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html).Address(new Uri(app.ServerAddress, url)));
    }

    /// <summary>Posts a form of the page as a browser would: its own fields (antiforgery token included), with some set.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlFormElement form, params (string Name, string Value)[] set)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button"):
                    fields.Add(new(input.Name!, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    fields.Add(new(select.Name!, select.Value ?? ""));
                    break;
            }
        }
        foreach (var (name, value) in set)
        {
            var at = fields.FindIndex(f => f.Key == name);
            if (at < 0) fields.Add(new(name, value));
            else fields[at] = new(name, value);
        }
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : new Uri(form.Owner!.Url).PathAndQuery;
        return client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Text with runs of white space collapsed to one space.</summary>
    public static string Text(this IElement element) =>
        string.Join(" ", element.TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The rows of the audit table, newest first.</summary>
    public static List<IElement> Entries(this IDocument page) => [.. page.QuerySelectorAll("#audit-entries > tbody > tr")];

    /// <summary>The old and new value of one field in an entry's change table (null for an empty side).</summary>
    public static (string? Old, string? New) Change(this IElement entry, string field)
    {
        var row = entry.QuerySelectorAll("table.changes tr").SingleOrDefault(r => r.GetAttribute("data-field") == field)
            ?? throw new Xunit.Sdk.XunitException($"entry {entry.GetAttribute("data-entry")} shows no field {field}: {entry.Text()}");
        static string? Side(IElement? cell) => cell is null || cell.Text().Length == 0 ? null : cell.Text();
        return (Side(row.QuerySelector("td.old")), Side(row.QuerySelector("td.new")));
    }

    public static string Cell(this IElement entry, string css) => entry.QuerySelector("td." + css)?.Text() ?? "";
}
