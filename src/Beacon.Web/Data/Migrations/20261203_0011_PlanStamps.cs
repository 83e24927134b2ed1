using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Beacon.Web.Data.Migrations;

/// <summary>
/// Change stamps of plans (the read model's cache key; <see cref="PlanStamp"/>), one for every plan already stored,
/// and an index on the city KPI a KPI serves.
/// </summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261203000011_PlanStamps")]
public sealed class PlanStamps : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("PlanStamps", t => new
        {
            PlanId = t.Column<int>(nullable: false),
            Stamp = t.Column<long>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_PlanStamps", x => x.PlanId);
            c.ForeignKey("FK_PlanStamps_Plans_PlanId", x => x.PlanId, "Plans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.Sql($"""INSERT INTO "PlanStamps" ("PlanId", "Stamp") SELECT "Id", {PlanStampSql.NewStamp(m.IsNpgsql())} FROM "Plans";""");
        m.CreateIndex("IX_Kpis_CityKpi", "Kpis", "CityKpi");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_Kpis_CityKpi", "Kpis");
        m.DropTable("PlanStamps");
    }
}
