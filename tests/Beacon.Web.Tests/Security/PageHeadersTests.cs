using System.Net;
using System.Text.RegularExpressions;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// Every page of the app — read from its routing table, so a page added later is checked too — signed out and signed in
/// as an administrator, and a refused form post, carries exactly the response headers docs/security.md lists.
/// </summary>
public abstract partial class PageHeadersTests(BeaconFactory app)
{
    /// <summary>The table under "## Response headers" in docs/security.md: header → value.</summary>
    private static Dictionary<string, string> Documented()
    {
        var text = File.ReadAllText(Path.Combine(Chromium.RepoRoot, "docs", "security.md"));
        var section = text[text.IndexOf("## Response headers", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        return HeaderRow().Matches(section).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    [GeneratedRegex(@"^\| `([A-Za-z-]+)` \| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex HeaderRow();

    /// <summary>Each page route with its parameters filled from the dataset (TPE 2021).</summary>
    private IReadOnlyList<string> Pages()
    {
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct()
            .Select(route => Regex.Replace(route, @"\{\**([^}:?]+)(?::[^}]*)?\??\}", m => m.Groups[1].Value switch
            {
                "org" => "TPE",
                "year" => "2021",
                "code" => route.Contains("/themes/", StringComparison.Ordinal) ? "A" : "AC1.1",
                "id" => "1",
                "side" => "new",
                _ => "no/such/page",
            }))
            .Order(StringComparer.Ordinal)
            .ToList();
        return pages;
    }

    [Fact]
    public async Task Every_page_signed_out_and_signed_in_carries_the_documented_headers()
    {
        var documented = Documented();
        Assert.Equal("DENY", documented["X-Frame-Options"]);
        Assert.True(documented.Count >= 6, string.Join(", ", documented.Keys));
        var pages = Pages();
        Assert.Contains("/account/sign-in", pages);
        Assert.Contains("/orgs/TPE/2021/kpis/AC1.1", pages);
        using var anonymous = app.FormClient();
        using var administrator = await app.CookieClientAsAsync(Roles.Administrator);

        var wrong = new List<string>();
        foreach (var (who, client) in new[] { ("signed out", anonymous), ("administrator", administrator) })
            foreach (var page in pages)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, page);
                request.Headers.Accept.ParseAdd("text/html");
                wrong.AddRange(Differences($"{who} GET {page}", await client.SendAsync(request), documented));
            }
        // A form post that is refused (a wrong password) is an answer of its own.
        var refused = await anonymous.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "nobody@headers.beacon.tw", ["Password"] = "wrong-password-2021", ["__RequestVerificationToken"] = await anonymous.AntiforgeryTokenAsync("/account/sign-in"),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        wrong.AddRange(Differences("POST /account/sign-in", refused, documented));

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static IEnumerable<string> Differences(string what, HttpResponseMessage response, Dictionary<string, string> documented)
    {
        if ((int)response.StatusCode >= 500) yield return $"{what}: {(int)response.StatusCode}";
        foreach (var (name, value) in documented)
        {
            var sent = response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
                : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : null;
            if (sent != value) yield return $"{what} ({(int)response.StatusCode}): {name} is «{sent ?? "(absent)"}», docs/security.md says «{value}»";
        }
        if (response.Headers.Contains("Server")) yield return $"{what}: sends a Server header";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PageHeadersOnSqlite(SqliteBeacon app) : PageHeadersTests(app);
