using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Beacon.Web.Data.Migrations.MigrationColumns;

namespace Beacon.Web.Data.Migrations;

/// <summary>The evaluation calendar: one row per plan year with the day and note of each milestone of its cycle.</summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261122000005_EvaluationCalendar")]
public sealed class EvaluationCalendarMigration : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("EvaluationCalendars", t => new
        {
            Id = Identity(t),
            Year = t.Column<int>(nullable: false),
            EntryOpens = t.Column<DateOnly>(nullable: false),
            EntryOpensNote = t.Column<string>(nullable: true),
            SubmissionDeadline = t.Column<DateOnly>(nullable: false),
            SubmissionDeadlineNote = t.Column<string>(nullable: true),
            ReviewDeadline = t.Column<DateOnly>(nullable: false),
            ReviewDeadlineNote = t.Column<string>(nullable: true),
            Publication = t.Column<DateOnly>(nullable: false),
            PublicationNote = t.Column<string>(nullable: true),
            UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: c => c.PrimaryKey("PK_EvaluationCalendars", x => x.Id));
        m.CreateIndex("IX_EvaluationCalendars_Year", "EvaluationCalendars", "Year", unique: true);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("EvaluationCalendars");
}
