using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Beacon.Web.Data.Migrations.MigrationColumns;

namespace Beacon.Web.Data.Migrations;

/// <summary>
/// Plan editing and versions: the published versions of each plan year; editing versions on organisations, plans
/// (header, children, links), themes, objectives, KPIs and action plans; a revised target's original and reason; the
/// latest published version and the open revision of a plan. Approved plans get their version 1 when the app starts
/// (PlanVersions.PublishApprovedAsync), from their export.
/// </summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261203000007_PlanAuthoring")]
public sealed class PlanAuthoringMigration : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("PlanVersions", t => new
        {
            Id = Identity(t),
            OrganisationId = t.Column<int>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Number = t.Column<int>(nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            At = t.Column<DateTimeOffset>(nullable: false),
            Body = t.Column<string>(nullable: true),
            ApprovedBy = t.Column<string>(nullable: false),
            Reason = t.Column<string>(nullable: true),
            Revision = t.Column<bool>(nullable: false),
            Document = t.Column<string>(nullable: false),
            OrganisationName = t.Column<string>(nullable: false),
            OrganisationNameEn = t.Column<string>(nullable: true),
            Title = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_PlanVersions", x => x.Id);
            c.ForeignKey("FK_PlanVersions_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PlanVersions_OrganisationId_Year_Number", "PlanVersions", ["OrganisationId", "Year", "Number"], unique: true);

        m.AddColumn<int>("Version", "Organisations", nullable: false, defaultValue: 0);
        m.AddColumn<int>("PublishedVersion", "Plans", nullable: true);
        m.AddColumn<string>("RevisionReason", "Plans", nullable: true);
        m.AddColumn<int>("HeaderVersion", "Plans", nullable: false, defaultValue: 0);
        m.AddColumn<int>("ChildrenVersion", "Plans", nullable: false, defaultValue: 0);
        m.AddColumn<int>("LinksVersion", "Plans", nullable: false, defaultValue: 0);
        m.AddColumn<int>("Version", "Themes", nullable: false, defaultValue: 0);
        m.AddColumn<int>("Version", "Objectives", nullable: false, defaultValue: 0);
        m.AddColumn<int>("Version", "Kpis", nullable: false, defaultValue: 0);
        m.AddColumn<int>("Version", "ActionPlans", nullable: false, defaultValue: 0);
        m.AddColumn<string>("Original", "KpiValues", nullable: true);
        m.AddColumn<string>("Reason", "KpiValues", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var (column, table) in new[]
        {
            ("Reason", "KpiValues"), ("Original", "KpiValues"), ("Version", "ActionPlans"), ("Version", "Kpis"), ("Version", "Objectives"),
            ("Version", "Themes"), ("LinksVersion", "Plans"), ("ChildrenVersion", "Plans"), ("HeaderVersion", "Plans"), ("RevisionReason", "Plans"),
            ("PublishedVersion", "Plans"), ("Version", "Organisations"),
        })
            m.DropColumn(column, table);
        m.DropTable("PlanVersions");
    }
}
