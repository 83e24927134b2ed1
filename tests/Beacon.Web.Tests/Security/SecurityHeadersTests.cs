using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using Beacon.Web.Features.Security;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Security;

/// <summary>The security headers on every kind of answer, and pages the content security policy does not break.</summary>
public abstract class SecurityHeadersTests(BeaconFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    public static TheoryData<string, HttpStatusCode> Responses => new()
    {
        { "/", HttpStatusCode.OK },                                       // a page
        { "/orgs/TPE/2021/scorecard", HttpStatusCode.OK },                // a page from the database
        { "/api/orgs", HttpStatusCode.OK },                               // the API
        { "/api/orgs/NO-SUCH-ORG/plans", HttpStatusCode.NotFound },       // an API error (problem details)
        { "/no/such/page", HttpStatusCode.NotFound },                     // the not-found page
        { "/css/site.css", HttpStatusCode.OK },                           // a static file
        { "/openapi/v1.json", HttpStatusCode.OK },                        // the OpenAPI document
        { "/open-data/TPE/2021/scorecard.csv", HttpStatusCode.OK },       // open data
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_kind_of_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("camera=(), microphone=(), geolocation=()", Header(response, "Permissions-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
    }

    [Fact]
    public async Task The_policy_allows_only_the_sites_own_scripts_and_styles()
    {
        var response = await client.GetAsync("/");
        var csp = Header(response, "Content-Security-Policy");

        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("*", csp);
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["style-src"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'self'", directives["form-action"]);
    }

    public static TheoryData<string> Pages =>
    [
        "/", "/orgs/TPE/2021", "/orgs/TPE/2021/scorecard", "/orgs/TPE/2021/themes/A", "/orgs/TPE/2021/kpis/AC1.1",
        "/orgs/TPE/2021/evaluation", "/orgs/TPE-DVPC/2022/scorecard", "/open-data", "/account/sign-in", "/no/such/page",
        "/?culture=en&ui-culture=en",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_have_no_inline_script_or_style_the_policy_would_block(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var document = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(document.QuerySelectorAll("script:not([src])").Select(e => e.OuterHtml));
        Assert.Empty(document.QuerySelectorAll("style").Select(e => e.OuterHtml));
        Assert.Empty(document.All.Where(e => e.HasAttribute("style")).Select(e => e.OuterHtml[..Math.Min(120, e.OuterHtml.Length)]));
        Assert.Empty(document.All.SelectMany(e => e.Attributes.Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Select(a => $"{e.LocalName} {a.Name}")));
        Assert.Empty(document.QuerySelectorAll("[href^='javascript:']").Select(e => e.OuterHtml));
        Assert.All(document.QuerySelectorAll("script[src], link[rel=stylesheet]"), e =>
            Assert.StartsWith("/", e.GetAttribute("src") ?? e.GetAttribute("href")));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content)
        : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} ({response.StatusCode}) has no {name} header");
}

[Collection(SqliteCollection.Name)]
public sealed class SecurityHeadersOnSqlite(SqliteBeacon app) : SecurityHeadersTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SecurityHeadersOnPostgres(PostgresBeacon app) : SecurityHeadersTests(app);
