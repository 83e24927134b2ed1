using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Beacon.Web.Data.Migrations;

// The design-time tools are not available here, so migrations are written by hand. Column types are left to
// each provider's default mapping of the CLR type, exactly as the model does; MigrationSchemaTests compares
// the migrated schema with the one the model would create.
internal static class MigrationColumns
{
    public static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder table) =>
        table.Column<int>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
