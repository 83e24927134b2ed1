using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.ReadModel;

/// <summary>
/// The change stamp: which rows are a plan's data is read from the model, and a change to any of them, through
/// SaveChanges or around it, raises that plan's stamp and no other plan's.
/// </summary>
public abstract class PlanStampTests(BeaconFactory app)
{
    [Fact]
    public async Task A_plans_data_is_every_entity_whose_keys_lead_up_to_the_plan_and_its_organisation()
    {
        await using var scope = app.CreateScope();
        var model = PlanDataModel.Of(scope.ServiceProvider.GetRequiredService<BeaconDb>().Model);

        Assert.Equal(
            ["ActionPlan", "Budget", "EvaluationSetting", "Kpi", "KpiAssessment", "KpiComment", "KpiInput", "KpiPart", "KpiValue", "Milestone",
             "Objective", "ObjectiveLink", "Perspective", "PlanApproval", "PlanStep", "Theme"],
            model.PlanDataTypes.Select(t => t.ClrType.Name).Order(StringComparer.Ordinal));
        Assert.True(model.IsOwner(model.Plan.Model.FindEntityType(typeof(Organisation))!));
        Assert.All(new[] { typeof(AuditEntry), typeof(EvaluationCalendar), typeof(BeaconUser), typeof(PlanStamp) },
            type => Assert.False(model.IsPlanData(model.Plan.Model.FindEntityType(type)!), type.Name));
    }

    private async Task<Dictionary<string, long>> StampsAsync(params string[] orgs)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        return await db.Set<PlanStamp>().Where(s => orgs.Contains(s.Plan.Organisation.Code))
            .Select(s => new { s.Plan.Organisation.Code, s.Stamp })
            .ToDictionaryAsync(s => s.Code, s => s.Stamp);
    }

    [Fact]
    public async Task Changing_adding_or_deleting_any_row_of_a_plan_raises_its_stamp_and_no_other()
    {
        var org = await app.ImportPlanAsync(Beacon.Core.Tests.FullPlan.From(Dataset.NewPlan()));
        var other = await app.ImportPlanAsync();
        await app.SubmitAsync(org);   // a workflow step too

        // Every row of the plan, of every kind, each changed on its own.
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var plan = (await db.LoadPlanAsync(org, EvaluationKit.PlanYear))!;
            var kpiIds = plan.Objectives.SelectMany(o => o.Kpis).Select(k => k.Id).ToList();
            db.Add(new KpiComment { KpiId = kpiIds[0], At = DateTimeOffset.UtcNow, UserName = "planner", Side = Beacon.Core.Notifications.CommentSide.Agency, Text = "請補充說明" });
            await db.SaveChangesAsync();
            var rows = new List<object>();
            rows.AddRange(await db.Set<KpiComment>().AsNoTracking().Where(c => kpiIds.Contains(c.KpiId)).ToListAsync());
            rows.AddRange(plan.Approvals); rows.AddRange(plan.Perspectives); rows.AddRange(plan.Themes); rows.AddRange(plan.Links);
            rows.Add(plan.Evaluation!);
            rows.AddRange(await db.PlanSteps.AsNoTracking().Where(s => s.PlanId == plan.Id).ToListAsync());
            foreach (var objective in plan.Objectives)
            {
                rows.Add(objective);
                foreach (var kpi in objective.Kpis)
                {
                    rows.Add(kpi);
                    rows.AddRange(kpi.Values); rows.AddRange(kpi.Inputs); rows.AddRange(kpi.Parts); rows.AddRange(kpi.Parts.SelectMany(p => p.Values));
                    if (kpi.Assessment is { } assessment) rows.Add(assessment);
                    rows.AddRange(kpi.ActionPlans); rows.AddRange(kpi.ActionPlans.SelectMany(a => a.Budgets)); rows.AddRange(kpi.ActionPlans.SelectMany(a => a.Milestones));
                }
            }
            var kinds = rows.GroupBy(r => r.GetType()).Select(g => g.First()).ToList();
            Assert.Equal(PlanDataModel.Of(db.Model).PlanDataTypes.Select(t => t.ClrType).OrderBy(t => t.Name), kinds.Select(r => r.GetType()).OrderBy(t => t.Name));

            foreach (var row in kinds)
            {
                var before = await StampsAsync(org, other);
                await using var edit = app.CreateScope();
                var writer = edit.ServiceProvider.GetRequiredService<BeaconDb>();
                writer.Entry(row).State = EntityState.Unchanged;
                var property = writer.Entry(row).Properties.First(p => !p.Metadata.IsKey() && !p.Metadata.IsForeignKey() && !p.Metadata.IsConcurrencyToken);
                property.IsModified = true;
                await writer.SaveChangesAsync();
                var after = await StampsAsync(org, other);
                Assert.True(before[org] != after[org], $"{row.GetType().Name}.{property.Metadata.Name} changed, the stamp did not");
                Assert.Equal(before[other], after[other]);
            }
        }

        // A value added, a budget deleted.
        foreach (var change in new Func<BeaconDb, Task>[]
        {
            async db => db.KpiValues.Add(new KpiValue
            {
                KpiId = await db.Kpis.Where(k => db.Objectives.Any(o => o.Id == k.ObjectiveId && db.Plans.Any(p => p.Id == o.PlanId && p.Organisation.Code == org))).Select(k => k.Id).FirstAsync(),
                Year = 2025, Kind = Beacon.Core.Plans.ValueKind.Target, Text = "12", Position = 99,
            }),
            async db => db.Budgets.Remove(await db.Budgets.FirstAsync(b => db.ActionPlans.Any(a => a.Id == b.ActionPlanId
                && db.Kpis.Any(k => k.Id == a.KpiId && db.Objectives.Any(o => o.Id == k.ObjectiveId && db.Plans.Any(p => p.Id == o.PlanId && p.Organisation.Code == org)))))),
        })
        {
            var before = await StampsAsync(org, other);
            await using var scope = app.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            await change(db);
            await db.SaveChangesAsync();
            var after = await StampsAsync(org, other);
            Assert.NotEqual(before[org], after[org]);
            Assert.Equal(before[other], after[other]);
        }
    }

    [Fact]
    public async Task A_new_plan_gets_a_stamp_and_its_deletion_takes_it()
    {
        var org = await app.ImportPlanAsync();
        var stamp = (await StampsAsync(org))[org];
        Assert.InRange(stamp, 1, PlanStampSql.Range - 1);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        Assert.Equal(1, await db.Plans.Where(p => p.Organisation.Code == org).ExecuteDeleteAsync());
        Assert.Empty(await StampsAsync(org));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlanStampsOnSqlite(SqliteBeacon app) : PlanStampTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PlanStampsOnPostgres(PostgresBeacon app) : PlanStampTests(app);
