using System.Net;
using AngleSharp.Html.Dom;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Tests.Audit;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Tests.Admin;

/// <summary>
/// Creating an account is one change (account, role, audit entry) or none; an administrator's form opened before
/// someone else changed the account is refused with the account's current values instead of overwriting them.
/// </summary>
public abstract class AccountChangeTests(BeaconFactory app)
{
    /// <summary>Identity as it is, except that giving a role fails as a store might (a role removed meanwhile, a lost connection).</summary>
    private sealed class RoleRefusingUserManager(IServiceProvider services) : UserManager<BeaconUser>(
        services.GetRequiredService<IUserStore<BeaconUser>>(), services.GetRequiredService<IOptions<IdentityOptions>>(),
        services.GetRequiredService<IPasswordHasher<BeaconUser>>(), services.GetServices<IUserValidator<BeaconUser>>(),
        services.GetServices<IPasswordValidator<BeaconUser>>(), services.GetRequiredService<ILookupNormalizer>(),
        services.GetRequiredService<IdentityErrorDescriber>(), services, services.GetRequiredService<ILogger<UserManager<BeaconUser>>>())
    {
        public override Task<IdentityResult> AddToRoleAsync(BeaconUser user, string role) =>
            Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "RoleRefused", Description = "the role store refused" }));
    }

    [Fact]
    public async Task An_account_whose_role_cannot_be_given_is_not_created_at_all_and_says_why()
    {
        var email = $"rollback.{Guid.NewGuid():N}@test.beacon.tw";
        await using (var scope = app.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var administration = new UserAdministration(new RoleRefusingUserManager(sp), sp.GetRequiredService<RoleManager<IdentityRole>>(),
                sp.GetRequiredService<BeaconDb>(), sp.GetRequiredService<AuditScope>(), TimeProvider.System);

            var (created, problems) = await administration.CreateAsync(new NewUser(email, Roles.Planner, BeaconFactory.TestPassword));

            Assert.Null(created);
            var problem = Assert.Single(problems);
            Assert.Equal("role", problem.Path);
            Assert.Contains("the role store refused", problem.MessageEn);
            Assert.Contains("no account was created", problem.MessageEn);
            Assert.Contains("未建立帳號", problem.Message);
        }

        await using var check = app.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<BeaconDb>();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email), "the account was left without its role");
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Code == email), "an audit entry was left for an account that does not exist");

        // The same request through the real Identity goes through: nothing of the failed one is in the way.
        await using var again = app.CreateScope();
        var (ok, none) = await again.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(new NewUser(email, Roles.Planner, BeaconFactory.TestPassword));
        Assert.True(ok is not null, string.Join("; ", none));
    }

    private async Task<string> NewViewerAsync()
    {
        var email = $"stale.{Guid.NewGuid():N}@test.beacon.tw";
        await using var scope = app.CreateScope();
        var (user, problems) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(new NewUser(email, Roles.Viewer, BeaconFactory.TestPassword));
        Assert.True(user is not null, string.Join("; ", problems));
        return email;
    }

    private async Task<IReadOnlyList<string>> RolesOfAsync(string email)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        return await (from u in db.Users join ur in db.UserRoles on u.Id equals ur.UserId join r in db.Roles on ur.RoleId equals r.Id
                      where u.Email == email select r.Name!).ToListAsync();
    }

    private static IHtmlFormElement UpdateForm(AngleSharp.Dom.IDocument page, string email) =>
        (IHtmlFormElement)page.QuerySelector($"tr[data-email='{email}'] form[action*='handler=Update']")!;

    [Fact]
    public async Task A_users_form_opened_before_another_change_is_refused_with_the_current_values()
    {
        var email = await NewViewerAsync();
        var first = await app.SignInThroughPageAsync(Persona.Administrator, "");
        var second = await app.SignInThroughPageAsync(Persona.Administrator, "");
        var firstPage = await first.OpenAsync(app, "/admin/users");
        var secondPage = await second.OpenAsync(app, "/admin/users");
        Assert.NotNull(UpdateForm(firstPage, email).QuerySelector("input[type=hidden][name=stamp]"));

        var done = await second.SubmitAsync(UpdateForm(secondPage, email), ("role", Roles.Reviewer));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var stale = await first.SubmitAsync(UpdateForm(firstPage, email), ("role", Roles.Planner));

        var shown = await AuditKit.ParseAsync(stale, app, "/admin/users", HttpStatusCode.Conflict);
        var error = shown.QuerySelector("#change-error")!.TextContent;
        Assert.Contains(email, error);
        Assert.Contains("研考會複核人員", error);   // the role it has now
        Assert.Contains("未儲存", error);
        Assert.Equal([Roles.Reviewer], await RolesOfAsync(email));
        // The list under the message shows the account as it is now, with its new stamp: saving from it works.
        var retried = await first.SubmitAsync(UpdateForm(shown, email), ("role", Roles.Planner));
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal([Roles.Planner], await RolesOfAsync(email));
    }

    [Fact]
    public async Task A_users_form_without_the_stamp_is_refused_and_changes_nothing()
    {
        var email = await NewViewerAsync();
        var admin = await app.SignInThroughPageAsync(Persona.Administrator, "");
        var page = await admin.OpenAsync(app, "/admin/users");
        var form = UpdateForm(page, email);
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is not null && i.Name != "stamp")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).Append(new("role", Roles.Planner)).ToList();

        var response = await admin.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal([Roles.Viewer], await RolesOfAsync(email));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountChangeOnSqlite(SqliteBeacon app) : AccountChangeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AccountChangeOnPostgres(PostgresBeacon app) : AccountChangeTests(app);
