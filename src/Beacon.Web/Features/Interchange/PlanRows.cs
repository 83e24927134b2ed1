using System.Data.Common;
using System.Globalization;
using Beacon.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Beacon.Web.Features.Interchange;

/// <summary>
/// Writes the rows under a new plan (perspectives, themes, objectives, KPIs, values, action plans …) in bulk, inside the
/// import's transaction: ids are taken from each table's own sequence, foreign keys set from the entity graph, and the
/// rows written with one prepared statement per table on SQLite and binary COPY on PostgreSQL, instead of one tracked
/// entity each. Columns and their conversions come from the EF model, so the rows are stored exactly as EF would store
/// them. The plan row itself goes through SaveChanges first (its stamp and audit entry with it): these rows belong to a
/// plan no reader can have cached.
/// </summary>
internal sealed class PlanRows(BeaconDb db)
{
    public async Task WriteAsync(Plan plan, CancellationToken ct)
    {
        var objectives = plan.Objectives;
        var kpis = objectives.SelectMany(o => o.Kpis).ToList();
        var parts = kpis.SelectMany(k => k.Parts).ToList();
        var actions = kpis.SelectMany(k => k.ActionPlans).ToList();
        var values = kpis.SelectMany(k => k.Values).Concat(parts.SelectMany(p => p.Values)).ToList();
        var evaluation = plan.Evaluation is { } setting ? new List<EvaluationSetting> { setting } : [];

        // Ids first (parents before children), then foreign keys from the graph.
        await IdsAsync([plan.Approvals, plan.Perspectives, plan.Themes, plan.Links, evaluation, objectives, kpis, parts, actions], ct);
        foreach (var a in plan.Approvals) a.PlanId = plan.Id;
        foreach (var p in plan.Perspectives) p.PlanId = plan.Id;
        foreach (var t in plan.Themes) t.PlanId = plan.Id;
        foreach (var l in plan.Links) l.PlanId = plan.Id;
        foreach (var e in evaluation) e.PlanId = plan.Id;
        foreach (var o in objectives)
        {
            o.PlanId = plan.Id;
            o.ThemeId = o.Theme?.Id;
            o.PerspectiveId = o.Perspective.Id;
            foreach (var k in o.Kpis)
            {
                k.ObjectiveId = o.Id;
                foreach (var v in k.Values) v.KpiId = k.Id;
                foreach (var x in k.Parts)
                {
                    x.KpiId = k.Id;
                    foreach (var v in x.Values) v.KpiPartId = x.Id;
                }
                foreach (var i in k.Inputs) i.KpiId = k.Id;
                if (k.Assessment is { } assessment) assessment.KpiId = k.Id;
                foreach (var a in k.ActionPlans)
                {
                    a.KpiId = k.Id;
                    foreach (var b in a.Budgets) b.ActionPlanId = a.Id;
                    foreach (var m in a.Milestones) m.ActionPlanId = a.Id;
                }
            }
        }

        await InsertAsync(plan.Approvals, generated: false, ct);
        await InsertAsync(plan.Perspectives, generated: false, ct);
        await InsertAsync(plan.Themes, generated: false, ct);
        await InsertAsync(plan.Links, generated: false, ct);
        await InsertAsync(evaluation, generated: false, ct);
        await InsertAsync(objectives, generated: false, ct);
        await InsertAsync(kpis, generated: false, ct);
        await InsertAsync(parts, generated: false, ct);
        await InsertAsync(values, generated: true, ct);
        await InsertAsync(kpis.SelectMany(k => k.Inputs).ToList(), generated: true, ct);
        await InsertAsync(kpis.Select(k => k.Assessment).OfType<KpiAssessment>().ToList(), generated: true, ct);
        await InsertAsync(actions, generated: false, ct);
        await InsertAsync(actions.SelectMany(a => a.Budgets).ToList(), generated: true, ct);
        await InsertAsync(actions.SelectMany(a => a.Milestones).ToList(), generated: true, ct);
    }

    private DbConnection Connection => db.Database.GetDbConnection();
    private DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();
    private bool Postgres => db.Database.IsNpgsql();

    private IEntityType Type<T>() => db.Model.FindEntityType(typeof(T))!;

    /// <summary>Gives every row of these lists (each of one entity type) a new id from its table's sequence.</summary>
    private async Task IdsAsync(System.Collections.IList[] lists, CancellationToken ct)
    {
        var wanted = lists.Where(l => l.Count > 0).Select(l =>
        {
            var type = db.Model.FindEntityType(l[0]!.GetType())!;
            var key = type.FindPrimaryKey()!.Properties[0];
            return (Rows: l, Key: key, Table: type.GetTableName()!, Column: PlanFinder.Column(key));
        }).ToList();
        if (wanted.Count == 0) return;
        await using var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        var ids = wanted.Select(_ => new List<int>()).ToList();
        if (Postgres)
        {
            // One round trip for every table: the next values of each table's sequence.
            command.CommandText = string.Join(" UNION ALL ", wanted.Select((w, i) => FormattableString.Invariant(
                $"SELECT {i} AS t, nextval(pg_get_serial_sequence('{PlanFinder.Quote(w.Table)}', '{w.Column}'))::int FROM generate_series(1, {w.Rows.Count})")));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids[reader.GetInt32(0)].Add(reader.GetInt32(1));
        }
        else
        {
            // The import's transaction holds SQLite's write lock (the plan row is written): nobody else takes ids meanwhile.
            // AUTOINCREMENT never reuses an id, so the next one is above the sequence as well as above the rows.
            command.CommandText = string.Join(" UNION ALL ", wanted.Select((w, i) => FormattableString.Invariant(
                $"SELECT {i}, max(COALESCE((SELECT max({PlanFinder.Quote(w.Column)}) FROM {PlanFinder.Quote(w.Table)}), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{w.Table}'), 0))")));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var i = reader.GetInt32(0);
                ids[i].AddRange(Enumerable.Range(reader.GetInt32(1) + 1, wanted[i].Rows.Count));
            }
        }
        for (var t = 0; t < wanted.Count; t++)
            for (var r = 0; r < wanted[t].Rows.Count; r++) wanted[t].Key.PropertyInfo!.SetValue(wanted[t].Rows[r], ids[t][r]);
    }

    /// <summary>
    /// Writes the rows with every mapped column, a few statements per table (through EF, so its command interceptors
    /// see them): SQLite takes many rows' VALUES in one statement, PostgreSQL one array per column (unnest).
    /// <paramref name="generated"/>: their ids are left to the database (rows nothing refers to).
    /// </summary>
    private async Task InsertAsync<T>(IReadOnlyList<T> rows, bool generated, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var type = Type<T>();
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, null);
        var columns = Columns.GetOrAdd((type, generated), key => [.. key.Type.GetProperties()
            .Where(p => !(key.Generated && p.IsPrimaryKey()))
            .Select(p => new Column(p.GetColumnName(table)!, p))]);
        var into = $"INSERT INTO {PlanFinder.Quote(table.Name)} ({string.Join(", ", columns.Select(c => PlanFinder.Quote(c.Name)))}) ";
        // Identifiers come from the model and every value is a parameter.
#pragma warning disable EF1003
        if (Postgres)
        {
            var arrays = columns.Select((c, i) => (object)new NpgsqlParameter("p" + i.ToString(CultureInfo.InvariantCulture), c.Array(rows))).ToArray();
            await db.Database.ExecuteSqlRawAsync(
                into + $"SELECT * FROM unnest({string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})", arrays, ct);
            return;
        }
        // SQLite looks each named parameter up by a linear search, so many rows' VALUES would cost the square of their
        // parameters: the rows go as one JSON array parameter instead, each value written as SQLite's driver binds it
        // (jsonb_each hands each row over parsed once).
        await db.Database.ExecuteSqlRawAsync(
            into + $"SELECT {string.Join(", ", columns.Select((_, i) => "value ->> " + i.ToString(CultureInfo.InvariantCulture)))} FROM jsonb_each($rows)",
            [new SqliteParameter("$rows", Json(columns, rows))], ct);
#pragma warning restore EF1003
    }

    /// <summary>Each table's columns, made once per model.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IEntityType Type, bool Generated), List<Column>> Columns = new();

    /// <summary>The rows as a JSON array of arrays, each value as Microsoft.Data.Sqlite would bind it (decimals and times as text).</summary>
    private static string Json<T>(List<Column> columns, IReadOnlyList<T> rows) where T : class
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartArray();
                foreach (var column in columns)
                {
                    switch (column.Value(row))
                    {
                        case null: json.WriteNullValue(); break;
                        case string text: json.WriteStringValue(text); break;
                        case int number: json.WriteNumberValue(number); break;
                        case long number: json.WriteNumberValue(number); break;
                        case bool flag: json.WriteNumberValue(flag ? 1 : 0); break;
                        case decimal number: json.WriteStringValue(number.ToString("0.0###########################", CultureInfo.InvariantCulture)); break;
                        case DateOnly day: json.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                        case DateTimeOffset at: json.WriteStringValue(at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)); break;
                        case var other: throw new InvalidOperationException($"{column.Name}: no SQLite text for {other.GetType().Name}");
                    }
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A column and how a row's value is stored in it (enums as names, lists as JSON …), from the EF model.</summary>
    private sealed class Column
    {
        private readonly Func<object, object?> read;
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter;
        private readonly Type stored;

        public Column(string name, IProperty property)
        {
            Name = name;
            var info = property.PropertyInfo ?? throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} has no CLR property");
            // A compiled getter: this runs for every value of every row.
            var row = System.Linq.Expressions.Expression.Parameter(typeof(object));
            read = System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(
                System.Linq.Expressions.Expression.Convert(
                    System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(row, info.DeclaringType!), info), typeof(object)),
                row).Compile();
            converter = property.GetTypeMapping().Converter;
            stored = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? property.ClrType) ?? converter?.ProviderClrType ?? property.ClrType;
        }

        public string Name { get; }

        public object? Value(object row) => read(row) is { } value ? converter is null ? value : converter.ConvertToProvider(value) : null;

        /// <summary>The column's values for PostgreSQL's unnest: a typed array, nulls kept.</summary>
        public Array Array<T>(IReadOnlyList<T> rows) where T : class
        {
            if (stored == typeof(string)) return rows.Select(r => (string?)Value(r)).ToArray();
            if (stored == typeof(int)) return rows.Select(r => (int?)Value(r)).ToArray();
            if (stored == typeof(long)) return rows.Select(r => (long?)Value(r)).ToArray();
            if (stored == typeof(bool)) return rows.Select(r => (bool?)Value(r)).ToArray();
            if (stored == typeof(decimal)) return rows.Select(r => (decimal?)Value(r)).ToArray();
            if (stored == typeof(DateOnly)) return rows.Select(r => (DateOnly?)Value(r)).ToArray();
            if (stored == typeof(DateTimeOffset)) return rows.Select(r => ((DateTimeOffset?)Value(r))?.ToUniversalTime()).ToArray();
            throw new InvalidOperationException($"{Name}: no array for {stored.Name}");
        }
    }
}
