using System.Net;
using Beacon.Core.Evaluation;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// A conflict answered 409 is an ordinary answer, not an error: two people saving the same first settings, a year's
/// first calendar, the same workflow step or the same new plan at one moment get one success and 409s, and the app
/// logs nothing at error level meanwhile (the test app's logs are captured: BeaconFactory.Logs). A write decides on
/// what the one before it committed, never on a failed insert that the database layer would log as an error.
/// </summary>
public abstract class ConflictLoggingTests(BeaconFactory app)
{
    /// <summary>Runs <paramref name="provoke"/> and asserts that nothing was logged at error level or above while it ran.</summary>
    private async Task<T> WithoutErrorsAsync<T>(Func<Task<T>> provoke)
    {
        var mark = app.Logs.Mark;
        var result = await provoke();
        var errors = app.Logs.Since(mark).Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, "logged as errors:\n" + string.Join("\n", errors));
        return result;
    }

    private static async Task AssertOneOfEachAsync(IReadOnlyList<HttpResponseMessage> answers, HttpStatusCode success)
    {
        var statuses = answers.Select(a => a.StatusCode).ToList();
        Assert.True(statuses.Count(s => s == success) == 1 && statuses.Count(s => s == HttpStatusCode.Conflict) == answers.Count - 1,
            $"expected one {success} and the rest 409: {string.Join(" | ", await Task.WhenAll(answers.Select(a => a.DescribeAsync())))}");
    }

    [Fact]
    public async Task Settings_saved_first_by_someone_else_after_the_checks_are_a_409_and_no_error()
    {
        var org = await app.ImportAsPlannerAsync();
        var planner = await PlannerAsync();
        await using var scope = app.CreateScope();
        var writer = scope.ServiceProvider.GetRequiredService<EvaluationWriter>();
        // Another planner's first save lands between this save's checks (at version 0) and its transaction.
        writer.BeforeTransaction = async ct =>
        {
            await using var other = app.CreateScope();
            var db = other.ServiceProvider.GetRequiredService<BeaconDb>();
            var plan = await db.Plans.SingleAsync(p => p.Organisation.Code == org && p.Year == MatrixKit.Year, ct);
            var row = new EvaluationSetting { PlanId = plan.Id, Version = 1 };
            PlanMapping.Apply(row, EvaluationSettings.Default with { Bands = new LightBands(95, 85, 70) });
            db.EvaluationSettings.Add(row);
            await db.SaveChangesAsync(ct);
        };

        var outcome = await WithoutErrorsAsync(() => writer.SaveSettingsAsync(org, MatrixKit.Year, EvaluationSettings.Default with { Bands = new LightBands(90, 80, 75) }, 0, planner));

        Assert.Equal(StatusCodes.Status409Conflict, outcome.StatusCode);
        Assert.Contains("目前版本 1", Assert.Single(outcome.Problems).Message);
        Assert.Equal((95m, 1), ((await app.StateAsync(org)).BandExcellent, (await app.StateAsync(org)).SettingsVersion));
    }

    [Fact]
    public async Task A_KPI_s_first_entry_saved_by_someone_else_after_the_checks_is_a_409_and_no_error()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await ActorAsync(Roles.AgencyEditor, org);
        await using var scope = app.CreateScope();
        var writer = scope.ServiceProvider.GetRequiredService<EvaluationWriter>();
        writer.BeforeTransaction = async ct =>
        {
            await using var other = app.CreateScope();
            var first = other.ServiceProvider.GetRequiredService<EvaluationWriter>();
            Assert.True((await first.SaveAsync(org, MatrixKit.Year, [new KpiEntry(MatrixKit.Kpi, Self: new SelfEntry(80, 85, 85, Version: 0))], editor, ct)).Succeeded);
        };

        var outcome = await WithoutErrorsAsync(() => writer.SaveAsync(org, MatrixKit.Year, [new KpiEntry(MatrixKit.Kpi, Self: new SelfEntry(60, 60, 60, Version: 0))], editor));

        Assert.Equal(StatusCodes.Status409Conflict, outcome.StatusCode);
        Assert.Equal(80m, (await app.StateAsync(org)).SelfInnovation);
    }

    [Fact]
    public async Task Four_first_saves_of_a_year_s_calendar_at_one_moment_save_one_and_answer_409_without_an_error()
    {
        const int year = 2061;
        var planners = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.ClientAsAsync(Roles.Planner)));

        var answers = await WithoutErrorsAsync(() => Task.WhenAll(planners.Select((p, i) => p.PutAsync($"/api/calendar/{year}", EvaluationKit.Json(
            $$$"""{"version":0,"entryOpens":{"date":"2062-01-0{{{i + 2}}}"},"submissionDeadline":{"date":"2062-01-31"},"reviewDeadline":{"date":"2062-03-31"},"publication":{"date":"2062-05-31"}}""")))));

        await AssertOneOfEachAsync(answers, HttpStatusCode.NoContent);
        var problem = await EvaluationKit.AssertProblemAsync(answers.First(a => a.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        Assert.Contains("now version 1", Assert.Single(problem.Errors()).MessageEn);
    }

    [Fact]
    public async Task Four_approvals_of_a_plan_at_one_moment_approve_it_once_and_answer_409_without_an_error()
    {
        var org = await app.ImportAsPlannerAsync();
        await app.SetStatusAsync(org, PlanStatus.Submitted);
        var reviewers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.ClientAsAsync(Roles.Reviewer)));
        var version = (await app.StateAsync(org)).PlanVersion;

        var answers = await WithoutErrorsAsync(() => Task.WhenAll(reviewers.Select(r => r.PostAsync($"/api/orgs/{org}/plans/{MatrixKit.Year}/workflow/approve",
            EvaluationKit.Json($$"""{"version":{{version}},"comment":"核定"}""")))));

        await AssertOneOfEachAsync(answers, HttpStatusCode.NoContent);
        var state = await app.StateAsync(org);
        Assert.Equal((PlanStatus.Approved, version + 1, 1), (state.Status, state.PlanVersion, state.Steps));
    }

    [Fact]
    public async Task Three_imports_of_the_same_new_plan_at_one_moment_import_it_once_and_answer_409_without_an_error()
    {
        var plan = Beacon.Core.Plans.PlanJson.Write(Dataset.NewPlan());
        var planners = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.ClientAsAsync(Roles.Planner)));

        var answers = await WithoutErrorsAsync(() => Task.WhenAll(planners.Select(p => p.PostAsync("/api/import", EvaluationKit.Json(plan)))));

        await AssertOneOfEachAsync(answers, HttpStatusCode.OK);
        Assert.Contains("replace", Assert.Single((await EvaluationKit.AssertProblemAsync(answers.First(a => a.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict)).Errors()).MessageEn);
    }

    private Task<Actor> PlannerAsync() => ActorAsync(Roles.Planner, null);

    private async Task<Actor> ActorAsync(string role, string? organisation)
    {
        var email = await app.AccountAsync(role, organisation);
        await using var scope = app.CreateScope();
        var services = scope.ServiceProvider;
        var account = await services.GetRequiredService<UserManager<BeaconUser>>().FindByEmailAsync(email);
        return (await services.GetRequiredService<IUserClaimsPrincipalFactory<BeaconUser>>().CreateAsync(account!)).Actor();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConflictLoggingOnSqlite(SqliteBeacon app) : ConflictLoggingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ConflictLoggingOnPostgres(PostgresBeacon app) : ConflictLoggingTests(app);
