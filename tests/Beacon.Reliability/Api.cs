using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Beacon.Reliability;

/// <summary>The few API calls the harnesses make, read as the documented JSON (README, "API").</summary>
public static class Api
{
    public static string PlanPath(string org) => $"api/orgs/{org}/plans/{Fixture.Year}";

    /// <summary>One KPI's row of GET …/evaluation: its version and what was entered.</summary>
    public sealed record Row(string Code, int Version, string? SelfText, decimal? SelfInnovation, string? ReviewText, decimal? ReviewInnovation, string? Actual);

    public static async Task<Dictionary<string, Row>> EvaluationAsync(HttpClient client, string org, CancellationToken ct = default)
    {
        var response = await client.GetAsync($"{PlanPath(org)}/evaluation", ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET evaluation of {org}: {(int)response.StatusCode}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return body.GetProperty("rows").EnumerateArray().Select(r =>
        {
            var self = r.GetProperty("self");
            var review = r.GetProperty("review");
            return new Row(r.GetProperty("code").GetString()!, r.GetProperty("version").GetInt32(),
                Text(self, "text"), Number(self, "innovation"),
                review.ValueKind == JsonValueKind.Object ? Text(review, "text") : null,
                review.ValueKind == JsonValueKind.Object ? Number(review, "innovation") : null,
                Text(r, "actual"));
        }).ToDictionary(r => r.Code, StringComparer.Ordinal);
    }

    public static async Task<int> SettingsVersionAsync(HttpClient client, string org, CancellationToken ct = default) =>
        (await client.GetFromJsonAsync<JsonElement>($"{PlanPath(org)}/evaluation", ct)).GetProperty("settingsVersion").GetInt32();

    public sealed record Step(string Action, string? Comment, string To);

    public sealed record Workflow(string Status, int Version, IReadOnlyList<Step> Steps);

    public static async Task<Workflow> WorkflowAsync(HttpClient client, string org, CancellationToken ct = default)
    {
        var body = await client.GetFromJsonAsync<JsonElement>($"{PlanPath(org)}/workflow", ct);
        return new Workflow(body.GetProperty("status").GetString()!, body.GetProperty("version").GetInt32(),
            [.. body.GetProperty("steps").EnumerateArray().Select(s => new Step(s.GetProperty("action").GetString()!, Text(s, "comment"), s.GetProperty("to").GetString()!))]);
    }

    /// <summary>The step that moves a plan on from this status (draft → submitted → under review → returned → …; approved → draft).</summary>
    public static (string Action, bool NeedsComment) NextStep(string status, Random random) => status switch
    {
        "draft" or "returned" => ("submit", false),
        "submitted" => random.Next(2) == 0 ? ("start-review", false) : ("return", true),
        "underReview" => random.Next(4) == 0 ? ("approve", false) : ("return", true),
        _ => ("unlock", true),
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;
}
