using Beacon.Core;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Interchange;

public sealed record ImportSummary(string Organisation, int Year, int Objectives, int Kpis, int ActionPlans, bool Replaced, bool DryRun);

public sealed record ImportResult(ImportSummary? Summary, IReadOnlyList<Problem> Problems, bool Conflict = false, bool Locked = false)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Imports a whole plan, all or nothing: the document is validated completely first, every problem is
/// reported with its JSON path, and nothing is written unless there is none. A dry run stops after validation.
/// </summary>
public sealed class PlanImporter(BeaconDb db, TimeProvider clock, AuditScope audit)
{
    public async Task<ImportResult> ImportJsonAsync(string json, bool dryRun, bool replace, CancellationToken ct = default)
    {
        var (document, problems) = PlanJson.Read(json);
        return document is null ? new ImportResult(null, problems) : await ImportAsync(document, dryRun, replace, ct);
    }

    /// <summary>Imports a plan; it starts as a draft unless <paramref name="status"/> says otherwise (the published dataset loads approved).</summary>
    public async Task<ImportResult> ImportAsync(PlanDocument doc, bool dryRun, bool replace, CancellationToken ct = default, PlanStatus status = PlanStatus.Draft)
    {
        var problems = PlanValidator.Validate(doc).ToList();
        Organisation? parent = null;
        if (doc.Organisation.Parent is { } parentCode)
        {
            parent = await db.Organisations.SingleOrDefaultAsync(o => o.Code == parentCode, ct);
            if (parent is null)
                problems.Add(new Problem("$.organisation.parent", $"上級機關「{parentCode}」尚未建立：請先匯入它的計畫",
                    $"parent organisation '{parentCode}' does not exist yet: import one of its plans first"));
        }
        if (problems.Count > 0) return new ImportResult(null, problems);

        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Code == doc.Organisation.Code, ct);
        var existingPlan = organisation is null ? null
            : await db.Plans.Where(p => p.OrganisationId == organisation.Id && p.Year == doc.Year).Select(p => new { p.Id, p.Status }).SingleOrDefaultAsync(ct);
        var existing = existingPlan?.Id;
        if (existingPlan?.Status == PlanStatus.Approved && replace && !dryRun)
            return new ImportResult(null, [new Problem("$.year",
                $"{doc.Organisation.Code} {doc.Year} 年的計畫已核定並鎖定：請先由研考會解鎖再取代",
                $"the {doc.Organisation.Code} plan for {doc.Year} is approved and locked: a planner must unlock it before it can be replaced")], Conflict: true, Locked: true);
        if (existing is not null && !replace)
            return new ImportResult(null, [new Problem("$.year",
                $"{doc.Organisation.Code} 已有 {doc.Year} 年（民國{RocYear.FromGregorian(doc.Year)}年）的計畫；要取代它請加上 replace",
                $"{doc.Organisation.Code} already has a plan for {doc.Year}; ask to replace it to overwrite")], Conflict: true);

        var summary = new ImportSummary(doc.Organisation.Code, doc.Year, doc.Objectives.Count,
            doc.Objectives.Sum(o => o.Kpis.Count), doc.Objectives.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count)),
            existing is not null, dryRun);
        if (dryRun) return new ImportResult(summary, []);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One audit entry for the whole import, with the documents before and after, instead of one per row.
        string? before = null;
        if (existing is not null && await db.LoadPlanAsync(doc.Organisation.Code, doc.Year, ct) is { } old)
            before = PlanJson.Write(PlanMapping.ToDocument(old));
        audit.RowsSuppressed = true;
        if (organisation is null)
        {
            organisation = new Organisation { Code = doc.Organisation.Code, Name = doc.Organisation.Name };
            db.Organisations.Add(organisation);
        }
        organisation.Name = doc.Organisation.Name;
        organisation.ShortName = doc.Organisation.ShortName;
        organisation.NameEn = doc.Organisation.NameEn;
        organisation.Kind = doc.Organisation.Kind;
        organisation.Parent = parent;
        organisation.ParentId = parent?.Id;

        if (existing is { } planId)
            await db.Plans.Where(p => p.Id == planId).ExecuteDeleteAsync(ct);

        var plan = PlanMapping.ToEntity(doc, organisation, clock.GetUtcNow());
        plan.Status = status;
        plan.Version = 1;
        db.Plans.Add(plan);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserName = audit.UserName,
            Action = existing is null ? "import" : "import-replace",
            Entity = nameof(Plan),
            Code = $"{doc.Organisation.Code} {doc.Year}",
            OrganisationCode = doc.Organisation.Code,
            Year = doc.Year,
            OldValues = before,
            NewValues = PlanJson.Write(doc),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            audit.RowsSuppressed = false;
            db.ChangeTracker.Clear();
        }
        return new ImportResult(summary, []);
    }
}
