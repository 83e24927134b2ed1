using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Beacon.Web.Data.Migrations.MigrationColumns;

namespace Beacon.Web.Data.Migrations;

/// <summary>
/// What several app instances share besides the plans: the Data Protection key ring (sign-in cookies, antiforgery and
/// bearer tokens made by one instance are read by the others) and the failed sign-in counters.
/// </summary>
[DbContext(typeof(BeaconDb))]
[Migration("20261203000010_DataProtectionKeysSignInThrottles")]
public sealed class DataProtectionKeysSignInThrottles : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("DataProtectionKeys", t => new
        {
            Id = Identity(t),
            FriendlyName = t.Column<string>(nullable: true),
            Xml = t.Column<string>(nullable: true),
        }, constraints: c => c.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        m.CreateTable("SignInThrottles", t => new
        {
            Key = t.Column<string>(maxLength: 64, nullable: false),
            Failures = t.Column<int>(nullable: false),
            LastFailureAt = t.Column<DateTimeOffset>(nullable: false),
        }, constraints: c => c.PrimaryKey("PK_SignInThrottles", x => x.Key));
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("SignInThrottles");
        m.DropTable("DataProtectionKeys");
    }
}
