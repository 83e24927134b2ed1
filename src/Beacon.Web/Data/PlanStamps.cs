using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Beacon.Web.Data;

/// <summary>New stamp values, in C# and in each database's SQL.</summary>
public static class PlanStampSql
{
    /// <summary>Stamps are random in [1, 2^40): never 0, and a sum over a million plans still fits in 64 bits.</summary>
    public const long Range = 1L << 40;

    public static long Next() => Random.Shared.NextInt64(1, Range);

    /// <summary>A new random stamp for each row an UPDATE touches.</summary>
    public static string NewStamp(bool postgres) => postgres
        ? $"(floor(random() * {Range - 1})::bigint + 1)"
        : $"(abs(random()) % {Range - 1} + 1)";
}

/// <summary>
/// Which rows are a plan's data, read from the EF model rather than listed: <see cref="Plan"/> itself, every entity
/// with a chain of foreign keys up to it (objectives, KPIs, values, parts, action plans, budgets, milestones, inputs,
/// assessments, settings, steps …, and any added later), and the plan's owners (the organisation: its names are shown
/// on every page of its plans). <see cref="PlanStamp"/> and entities without such a chain (accounts, the audit trail,
/// the calendar) are not.
/// </summary>
public sealed class PlanDataModel
{
    /// <summary>One foreign key of a plan-data entity that leads to the plan.</summary>
    public sealed record Route(IProperty ForeignKey, IEntityType Principal);

    public IEntityType Plan { get; }
    public IProperty PlanKey { get; }
    private readonly Dictionary<IEntityType, IReadOnlyList<Route>> routes = new();
    /// <summary>An owner type and the foreign key of Plan that points to it.</summary>
    private readonly Dictionary<IEntityType, IProperty> owners = new();
    private readonly Dictionary<string, IEntityType> byTable = new(StringComparer.Ordinal);

    private static readonly ConditionalWeakTable<IModel, PlanDataModel> Models = new();

    public static PlanDataModel Of(IModel model) => Models.GetValue(model, m => new PlanDataModel(m));

    private PlanDataModel(IModel model)
    {
        Plan = model.FindEntityType(typeof(Plan))!;
        PlanKey = SingleKey(Plan);
        foreach (var fk in Plan.GetForeignKeys())
            if (fk.Properties.Count == 1 && fk.PrincipalEntityType != Plan)
                owners[fk.PrincipalEntityType] = fk.Properties[0];
        var stamp = model.FindEntityType(typeof(PlanStamp));
        // Fixed point: a type is plan data once one of its foreign keys leads to Plan or to a type that is.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var type in model.GetEntityTypes())
            {
                if (type == Plan || type == stamp || owners.ContainsKey(type) || routes.ContainsKey(type) || type.IsOwned()) continue;
                var leads = type.GetForeignKeys()
                    .Where(fk => fk.Properties.Count == 1 && (fk.PrincipalEntityType == Plan || routes.ContainsKey(fk.PrincipalEntityType)))
                    .Select(fk => new Route(fk.Properties[0], fk.PrincipalEntityType))
                    .ToList();
                if (leads.Count == 0) continue;
                SingleKey(type);
                routes[type] = leads;
                changed = true;
            }
        }
        foreach (var type in routes.Keys.Concat(owners.Keys).Append(Plan))
            if (type.GetTableName() is { } table) byTable[table] = type;
    }

    private static IProperty SingleKey(IEntityType type)
    {
        var key = type.FindPrimaryKey();
        if (key is not { Properties.Count: 1 } || key.Properties[0].ClrType != typeof(int))
            throw new InvalidOperationException($"{type.DisplayName()}: plan data needs a single int key to be stamped");
        return key.Properties[0];
    }

    public bool IsPlanData(IEntityType type) => routes.ContainsKey(type);

    public bool IsOwner(IEntityType type) => owners.ContainsKey(type);

    public IReadOnlyList<Route> RoutesOf(IEntityType type) => routes[type];

    public IProperty PlanForeignKeyTo(IEntityType owner) => owners[owner];

    /// <summary>The entity type of a table that holds plan data, a plan's owner, or plans.</summary>
    public IEntityType? OfTable(string table) => byTable.GetValueOrDefault(table);

    public IEnumerable<IEntityType> PlanDataTypes => routes.Keys;
}

/// <summary>
/// Finds the plans that rows belong to: from foreign-key values, walking up through rows the change tracker holds and,
/// for the rest, reading the parent rows in one query per table and level (never one per row).
/// </summary>
internal sealed class PlanFinder(PlanDataModel model, DbConnection connection, DbTransaction? transaction)
{
    public HashSet<int> Plans { get; } = [];
    private readonly Dictionary<IEntityType, HashSet<int>> rows = new();
    private readonly Dictionary<IEntityType, HashSet<int>> owners = new();
    private readonly HashSet<(IEntityType, int)> seen = [];

    /// <summary>A row of this type and key (a plan, an owner or a plan-data row) whose plan is wanted.</summary>
    public void Add(IEntityType type, int key)
    {
        if (!seen.Add((type, key))) return;
        if (type == model.Plan) Plans.Add(key);
        else if (model.IsOwner(type)) Set(owners, type).Add(key);
        else if (model.IsPlanData(type)) Set(rows, type).Add(key);
    }

    public void AddRoute(PlanDataModel.Route route, object? value)
    {
        if (value is int key) Add(route.Principal, key);
    }

    private static HashSet<int> Set(Dictionary<IEntityType, HashSet<int>> sets, IEntityType type) =>
        sets.TryGetValue(type, out var set) ? set : sets[type] = [];

    public async Task ResolveAsync(CancellationToken ct)
    {
        while (rows.Count > 0 || owners.Count > 0)
        {
            var level = rows.ToList();
            rows.Clear();
            foreach (var (type, keys) in level)
            {
                var routes = model.RoutesOf(type);
                var key = type.FindPrimaryKey()!.Properties[0];
                var columns = string.Join(", ", routes.Select(r => Quote(Column(r.ForeignKey))));
                foreach (var chunk in keys.Chunk(500))
                    await ReadAsync($"SELECT {columns} FROM {Quote(type.GetTableName()!)} WHERE {Quote(Column(key))} IN ({InList(chunk)})", reader =>
                    {
                        for (var i = 0; i < routes.Count; i++)
                            if (!reader.IsDBNull(i)) Add(routes[i].Principal, Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture));
                    }, ct);
            }
            var byOwner = owners.ToList();
            owners.Clear();
            foreach (var (type, keys) in byOwner)
            {
                var fk = model.PlanForeignKeyTo(type);
                foreach (var chunk in keys.Chunk(500))
                    await ReadAsync($"SELECT {Quote(Column(model.PlanKey))} FROM {Quote(model.Plan.GetTableName()!)} WHERE {Quote(Column(fk))} IN ({InList(chunk)})",
                        reader => Plans.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)), ct);
            }
        }
    }

    /// <summary>Gives each of these plans a new stamp (an UPDATE; a plan without a stamp row gets one).</summary>
    public async Task StampAsync(IEnumerable<int> plans, bool postgres, CancellationToken ct)
    {
        foreach (var chunk in plans.Distinct().Chunk(500))
        {
            var ids = InList(chunk);
            await ExecuteAsync($"""UPDATE "PlanStamps" SET "Stamp" = {PlanStampSql.NewStamp(postgres)} WHERE "PlanId" IN ({ids})""", ct);
            await ExecuteAsync($"""
                INSERT INTO "PlanStamps" ("PlanId", "Stamp")
                SELECT "Id", {PlanStampSql.NewStamp(postgres)} FROM "Plans" p
                WHERE p."Id" IN ({ids}) AND NOT EXISTS (SELECT 1 FROM "PlanStamps" s WHERE s."PlanId" = p."Id")
                """, ct);
        }
    }

    /// <summary>Every plan gets a new stamp: for a write whose plans cannot be told.</summary>
    public Task StampAllAsync(bool postgres, CancellationToken ct) =>
        ExecuteAsync($"""UPDATE "PlanStamps" SET "Stamp" = {PlanStampSql.NewStamp(postgres)}""", ct);

    public async Task<HashSet<int>> StampedAsync(IReadOnlyCollection<int> plans, CancellationToken ct)
    {
        var found = new HashSet<int>();
        foreach (var chunk in plans.Chunk(500))
            await ReadAsync($"""SELECT "PlanId" FROM "PlanStamps" WHERE "PlanId" IN ({InList(chunk)})""",
                reader => found.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)), ct);
        return found;
    }

    private async Task ReadAsync(string sql, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) row(reader);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(ct);
    }

    public static string Column(IProperty property) => property.GetColumnName(StoreObjectIdentifier.Table(property.DeclaringType.GetTableName()!, null))!;

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string InList(IEnumerable<int> keys) => string.Join(",", keys.Select(k => k.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>
/// Raises the stamps of the plans whose rows a SaveChanges adds, changes or deletes, inside that same SaveChanges (so in
/// its transaction): the stamp rows are changed entities of the same save. Every write path that saves through EF is
/// covered without calling anything; a new plan gets its first stamp.
/// </summary>
public sealed class PlanStampInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>
    /// On PostgreSQL, the plan rows a save updates along with their stamps: locked first in the save's transaction. EF
    /// writes the stamp row before the plan row (it orders by table name), while a write that holds the plan row first
    /// (an entry's <c>HoldPlanAsync</c>) raises the stamp after it; locking the plan rows first gives both one order.
    /// </summary>
    private static readonly ConditionalWeakTable<DbContext, List<int>> PlansToLock = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BeaconDb db) await StampAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is BeaconDb db) StampAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db) PlansToLock.Remove(db);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) PlansToLock.Remove(db);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } db) PlansToLock.Remove(db);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) PlansToLock.Remove(db);
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (eventData.Context is { } db && PlansToLock.TryGetValue(db, out var plans)) LockAsync(connection, result, plans, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && PlansToLock.TryGetValue(db, out var plans)) await LockAsync(connection, result, plans, cancellationToken);
        return result;
    }

    private static async Task LockAsync(DbConnection connection, DbTransaction? transaction, List<int> plans, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT 1 FROM "Plans" WHERE "Id" IN ({string.Join(",", plans.Select(p => p.ToString(CultureInfo.InvariantCulture)))}) ORDER BY "Id" FOR UPDATE""";
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task StampAsync(BeaconDb db, CancellationToken ct)
    {
        var model = PlanDataModel.Of(db.Model);
        db.ChangeTracker.DetectChanges();
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && (e.Metadata == model.Plan || model.IsPlanData(e.Metadata) || model.IsOwner(e.Metadata)))
            .ToList();
        if (changed.Count == 0) return;

        // Every tracked row by type and key (temporary keys of added rows included), to walk up without the database.
        var tracked = new Dictionary<(IEntityType, int), EntityEntry>();
        foreach (var e in db.ChangeTracker.Entries())
            if (e.Metadata.FindPrimaryKey() is { Properties.Count: 1 } key && e.Property(key.Properties[0].Name).CurrentValue is int id)
                tracked.TryAdd((e.Metadata, id), e);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var finder = new PlanFinder(model, connection, db.Database.CurrentTransaction?.GetDbTransaction());
            var newPlans = new List<Plan>();
            var deletedPlans = new HashSet<int>();
            var visited = new HashSet<EntityEntry>();

            void Walk(EntityEntry entry)
            {
                if (!visited.Add(entry)) return;
                var type = entry.Metadata;
                if (type == model.Plan)
                {
                    if (entry.State == EntityState.Added) newPlans.Add((Plan)entry.Entity);
                    else
                    {
                        var id = (int)entry.Property(model.PlanKey.Name).CurrentValue!;
                        if (entry.State == EntityState.Deleted) deletedPlans.Add(id);
                        else finder.Add(type, id);
                    }
                    return;
                }
                if (model.IsOwner(type))
                {
                    // A new organisation has no plans yet; its plans are new and get their own stamps.
                    if (entry.State != EntityState.Added) finder.Add(type, (int)entry.Property(type.FindPrimaryKey()!.Properties[0].Name).CurrentValue!);
                    return;
                }
                if (!model.IsPlanData(type)) return;
                foreach (var route in model.RoutesOf(type))
                {
                    var property = entry.Property(route.ForeignKey.Name);
                    var values = entry.State switch
                    {
                        EntityState.Added => [property.CurrentValue],
                        EntityState.Deleted => [property.OriginalValue],
                        _ => new[] { property.CurrentValue, property.OriginalValue },
                    };
                    foreach (var value in values)
                    {
                        if (value is not int key) continue;
                        if (tracked.TryGetValue((route.Principal, key), out var parent)) Walk(parent);
                        else finder.Add(route.Principal, key);
                    }
                }
            }

            foreach (var entry in changed) Walk(entry);
            await finder.ResolveAsync(ct);
            finder.Plans.ExceptWith(deletedPlans);

            var stamps = db.ChangeTracker.Entries<PlanStamp>().ToDictionary(e => e.Entity.PlanId);
            var untracked = finder.Plans.Where(id => !stamps.ContainsKey(id)).ToList();
            var stored = untracked.Count == 0 ? [] : await finder.StampedAsync(untracked, ct);
            foreach (var id in finder.Plans)
            {
                if (stamps.TryGetValue(id, out var entry))
                {
                    if (entry.State != EntityState.Deleted) entry.Entity.Stamp = PlanStampSql.Next();
                }
                else if (stored.Contains(id))
                {
                    var stub = new PlanStamp { PlanId = id };
                    db.Attach(stub);
                    stub.Stamp = PlanStampSql.Next();
                    db.Entry(stub).Property(s => s.Stamp).IsModified = true;
                }
                else db.Add(new PlanStamp { PlanId = id, Stamp = PlanStampSql.Next() });
            }
            foreach (var plan in newPlans)
                if (!db.ChangeTracker.Entries<PlanStamp>().Any(e => ReferenceEquals(e.Entity.Plan, plan)))
                    db.Add(new PlanStamp { Plan = plan, Stamp = PlanStampSql.Next() });

            var updated = changed.Where(e => e.Metadata == model.Plan && e.State == EntityState.Modified)
                .Select(e => (int)e.Property(model.PlanKey.Name).CurrentValue!).Order().ToList();
            if (updated.Count > 0 && db.Database.IsNpgsql())
            {
                if (db.Database.CurrentTransaction is { } current) await LockAsync(connection, current.GetDbTransaction(), updated, ct);
                else PlansToLock.AddOrUpdate(db, updated);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// The same for writes that do not go through SaveChanges: ExecuteUpdate, ExecuteDelete and raw SQL. An UPDATE or DELETE
/// of a plan-data table is run with RETURNING the foreign keys that lead to its plans, and those plans' stamps are raised
/// in the same transaction (one is begun when there is none). A statement whose rows cannot be told (several
/// statements in one) raises every plan's stamp. Migrations are left alone (they stamp what they change), and so are
/// INSERTs outside SaveChanges: only the importer writes rows that way, for a plan it has just added through EF.
/// </summary>
public sealed partial class PlanStampCommandInterceptor : DbCommandInterceptor
{
    [GeneratedRegex("""^\s*(?<verb>UPDATE|DELETE\s+FROM)\s+"(?<table>[^"]+)"(?:\s+AS\s+(?<alias>"[^"]+"|\w+))?""", RegexOptions.IgnoreCase)]
    private static partial Regex Statement();

    [GeneratedRegex(""""\b(?:UPDATE|DELETE\s+FROM)\s+"(?<table>[^"]+)"""", RegexOptions.IgnoreCase)]
    private static partial Regex Writes();

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        NonQueryExecutingAsync(command, eventData, result).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (result.HasResult || eventData.Context is not BeaconDb db
            || eventData.CommandSource is not (CommandSource.ExecuteUpdate or CommandSource.ExecuteDelete or CommandSource.ExecuteSqlRaw))
            return result;
        var model = PlanDataModel.Of(db.Model);
        var text = command.CommandText;
        var writes = Writes().Matches(text).Select(m => model.OfTable(m.Groups["table"].Value)).OfType<IEntityType>().ToList();
        if (writes.Count == 0) return result;

        var postgres = db.Database.IsNpgsql();
        var own = command.Transaction is null ? await command.Connection!.BeginTransactionAsync(cancellationToken) : null;
        if (own is not null) command.Transaction = own;
        try
        {
            var finder = new PlanFinder(model, command.Connection!, command.Transaction);
            int affected;
            var statement = Statement().Match(text);
            var single = statement.Success && !text.TrimEnd().TrimEnd(';').Contains(';', StringComparison.Ordinal)
                && model.OfTable(statement.Groups["table"].Value) is not null;
            if (single)
            {
                var type = model.OfTable(statement.Groups["table"].Value)!;
                var alias = statement.Groups["alias"].Success ? statement.Groups["alias"].Value : null;
                var columns = type == model.Plan || model.IsOwner(type)
                    ? [(Column: PlanFinder.Column(type.FindPrimaryKey()!.Properties[0]), Principal: type)]
                    : model.RoutesOf(type).Select(r => (Column: PlanFinder.Column(r.ForeignKey), r.Principal)).ToList();
                // SQLite's RETURNING names the table's own columns; PostgreSQL's may need the alias (UPDATE … FROM).
                var returning = string.Join(", ", columns.Select(c => (postgres && alias is not null ? alias + "." : "") + PlanFinder.Quote(c.Column)));
                command.CommandText = text.TrimEnd().TrimEnd(';') + "\nRETURNING " + returning;
                affected = 0;
                var keys = new List<(IEntityType, int)>();
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        affected++;
                        for (var i = 0; i < columns.Count; i++)
                            if (!reader.IsDBNull(i)) keys.Add((columns[i].Principal, Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture)));
                    }
                }
                command.CommandText = text;
                foreach (var (principal, key) in keys) finder.Add(principal, key);
                await finder.ResolveAsync(cancellationToken);
                await finder.StampAsync(finder.Plans, postgres, cancellationToken);
            }
            else
            {
                affected = await command.ExecuteNonQueryAsync(cancellationToken);
                await finder.StampAllAsync(postgres, cancellationToken);
            }
            if (own is not null) await own.CommitAsync(cancellationToken);
            return InterceptionResult<int>.SuppressWithResult(affected);
        }
        catch
        {
            if (own is not null) await own.RollbackAsync(cancellationToken);
            throw;
        }
        finally
        {
            if (own is not null)
            {
                command.Transaction = null;
                await own.DisposeAsync();
            }
        }
    }
}
