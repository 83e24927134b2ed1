using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Beacon.Web.Tests.Storage;

/// <summary>
/// The hand-written migrations (Data/Migrations) on each database, each test on a fresh database of its own:
/// they build the schema the model expects, and upgrading keeps the data already stored.
/// </summary>
public abstract class MigrationTests(DatabaseKind kind) : IAsyncLifetime
{
    private const string Initial = "20261122000001_Initial";
    private readonly List<TestDatabase> databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in databases) await database.DisposeAsync();
    }

    private async Task<BeaconDb> NewDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync(kind);
        databases.Add(database);
        return database.CreateContext();
    }

    [Fact]
    public async Task Migrations_build_the_schema_the_model_describes()
    {
        await using var migrated = await NewDatabaseAsync();
        await migrated.MigrateAsync();
        await using var created = await NewDatabaseAsync();
        await created.Database.EnsureCreatedAsync();

        var fromMigrations = await SchemaFacts.ReadAsync(migrated);
        var fromModel = await SchemaFacts.ReadAsync(created);

        var missing = fromModel.Except(fromMigrations).ToList();
        var extra = fromMigrations.Except(fromModel).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "The migrated schema differs from the model's.\nThe model has, the migrations do not:\n  " + string.Join("\n  ", missing) +
            "\nThe migrations have, the model does not:\n  " + string.Join("\n  ", extra));
        Assert.Contains("table Milestones" + (kind == DatabaseKind.Sqlite ? " autoincrement" : ""), fromMigrations);
    }

    [Fact]
    public async Task Every_migration_is_applied_and_none_is_pending()
    {
        await using var db = await NewDatabaseAsync();

        await db.MigrateAsync();

        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Equal([Initial, "20261122000002_MilestonesLinksNotes"], applied.Take(2));
        Assert.Equal("20261122000005_EvaluationCalendar", applied[4]);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Upgrading_from_the_first_migration_keeps_every_stored_value()
    {
        await using var db = await NewDatabaseAsync();
        await db.GetService<IMigrator>().MigrateAsync(Initial);
        Assert.Equal([Initial], await db.Database.GetAppliedMigrationsAsync());
        var importedAt = new DateTimeOffset(2026, 11, 1, 8, 30, 15, TimeSpan.Zero);

        // Rows as the first version of Beacon stored them, written without the current model.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Organisations" ("Id", "Code", "Name", "ShortName", "NameEn", "Kind", "ParentId")
            VALUES (1, 'TPE', '臺北市政府', NULL, 'Taipei City Government', 'City', NULL),
                   (2, 'TPE-SWD', '臺北市政府社會局', '社會局', NULL, 'Agency', 1)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Plans" ("Id", "OrganisationId", "Year", "Title", "Mission", "Vision", "CoreValues", "ImportedAt")
            VALUES (10, 2, 2018, '臺北市政府社會局 平衡計分卡 (107年)', NULL, '溫馨、關懷', {"""["專業","熱忱"]"""}, {importedAt})
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PlanApprovals" ("Id", "PlanId", "Position", "Date", "Body", "Description")
            VALUES (20, 10, 0, {new DateOnly(2018, 1, 9)}, '第 1950 次市政會議', '通過')
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Perspectives" ("Id", "PlanId", "Position", "Code", "Kind", "Name")
            VALUES (30, 10, 0, 'C', 'Customer', '顧客'), (31, 10, 1, 'L', 'Learning', '學習成長')
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Themes" ("Id", "PlanId", "Position", "Code", "Name", "CityTheme", "Lead", "Members")
            VALUES (40, 10, 0, 'A', '強化社會安全網', 'E', NULL, {"[]"})
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Objectives" ("Id", "PlanId", "Position", "Code", "Name", "ThemeId", "PerspectiveId", "Ksf", "CityObjective")
            VALUES (50, 10, 0, 'AC1', '提升弱勢家庭服務品質', 40, 30, '跨網絡合作', 'EC1'),
                   (51, 10, 1, 'TL1', '提升同仁專業知能', NULL, 31, NULL, NULL)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Kpis" ("Id", "ObjectiveId", "Position", "Code", "Name", "Ksf", "Formula", "Unit", "Direction", "Responsible", "Exempt", "CityKpi")
            VALUES (60, 50, 0, 'AC1.1', '脆弱家庭結案率', NULL, '(結案數/開案數)*100%', '%', 'Positive', {"""["兒少科","社工科"]"""}, {false}, 'EC1.1'),
                   (61, 51, 0, 'TL1.1', '在職訓練時數', NULL, NULL, '小時', 'Qualitative', {"[]"}, {true}, NULL)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "KpiParts" ("Id", "KpiId", "Position", "Name", "Formula", "Weight")
            VALUES (70, 61, 0, '新進人員', NULL, {60m}), (71, 61, 1, '資深人員', '時數加總', {40m})
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "KpiValues" ("Id", "KpiId", "KpiPartId", "Position", "Year", "Kind", "Text", "Form", "Number", "Comparator", "Breakdown", "MissingReason")
            VALUES (80, 60, NULL, 0, 2017, 'Actual', '4,143 (身障3,107+老人1,036)', 'Number', {4143m}, 'None', '身障3,107+老人1,036', NULL),
                   (81, 60, NULL, 1, 2018, 'Target', '≥99.5', 'Number', {99.5m}, 'AtLeast', NULL, NULL),
                   (82, 60, NULL, 2, 2016, 'Actual', '無實際值', 'Missing', NULL, 'None', NULL, '無實際值'),
                   (83, NULL, 70, 0, 2018, 'Target', '12', 'Number', {12m}, 'None', NULL, NULL)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ActionPlans" ("Id", "KpiId", "Position", "Code", "Name", "Responsible")
            VALUES (90, 60, 0, 'AC1.1.1', '脆弱家庭個案管理計畫', {"""["兒少科"]"""})
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Budgets" ("Id", "ActionPlanId", "Position", "Year", "Text", "Amount")
            VALUES (100, 90, 0, 2018, '803,500', {803500m}), (101, 90, 1, 2019, '無', NULL)
            """);

        await db.MigrateAsync();
        db.ChangeTracker.Clear();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var plan = await db.LoadPlanAsync("TPE-SWD", 2018);
        Assert.NotNull(plan);
        var expected = new PlanDocument
        {
            Format = "beacon.plan",
            FormatVersion = 1,
            Organisation = new OrganisationDoc { Code = "TPE-SWD", Name = "臺北市政府社會局", ShortName = "社會局", Kind = OrganisationKind.Agency, Parent = "TPE" },
            Year = 2018,
            Title = "臺北市政府社會局 平衡計分卡 (107年)",
            Vision = "溫馨、關懷",
            CoreValues = ["專業", "熱忱"],
            Approvals = [new ApprovalDoc { Date = new DateOnly(2018, 1, 9), Body = "第 1950 次市政會議", Description = "通過" }],
            Perspectives = [new PerspectiveDoc { Code = "C", Kind = PerspectiveKind.Customer, Name = "顧客" }, new PerspectiveDoc { Code = "L", Kind = PerspectiveKind.Learning, Name = "學習成長" }],
            Themes = [new ThemeDoc { Code = "A", Name = "強化社會安全網", CityTheme = "E" }],
            Objectives =
            [
                new ObjectiveDoc
                {
                    Code = "AC1", Name = "提升弱勢家庭服務品質", Ksf = "跨網絡合作", CityObjective = "EC1",
                    Kpis =
                    [
                        new KpiDoc
                        {
                            Code = "AC1.1", Name = "脆弱家庭結案率", Formula = "(結案數/開案數)*100%", Unit = "%", Direction = Direction.Positive,
                            Responsible = ["兒少科", "社工科"], CityKpi = "EC1.1",
                            Values =
                            [
                                new ValueDoc { Year = 2017, Kind = ValueKind.Actual, Text = "4,143 (身障3,107+老人1,036)" },
                                new ValueDoc { Year = 2018, Kind = ValueKind.Target, Text = "≥99.5" },
                                new ValueDoc { Year = 2016, Kind = ValueKind.Actual, Text = "無實際值" },
                            ],
                            ActionPlans =
                            [
                                new ActionPlanDoc
                                {
                                    Code = "AC1.1.1", Name = "脆弱家庭個案管理計畫", Responsible = ["兒少科"],
                                    Budgets = [new BudgetDoc { Year = 2018, Text = "803,500" }, new BudgetDoc { Year = 2019, Text = "無" }],
                                },
                            ],
                        },
                    ],
                },
                new ObjectiveDoc
                {
                    Code = "TL1", Name = "提升同仁專業知能",
                    Kpis =
                    [
                        new KpiDoc
                        {
                            Code = "TL1.1", Name = "在職訓練時數", Unit = "小時", Direction = Direction.Qualitative, Exempt = true,
                            Parts =
                            [
                                new KpiPartDoc { Name = "新進人員", Weight = 60, Values = [new ValueDoc { Year = 2018, Kind = ValueKind.Target, Text = "12" }] },
                                new KpiPartDoc { Name = "資深人員", Formula = "時數加總", Weight = 40 },
                            ],
                        },
                    ],
                },
            ],
        };
        Assert.Equal(PlanJson.Write(expected), PlanJson.Write(PlanMapping.ToDocument(plan)));

        // What the document does not show: ids, parsed values, amounts, the import time, the theme and perspective links.
        Assert.Equal(importedAt, plan.ImportedAt);
        Assert.Equal(10, plan.Id);
        Assert.Equal("TPE", plan.Organisation.Parent!.Code);
        var ac1 = plan.Objectives[0];
        Assert.Equal((40, 30), (ac1.ThemeId!.Value, ac1.PerspectiveId));
        Assert.Null(plan.Objectives[1].ThemeId);
        var values = ac1.Kpis[0].Values;
        Assert.Equal([4143m, 99.5m, null], values.Select(v => v.Number));
        Assert.Equal([Comparator.None, Comparator.AtLeast, Comparator.None], values.Select(v => v.Comparator));
        Assert.Equal([ValueForm.Number, ValueForm.Number, ValueForm.Missing], values.Select(v => v.Form));
        Assert.Equal("身障3,107+老人1,036", values[0].Breakdown);
        Assert.Equal("無實際值", values[2].MissingReason);
        Assert.Equal([803500m, null], ac1.Kpis[0].ActionPlans[0].Budgets.Select(b => b.Amount));
        Assert.Equal(12m, plan.Objectives[1].Kpis[0].Parts[0].Values[0].Number);

        // Later migrations' additions start empty.
        Assert.All(plan.Objectives, o => Assert.Null(o.Note));
        Assert.All(plan.Objectives.SelectMany(o => o.Kpis), k => Assert.Null(k.Note));
        Assert.Null(ac1.Kpis[0].ActionPlans[0].Note);
        string[] initialTables = ["Organisations", "Plans", "PlanApprovals", "Perspectives", "Themes", "Objectives", "Kpis", "KpiParts", "KpiValues", "ActionPlans", "Budgets"];
        var laterTables = Tables.All(db).Except(initialTables).ToList();
        Assert.Contains("Milestones", laterTables);
        Assert.Contains("ObjectiveLinks", laterTables);
        Assert.Contains("EvaluationCalendars", laterTables);
        foreach (var table in laterTables.Where(t => t != "PlanStamps"))
            Assert.True(await db.CountRowsAsync(table) == 0, $"{table} is not empty");
        // Except the plans' change stamps: every plan stored gets one.
        var stamp = await db.Set<PlanStamp>().SingleAsync();
        Assert.Equal(10, stamp.PlanId);
        Assert.InRange(stamp.Stamp, 1, PlanStampSql.Range - 1);
    }

    [Fact]
    public async Task Upgrading_from_the_accounts_migration_adds_an_empty_calendar_and_keeps_plans_and_steps()
    {
        await using var db = await NewDatabaseAsync();
        await db.GetService<IMigrator>().MigrateAsync("20261122000004_AccountsWorkflowAudit");
        var at = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Organisations" ("Id", "Code", "Name", "ShortName", "NameEn", "Kind", "ParentId")
            VALUES (1, 'TPE', '臺北市政府', NULL, NULL, 'City', NULL)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Plans" ("Id", "OrganisationId", "Year", "Title", "Mission", "Vision", "CoreValues", "ImportedAt", "Status", "Version")
            VALUES (10, 1, 2021, '臺北市政府 110年', NULL, NULL, {"[]"}, {at}, 'Submitted', 3)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PlanSteps" ("Id", "PlanId", "At", "UserName", "From", "To", "Action", "Comment")
            VALUES (20, 10, {at}, 'editor@test.beacon.tw', 'Draft', 'Submitted', 'Submit', '請複核')
            """);

        await db.MigrateAsync();
        db.ChangeTracker.Clear();

        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Contains("20261122000005_EvaluationCalendar", applied);
        Assert.Equal(db.Database.GetMigrations().Last(), applied.Last());
        Assert.Equal(0, await db.EvaluationCalendars.CountAsync());
        var plan = await db.Plans.Include(p => p.Steps).SingleAsync();
        Assert.Equal((PlanStatus.Submitted, 3), (plan.Status, plan.Version));
        Assert.Equal(("Submit", "請複核", at), (plan.Steps.Single().Action, plan.Steps.Single().Comment, plan.Steps.Single().At));

        // The new table takes a year's calendar, and a second row for the same year is refused.
        db.EvaluationCalendars.Add(new EvaluationCalendar
        {
            Year = 2021, EntryOpens = new DateOnly(2022, 1, 3), SubmissionDeadline = new DateOnly(2022, 1, 31), SubmissionDeadlineNote = "逾期請敘明原因",
            ReviewDeadline = new DateOnly(2022, 3, 31), Publication = new DateOnly(2022, 5, 31), UpdatedAt = at, Version = 1,
        });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var stored = await db.EvaluationCalendars.SingleAsync();
        Assert.Equal((new DateOnly(2022, 1, 31), "逾期請敘明原因"), (stored.SubmissionDeadline, stored.SubmissionDeadlineNote));
        db.EvaluationCalendars.Add(new EvaluationCalendar { Year = 2021, UpdatedAt = at, Version = 1 });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}

public sealed class MigrationsOnSqlite() : MigrationTests(DatabaseKind.Sqlite);

public sealed class MigrationsOnPostgres() : MigrationTests(DatabaseKind.Postgres);
