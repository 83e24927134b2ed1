using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Beacon.Web.Data;
using Beacon.Web.Tests.Audit;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Admin;

/// <summary>
/// /admin/users as an administrator uses it in a browser (cookie sign-in, forms with their antiforgery token):
/// creating an account whose generated password is shown once and works at POST /api/token, changing a role and
/// unlocking an account — each recorded in the audit trail. Nobody else gets in.
/// </summary>
public abstract class UserAdministrationTests(BeaconFactory app)
{
    private static string NewEmail() => $"new.{Guid.NewGuid().ToString("N")[..8]}@test.beacon.tw";

    private async Task<(HttpClient Admin, IHtmlDocument Page)> OpenAsAdministratorAsync()
    {
        var admin = await app.CookieClientAsAsync(Roles.Administrator);
        var page = (IHtmlDocument)await admin.OpenAsync(app, "/admin/users");
        return (admin, page);
    }

    private static IHtmlFormElement CreateForm(IHtmlDocument page) =>
        page.Forms.Single(f => f.GetAttribute("action")!.Contains("handler=Create", StringComparison.Ordinal));

    private async Task<(string Email, string Password)> CreateAsync(HttpClient admin, IHtmlDocument page, string role, string? organisation = null, string? divisions = null)
    {
        var email = NewEmail();
        var response = await admin.SubmitAsync(CreateForm(page),
            ("Email", email), ("Role", role), ("DisplayName", "測試人員"), ("Organisation", organisation ?? ""), ("Divisions", divisions ?? ""));
        var created = await AuditKit.ParseAsync(response, app, "/admin/users?handler=Create");
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains(email, created.QuerySelector("#created")!.TextContent);
        return (email, created.QuerySelector("#new-password")!.TextContent);
    }

    [Fact]
    public async Task An_administrator_creates_an_account_whose_shown_password_gets_a_token()
    {
        var (admin, page) = await OpenAsAdministratorAsync();
        Assert.NotNull(CreateForm(page).QuerySelector("input[name=__RequestVerificationToken]"));

        var (email, password) = await CreateAsync(admin, page, Roles.Reviewer);

        Assert.Equal(20, password.Length);
        using var script = app.CreateClient();
        var token = await script.PostAsJsonAsync("/api/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        script.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var me = await script.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal([Roles.Reviewer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var list = await admin.OpenAsync(app, "/admin/users");
        var row = list.QuerySelectorAll("#users tbody tr").Single(r => r.GetAttribute("data-email") == email);
        Assert.Equal("研考會複核人員", row.QuerySelector("td.roles")!.Text());
        Assert.Equal("正常", row.QuerySelector("td.state")!.Text());
        Assert.DoesNotContain(password, list.Source.Text);   // shown once, never again

        var trail = await admin.OpenAsync(app, $"/audit?entity=User&code={Uri.EscapeDataString(email)}");
        var entry = Assert.Single(trail.Entries());
        Assert.Equal("新增", entry.Cell("action"));
        Assert.Equal(await app.AccountAsync(Roles.Administrator), entry.Cell("who"));
        Assert.Equal((null, Roles.Reviewer), entry.Change("Role"));
        Assert.DoesNotContain(password, trail.Source.Text);
    }

    [Fact]
    public async Task An_agency_editor_is_bound_to_the_chosen_organisation_and_divisions()
    {
        var (admin, page) = await OpenAsAdministratorAsync();

        var (email, _) = await CreateAsync(admin, page, Roles.AgencyEditor, "TPE-DVPC", "成保組， 兒少組");

        var row = (await admin.OpenAsync(app, "/admin/users")).QuerySelectorAll("#users tbody tr").Single(r => r.GetAttribute("data-email") == email);
        Assert.Equal("TPE-DVPC", row.QuerySelector("td.organisation")!.Text());
        Assert.Equal("成保組、兒少組", row.QuerySelector("td.divisions")!.Text());
    }

    [Fact]
    public async Task Mistakes_are_named_beside_their_fields_and_create_nothing()
    {
        var (admin, page) = await OpenAsAdministratorAsync();
        var email = NewEmail();

        var response = await admin.SubmitAsync(CreateForm(page), ("Email", email), ("Role", Roles.AgencyEditor), ("Organisation", ""));

        var refused = await AuditKit.ParseAsync(response, app, "/admin/users?handler=Create", HttpStatusCode.BadRequest);
        Assert.Equal("局處填報人員必須指定所屬機關", refused.QuerySelector("#new-organisation-error")!.Text());
        Assert.Equal("true", refused.QuerySelector("#new-organisation")!.GetAttribute("aria-invalid"));
        Assert.Equal(email, refused.QuerySelector("#new-email")!.GetAttribute("value"));
        Assert.Null(refused.QuerySelector("#new-password"));

        var blank = await AuditKit.ParseAsync(await admin.SubmitAsync(CreateForm(page), ("Email", ""), ("Role", "")), app, "/admin/users?handler=Create", HttpStatusCode.BadRequest);
        Assert.Equal("請填寫電子郵件", blank.QuerySelector("#new-email-error")!.Text());
        Assert.Equal("請選擇角色", blank.QuerySelector("#new-role-error")!.Text());

        var list = await admin.OpenAsync(app, "/admin/users");
        Assert.DoesNotContain(list.QuerySelectorAll("#users tbody tr"), r => r.GetAttribute("data-email") == email);
    }

    [Fact]
    public async Task A_role_change_takes_effect_and_is_recorded_with_before_and_after()
    {
        var (admin, page) = await OpenAsAdministratorAsync();
        var (email, password) = await CreateAsync(admin, page, Roles.Reviewer);
        var list = (IHtmlDocument)await admin.OpenAsync(app, "/admin/users");
        var row = list.QuerySelectorAll("#users tbody tr").Single(r => r.GetAttribute("data-email") == email);
        var form = (IHtmlFormElement)row.QuerySelectorAll("form").Single(f => f.GetAttribute("action")!.Contains("handler=Update", StringComparison.Ordinal));

        var response = await admin.SubmitAsync(form, ("role", Roles.Viewer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // redirected back to the list
        using var script = app.CreateClient();
        var token = await (await script.PostAsJsonAsync("/api/token", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        script.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        Assert.Equal([Roles.Viewer], (await script.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var entry = Assert.Single((await admin.OpenAsync(app, $"/audit?entity=User&action=role&code={Uri.EscapeDataString(email)}")).Entries());
        Assert.Equal((Roles.Reviewer, Roles.Viewer), entry.Change("Role"));
        Assert.Equal("變更角色", entry.Cell("action"));
    }

    [Fact]
    public async Task An_account_whose_sign_ins_are_slowed_is_shown_and_unlocked()
    {
        var (admin, page) = await OpenAsAdministratorAsync();
        var (email, password) = await CreateAsync(admin, page, Roles.Viewer);
        using var script = app.CreateClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await script.PostAsJsonAsync("/api/token", new { email, password = "wrong-password-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await script.PostAsJsonAsync("/api/token", new { email, password })).StatusCode);

        var list = (IHtmlDocument)await admin.OpenAsync(app, "/admin/users");
        var row = list.QuerySelectorAll("#users tbody tr").Single(r => r.GetAttribute("data-email") == email);
        Assert.StartsWith("登入失敗過多，未知裝置須等到", row.QuerySelector("td.state strong")!.Text());
        var unlock = (IHtmlFormElement)row.QuerySelectorAll("form").Single(f => f.GetAttribute("action")!.Contains("handler=Unlock", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await admin.SubmitAsync(unlock)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/token", new { email, password })).StatusCode);
        var entry = Assert.Single((await admin.OpenAsync(app, $"/audit?entity=User&action=unlock&code={Uri.EscapeDataString(email)}")).Entries());
        var (slowedUntil, after) = entry.Change("SignInsSlowedUntil");
        Assert.InRange(DateTimeOffset.Parse(slowedUntil!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Null(after);
        var unlocked = (await admin.OpenAsync(app, "/admin/users")).QuerySelectorAll("#users tbody tr").Single(r => r.GetAttribute("data-email") == email);
        Assert.Equal("正常", unlocked.QuerySelector("td.state")!.Text());
    }

    [Fact]
    public async Task Only_administrators_get_in()
    {
        using var planner = await app.CookieClientAsAsync(Roles.Planner);
        var denied = await planner.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("/account/denied", denied.RequestMessage!.RequestUri!.AbsolutePath);
        using var plannerScript = await app.ClientAsAsync(Roles.Planner);
        Assert.Equal(HttpStatusCode.Forbidden, (await plannerScript.GetAsync("/admin/users")).StatusCode);

        using var anonymous = app.FormClient();
        var response = await anonymous.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var admin = await app.CookieClientAsAsync(Roles.Administrator);

        var response = await admin.PostAsync("/admin/users?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = NewEmail(), ["Role"] = Roles.Administrator,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class UserAdministrationOnSqlite(SqliteBeacon app) : UserAdministrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UserAdministrationOnPostgres(PostgresBeacon app) : UserAdministrationTests(app);
