using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Infrastructure;

public static class Tables
{
    /// <summary>Every table the model maps, new ones included as migrations add them.</summary>
    public static IReadOnlyList<string> All(BeaconDb db) =>
        [.. db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    public static Task<int> CountRowsAsync(this BeaconDb db, string table)
    {
        // Table names come from the model, not from input; identifiers cannot be parameters.
        var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"";
        return db.Database.SqlQueryRaw<int>(sql).SingleAsync();
    }
}
