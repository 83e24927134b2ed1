using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Authoring;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Authoring;

/// <summary>
/// Published versions and revisions on SQLite and PostgreSQL: the dataset loads as version 1 of each plan; approving
/// freezes a version; the public reads the latest one while a revision is prepared, then the revised targets with their
/// originals; an organisation renamed by a planner shows from the next approved version; an import never renames one.
/// </summary>
public abstract class VersionsTests(BeaconFactory app)
{
    [Fact]
    public async Task Each_dataset_plan_is_its_own_version_1_exactly_as_exported()
    {
        var anonymous = app.CreateClient();

        foreach (var file in Dataset.FileNames)
        {
            var doc = Dataset.Document(file);
            var versions = await anonymous.GetFromJsonAsync<JsonElement>($"/api/orgs/{doc.Organisation.Code}/plans/{doc.Year}/versions");
            var only = Assert.Single(versions.EnumerateArray());
            Assert.Equal(1, only.GetProperty("number").GetInt32());
            Assert.Equal(Dataset.Bytes(file), await anonymous.GetByteArrayAsync($"/api/orgs/{doc.Organisation.Code}/plans/{doc.Year}/versions/1"));
        }
        var city = (await anonymous.GetFromJsonAsync<JsonElement>("/api/orgs/TPE/plans/2021/versions"))[0];
        Assert.Equal(("2021-10-07", "因部分關鍵績效指標項目受新冠肺炎疫情影響業務推展，核定修正 110 年度目標值"), (city.GetProperty("date").GetString(), city.GetProperty("reason").GetString()));
    }

    /// <summary>
    /// A plan approved, then revised: AC3.1's 2022 target 46.5 → 40 with the reason. Until the revision is approved the
    /// public reads version 1 (46.5); then version 2 (40, original 46.5, the reason), with the revision in the approvals
    /// record, the comparison of version 2 with 1 giving the reason, and everyone concerned told.
    /// </summary>
    [Fact]
    public async Task A_revision_is_published_only_when_approved_and_keeps_the_original_target_and_reason()
    {
        var org = await app.ImportAsPlannerAsync();
        var planner = await app.ApiClientAsync(Persona.Planner, org);
        var anonymous = app.CreateClient();
        await (await planner.StepAsync(org, "submit")).AssertStatusAsync(HttpStatusCode.NoContent, "submit");
        await (await Approve(planner, org, "第 2125 次市政會議")).AssertStatusAsync(HttpStatusCode.NoContent, "approve");
        var approved = await planner.PlanAsync(org);
        // The approvals record gains the day of approval (Taipei's date) and the body that approved it.
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        Assert.Equal($"{today:yyyy-MM-dd}: 第 2125 次市政會議 通過", string.Join("; ", approved.Approvals.Select(a => $"{a.Date:yyyy-MM-dd}: {a.Body} {a.Description}")));

        var workflow = await planner.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{AuthoringKit.Year}/workflow");
        var opened = await planner.PostAsync($"{AuthoringKit.PlanApi(org)}/revisions",
            EvaluationKit.Json(JsonSerializer.Serialize(new { reason = "因疫情影響服務量，修正 111 年度目標值", version = workflow.GetProperty("version").GetInt32() })));
        await opened.AssertStatusAsync(HttpStatusCode.NoContent, "open the revision");
        var url = $"{AuthoringKit.PlanApi(org)}/kpis/AC3.1";
        var kpi = await planner.ReadAsync<KpiEdit>(url);
        var without = await planner.PutJsonAsync(url, kpi with { Values = [.. kpi.Values.Select(v => v is { Year: 2022, Kind: ValueKind.Target } ? v with { Text = "40" } : v)] });
        var revised = await planner.PutJsonAsync(url, kpi with { Values = [.. kpi.Values.Select(v => v is { Year: 2022, Kind: ValueKind.Target } ? v with { Text = "40", Reason = "疫情影響" } : v)] });

        await without.AssertStatusAsync(HttpStatusCode.BadRequest, "a revised target without a reason");
        Assert.Equal(["$.values[3].reason: A target changed in a revision needs a reason (2022 target 46.5 → 40)."], await without.ErrorsAsync());
        await revised.AssertStatusAsync(HttpStatusCode.NoContent, "revise");
        Assert.Equal("46.5", Target(await anonymous.PlanAsync(org)).Text);
        Assert.Equal(("40", "46.5", "疫情影響"), Revision(Target(await planner.PlanAsync(org))));
        Assert.Contains(">46.5<", await anonymous.GetStringAsync($"/orgs/{org}/{AuthoringKit.Year}/kpis/AC3.1"));

        await (await planner.StepAsync(org, "submit")).AssertStatusAsync(HttpStatusCode.NoContent, "submit the revision");
        await (await Approve(planner, org, "第 2150 次市政會議")).AssertStatusAsync(HttpStatusCode.NoContent, "approve the revision");

        var published = await anonymous.PlanAsync(org);
        Assert.Equal(("40", "46.5", "疫情影響"), Revision(Target(published)));
        Assert.Equal(2, published.FormatVersion);
        Assert.Equal("第 2150 次市政會議 因疫情影響服務量，修正 111 年度目標值", $"{published.Approvals[^1].Body} {published.Approvals[^1].Description}");
        var page = await anonymous.GetStringAsync($"/orgs/{org}/{AuthoringKit.Year}/kpis/AC3.1");
        Assert.Contains("<del title=\"原目標值\">46.5</del>", page);
        Assert.Contains("修正原因：疫情影響", page);
        var versions = await anonymous.GetFromJsonAsync<JsonElement>($"{AuthoringKit.PlanApi(org)}/versions");
        Assert.Equal([(1, false), (2, true)], versions.EnumerateArray().Select(v => (v.GetProperty("number").GetInt32(), v.GetProperty("revision").GetBoolean())));
        var comparison = await anonymous.GetFromJsonAsync<JsonElement>($"{AuthoringKit.PlanApi(org)}/compare?with={AuthoringKit.Year}&version=2&withVersion=1");
        var row = comparison.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("after").GetProperty("code").GetString() == "AC3.1");
        Assert.Equal(["疫情影響"], row.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["因疫情影響服務量，修正 111 年度目標值"], comparison.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        await using var scope = app.CreateScope();
        var events = await scope.ServiceProvider.GetRequiredService<BeaconDb>().Set<NoticeEvent>().AsNoTracking()
            .Where(e => e.OrganisationCode == org).Select(e => e.Kind.ToString()).ToListAsync();
        Assert.Contains("RevisionOpened", events);
        Assert.Contains("RevisionApproved", events);
    }

    /// <summary>
    /// Names belong to the version: a draft import of a new year naming the organisation otherwise renames nothing; a
    /// planner's rename is audited and shows in the working copy and from the next approved version, not in the published one.
    /// </summary>
    [Fact]
    public async Task An_organisation_renamed_shows_from_the_next_approved_version_and_an_import_never_renames_it()
    {
        var org = await app.ImportAsPlannerAsync();
        var planner = await app.ApiClientAsync(Persona.Planner, org);
        var anonymous = app.CreateClient();
        await (await planner.StepAsync(org, "submit")).AssertStatusAsync(HttpStatusCode.NoContent, "submit");
        await (await Approve(planner, org, null)).AssertStatusAsync(HttpStatusCode.NoContent, "approve");

        var imported = await planner.PostAsync("/api/import", EvaluationKit.Json(PlanJson.Write(Dataset.NewPlan(org) with
        {
            Year = 2023, Organisation = Dataset.NewPlan(org).Organisation with { Code = org, Name = "草稿中的新名稱" },
        })));
        Assert.True((await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("namesKept").GetBoolean());
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心", (await anonymous.PlanAsync(org)).Organisation.Name);
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心", (await planner.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}")).GetProperty("name").GetString());

        var current = await planner.ReadAsync<OrganisationEdit>($"/api/orgs/{org}");
        var renamed = await planner.PutJsonAsync($"/api/orgs/{org}", current with { Name = "臺北市家庭暴力及性侵害防治中心" });
        await renamed.AssertStatusAsync(HttpStatusCode.NoContent, "rename");
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心", (await anonymous.PlanAsync(org)).Organisation.Name);
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心", (await planner.PlanAsync(org)).Organisation.Name);   // approved: everyone reads the version
        Assert.Contains("臺北市家庭暴力暨性侵害防治中心", await anonymous.GetStringAsync($"/open-data/{org}/{AuthoringKit.Year}/scorecard.json"));
        Assert.Equal("臺北市家庭暴力及性侵害防治中心", (await planner.PlanAsync(org, 2023)).Organisation.Name);
        var audit = Assert.Single(await app.AuditAsync(org, "Organisation", year: null), a => a.Action == "update");
        Assert.Contains("臺北市家庭暴力及性侵害防治中心", audit.NewValues);

        var workflow = await planner.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{AuthoringKit.Year}/workflow");
        await (await planner.PostAsync($"{AuthoringKit.PlanApi(org)}/revisions", EvaluationKit.Json(JsonSerializer.Serialize(new { reason = "更名", version = workflow.GetProperty("version").GetInt32() }))))
            .AssertStatusAsync(HttpStatusCode.NoContent, "revise");
        await (await planner.StepAsync(org, "submit")).AssertStatusAsync(HttpStatusCode.NoContent, "submit");
        await (await Approve(planner, org, null)).AssertStatusAsync(HttpStatusCode.NoContent, "approve");
        Assert.Equal("臺北市家庭暴力及性侵害防治中心", (await anonymous.PlanAsync(org)).Organisation.Name);
        Assert.Equal("臺北市家庭暴力暨性侵害防治中心", PlanJson.Read(await anonymous.GetStringAsync($"{AuthoringKit.PlanApi(org)}/versions/1")).Document!.Organisation.Name);
    }

    [Fact]
    public async Task An_approved_plan_stored_before_versions_were_kept_gets_version_1_at_start()
    {
        var org = await app.ImportAsPlannerAsync();
        await app.SetStatusAsync(org, PlanStatus.Approved);
        await using (var scope = app.CreateScope())
        {
            // This plan, and any other test's plan set approved without a step on the shared database.
            Assert.True(await PlanVersions.PublishApprovedAsync(scope.ServiceProvider) >= 1);
        }
        var anonymous = app.CreateClient();

        var versions = await anonymous.GetFromJsonAsync<JsonElement>($"{AuthoringKit.PlanApi(org)}/versions");

        Assert.Equal(1, Assert.Single(versions.EnumerateArray()).GetProperty("number").GetInt32());
        Assert.Equal(PlanJson.Write(Dataset.NewPlan(org)), await anonymous.GetStringAsync($"{AuthoringKit.PlanApi(org)}/versions/1"));
    }

    private static Task<HttpResponseMessage> Approve(HttpClient client, string org, string? body) =>
        client.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{AuthoringKit.Year}/workflow").ContinueWith(async w =>
            await client.PostAsync($"/api/orgs/{org}/plans/{AuthoringKit.Year}/workflow/approve",
                EvaluationKit.Json(JsonSerializer.Serialize(new { version = w.Result.GetProperty("version").GetInt32(), body })))).Unwrap();

    private static ValueDoc Target(PlanDocument plan) => plan.Kpi("AC3.1").Values.Single(v => v is { Year: 2022, Kind: ValueKind.Target });

    private static (string, string?, string?) Revision(ValueDoc value) => (value.Text, value.Original, value.Reason);
}

[Collection(SqliteCollection.Name)]
public sealed class VersionsOnSqlite(SqliteBeacon app) : VersionsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class VersionsOnPostgres(PostgresBeacon app) : VersionsTests(app);
