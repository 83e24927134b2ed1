using System.Data.Common;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Storage;

/// <summary>
/// A database's schema as a set of comparable lines: one per table, column (type, nullability, default, identity),
/// index (columns, uniqueness) and constraint (primary and foreign keys with their delete rule). EF's own
/// bookkeeping tables (__EFMigrationsHistory, __EFMigrationsLock) are left out.
/// </summary>
public static class SchemaFacts
{
    public static async Task<SortedSet<string>> ReadAsync(BeaconDb db)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            return db.Database.IsSqlite() ? await SqliteAsync(connection) : await PostgresAsync(connection);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<SortedSet<string>> SqliteAsync(DbConnection connection)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        var tables = await RowsAsync(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\' AND name <> 'sqlite_sequence'");
        foreach (var table in tables)
        {
            var name = table[0];
            var autoincrement = table[1].Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase);
            facts.Add($"table {name}{(autoincrement ? " autoincrement" : "")}");
            foreach (var c in await RowsAsync(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{name}')"))
                facts.Add($"column {name}.{c[0]} {c[1]} {(c[2] == "1" ? "not null" : "null")}{(c[3] == "" ? "" : " default " + c[3])}{(c[4] == "0" ? "" : " primary key")}");
            foreach (var i in await RowsAsync(connection, $"SELECT name, \"unique\", origin FROM pragma_index_list('{name}')"))
            {
                var columns = await RowsAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                // Automatic indexes (sqlite_autoindex_…) have generated names; name them by what they index.
                var indexName = i[2] == "c" ? i[0] : $"({i[2]})";
                facts.Add($"index {name} {indexName} ({string.Join(", ", columns.Select(x => x[0]))}){(i[1] == "1" ? " unique" : "")}");
            }
            foreach (var f in await RowsAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{name}')"))
                facts.Add($"foreign key {name}({f[1]}) -> {f[0]}({f[2]}) on update {f[3]} on delete {f[4]}");
        }
        return facts;
    }

    private static async Task<SortedSet<string>> PostgresAsync(DbConnection connection)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var t in await RowsAsync(connection,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%'"))
            facts.Add($"table {t[0]}");
        foreach (var c in await RowsAsync(connection, """
            SELECT table_name, column_name, data_type, coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, ''),
                   coalesce(character_maximum_length::text, ''), is_nullable, coalesce(column_default, ''), is_identity,
                   coalesce(identity_generation, '')
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
            """))
        {
            var type = c[2] == "numeric" ? $"numeric({c[3]},{c[4]})" : c[5] != "" ? $"{c[2]}({c[5]})" : c[2];
            facts.Add($"column {c[0]}.{c[1]} {type} {(c[6] == "YES" ? "null" : "not null")}" +
                $"{(c[7] == "" ? "" : " default " + c[7])}{(c[8] == "YES" ? " identity " + c[9] : "")}");
        }
        foreach (var i in await RowsAsync(connection,
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_EF%'"))
            facts.Add($"index {i[0]} {i[1]}: {i[2]}");
        foreach (var k in await RowsAsync(connection, """
            SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class rel ON rel.oid = con.conrelid
            JOIN pg_namespace ns ON ns.oid = rel.relnamespace
            WHERE ns.nspname = 'public' AND rel.relname NOT LIKE '\_\_EF%'
            """))
            facts.Add($"constraint {k[0]} {k[1]}: {k[2]}");
        return facts;
    }

    private static async Task<List<string[]>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            rows.Add(row);
        }
        return rows;
    }
}
