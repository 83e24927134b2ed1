using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// Sign-in that cannot be turned against its users (docs/security.md, "Signing in"): a stranger's wrong passwords slow
/// sign-ins for the account from devices it has not used, never its owner's known device nor the sessions and tokens
/// it holds; a wrong password, an unknown address and a locked account get one answer.
/// </summary>
public abstract class SignInThrottleTests(BeaconFactory app)
{
    private const string Wrong = "wrong-password-2021";

    private async Task<string> NewAccountAsync()
    {
        var email = $"viewer.{Guid.NewGuid():N}@throttle.beacon.tw";
        await using var scope = app.CreateScope();
        var (user, problems) = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser(email, Roles.Viewer, BeaconFactory.TestPassword));
        Assert.True(user is not null, string.Join("; ", problems));
        return email;
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/token", new { email, password });

    private static async Task<HttpResponseMessage> PageSignInAsync(HttpClient client, string email, string password) =>
        await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync("/account/sign-in"),
        }));

    [Fact]
    public async Task A_strangers_wrong_passwords_slow_new_devices_but_not_the_owners_device_nor_the_owners_sessions()
    {
        var email = await NewAccountAsync();
        using var owner = app.FormClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PageSignInAsync(owner, email, BeaconFactory.TestPassword)).StatusCode);
        using var script = app.CreateClient();
        var token = (await (await TokenAsync(script, email, BeaconFactory.TestPassword)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var stranger = app.CreateClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(stranger, email, Wrong)).StatusCode);
        var slowed = await TokenAsync(stranger, email, BeaconFactory.TestPassword);

        // The stranger, even with the right password, now waits; so does any device the account has not signed in on.
        Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        Assert.InRange(int.Parse(slowed.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 15);
        using var newDevice = app.FormClient();
        var page = await PageSignInAsync(newDevice, email, BeaconFactory.TestPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("登入失敗次數過多，請於", await page.Content.ReadAsStringAsync());
        // What the owner holds keeps working, and the owner's own device signs in again at once.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PageSignInAsync(owner, email, BeaconFactory.TestPassword)).StatusCode);
        // Nothing about the account itself changed: no lockout, no failure count, the same stamps.
        await using var scope = app.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<BeaconDb>().Users.AsNoTracking().SingleAsync(u => u.Email == email);
        Assert.Equal((null, 0), (user.LockoutEnd, user.AccessFailedCount));
    }

    [Fact]
    public async Task A_known_device_keeps_its_standing_through_the_owners_own_typing_mistakes_up_to_a_count()
    {
        var email = await NewAccountAsync();
        using var owner = app.FormClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PageSignInAsync(owner, email, BeaconFactory.TestPassword)).StatusCode);

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.BadRequest, (await PageSignInAsync(owner, email, Wrong)).StatusCode);
        // Five mistakes on the device cost the device its standing, not the account: it is now one unknown device among others.
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.BadRequest, (await PageSignInAsync(owner, email, Wrong)).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PageSignInAsync(owner, email, BeaconFactory.TestPassword)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_an_unknown_address_and_a_locked_account_get_the_same_answer()
    {
        var wrong = await NewAccountAsync();
        var locked = await NewAccountAsync();
        var unknown = $"nobody.{Guid.NewGuid():N}@throttle.beacon.tw";
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var user = await db.Users.SingleAsync(u => u.Email == locked);
            user.LockoutEnd = DateTimeOffset.UtcNow.AddHours(1);
            await db.SaveChangesAsync();
        }

        var answers = new List<string>();
        foreach (var (email, password) in new[] { (wrong, Wrong), (unknown, Wrong), (locked, BeaconFactory.TestPassword) })
        {
            using var api = app.CreateClient();
            var token = await TokenAsync(api, email, password);
            using var browser = app.FormClient();
            var page = await PageSignInAsync(browser, email, password);
            var html = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(page.Content.ReadAsStream()));
            answers.Add($"{(int)token.StatusCode} {Title(await token.Content.ReadFromJsonAsync<JsonElement>())} | {(int)page.StatusCode} {html.QuerySelector("#sign-in-error")?.TextContent}");
        }

        Assert.Equal("401 帳號或密碼錯誤 / wrong email or password | 400 電子郵件或密碼不正確。", answers[0]);
        Assert.Equal([answers[0], answers[0]], answers[1..]);
    }

    [Fact]
    public async Task Slowing_down_answers_alike_for_an_account_that_exists_and_one_that_does_not()
    {
        var existing = await NewAccountAsync();
        var unknown = $"nobody.{Guid.NewGuid():N}@throttle.beacon.tw";
        var answers = new List<string>();
        foreach (var email in new[] { existing, unknown })
        {
            using var client = app.CreateClient();
            var statuses = new List<int>();
            for (var i = 0; i < 6; i++) statuses.Add((int)(await TokenAsync(client, email, Wrong)).StatusCode);
            var last = await TokenAsync(client, email, Wrong);
            answers.Add($"{string.Join(",", statuses)} {(int)last.StatusCode} {Title(await last.Content.ReadFromJsonAsync<JsonElement>())}");
        }

        Assert.Matches(@"^401,401,401,401,401,429 429 登入失敗次數過多，請於 1?[0-9] 秒後再試 / too many failed sign-ins; try again in 1?[0-9] seconds$", answers[0]);
        Assert.Equal(Seconds(answers[0]), Seconds(answers[1]));

        static string Seconds(string answer) => System.Text.RegularExpressions.Regex.Replace(answer, "[0-9]+ (秒|seconds)", "N $1");
    }

    private static string Title(JsonElement problem) => problem.GetProperty("title").GetString()!;
}

[Collection(SqliteCollection.Name)]
public sealed class SignInThrottleOnSqlite(SqliteBeacon app) : SignInThrottleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SignInThrottleOnPostgres(PostgresBeacon app) : SignInThrottleTests(app);

/// <summary>The app with a low count per client address (3) and no dataset, for the address half of the slowing down.</summary>
public sealed class AddressThrottleBeacon() : BeaconFactory(DatabaseKind.Sqlite)
{
    public const int AddressFailures = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dataset:Load", "false");
        builder.UseSetting("SignIn:AddressFailures", AddressFailures.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class AddressThrottleTests(AddressThrottleBeacon app) : IClassFixture<AddressThrottleBeacon>
{
    [Fact]
    public async Task Guesses_at_many_accounts_from_one_address_slow_that_address_but_not_a_device_that_signed_in_before()
    {
        var owner = await app.AccountAsync(Roles.Viewer);
        using var ownDevice = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ownDevice.PostAsJsonAsync("/api/token", new { email = owner, password = BeaconFactory.TestPassword })).StatusCode);
        using var sprayer = app.CreateClient();
        for (var i = 0; i < AddressThrottleBeacon.AddressFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await sprayer.PostAsJsonAsync("/api/token", new { email = $"guess{i}@throttle.beacon.tw", password = "wrong-password-2021" })).StatusCode);

        var next = await sprayer.PostAsJsonAsync("/api/token", new { email = "another@throttle.beacon.tw", password = "wrong-password-2021" });
        using var newDevice = app.CreateClient();
        var ownerElsewhere = await newDevice.PostAsJsonAsync("/api/token", new { email = owner, password = BeaconFactory.TestPassword });
        var ownerAtHome = await ownDevice.PostAsJsonAsync("/api/token", new { email = owner, password = BeaconFactory.TestPassword });

        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, ownerElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownerAtHome.StatusCode);
    }
}
