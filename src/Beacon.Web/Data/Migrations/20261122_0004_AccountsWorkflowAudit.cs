using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Beacon.Web.Data.Migrations.MigrationColumns;

namespace Beacon.Web.Data.Migrations;

/// <summary>
/// Accounts (ASP.NET Core Identity's tables, with the user bound to an organisation and divisions), the plan
/// workflow (status, version, steps) and the audit trail. Plans that exist already are published documents: approved.
/// </summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261122000004_AccountsWorkflowAudit")]
public sealed class AccountsWorkflowAudit : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("AspNetRoles", t => new
        {
            Id = t.Column<string>(nullable: false),
            Name = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedName = t.Column<string>(maxLength: 256, nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
        }, constraints: c => c.PrimaryKey("PK_AspNetRoles", x => x.Id));
        m.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);

        m.CreateTable("AspNetUsers", t => new
        {
            Id = t.Column<string>(nullable: false),
            DisplayName = t.Column<string>(nullable: true),
            OrganisationId = t.Column<int>(nullable: true),
            Divisions = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTimeOffset>(nullable: false),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
            Email = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
            EmailConfirmed = t.Column<bool>(nullable: false),
            PasswordHash = t.Column<string>(nullable: true),
            SecurityStamp = t.Column<string>(nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
            PhoneNumber = t.Column<string>(nullable: true),
            PhoneNumberConfirmed = t.Column<bool>(nullable: false),
            TwoFactorEnabled = t.Column<bool>(nullable: false),
            LockoutEnd = t.Column<DateTimeOffset>(nullable: true),
            LockoutEnabled = t.Column<bool>(nullable: false),
            AccessFailedCount = t.Column<int>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_AspNetUsers", x => x.Id);
            c.ForeignKey("FK_AspNetUsers_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        m.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        m.CreateIndex("IX_AspNetUsers_OrganisationId", "AspNetUsers", "OrganisationId");

        m.CreateTable("AspNetRoleClaims", t => new
        {
            Id = Identity(t),
            RoleId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
            c.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");

        m.CreateTable("AspNetUserClaims", t => new
        {
            Id = Identity(t),
            UserId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
            c.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");

        m.CreateTable("AspNetUserLogins", t => new
        {
            LoginProvider = t.Column<string>(nullable: false),
            ProviderKey = t.Column<string>(nullable: false),
            ProviderDisplayName = t.Column<string>(nullable: true),
            UserId = t.Column<string>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
            c.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");

        m.CreateTable("AspNetUserRoles", t => new
        {
            UserId = t.Column<string>(nullable: false),
            RoleId = t.Column<string>(nullable: false),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
            c.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            c.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");

        m.CreateTable("AspNetUserTokens", t => new
        {
            UserId = t.Column<string>(nullable: false),
            LoginProvider = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Value = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
            c.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.AddColumn<string>("Status", "Plans", nullable: false, defaultValue: "Approved");
        m.AddColumn<int>("Version", "Plans", nullable: false, defaultValue: 1);

        m.CreateTable("PlanSteps", t => new
        {
            Id = Identity(t),
            PlanId = t.Column<int>(nullable: false),
            At = t.Column<DateTimeOffset>(nullable: false),
            UserName = t.Column<string>(nullable: false),
            From = t.Column<string>(nullable: false),
            To = t.Column<string>(nullable: false),
            Action = t.Column<string>(nullable: false),
            Comment = t.Column<string>(nullable: true),
        }, constraints: c =>
        {
            c.PrimaryKey("PK_PlanSteps", x => x.Id);
            c.ForeignKey("FK_PlanSteps_Plans_PlanId", x => x.PlanId, "Plans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_PlanSteps_PlanId", "PlanSteps", "PlanId");

        m.CreateTable("AuditEntries", t => new
        {
            Id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            At = t.Column<DateTimeOffset>(nullable: false),
            UserName = t.Column<string>(nullable: false),
            Action = t.Column<string>(nullable: false),
            Entity = t.Column<string>(nullable: false),
            EntityKey = t.Column<string>(nullable: true),
            Code = t.Column<string>(nullable: true),
            OrganisationCode = t.Column<string>(nullable: true),
            Year = t.Column<int>(nullable: true),
            OldValues = t.Column<string>(nullable: true),
            NewValues = t.Column<string>(nullable: true),
        }, constraints: c => c.PrimaryKey("PK_AuditEntries", x => x.Id));
        m.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        m.CreateIndex("IX_AuditEntries_OrganisationCode_Year", "AuditEntries", ["OrganisationCode", "Year"]);
        m.CreateIndex("IX_AuditEntries_UserName", "AuditEntries", "UserName");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "AuditEntries", "PlanSteps", "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins", "AspNetUserClaims", "AspNetRoleClaims", "AspNetUsers", "AspNetRoles" })
            m.DropTable(table);
        m.DropColumn("Version", "Plans");
        m.DropColumn("Status", "Plans");
    }
}
