using System.Text.Json;

namespace Beacon.Web.Tests.Api;

/// <summary>Every organisation <c>GET /api/orgs</c> lists, page after page (its <c>Link: &lt;…&gt;; rel="next"</c> header).</summary>
public static class OrganisationPages
{
    public static async Task<List<JsonElement>> AllAsync(HttpClient client, string address = "/api/orgs")
    {
        var all = new List<JsonElement>();
        for (string? next = address; next is not null;)
        {
            using var response = await client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            all.AddRange(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(o => o.Clone()));
            next = Next(response);
        }
        return all;
    }

    /// <summary>The address of the next page, or null on the last.</summary>
    public static string? Next(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(l => System.Text.RegularExpressions.Regex.Match(l, "^<([^>]+)>; rel=\"next\"$")).FirstOrDefault(m => m.Success)?.Groups[1].Value
            : null;
}
