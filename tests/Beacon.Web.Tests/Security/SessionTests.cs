using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// A sign-in ends when the person signs out, and as soon as the account changes (role, lock, deletion), for the
/// cookie and the bearer token alike; a cookie cannot send the API anything but JSON; the language switch stays on the site.
/// </summary>
public abstract class SessionTests(BeaconFactory app)
{
    private const string Settings = """{"weights":{"achievement":0.25,"innovation":0.25,"challenge":0.3,"contribution":0.2},"bands":{"excellent":93,"good":80,"fair":70},"bandRule":"proportional"}""";

    private static string Api(string org, string path) => $"/api/orgs/{org}/plans/{MatrixKit.Year}/{path}";

    /// <summary>An account of its own, so that changing it touches no other test's sign-in.</summary>
    private async Task<string> NewAccountAsync(string role, string? organisation = null)
    {
        var email = $"{role}.{Guid.NewGuid():N}@session.beacon.tw";
        await using var scope = app.CreateScope();
        var (user, problems) = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser(email, role, BeaconFactory.TestPassword, organisation));
        Assert.True(user is not null, string.Join("; ", problems));
        return email;
    }

    private async Task<HttpClient> BearerAsync(string email)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/token", new { email, password = BeaconFactory.TestPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<HttpClient> CookieAsync(string email)
    {
        var client = app.FormClient();
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = BeaconFactory.TestPassword, ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync("/account/sign-in"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task Signing_out_with_the_header_form_ends_the_sign_in()
    {
        var client = await CookieAsync(await NewAccountAsync(Roles.Viewer));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        var home = await client.OpenAsync(app.ServerAddress, "/");
        var form = home.QuerySelectorAll("header form[method=post]").OfType<IHtmlFormElement>()
            .Single(f => f.GetAttribute("action")!.Contains("handler=SignOut", StringComparison.Ordinal));

        // Exactly what the browser sends when the button is pressed: the form's own fields, its token among them.
        var response = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(form.Fields()));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.DescribeAsync());
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var after = await client.OpenAsync(app.ServerAddress, "/");
        Assert.NotNull(after.QuerySelector("header a[href^='/account/sign-in']"));
        Assert.Null(after.QuerySelector("header form[method=post]"));
        Assert.Null(after.QuerySelector("header .who"));
    }

    [Fact]
    public async Task A_planner_made_viewer_loses_the_old_token_and_cookie_at_once()
    {
        var org = await app.ImportAsPlannerAsync();
        var email = await NewAccountAsync(Roles.Planner);
        var token = await BearerAsync(email);
        var cookie = await CookieAsync(email);
        Assert.Equal(HttpStatusCode.NoContent, (await token.PutSettingsAsync(org, Settings)).StatusCode);
        var settingsUrl = $"/orgs/{org}/{MatrixKit.Year}/settings";
        var opened = await cookie.OpenAsync(app.ServerAddress, settingsUrl);
        var settingsForm = opened.QuerySelectorAll("main form[method=post]").OfType<IHtmlFormElement>().Single();
        var before = await app.StateAsync(org);

        // An administrator changes the role on the users page.
        var administrator = await app.PageClientAsync(Persona.Administrator, org);
        var users = await administrator.OpenAsync(app.ServerAddress, "/admin/users");
        var update = users.QuerySelector($"tr[data-email='{email}'] form[action*='handler=Update']") as IHtmlFormElement;
        var fields = update!.Fields();
        fields.Set("role", Roles.Viewer);
        Assert.Equal(HttpStatusCode.Redirect, (await administrator.PostAsync(update!.GetAttribute("action"), new FormUrlEncodedContent(fields))).StatusCode);

        // With the right version, so that only the stale token can be the reason for the refusal.
        var put = await token.PutAsync(Api(org, "evaluation/settings"), EvaluationKit.Json(Settings.Replace("93", "94", StringComparison.Ordinal)[..^1] + ""","version":1}"""));
        Assert.True(put.StatusCode == HttpStatusCode.Unauthorized, $"old token: {await put.DescribeAsync()}");
        var typed = settingsForm.Fields();
        typed.Set("BandExcellent", "95");
        var posted = await cookie.PostAsync(settingsUrl, new FormUrlEncodedContent(typed));
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"old cookie: {await posted.DescribeAsync()}");
        Assert.StartsWith("/account/sign-in", posted.Headers.Location?.PathAndQuery());
        Assert.Equal(before, await app.StateAsync(org));
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/me")).StatusCode);

        // Signed in again, the account is what the administrator made it.
        var me = await (await BearerAsync(email)).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal([Roles.Viewer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await BearerAsync(email)).PutAsync(Api(org, "evaluation/settings"), EvaluationKit.Json(Settings))).StatusCode);
    }

    [Fact]
    public async Task A_locked_or_deleted_account_loses_its_sign_ins_at_once()
    {
        var locked = await NewAccountAsync(Roles.Viewer);
        var deleted = await NewAccountAsync(Roles.Viewer);
        var clients = new[] { (locked, await BearerAsync(locked), await CookieAsync(locked)), (deleted, await BearerAsync(deleted), await CookieAsync(deleted)) };
        foreach (var (_, bearer, cookie) in clients)
        {
            Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/api/me")).StatusCode);
        }

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var user = await db.Users.SingleAsync(u => u.Email == locked);
            user.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            db.Users.Remove(await db.Users.SingleAsync(u => u.Email == deleted));
            await db.SaveChangesAsync();
        }

        foreach (var (email, bearer, cookie) in clients)
        {
            Assert.True((await bearer.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized, $"{email}: token still valid");
            Assert.True((await cookie.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized, $"{email}: cookie still valid");
            Assert.Null((await cookie.OpenAsync(app.ServerAddress, "/")).QuerySelector("header .who"));
        }
    }

    /// <summary>Every API write, as a cross-site form could send it with the victim's cookie: text/plain, a form, or nothing.</summary>
    [Fact]
    public async Task A_cookie_authenticated_API_write_that_is_not_JSON_gets_415_and_changes_nothing()
    {
        var org = await app.ImportAsPlannerAsync();
        var administrator = await app.PageClientAsync(Persona.Administrator, org);
        var writes = new (HttpMethod Method, string Url)[]
        {
            (HttpMethod.Post, Api(org, "workflow/submit")),
            (HttpMethod.Put, Api(org, "kpis/AC1.1/actual")),
            (HttpMethod.Put, Api(org, "kpis/AC1.1/self")),
            (HttpMethod.Put, Api(org, "kpis/AC1.1/review")),
            (HttpMethod.Put, Api(org, "evaluation/settings")),
            (HttpMethod.Post, "/api/import"),
            (HttpMethod.Put, "/api/calendar/2041"),
            (HttpMethod.Post, "/api/token"),
        };
        var before = await app.StateAsync(org);
        var rows = await app.RowCountsAsync();
        foreach (var (method, url) in writes)
        {
            foreach (var content in new HttpContent?[]
                     {
                         new StringContent("""{"comment":"x"}""", Encoding.UTF8, "text/plain"),
                         new FormUrlEncodedContent([new("comment", "x")]),
                         null,
                     })
            {
                var response = await administrator.SendAsync(new HttpRequestMessage(method, url) { Content = content });
                Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType,
                    $"{method} {url} as {content?.Headers.ContentType?.MediaType ?? "no body"}: {await response.DescribeAsync()}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("application/json", await response.ProblemTextAsync());
            }
        }
        Assert.Equal(before, await app.StateAsync(org));
        Assert.Equal(rows, await app.RowCountsAsync());

        // JSON goes through, even an empty object; a bearer token may send no body at all (and is then asked for the version).
        var json = await administrator.PostAsync(Api(org, "workflow/submit"), EvaluationKit.Json("{}"));
        Assert.Equal((HttpStatusCode)428, json.StatusCode);
        var bearer = await app.ApiClientAsync(Persona.Administrator, org);
        Assert.Equal((HttpStatusCode)428, (await bearer.PostAsync(Api(org, "workflow/submit"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await administrator.StepAsync(org, "submit")).StatusCode);
    }

    [Theory]
    [InlineData("/%5Cevil.com")]
    [InlineData("//evil.com")]
    [InlineData("/\\evil.com")]
    [InlineData("https://evil.com/")]
    [InlineData("evil.com")]
    [InlineData("/%09/evil.com")]
    public async Task The_language_switch_sends_an_address_elsewhere_home(string returnUrl)
    {
        var client = app.FormClient();

        var response = await client.GetAsync("/lang/en?returnUrl=" + (returnUrl.Contains('%', StringComparison.Ordinal) ? returnUrl : Uri.EscapeDataString(returnUrl)));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.DescribeAsync());
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_language_switch_goes_back_to_the_page_it_came_from()
    {
        var response = await app.FormClient().GetAsync("/lang/en?returnUrl=" + Uri.EscapeDataString("/orgs/TPE/2021?x=1"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/orgs/TPE/2021?x=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Without_forwarded_headers_turned_on_a_claimed_https_does_not_make_cookies_Secure()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await client.SendAsync(request);

        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionOnSqlite(SqliteBeacon app) : SessionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionOnPostgres(PostgresBeacon app) : SessionTests(app);
