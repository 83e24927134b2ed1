using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Workflow;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Evaluation;

/// <summary>
/// Stores evaluation entries of one plan year, the way every write goes: load what the write touches → the core
/// decides (<see cref="KpiEntryCheck"/>, <see cref="SettingsCheck"/>: the problems, or exactly what to store) →
/// apply → save in one transaction with the version check, the audit interceptor recording old → new. No rule
/// lives here. Each KPI of the year has one version (its <see cref="KpiAssessment"/> row's) covering its actual,
/// inputs, parts, progress values, self-assessment and review.
/// </summary>
public sealed class EvaluationWriter(BeaconDb db, TimeProvider clock, AuditScope audit)
{
    /// <summary>
    /// Runs after every check and before the transaction: lets a test change the plan in between (another person's
    /// approval), which the status check inside the transaction must catch.
    /// </summary>
    internal Func<CancellationToken, Task>? BeforeTransaction { get; set; }

    /// <summary>Saves entries for a plan year as <paramref name="actor"/>; with <paramref name="dryRun"/> everything is checked and nothing is written.</summary>
    public async Task<WriteOutcome> SaveAsync(string org, int year, IReadOnlyList<KpiEntry> entries, Actor actor, CancellationToken ct = default, bool dryRun = false)
    {
        // Load.
        var plan = await db.Plans.Include(p => p.Organisation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return WriteOutcome.NotFound;
        audit.About(org, year);
        // The plan's KPIs, by its objectives (indexed), those of the entries kept in memory: with the codes in the
        // query (IN json_each) the load of a 2,000-row entry sheet took 7–12 s on SQLite, by the objectives 1 s.
        var codes = entries.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        var kpis = (await db.Kpis
            .Include(k => k.Values).Include(k => k.Inputs).Include(k => k.Assessment).Include(k => k.Parts).ThenInclude(p => p.Values)
            .Where(k => k.Objective.PlanId == plan.Id)
            .AsSplitQuery()
            .ToListAsync(ct))
            .Where(k => codes.Contains(k.Code)).ToDictionary(k => k.Code, StringComparer.Ordinal);

        // Decide.
        var decision = KpiEntryCheck.Check(new EntryContext(plan.Organisation.Code, plan.Year, plan.Status, actor), entries,
            kpis.ToDictionary(k => k.Key, k => EntryViews.Of(k.Value, plan.Year), StringComparer.Ordinal));
        if (!decision.Accepted) return WriteOutcome.Refused(decision.Problems);
        if (dryRun) return WriteOutcome.Done;

        if (BeforeTransaction is { } hook) await hook(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await HoldPlanAsync(plan.Id, status => KpiEntryCheck.StatusAllows(entries, status), ct) is { } locked)
            return locked;
        // With the plan row held no other entry can be saved now: a version that moved since the load is a plain 409
        // here, rather than a failed save (which the database layer would log as an error).
        var ids = kpis.Values.Select(k => k.Id).ToList();
        var now = await db.KpiAssessments.AsNoTracking().Where(a => ids.Contains(a.KpiId)).ToDictionaryAsync(a => a.KpiId, a => a.Version, ct);
        if (kpis.Values.Any(k => now.GetValueOrDefault(k.Id) != (k.Assessment?.Version ?? 0)))
        {
            await transaction.RollbackAsync(ct);
            return WriteOutcome.Refused([KpiEntryCheck.SavedMeanwhile]);
        }

        // Apply.
        var at = clock.GetUtcNow();
        foreach (var change in decision.Changes)
        {
            var kpi = kpis[change.Code];
            foreach (var actual in change.Actuals) Apply(kpi, plan.Year, actual);
            var assessment = kpi.Assessment ??= new KpiAssessment { KpiId = kpi.Id };
            if (change.Self is { } self)
            {
                assessment.SelfInnovation = self.Innovation;
                assessment.SelfChallenge = self.Challenge;
                assessment.SelfContribution = self.Contribution;
                assessment.SelfJudgedMet = self.Met;
                assessment.SelfExplanation = self.Explanation;
            }
            if (change.Review is { } review)
            {
                assessment.ReviewInnovation = review.Innovation;
                assessment.ReviewChallenge = review.Challenge;
                assessment.ReviewContribution = review.Contribution;
                assessment.ReviewLight = review.Light;
                assessment.ReviewJudgedMet = review.Met;
                assessment.ReviewComment = review.Comment;
            }
            assessment.UpdatedAt = at;
            assessment.Version++;
        }

        // Save.
        return await SaveAsync(transaction, e => e.Entity is KpiAssessment, KpiEntryCheck.SavedMeanwhile, ct);
    }

    public async Task<WriteOutcome> SaveSettingsAsync(string org, int year, EvaluationSettings settings, int? version, Actor actor, CancellationToken ct = default)
    {
        var plan = await db.Plans.Include(p => p.Organisation).Include(p => p.Evaluation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return WriteOutcome.NotFound;
        audit.About(org, year);
        var problems = SettingsCheck.Check(new EntryContext(plan.Organisation.Code, plan.Year, plan.Status, actor), settings, version,
            plan.Evaluation?.Version ?? 0, PlanMapping.Settings(plan.Evaluation));
        if (problems.Count > 0) return WriteOutcome.Refused(problems);

        if (BeforeTransaction is { } hook) await hook(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await HoldPlanAsync(plan.Id, WorkflowRules.OpenForSettings, ct) is { } locked)
            return locked;
        // With the plan row held nobody else saves settings now: a version that moved since the load (a first write
        // that came first, say) is a plain 409 here, rather than a failed save the database layer would log as an error.
        if (await db.EvaluationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.PlanId == plan.Id, ct) is { } now && now.Version != (plan.Evaluation?.Version ?? 0))
        {
            await transaction.RollbackAsync(ct);
            return WriteOutcome.Refused([SettingsCheck.Stale(now.Version, PlanMapping.Settings(now))]);
        }
        var row = plan.Evaluation ??= new EvaluationSetting { PlanId = plan.Id };
        PlanMapping.Apply(row, settings);
        row.Version++;
        return await SaveAsync(transaction, e => e.Entity is EvaluationSetting, SettingsSavedMeanwhile, ct);
    }

    private static readonly Beacon.Core.Problem SettingsSavedMeanwhile = new("settings.version", "評核設定已被他人同時更新，請重新載入",
        "Someone else changed the settings at the same moment; reload them.") { Kind = Beacon.Core.ProblemKind.Stale, Setting = SettingsField.Version };

    /// <summary>
    /// Saves and commits; when someone saved first — the row changed since it was read (its version), or two first
    /// writes were inserted at the same moment and the unique index refused the second — nothing is saved.
    /// </summary>
    private async Task<WriteOutcome> SaveAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        Func<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry, bool> versioned, Beacon.Core.Problem meanwhile, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.Entries.Any(x => versioned(x) && x.State == EntityState.Added))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return WriteOutcome.Refused([meanwhile]);
        }
        await transaction.CommitAsync(ct);
        return WriteOutcome.Done;
    }

    /// <summary>
    /// Inside the transaction: a no-op update of the plan row, only while its status still allows the write. It fails
    /// when a step committed since the status was read, and otherwise holds the row (PostgreSQL locks it, SQLite's
    /// writer lock is taken), so a step arriving now waits until this write is done. Null when the plan is still open.
    /// </summary>
    private async Task<WriteOutcome?> HoldPlanAsync(int planId, Func<PlanStatus, bool> open, CancellationToken ct)
    {
        var allowed = WorkflowRules.Statuses(open);
        var held = await db.Plans.Where(p => p.Id == planId && allowed.Contains(p.Status)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, p => p.Status), ct);
        if (held == 1) return null;
        await db.Database.RollbackTransactionAsync(ct);
        var now = await db.Plans.Where(p => p.Id == planId).Select(p => new { p.Year, p.Status }).SingleAsync(ct);
        return WriteOutcome.Refused([WorkflowRules.StatusForbids(now.Year, now.Status)]);
    }

    /// <summary>Stores one actual as the core decided it: the KPI's own value or its parts', with the inputs it was computed from.</summary>
    private void Apply(Kpi kpi, int year, ActualChange change)
    {
        // Inputs belong to the value computed from them: any other entry for the year (or period) removes them.
        db.KpiInputs.RemoveRange(kpi.Inputs.Where(i => i.Year == year && i.Period == change.Period).ToList());
        if (change.Remove)
        {
            foreach (var values in kpi.Parts.Select(p => p.Values).Prepend(kpi.Values))
                db.KpiValues.RemoveRange(values.Where(v => v.Year == year && v.Kind == ValueKind.Actual && v.Period == change.Period).ToList());
            return;
        }
        if (change.Parts is { } parts)
        {
            for (var i = 0; i < parts.Count; i++)
                if (parts[i] is { } part)
                {
                    var owner = kpi.Parts[i];
                    SetActual(owner.Values, () => new KpiValue { KpiPartId = owner.Id, Text = "" }, year, change.Period, part);
                }
            return;
        }
        foreach (var (name, value) in change.Inputs ?? new Dictionary<string, decimal>())
            kpi.Inputs.Add(new KpiInput { KpiId = kpi.Id, Year = year, Period = change.Period, Name = name, Value = value });
        if (change.Value is { } stored) SetActual(kpi.Values, () => new KpiValue { KpiId = kpi.Id, Text = "" }, year, change.Period, stored);
    }

    private static void SetActual(List<KpiValue> values, Func<KpiValue> create, int year, string? period, Beacon.Core.Values.ValueText value)
    {
        var existing = values.FirstOrDefault(v => v.Year == year && v.Kind == ValueKind.Actual && v.Period == period);
        if (existing is null)
        {
            existing = create();
            existing.Year = year;
            existing.Kind = ValueKind.Actual;
            existing.Period = period;
            existing.Position = values.Count == 0 ? 0 : values.Max(v => v.Position) + 1;
            values.Add(existing);
        }
        existing.Set(value);
    }
}

/// <summary>The core's view of a stored KPI for one plan year (<see cref="KpiEntryView"/>), read from the stored columns.</summary>
public static class EntryViews
{
    public static KpiEntryView Of(Kpi kpi, int year)
    {
        var a = kpi.Assessment;
        return new KpiEntryView(kpi.Code, kpi.Unit, kpi.Direction, kpi.Exempt, kpi.Expression,
            [.. kpi.Parts.Select(p => p.Name)], kpi.Responsible,
            a?.Version ?? 0, a?.UpdatedAt,
            PlanEvaluation.YearEnd(kpi.Values, year, ValueKind.Actual)?.Read(),
            [.. kpi.Parts.Select(p => PlanEvaluation.YearEnd(p.Values, year, ValueKind.Actual)?.Read())],
            (a?.SelfInnovation, a?.SelfChallenge, a?.SelfContribution),
            (a?.ReviewInnovation, a?.ReviewChallenge, a?.ReviewContribution));
    }
}
