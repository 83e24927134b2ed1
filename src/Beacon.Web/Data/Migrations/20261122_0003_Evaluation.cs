using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Beacon.Web.Data.Migrations.MigrationColumns;

namespace Beacon.Web.Data.Migrations;

/// <summary>Yearly evaluation: progress periods on values, formula expressions and their inputs, assessments and reviews, settings.</summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261122000003_Evaluation")]
public sealed class Evaluation : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("Period", "KpiValues", nullable: true);
        m.AddColumn<string>("Expression", "Kpis", nullable: true);

        m.CreateTable("KpiInputs", t => new
        {
            Id = Identity(t),
            KpiId = t.Column<int>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Period = t.Column<string>(nullable: true),
            Name = t.Column<string>(nullable: false),
            Value = t.Column<decimal>(precision: 28, scale: 8, nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_KpiInputs", x => x.Id);
            c.ForeignKey("FK_KpiInputs_Kpis_KpiId", x => x.KpiId, "Kpis", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_KpiInputs_KpiId_Year_Period_Name", "KpiInputs", ["KpiId", "Year", "Period", "Name"], unique: true);

        m.CreateTable("KpiAssessments", t => new
        {
            Id = Identity(t),
            KpiId = t.Column<int>(nullable: false),
            SelfInnovation = t.Column<decimal>(precision: 9, scale: 4, nullable: true),
            SelfChallenge = t.Column<decimal>(precision: 9, scale: 4, nullable: true),
            SelfContribution = t.Column<decimal>(precision: 9, scale: 4, nullable: true),
            SelfJudgedMet = t.Column<bool>(nullable: true),
            SelfExplanation = t.Column<string>(nullable: true),
            ReviewInnovation = t.Column<decimal>(precision: 9, scale: 4, nullable: true),
            ReviewChallenge = t.Column<decimal>(precision: 9, scale: 4, nullable: true),
            ReviewContribution = t.Column<decimal>(precision: 9, scale: 4, nullable: true),
            ReviewLight = t.Column<string>(nullable: true),
            ReviewJudgedMet = t.Column<bool>(nullable: true),
            ReviewComment = t.Column<string>(nullable: true),
            UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_KpiAssessments", x => x.Id);
            c.ForeignKey("FK_KpiAssessments_Kpis_KpiId", x => x.KpiId, "Kpis", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_KpiAssessments_KpiId", "KpiAssessments", "KpiId", unique: true);

        m.CreateTable("EvaluationSettings", t => new
        {
            Id = Identity(t),
            PlanId = t.Column<int>(nullable: false),
            WeightAchievement = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            WeightInnovation = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            WeightChallenge = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            WeightContribution = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            BandExcellent = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            BandGood = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            BandFair = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            BandRule = t.Column<string>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_EvaluationSettings", x => x.Id);
            c.ForeignKey("FK_EvaluationSettings_Plans_PlanId", x => x.PlanId, "Plans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_EvaluationSettings_PlanId", "EvaluationSettings", "PlanId", unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("EvaluationSettings");
        m.DropTable("KpiAssessments");
        m.DropTable("KpiInputs");
        m.DropColumn("Expression", "Kpis");
        m.DropColumn("Period", "KpiValues");
    }
}
