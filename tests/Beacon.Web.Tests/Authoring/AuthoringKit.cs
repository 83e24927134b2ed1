using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Authoring;

/// <summary>What the plan-editing tests share: reading an element with its version and writing it back in the interchange format's shapes.</summary>
internal static class AuthoringKit
{
    public const int Year = MatrixKit.Year;

    public static string PlanApi(string org, int year = Year) => $"/api/orgs/{org}/plans/{year}";

    /// <summary>An element of the plan as the API reads it (KpiEdit, ObjectiveEdit …), with its version.</summary>
    public static async Task<T> ReadAsync<T>(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, PlanJson.Options)!;
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = EvaluationKit.Json(JsonSerializer.Serialize(body, body.GetType(), PlanJson.Options)) });

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) => client.SendJsonAsync(HttpMethod.Put, url, body);

    /// <summary>A DELETE as a cookie-signed-in script or a token holder sends it (application/json, empty object).</summary>
    public static Task<HttpResponseMessage> DeleteJsonAsync(this HttpClient client, string url) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url) { Content = EvaluationKit.Json("{}") });

    public static async Task AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected) Assert.Fail($"{what}: expected {(int)expected}, got {await response.DescribeAsync()}");
    }

    /// <summary>The whole plan as the API exports it to this client.</summary>
    public static async Task<PlanDocument> PlanAsync(this HttpClient client, string org, int year = Year)
    {
        var (document, problems) = PlanJson.Read(await client.GetStringAsync(PlanApi(org, year)));
        Assert.True(document is not null, string.Join("; ", problems));
        return document!;
    }

    public static KpiDoc Kpi(this PlanDocument plan, string code) => plan.Objectives.SelectMany(o => o.Kpis).Single(k => k.Code == code);

    /// <summary>The audit entries of a plan year about an entity, newest last.</summary>
    public static async Task<List<AuditEntry>> AuditAsync(this BeaconFactory app, string org, string entity, int? year = Year)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        return [.. (await db.AuditEntries.AsNoTracking().Where(a => a.OrganisationCode == org && a.Year == year && a.Entity == entity).ToListAsync()).OrderBy(a => a.Id)];
    }

    /// <summary>Every problem of an answer as "path: English message".</summary>
    public static async Task<List<string>> ErrorsAsync(this HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => $"{e.GetProperty("path").GetString()}: {e.GetProperty("messageEn").GetString()}")]
            : [problem.GetProperty("title").GetString()!];
    }
}
