using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Beacon.Web.Data.Migrations.MigrationColumns;

namespace Beacon.Web.Data.Migrations;

/// <summary>Organisations, plans and their structure: perspectives, themes, objectives, KPIs, values, action plans, budgets.</summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261122000001_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Organisations", t => new
        {
            Id = Identity(t),
            Code = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            ShortName = t.Column<string>(nullable: true),
            NameEn = t.Column<string>(nullable: true),
            Kind = t.Column<string>(nullable: false),
            ParentId = t.Column<int>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Organisations", x => x.Id);
            c.ForeignKey("FK_Organisations_Organisations_ParentId", x => x.ParentId, "Organisations", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Organisations_Code", "Organisations", "Code", unique: true);
        m.CreateIndex("IX_Organisations_ParentId", "Organisations", "ParentId");

        m.CreateTable("Plans", t => new
        {
            Id = Identity(t),
            OrganisationId = t.Column<int>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Title = t.Column<string>(nullable: true),
            Mission = t.Column<string>(nullable: true),
            Vision = t.Column<string>(nullable: true),
            CoreValues = t.Column<string>(nullable: false),
            ImportedAt = t.Column<DateTimeOffset>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Plans", x => x.Id);
            c.ForeignKey("FK_Plans_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Plans_OrganisationId_Year", "Plans", ["OrganisationId", "Year"], unique: true);

        m.CreateTable("PlanApprovals", t => new
        {
            Id = Identity(t),
            PlanId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            Body = t.Column<string>(nullable: true),
            Description = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_PlanApprovals", x => x.Id);
            c.ForeignKey("FK_PlanApprovals_Plans_PlanId", x => x.PlanId, "Plans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_PlanApprovals_PlanId", "PlanApprovals", "PlanId");

        m.CreateTable("Perspectives", t => new
        {
            Id = Identity(t),
            PlanId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Code = t.Column<string>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Perspectives", x => x.Id);
            c.ForeignKey("FK_Perspectives_Plans_PlanId", x => x.PlanId, "Plans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Perspectives_PlanId", "Perspectives", "PlanId");

        m.CreateTable("Themes", t => new
        {
            Id = Identity(t),
            PlanId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Code = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            CityTheme = t.Column<string>(nullable: true),
            Lead = t.Column<string>(nullable: true),
            Members = t.Column<string>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Themes", x => x.Id);
            c.ForeignKey("FK_Themes_Plans_PlanId", x => x.PlanId, "Plans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Themes_PlanId", "Themes", "PlanId");

        m.CreateTable("Objectives", t => new
        {
            Id = Identity(t),
            PlanId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Code = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            ThemeId = t.Column<int>(nullable: true),
            PerspectiveId = t.Column<int>(nullable: false),
            Ksf = t.Column<string>(nullable: true),
            CityObjective = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Objectives", x => x.Id);
            c.ForeignKey("FK_Objectives_Plans_PlanId", x => x.PlanId, "Plans", "Id", onDelete: ReferentialAction.Cascade);
            c.ForeignKey("FK_Objectives_Themes_ThemeId", x => x.ThemeId, "Themes", "Id", onDelete: ReferentialAction.Cascade);
            c.ForeignKey("FK_Objectives_Perspectives_PerspectiveId", x => x.PerspectiveId, "Perspectives", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Objectives_PlanId_Code", "Objectives", ["PlanId", "Code"], unique: true);
        m.CreateIndex("IX_Objectives_ThemeId", "Objectives", "ThemeId");
        m.CreateIndex("IX_Objectives_PerspectiveId", "Objectives", "PerspectiveId");

        m.CreateTable("Kpis", t => new
        {
            Id = Identity(t),
            ObjectiveId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Code = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Ksf = t.Column<string>(nullable: true),
            Formula = t.Column<string>(nullable: true),
            Unit = t.Column<string>(nullable: true),
            Direction = t.Column<string>(nullable: false),
            Responsible = t.Column<string>(nullable: false),
            Exempt = t.Column<bool>(nullable: false),
            CityKpi = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Kpis", x => x.Id);
            c.ForeignKey("FK_Kpis_Objectives_ObjectiveId", x => x.ObjectiveId, "Objectives", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Kpis_ObjectiveId", "Kpis", "ObjectiveId");

        m.CreateTable("KpiParts", t => new
        {
            Id = Identity(t),
            KpiId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Formula = t.Column<string>(nullable: true),
            Weight = t.Column<decimal>(precision: 9, scale: 4, nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_KpiParts", x => x.Id);
            c.ForeignKey("FK_KpiParts_Kpis_KpiId", x => x.KpiId, "Kpis", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_KpiParts_KpiId", "KpiParts", "KpiId");

        m.CreateTable("KpiValues", t => new
        {
            Id = Identity(t),
            KpiId = t.Column<int>(nullable: true),
            KpiPartId = t.Column<int>(nullable: true),
            Position = t.Column<int>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            Text = t.Column<string>(nullable: false),
            Form = t.Column<string>(nullable: false),
            Number = t.Column<decimal>(precision: 28, scale: 8, nullable: true),
            Comparator = t.Column<string>(nullable: false),
            Breakdown = t.Column<string>(nullable: true),
            MissingReason = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_KpiValues", x => x.Id);
            c.ForeignKey("FK_KpiValues_Kpis_KpiId", x => x.KpiId, "Kpis", "Id", onDelete: ReferentialAction.Cascade);
            c.ForeignKey("FK_KpiValues_KpiParts_KpiPartId", x => x.KpiPartId, "KpiParts", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_KpiValues_KpiId", "KpiValues", "KpiId");
        m.CreateIndex("IX_KpiValues_KpiPartId", "KpiValues", "KpiPartId");

        m.CreateTable("ActionPlans", t => new
        {
            Id = Identity(t),
            KpiId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Code = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Responsible = t.Column<string>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_ActionPlans", x => x.Id);
            c.ForeignKey("FK_ActionPlans_Kpis_KpiId", x => x.KpiId, "Kpis", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ActionPlans_KpiId", "ActionPlans", "KpiId");

        m.CreateTable("Budgets", t => new
        {
            Id = Identity(t),
            ActionPlanId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Text = t.Column<string>(nullable: false),
            Amount = t.Column<decimal>(precision: 18, scale: 2, nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Budgets", x => x.Id);
            c.ForeignKey("FK_Budgets_ActionPlans_ActionPlanId", x => x.ActionPlanId, "ActionPlans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Budgets_ActionPlanId", "Budgets", "ActionPlanId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "Budgets", "ActionPlans", "KpiValues", "KpiParts", "Kpis", "Objectives", "Themes", "Perspectives", "PlanApprovals", "Plans", "Organisations" })
            m.DropTable(table);
    }
}
