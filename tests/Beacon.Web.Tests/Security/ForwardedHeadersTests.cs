using System.Net;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Beacon.Web.Tests.Security;

/// <summary>The app as deployed behind a TLS-terminating proxy on the same machine: ForwardedHeaders:Enabled, the loopback proxy trusted.</summary>
public sealed class ProxiedBeacon() : BeaconFactory(DatabaseKind.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dataset:Load", "false");
        builder.UseSetting("ForwardedHeaders:Enabled", "true");
    }
}

/// <summary>
/// Cookies are Secure when the request reached the proxy over HTTPS: the proxy says so with X-Forwarded-Proto, and the
/// app believes it only with forwarded headers turned on (the default app ignores the header: see SessionTests).
/// Cookies are handled by hand here: a client would not send a Secure cookie back over the plain loopback connection.
/// </summary>
public sealed class ForwardedHeadersTests(ProxiedBeacon app) : IClassFixture<ProxiedBeacon>
{
    private HttpClient Client() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private async Task<(HttpResponseMessage Page, HttpResponseMessage SignIn)> SignInAsync(bool https)
    {
        var email = await app.AccountAsync(Roles.Viewer);
        var client = Client();
        using var get = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        if (https) get.Headers.Add("X-Forwarded-Proto", "https");
        var page = await client.SendAsync(get);
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var antiforgery = SetCookies(page).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = BeaconFactory.TestPassword, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery);
        if (https) post.Headers.Add("X-Forwarded-Proto", "https");
        return (page, await client.SendAsync(post));
    }

    [Fact]
    public async Task A_request_forwarded_as_https_gets_Secure_HttpOnly_SameSite_cookies()
    {
        var (page, signIn) = await SignInAsync(https: true);

        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in: {signIn.StatusCode}");
        var antiforgery = Assert.Single(SetCookies(page), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var auth = Assert.Single(SetCookies(signIn), c => c.StartsWith("beacon.auth=", StringComparison.Ordinal));
        foreach (var cookie in new[] { antiforgery, auth })
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_plain_http_request_gets_the_same_cookies_without_Secure()
    {
        var (page, signIn) = await SignInAsync(https: false);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var antiforgery = Assert.Single(SetCookies(page), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var auth = Assert.Single(SetCookies(signIn), c => c.StartsWith("beacon.auth=", StringComparison.Ordinal));
        foreach (var cookie in new[] { antiforgery, auth })
        {
            Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }
}
