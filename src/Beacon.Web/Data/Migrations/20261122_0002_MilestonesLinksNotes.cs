using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Beacon.Web.Data.Migrations.MigrationColumns;

namespace Beacon.Web.Data.Migrations;

/// <summary>Bi-monthly milestones of action plans, the linkage arrows between objectives, and transcription notes.</summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261122000002_MilestonesLinksNotes")]
public sealed class MilestonesLinksNotes : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Milestones", t => new
        {
            Id = Identity(t),
            ActionPlanId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Period = t.Column<string>(nullable: false),
            Text = t.Column<string>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Milestones", x => x.Id);
            c.ForeignKey("FK_Milestones_ActionPlans_ActionPlanId", x => x.ActionPlanId, "ActionPlans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Milestones_ActionPlanId", "Milestones", "ActionPlanId");

        m.CreateTable("ObjectiveLinks", t => new
        {
            Id = Identity(t),
            PlanId = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            FromCode = t.Column<string>(nullable: false),
            ToCode = t.Column<string>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_ObjectiveLinks", x => x.Id);
            c.ForeignKey("FK_ObjectiveLinks_Plans_PlanId", x => x.PlanId, "Plans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ObjectiveLinks_PlanId", "ObjectiveLinks", "PlanId");

        m.AddColumn<string>("Note", "Objectives", nullable: true);
        m.AddColumn<string>("Note", "Kpis", nullable: true);
        m.AddColumn<string>("Note", "ActionPlans", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("Note", "ActionPlans");
        m.DropColumn("Note", "Kpis");
        m.DropColumn("Note", "Objectives");
        m.DropTable("ObjectiveLinks");
        m.DropTable("Milestones");
    }
}
