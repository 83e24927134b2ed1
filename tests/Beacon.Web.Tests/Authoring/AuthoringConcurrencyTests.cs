using System.Net;
using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Authoring;
using Beacon.Web.Features.Shared;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Authoring;

/// <summary>
/// Two people editing the same thing at once, on SQLite and PostgreSQL: the same KPI (read together, saved one after the
/// other, or saved at the same moment, the second save landing between the first one's check and its transaction), and
/// the same objective's KPIs (two people adding a KPI to AC1 at the same moment). The second is refused with a 409 and
/// nothing of it is stored; the first is stored whole.
/// </summary>
public abstract class AuthoringConcurrencyTests(BeaconFactory app)
{
    [Fact]
    public async Task Two_people_saving_the_same_KPI_from_the_same_version_the_second_is_told_what_the_first_saved()
    {
        var org = await app.ImportAsPlannerAsync();
        var planner = await app.ApiClientAsync(Persona.Planner, org);
        var editor = await app.ApiClientAsync(Persona.ResponsibleEditor, org);
        var url = $"{AuthoringKit.PlanApi(org)}/kpis/AC1.1";
        var seenByPlanner = await planner.ReadAsync<KpiEdit>(url);
        var seenByEditor = await editor.ReadAsync<KpiEdit>(url);

        var first = await planner.PutJsonAsync(url, seenByPlanner with { Unit = "百分比" });
        var second = await editor.PutJsonAsync(url, seenByEditor with { Name = "再通報率" });

        await first.AssertStatusAsync(HttpStatusCode.NoContent, "first");
        await second.AssertStatusAsync(HttpStatusCode.Conflict, "second");
        var stored = (await planner.PlanAsync(org)).Kpi("AC1.1");
        Assert.Equal(("保護案件再通報率", "百分比"), (stored.Name, stored.Unit));
    }

    [Fact]
    public async Task A_KPI_saved_by_someone_else_between_the_check_and_the_transaction_is_a_409_and_nothing_of_the_second_save_is_stored()
    {
        var org = await app.ImportAsPlannerAsync();
        var (editor, actor) = await EditorAsync(org, Roles.Planner);
        var current = (await (await app.ApiClientAsync(Persona.Planner, org)).ReadAsync<KpiEdit>($"{AuthoringKit.PlanApi(org)}/kpis/AC1.1"));
        editor.BeforeTransaction = async ct =>
        {
            await using var other = app.CreateScope();
            var theirs = other.ServiceProvider.GetRequiredService<PlanEditor>();
            var saved = await theirs.EditAsync(org, AuthoringKit.Year, new PlanChange.PutKpi("AC1.1", current with { Name = "先存的名稱" }), actor, ct);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Problems));
        };

        var outcome = await editor.EditAsync(org, AuthoringKit.Year, new PlanChange.PutKpi("AC1.1", current with { Name = "後存的名稱", Unit = "次" }), actor);

        Assert.Equal(StatusCodes.Status409Conflict, outcome.StatusCode);
        var stored = (await (await app.ApiClientAsync(Persona.Planner, org)).PlanAsync(org)).Kpi("AC1.1");
        Assert.Equal(("先存的名稱", "%"), (stored.Name, stored.Unit));
    }

    [Fact]
    public async Task Two_people_adding_a_KPI_to_the_same_objective_at_the_same_moment_the_second_is_a_409_and_not_stored()
    {
        var org = await app.ImportAsPlannerAsync();
        var (editor, actor) = await EditorAsync(org, Roles.Planner);
        KpiEdit New(string name) => new() { Name = name, Direction = Direction.Positive, Responsible = ["成保組"], Values = [new ValueDoc { Year = 2022, Kind = ValueKind.Target, Text = "10" }] };
        editor.BeforeTransaction = async ct =>
        {
            await using var other = app.CreateScope();
            var saved = await other.ServiceProvider.GetRequiredService<PlanEditor>().EditAsync(org, AuthoringKit.Year, new PlanChange.PutKpi("AC1.2", New("先加的指標")), actor, ct);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Problems));
        };

        var outcome = await editor.EditAsync(org, AuthoringKit.Year, new PlanChange.PutKpi("AC1.3", New("同時加的指標")), actor);

        Assert.Equal(StatusCodes.Status409Conflict, outcome.StatusCode);
        Assert.Equal(PlanEditor.SavedMeanwhile.MessageEn, Assert.Single(outcome.Problems).MessageEn);
        var plan = await (await app.ApiClientAsync(Persona.Planner, org)).PlanAsync(org);
        Assert.Equal(["AC1.1", "AC1.2"], plan.Objectives[0].Kpis.Select(k => k.Code));
    }

    /// <summary>The app's plan editor in a scope of its own, and a person of the role as the core sees them.</summary>
    private async Task<(PlanEditor Editor, Actor Actor)> EditorAsync(string org, string role)
    {
        var email = await app.AccountAsync(role);
        var scope = app.CreateScope();
        var services = scope.ServiceProvider;
        var account = await services.GetRequiredService<UserManager<BeaconUser>>().FindByEmailAsync(email);
        var user = await services.GetRequiredService<IUserClaimsPrincipalFactory<BeaconUser>>().CreateAsync(account!);
        return (services.GetRequiredService<PlanEditor>(), user.Actor());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuthoringConcurrencyOnSqlite(SqliteBeacon app) : AuthoringConcurrencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuthoringConcurrencyOnPostgres(PostgresBeacon app) : AuthoringConcurrencyTests(app);
