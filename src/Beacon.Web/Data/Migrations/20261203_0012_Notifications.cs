using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using static Beacon.Web.Data.Migrations.MigrationColumns;

namespace Beacon.Web.Data.Migrations;

/// <summary>
/// Notifications: the events people are told of (unique by key), each person's notice of one (inbox entry and e-mail
/// outbox row, unique per event and person), people's preferences, and the comment threads of KPIs.
/// </summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261203000012_Notifications")]
public sealed class NotificationsMigration : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("NoticeEvent", t => new
        {
            Id = LongIdentity(t),
            Key = t.Column<string>(nullable: false),
            Kind = t.Column<string>(nullable: false),
            At = t.Column<DateTimeOffset>(nullable: false),
            PlanId = t.Column<int>(nullable: true),
            OrganisationCode = t.Column<string>(nullable: true),
            OrganisationName = t.Column<string>(nullable: true),
            Year = t.Column<int>(nullable: true),
            KpiCode = t.Column<string>(nullable: true),
            KpiName = t.Column<string>(nullable: true),
            Actor = t.Column<string>(nullable: true),
            Comment = t.Column<string>(nullable: true),
            Deadline = t.Column<DateOnly>(nullable: true),
            Details = t.Column<string>(nullable: true),
        }, constraints: c => c.PrimaryKey("PK_NoticeEvent", x => x.Id));
        m.CreateIndex("IX_NoticeEvent_Key", "NoticeEvent", "Key", unique: true);

        m.CreateTable("Notice", t => new
        {
            Id = LongIdentity(t),
            EventId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(nullable: false),
            Email = t.Column<string>(nullable: false),
            ReadAt = t.Column<DateTimeOffset>(nullable: true),
            EmailState = t.Column<string>(nullable: false),
            Attempts = t.Column<int>(nullable: false),
            NextAttemptAt = t.Column<DateTime>(nullable: false),
            LeaseUntil = t.Column<DateTime>(nullable: true),
            LeaseOwner = t.Column<string>(nullable: true),
            LastError = t.Column<string>(nullable: true),
            SentAt = t.Column<DateTimeOffset>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_Notice", x => x.Id);
            c.ForeignKey("FK_Notice_NoticeEvent_EventId", x => x.EventId, "NoticeEvent", "Id", onDelete: ReferentialAction.Cascade);
            c.ForeignKey("FK_Notice_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Notice_EventId_UserId", "Notice", ["EventId", "UserId"], unique: true);
        m.CreateIndex("IX_Notice_UserId_ReadAt", "Notice", ["UserId", "ReadAt"]);
        m.CreateIndex("IX_Notice_EmailState_NextAttemptAt", "Notice", ["EmailState", "NextAttemptAt"]);

        m.CreateTable("NotificationPreference", t => new
        {
            Id = Identity(t),
            UserId = t.Column<string>(nullable: false),
            Language = t.Column<string>(nullable: false),
            EmailOff = t.Column<string>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_NotificationPreference", x => x.Id);
            c.ForeignKey("FK_NotificationPreference_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_NotificationPreference_UserId", "NotificationPreference", "UserId", unique: true);

        m.CreateTable("KpiComment", t => new
        {
            Id = Identity(t),
            KpiId = t.Column<int>(nullable: false),
            At = t.Column<DateTimeOffset>(nullable: false),
            UserName = t.Column<string>(nullable: false),
            Side = t.Column<string>(nullable: false),
            Text = t.Column<string>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_KpiComment", x => x.Id);
            c.ForeignKey("FK_KpiComment_Kpis_KpiId", x => x.KpiId, "Kpis", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_KpiComment_KpiId", "KpiComment", "KpiId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("KpiComment");
        m.DropTable("NotificationPreference");
        m.DropTable("Notice");
        m.DropTable("NoticeEvent");
    }

    private static Microsoft.EntityFrameworkCore.Migrations.Operations.Builders.OperationBuilder<Microsoft.EntityFrameworkCore.Migrations.Operations.AddColumnOperation> LongIdentity(
        Microsoft.EntityFrameworkCore.Migrations.Operations.Builders.ColumnsBuilder table) =>
        table.Column<long>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
