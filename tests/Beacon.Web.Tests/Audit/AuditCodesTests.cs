using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Audit;

/// <summary>
/// What the trail records and who reads it: a part's value is filed under its KPI (and names the part), a workflow
/// step's entry carries the step and its comment, and account administration is for administrators' eyes.
/// </summary>
public abstract class AuditCodesTests(BeaconFactory app)
{
    [Fact]
    public async Task A_parts_values_are_in_the_KPIs_trail_and_its_CSV_with_the_parts_name()
    {
        var org = await app.ImportAsPlannerAsync(EvaluationKit.PlanWithParts());
        var editor = await app.ApiClientAsync(Persona.Editor, org);
        await editor.PutOkAsync(org, "CC1.1", "actual", """{"parts":["10","30"]}""");
        await editor.PutOkAsync(org, "CC1.1", "actual", """{"parts":["12",null]}""");
        var reader = await app.PageClientAsync(Persona.Viewer, org);

        var page = await reader.OpenAsync(app, $"/audit?org={org}&code=CC1.1&entity=KpiValue");

        var codes = page.Entries().Select(e => e.Cell("code")).ToList();
        Assert.Contains("CC1.1 2022 Actual (東區)", codes);
        Assert.Contains("CC1.1 2022 Actual (西區)", codes);
        Assert.Equal(3, codes.Count);   // two created, one changed
        Assert.DoesNotContain(codes, c => c.StartsWith("2022", StringComparison.Ordinal));
        var csv = await reader.GetStringAsync($"/audit/export.csv?org={org}&code=CC1.1&entity=KpiValue");
        Assert.Contains("CC1.1 2022 Actual (東區)", csv);
        Assert.Contains("CC1.1 2022 Actual (西區)", csv);
    }

    [Fact]
    public async Task A_workflow_steps_entry_carries_the_step_and_its_comment()
    {
        var org = await app.ImportAsPlannerAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(Persona.Editor, org)).StepAsync(org, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.ApiClientAsync(Persona.Reviewer, org)).StepAsync(org, "return", "AC1.1 的實際值缺少佐證")).StatusCode);

        await using var scope = app.CreateScope();
        var entries = await scope.ServiceProvider.GetRequiredService<BeaconDb>().AuditEntries.AsNoTracking()
            .Where(e => e.OrganisationCode == org && e.Entity == nameof(Plan) && e.Action == "update").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, entries.Count);
        var returned = JsonDocument.Parse(entries[1].NewValues!).RootElement;
        Assert.Equal("Returned", returned.GetProperty("Status").GetString());
        Assert.Equal("Return", returned.GetProperty("Step").GetString());
        Assert.Equal("AC1.1 的實際值缺少佐證", returned.GetProperty("Comment").GetString());
        Assert.Equal("Submit", JsonDocument.Parse(entries[0].NewValues!).RootElement.GetProperty("Step").GetString());
    }

    [Fact]
    public async Task Account_administration_entries_are_shown_to_administrators_only()
    {
        var email = $"audit.{Guid.NewGuid():N}@test.beacon.tw";
        await app.AccountAsync(Roles.Administrator);
        await using (var scope = app.CreateScope())
        {
            var (user, problems) = await scope.ServiceProvider.GetRequiredService<Beacon.Web.Features.Account.UserAdministration>()
                .CreateAsync(new Beacon.Web.Features.Account.NewUser(email, Roles.Viewer, BeaconFactory.TestPassword));
            Assert.True(user is not null, string.Join("; ", problems));
        }
        long id;
        await using (var scope = app.CreateScope())
            id = await scope.ServiceProvider.GetRequiredService<BeaconDb>().AuditEntries.Where(e => e.Code == email).Select(e => e.Id).SingleAsync();

        var administrator = await app.PageClientAsync(Persona.Administrator, "");
        Assert.Single((await administrator.OpenAsync(app, $"/audit?entity=User&user=&code={Uri.EscapeDataString(email)}")).Entries());
        Assert.Contains(email, await administrator.GetStringAsync($"/audit/export.csv?entity=User"));
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync($"/audit/{id}/new.json")).StatusCode);

        foreach (var who in new[] { Persona.Planner, Persona.Reviewer, Persona.Viewer, Persona.Editor })
        {
            var reader = await app.PageClientAsync(who, await app.SharedDraftAsync(nameof(AuditCodesTests)));
            var page = await reader.OpenAsync(app, $"/audit?code={Uri.EscapeDataString(email)}");
            Assert.Empty(page.Entries());
            Assert.Null(page.QuerySelector("#audit-entity option[value=User]"));
            Assert.DoesNotContain(email, await reader.GetStringAsync("/audit/export.csv?entity=User"));
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/audit/{id}/new.json")).StatusCode);
            Assert.NotEmpty((await reader.OpenAsync(app, "/audit")).Entries());   // the plans' trail is still theirs
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditCodesOnSqlite(SqliteBeacon app) : AuditCodesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditCodesOnPostgres(PostgresBeacon app) : AuditCodesTests(app);
