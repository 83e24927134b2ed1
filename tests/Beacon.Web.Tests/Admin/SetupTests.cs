using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Beacon.Web.Data;
using Beacon.Web.Tests.Audit;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Beacon.Web.Tests.Admin;

/// <summary>The app on a database of its own with no account at all (and no dataset: setup is about accounts).</summary>
public abstract class EmptyBeacon(DatabaseKind kind) : BeaconFactory(kind)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dataset:Load", "false");
    }
}

public sealed class EmptySqliteBeacon() : EmptyBeacon(DatabaseKind.Sqlite);

public sealed class EmptyPostgresBeacon() : EmptyBeacon(DatabaseKind.Postgres);

/// <summary>
/// /account/setup on a fresh installation: the first person creates the first administrator with a password of
/// their own, is signed in, and the page is gone. There is no default account to fall back on.
/// </summary>
public abstract class FirstRunTests(EmptyBeacon app)
{
    [Fact]
    public async Task The_first_administrator_is_created_signed_in_and_the_page_closes()
    {
        using var browser = app.FormClient();
        var page = (IHtmlDocument)await browser.OpenAsync(app, "/account/setup");
        var form = page.Forms.Single();
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        foreach (var id in new[] { "email", "password", "confirm" }) Assert.NotNull(page.QuerySelector($"label[for={id}]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsJsonAsync("/api/token", new { email = "admin@demo.beacon.tw", password = "" })).StatusCode);

        var mismatch = await AuditKit.ParseAsync(await browser.SubmitAsync(form, ("Email", "chief@taipei.gov.tw"), ("Password", "first-admin-2026"), ("Confirm", "first-admin-2027")),
            app, "/account/setup", HttpStatusCode.BadRequest);
        Assert.Equal("兩次輸入的密碼不同", mismatch.QuerySelector("#confirm-error")!.Text());
        Assert.Equal("chief@taipei.gov.tw", mismatch.QuerySelector("#email")!.GetAttribute("value"));
        var weak = await AuditKit.ParseAsync(await browser.SubmitAsync(form, ("Email", "chief@taipei.gov.tw"), ("Password", "short1"), ("Confirm", "short1")),
            app, "/account/setup", HttpStatusCode.BadRequest);
        Assert.Equal("密碼至少 12 個字元，須含小寫英文字母與數字", weak.QuerySelector("#password-error")!.Text());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/setup")).StatusCode);   // still open: nothing was created

        var created = await browser.SubmitAsync(form, ("Email", "chief@taipei.gov.tw"), ("Password", "first-admin-2026"), ("Confirm", "first-admin-2026"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/users", created.Headers.Location!.OriginalString);
        var users = await browser.OpenAsync(app, "/admin/users");   // signed in by the cookie just set
        Assert.Equal("chief@taipei.gov.tw", Assert.Single(users.QuerySelectorAll("#users tbody tr")).GetAttribute("data-email"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/account/setup")).StatusCode);
        using var stranger = app.FormClient();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/account/setup")).StatusCode);
        using var script = app.CreateClient();
        var token = await script.PostAsJsonAsync("/api/token", new { email = "chief@taipei.gov.tw", password = "first-admin-2026" });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var entry = Assert.Single((await browser.OpenAsync(app, "/audit?entity=User")).Entries());
        Assert.Equal((null, Roles.Administrator), entry.Change("Role"));
        Assert.Equal("chief@taipei.gov.tw", entry.Cell("who"));

        // The only administrator cannot step down: the setup page would open again for anyone.
        var list = (IHtmlDocument)await browser.OpenAsync(app, "/admin/users");
        var update = list.Forms.Single(f => f.GetAttribute("action")!.Contains("handler=Update", StringComparison.Ordinal));
        var refused = await AuditKit.ParseAsync(await browser.SubmitAsync(update, ("role", Roles.Viewer)), app, "/admin/users?handler=Update", HttpStatusCode.Conflict);
        Assert.Contains("唯一的系統管理員", refused.QuerySelector("#change-error")!.Text());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/account/setup")).StatusCode);
    }
}

public sealed class FirstRunOnSqlite(EmptySqliteBeacon app) : FirstRunTests(app), IClassFixture<EmptySqliteBeacon>;

public sealed class FirstRunOnPostgres(EmptyPostgresBeacon app) : FirstRunTests(app), IClassFixture<EmptyPostgresBeacon>;

/// <summary>/account/setup where an administrator exists: the page does not exist.</summary>
public abstract class SetupClosedTests(BeaconFactory app)
{
    [Fact]
    public async Task Setup_is_not_found_once_an_administrator_exists()
    {
        await app.AccountAsync(Roles.Administrator);
        using var anonymous = app.FormClient();

        var response = await anonymous.GetAsync("/account/setup");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<form", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SetupClosedOnSqlite(SqliteBeacon app) : SetupClosedTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SetupClosedOnPostgres(PostgresBeacon app) : SetupClosedTests(app);
