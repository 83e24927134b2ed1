using System.Globalization;
using System.Text.Json;
using Beacon.Web.Features.Account;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Beacon.Web.Data;

/// <summary>
/// Who is changing data in this scope and about which plan. Requests take the signed-in user; the command line and
/// start-up set a name of their own. A bulk write (import) records one entry of its own and turns per-row entries off.
/// </summary>
public sealed class AuditScope(IHttpContextAccessor? http)
{
    /// <summary>For a unit of work made outside any request or scope (a test's own <c>new BeaconDb(options)</c>): the system.</summary>
    public AuditScope() : this(null) { }

    private string? name;

    public string UserName
    {
        get => name ?? (http?.HttpContext is { } context ? Permissions.NameOf(context.User) : "system");
        set => name = value;
    }

    public string? OrganisationCode { get; set; }
    public int? Year { get; set; }
    public bool RowsSuppressed { get; set; }

    public void About(string organisationCode, int year)
    {
        OrganisationCode = organisationCode;
        Year = year;
    }
}

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every added, changed or deleted row of the plan's data, inside the same
/// SaveChanges (so the same transaction) as the change itself: who, when, what, old and new values.
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Audited =
    [
        typeof(Organisation), typeof(Plan), typeof(PlanApproval), typeof(Perspective), typeof(Theme), typeof(Objective),
        typeof(Kpi), typeof(KpiPart), typeof(KpiValue), typeof(KpiInput), typeof(KpiAssessment), typeof(EvaluationSetting),
        typeof(ActionPlan), typeof(Budget), typeof(Milestone), typeof(ObjectiveLink), typeof(EvaluationCalendar), typeof(KpiComment),
    ];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    private void Record(DbContext? context)
    {
        if (context is not BeaconDb db || db.Audit is not { RowsSuppressed: false } scope) return;
        db.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Audited.Contains(e.Entity.GetType()))
            .ToList();
        // A workflow step changes the plan's status; its entry says which step it was and why (the step's comment).
        var steps = db.ChangeTracker.Entries<PlanStep>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var entry in changed)
        {
            var (oldValues, newValues) = Values(entry);
            if (entry.State == EntityState.Modified && newValues.Count == 0) continue;
            if (entry.Entity is Plan plan && steps.FirstOrDefault(s => s.PlanId == plan.Id) is { } step)
            {
                newValues["Step"] = step.Action;
                newValues["Comment"] = step.Comment;
            }
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                UserName = scope.UserName,
                Action = entry.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" },
                Entity = entry.Entity.GetType().Name,
                EntityKey = entry.State == EntityState.Added ? null : Key(entry),
                Code = CodeOf(db, entry.Entity),
                OrganisationCode = scope.OrganisationCode,
                Year = scope.Year,
                OldValues = oldValues.Count == 0 ? null : JsonSerializer.Serialize(oldValues, Json),
                NewValues = newValues.Count == 0 ? null : JsonSerializer.Serialize(newValues, Json),
            });
        }
    }

    private static (Dictionary<string, object?> Old, Dictionary<string, object?> New) Values(EntityEntry entry)
    {
        var old = new Dictionary<string, object?>();
        var @new = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
        {
            if (property.Metadata.IsPrimaryKey() || property.Metadata.IsForeignKey()) continue;
            var name = property.Metadata.Name;
            switch (entry.State)
            {
                case EntityState.Added:
                    @new[name] = Plain(property.CurrentValue);
                    break;
                case EntityState.Deleted:
                    old[name] = Plain(property.OriginalValue);
                    break;
                case EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                    old[name] = Plain(property.OriginalValue);
                    @new[name] = Plain(property.CurrentValue);
                    break;
            }
        }
        return (old, @new);
    }

    private static object? Plain(object? value) => value switch
    {
        null => null,
        Enum e => e.ToString(),
        decimal d => d.ToString("0.############", CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string? Key(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));

    private static string? CodeOf(BeaconDb db, object entity)
    {
        // From what is loaded, else from the database: a code the per-KPI trail (?code=BP2.1) can find.
        string? KpiCode(int? kpiId) => kpiId is { } id
            ? db.Kpis.Local.FirstOrDefault(k => k.Id == id)?.Code ?? db.Kpis.AsNoTracking().Where(k => k.Id == id).Select(k => k.Code).FirstOrDefault()
            : null;
        (int KpiId, string Name)? Part(int id) =>
            db.KpiParts.Local.FirstOrDefault(p => p.Id == id) is { } local ? (local.KpiId, local.Name)
            : db.KpiParts.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.KpiId, p.Name }).FirstOrDefault() is { } stored ? (stored.KpiId, stored.Name)
            : null;
        string Period(KpiValue v) => v.Period is null ? "" : " " + v.Period;
        return entity switch
        {
            // A part's value hangs on the part: "BP2.1 2021 Actual (part name)".
            KpiValue { KpiPartId: { } partId } v when Part(partId) is { } part =>
                $"{KpiCode(part.KpiId)} {v.Year} {v.Kind}{Period(v)} ({part.Name})".Trim(),
            KpiPart p => $"{KpiCode(p.KpiId)} ({p.Name})".Trim(),
            Kpi k => k.Code,
            Objective o => o.Code,
            ActionPlan a => a.Code,
            Theme t => t.Code,
            Perspective p => p.Code,
            Organisation o => o.Code,
            Plan p => p.Year.ToString(CultureInfo.InvariantCulture),
            KpiValue v => $"{KpiCode(v.KpiId)} {v.Year} {v.Kind}{Period(v)}".Trim(),
            KpiInput i => $"{KpiCode(i.KpiId)} {i.Year} {i.Name}".Trim(),
            KpiAssessment a => KpiCode(a.KpiId),
            KpiComment c => KpiCode(c.KpiId),
            EvaluationSetting => "settings",
            EvaluationCalendar => "calendar",
            _ => null,
        };
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
