using Beacon.Core;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Interchange;

/// <param name="NamesKept">
/// The organisation exists and the document names it otherwise: its stored names, kind and parent are kept (renaming is a
/// planner's act, PUT /api/orgs/{org}), so that no draft changes what a published version shows.
/// </param>
public sealed record ImportSummary(string Organisation, int Year, int Objectives, int Kpis, int ActionPlans, bool Replaced, bool DryRun, bool NamesKept = false);

public sealed record ImportResult(ImportSummary? Summary, IReadOnlyList<Problem> Problems, bool Conflict = false, bool Locked = false, bool Forbidden = false, bool InReview = false)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// What an importer who is not a planner may not change through an import: reviews (複核) are the reviewers',
/// the year's evaluation settings the planners', and a plan submitted or under review is out of the agency's hands
/// until it is returned. Planners, the command line and the dataset import with none of these limits.
/// </summary>
public sealed record ImportLimits(bool MayChangeReviews, bool MayChangeSettings, bool MayReplaceInReview)
{
    public static readonly ImportLimits None = new(true, true, true);
}

/// <summary>
/// What an import computes from the document alone: its problems by the plan rules and its interchange text (the audit
/// entry's, and a published version's). A bulk load makes it for the next document while the previous one is written.
/// </summary>
public sealed record PreparedDocument(PlanDocument Document, IReadOnlyList<Problem> Problems, string Json)
{
    public static PreparedDocument Of(PlanDocument document) => new(document, [.. PlanValidator.Validate(document)], PlanJson.Write(document));
}

/// <summary>
/// Imports a whole plan, all or nothing: the document is validated completely first, every problem is
/// reported with its JSON path, and nothing is written unless there is none. A dry run makes every check a real
/// import makes, against the stored plan too, and stops before writing.
/// </summary>
public sealed class PlanImporter(BeaconDb db, TimeProvider clock, AuditScope audit)
{
    /// <summary>The comment of the workflow step a replace records.</summary>
    public const string ReplaceComment = "匯入取代";

    /// <summary>The action of that step (not one of the workflow's own steps).</summary>
    public const string ReplaceAction = "Replace";

    public async Task<ImportResult> ImportJsonAsync(string json, bool dryRun, bool replace, CancellationToken ct = default)
    {
        var (document, problems) = PlanJson.Read(json);
        return document is null ? new ImportResult(null, problems) : await ImportAsync(document, dryRun, replace, ct);
    }

    /// <summary>The path of the first review (複核) in a document, if it carries any.</summary>
    public static string? FirstReviewPath(PlanDocument doc)
    {
        for (var o = 0; o < doc.Objectives.Count; o++)
            for (var k = 0; k < doc.Objectives[o].Kpis.Count; k++)
                if (doc.Objectives[o].Kpis[k].Assessment?.Review is not null)
                    return $"$.objectives[{o}].kpis[{k}].assessment.review";
        return null;
    }

    /// <summary>
    /// Imports a plan; it starts as a draft unless <paramref name="status"/> says otherwise (the published dataset loads
    /// approved). <paramref name="action"/> names the audit entry of a plan made another way than by importing a file (a
    /// plan started in Beacon: carried forward, from the city plan, empty), which is created exactly as an import creates it.
    /// </summary>
    /// <param name="prepared">The document's checks and text made ahead (<see cref="PreparedDocument"/>); used only when it is of this very document.</param>
    public async Task<ImportResult> ImportAsync(PlanDocument doc, bool dryRun, bool replace, CancellationToken ct = default,
        PlanStatus status = PlanStatus.Draft, ImportLimits? limits = null, string? action = null, PreparedDocument? prepared = null)
    {
        limits ??= ImportLimits.None;
        if (prepared is not null && !ReferenceEquals(prepared.Document, doc)) prepared = null;
        var problems = prepared?.Problems.ToList() ?? PlanValidator.Validate(doc).ToList();
        Organisation? parent = null;
        if (doc.Organisation.Parent is { } parentCode)
        {
            parent = await db.Organisations.SingleOrDefaultAsync(o => o.Code == parentCode, ct);
            if (parent is null)
                problems.Add(new Problem("$.organisation.parent", $"上級機關「{parentCode}」尚未建立：請先匯入它的計畫",
                    $"parent organisation '{parentCode}' does not exist yet: import one of its plans first"));
        }
        if (problems.Count > 0) return new ImportResult(null, problems);
        if (!limits.MayChangeReviews && FirstReviewPath(doc) is { } reviewPath)
            return Refused(reviewPath, "複核資料由複核人員填寫：匯入的文件不可含複核（review）", "reviews are entered by reviewers: the document must not carry any review");

        // The stored plan is read inside the transaction that replaces it, so its status cannot change in between
        // (SQLite's transaction holds the write lock from its start; on PostgreSQL the delete below checks again), and
        // imports of one organisation take turns: two of the same new plan (or organisation) find each other's rather
        // than a unique index. Imports of different organisations run side by side on PostgreSQL (a bulk load's writers).
        await using var transaction = await db.BeginTurnAsync(WriterTurn.Import, doc.Organisation.Code, ct);
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Code == doc.Organisation.Code, ct);
        var existing = organisation is null ? null
            : await db.Plans.Where(p => p.OrganisationId == organisation.Id && p.Year == doc.Year).Select(p => new { p.Id, p.Status, p.Version, p.PublishedVersion, p.RevisionReason }).SingleOrDefaultAsync(ct);
        if (existing is not null && WorkflowRules.Locked(existing.Status) && replace)
            return LockedResult(doc);
        // An agency has its plan while it is open for its entries (a draft, or returned); in review it is the reviewers'.
        if (existing is not null && !WorkflowRules.OpenForEntry(existing.Status) && replace && !limits.MayReplaceInReview)
            return new ImportResult(null, [new Problem("$.year",
                $"{doc.Organisation.Code} {doc.Year} 年的計畫目前為「{WorkflowText.StatusZh(existing.Status)}」：機關只能取代草稿或退回的計畫",
                $"the {doc.Organisation.Code} plan for {doc.Year} is {WorkflowText.StatusEn(existing.Status)}: an agency may replace only a draft or a returned plan")],
                Conflict: true, InReview: true);
        if (existing is not null && !replace)
            return new ImportResult(null, [new Problem("$.year",
                $"{doc.Organisation.Code} 已有 {doc.Year} 年（民國{RocYear.FromGregorian(doc.Year)}年）的計畫；要取代它請加上 replace",
                $"{doc.Organisation.Code} already has a plan for {doc.Year}; ask to replace it to overwrite")], Conflict: true);

        PlanDocument? old = null;
        if (existing is not null && await db.LoadPlanAsync(doc.Organisation.Code, doc.Year, ct) is { } stored)
            old = PlanMapping.ToDocument(stored);
        if (!limits.MayChangeSettings && doc.Evaluation != old?.Evaluation)
            return Refused("$.evaluation", "評核設定由研考會（規劃人員）訂定：匯入的文件須保留目前的設定（evaluation）",
                "the evaluation settings are set by planners: the document must keep the current settings (evaluation)");
        if (!limits.MayChangeReviews && old is not null && FirstReviewPath(old) is not null)
            return Refused("$", "這份計畫已有複核資料，取代會刪除它們：請由研考會（規劃人員）取代",
                "this plan holds reviews, which a replace would remove: ask a planner to replace it");

        var namesKept = organisation is not null && (organisation.Name != doc.Organisation.Name || organisation.ShortName != doc.Organisation.ShortName
            || organisation.NameEn != doc.Organisation.NameEn || organisation.Kind != doc.Organisation.Kind || organisation.ParentId != parent?.Id);
        var summary = new ImportSummary(doc.Organisation.Code, doc.Year, doc.Objectives.Count,
            doc.Objectives.Sum(o => o.Kpis.Count), doc.Objectives.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count)),
            existing is not null, dryRun, namesKept);
        if (dryRun) return new ImportResult(summary, []);

        // One audit entry for the whole import, with the documents before and after, instead of one per row.
        var before = old is null ? null : PlanJson.Write(old);
        var after = prepared?.Json ?? PlanJson.Write(doc);
        audit.RowsSuppressed = true;
        try
        {
            // A new organisation is created as the document names it; an existing one keeps its names, kind and parent
            // (a draft never changes what a published version shows; renaming is a planner's act).
            if (organisation is null)
            {
                organisation = new Organisation
                {
                    Code = doc.Organisation.Code, Name = doc.Organisation.Name, ShortName = doc.Organisation.ShortName, NameEn = doc.Organisation.NameEn,
                    Kind = doc.Organisation.Kind, Parent = parent, ParentId = parent?.Id,
                };
                db.Organisations.Add(organisation);
            }

            var now = clock.GetUtcNow();
            var plan = PlanMapping.ToEntity(doc, organisation, now);
            plan.Status = status;
            plan.Version = 1;
            // The rows under the plan are written in bulk once the plan row has its id (PlanRows); SaveChanges writes the
            // plan itself, its stamp, steps and audit entry.
            var rows = new Plan
            {
                Organisation = organisation, Approvals = plan.Approvals, Perspectives = plan.Perspectives, Themes = plan.Themes,
                Objectives = plan.Objectives, Links = plan.Links, Evaluation = plan.Evaluation,
            };
            (plan.Approvals, plan.Perspectives, plan.Themes, plan.Objectives, plan.Links, plan.Evaluation) = ([], [], [], [], [], null);
            if (existing is not null)
            {
                // The workflow history belongs to the plan year, not to the row: it moves to the new row, with the replace as a step.
                var steps = await db.PlanSteps.AsNoTracking().Where(s => s.PlanId == existing.Id).ToListAsync(ct);
                plan.Steps.AddRange(steps.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new PlanStep
                {
                    At = s.At, UserName = s.UserName, From = s.From, To = s.To, Action = s.Action, Comment = s.Comment,
                }));
                plan.Steps.Add(new PlanStep { At = now, UserName = audit.UserName, From = existing.Status, To = status, Action = ReplaceAction, Comment = ReplaceComment });
                plan.Version = existing.Version + 1;
                // The published versions belong to the plan year too: the public keeps reading the latest one.
                plan.PublishedVersion = existing.PublishedVersion;
                plan.RevisionReason = existing.RevisionReason;
                // Only the plan as it was read: had someone approved (or otherwise changed) it meanwhile, nothing is deleted.
                var unlocked = WorkflowRules.Statuses(s => !WorkflowRules.Locked(s));
                var deleted = await db.Plans.Where(p => p.Id == existing.Id && p.Version == existing.Version && unlocked.Contains(p.Status)).ExecuteDeleteAsync(ct);
                if (deleted == 0) return LockedResult(doc);
            }
            db.Plans.Add(plan);
            if (status == PlanStatus.Approved)
            {
                // A published document loaded approved is its plan's version 1.
                var version = Authoring.PlanVersions.Initial(doc, organisation, now, audit.UserName, after);
                if (organisation.Id != 0 && await db.PlanVersions.Where(v => v.OrganisationId == organisation.Id && v.Year == doc.Year).MaxAsync(v => (int?)v.Number, ct) is { } last)
                    version.Number = last + 1;
                db.PlanVersions.Add(version);
                plan.PublishedVersion = version.Number;
            }
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                UserName = audit.UserName,
                Action = action ?? (existing is null ? "import" : "import-replace"),
                Entity = nameof(Plan),
                Code = $"{doc.Organisation.Code} {doc.Year}",
                OrganisationCode = doc.Organisation.Code,
                Year = doc.Year,
                OldValues = before,
                NewValues = after,
            });
            await db.SaveChangesAsync(ct);
            rows.Id = plan.Id;
            await new PlanRows(db).WriteAsync(rows, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            audit.RowsSuppressed = false;
            db.ChangeTracker.Clear();
        }
        return new ImportResult(summary, []);
    }

    private static ImportResult LockedResult(PlanDocument doc) => new(null, [new Problem("$.year",
        $"{doc.Organisation.Code} {doc.Year} 年的計畫已核定並鎖定：請先由研考會解鎖再取代",
        $"the {doc.Organisation.Code} plan for {doc.Year} is approved and locked: a planner must unlock it before it can be replaced")], Conflict: true, Locked: true);

    private static ImportResult Refused(string path, string zh, string en) => new(null, [new Problem(path, zh, en)], Forbidden: true);
}
