using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Tests.ReadModel;

/// <summary>
/// Two app instances over one database, as behind a load balancer: each caches what it reads, and a write made through
/// one is shown by the other's next read (each asks the plan's stamp with every request; on SQLite it is kept until the file next
/// changes, which a commit by either instance does: Data/ChangeWatch.cs).
/// </summary>
public abstract class SecondInstanceTests(BeaconFactory app)
{
    private const int Year = EvaluationKit.PlanYear;

    /// <summary>Another instance of the app on the first one's database (in memory, without a port).</summary>
    private sealed class SecondInstance(BeaconFactory first) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in first.Database.Settings) builder.UseSetting(key, value);
            builder.UseSetting("Dataset:Load", "false");
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        }

        /// <summary>A client signed in on this instance, with a bearer token its own keys issued for the account.</summary>
        public async Task<HttpClient> SignedInAsync(string email)
        {
            await using var scope = Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var user = await services.GetRequiredService<UserManager<BeaconUser>>().FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
            var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<BeaconUser>>().CreateAsync(user);
            var options = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
            var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, IdentityConstants.BearerScheme);
            var client = CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerTokenProtector.Protect(ticket));
            return client;
        }
    }

    private async Task<IDocument> TwiceAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await client.GetAsync(url);
        var response = await client.GetAsync(url);
        return await Audit.AuditKit.ParseAsync(response, app, url, expected);
    }

    [Fact]
    public async Task A_write_through_one_instance_shows_in_the_next_read_through_the_other()
    {
        await using var second = new SecondInstance(app);
        using var publicReader = second.CreateClient();
        using var staffReader = await second.SignedInAsync(await app.AccountAsync(Roles.Viewer));
        var org = await app.ImportPlanAsync();
        await app.SetStatusAsync(org, PlanStatus.Approved);
        var evaluation = $"/orgs/{org}/{Year}/evaluation";
        Assert.Single((await TwiceAsync(publicReader, evaluation)).QuerySelectorAll("table.evaluation tr[id='AC1.1']"));

        // Unlocked through the first instance: the second hides it from the public at once.
        using var planner = await app.ClientAsync(Roles.Planner);
        Assert.Equal(HttpStatusCode.NoContent, (await planner.StepAsync(org, "unlock", "修正", Year)).StatusCode);
        await TwiceAsync(publicReader, evaluation, HttpStatusCode.NotFound);

        // An actual entered through the first instance: the second's signed-in reader sees it, page and API.
        // (The actual is the row's second cell; its target is 7.7 too.)
        Assert.DoesNotContain("7.7", (await TwiceAsync(staffReader, evaluation)).QuerySelector("table.evaluation tr[id='AC1.1']")!.QuerySelectorAll("td")[1].Text());
        using var agency = await app.AgencyAsync(org);
        await agency.PutOkAsync(org, "AC1.1", "actual", EvaluationKit.Ac11Actual(77));
        var row = (await TwiceAsync(staffReader, evaluation)).QuerySelector("table.evaluation tr[id='AC1.1']")!;
        Assert.Equal("7.7", row.QuerySelectorAll("td")[1].Text());
        await staffReader.EvaluationAsync(org);
        Assert.Equal("7.7", (await staffReader.EvaluationAsync(org)).Row("AC1.1").String("actual"));

        // Approved again through the first: public on the second.
        await app.SetStatusAsync(org, PlanStatus.Approved);
        var kpi = await TwiceAsync(publicReader, $"/orgs/{org}/{Year}/kpis/AC1.1");
        var year = kpi.QuerySelector("table.values")!.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.Text() == "民國111年");
        Assert.Equal(["7.7", "7.7"], year.QuerySelectorAll("td").Select(c => c.Text()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SecondInstanceOnSqlite(SqliteBeacon app) : SecondInstanceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SecondInstanceOnPostgres(PostgresBeacon app) : SecondInstanceTests(app);
