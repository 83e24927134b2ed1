using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Notifications;
using Beacon.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// Published versions of plans: approving a plan freezes its next version (the plan exported as it is at that moment,
/// with the approval added to its 核定與修正紀錄 when it is the plan's first approval or a revision's), in the same
/// SaveChanges as the approval step; a plan loaded approved (the dataset, an older database) gets its version 1.
/// </summary>
public sealed class PlanVersions(BeaconDb db, TimeProvider clock, AuditScope audit, Notices notices)
{
    /// <summary>Who the versions of plans approved before versions were kept name as approving them.</summary>
    public const string StartUser = "system (versions)";

    /// <summary>The description of a plan's first approval when the approver gives none (the documents print 通過).</summary>
    public const string Passed = "通過";

    /// <summary>
    /// Freezes the plan being approved as its next published version, into the caller's unit of work: the caller saves it
    /// with the step. <paramref name="plan"/> is tracked with its organisation; <paramref name="body"/> is the approving
    /// body, <paramref name="comment"/> the step's comment. A revision's approval appends (date, body, the revision's
    /// reason) to the approvals record and tells those concerned (Notices); so does a plan's first approval (通過).
    /// </summary>
    public async Task PublishAsync(Plan plan, string? body, string? comment, CancellationToken ct = default)
    {
        var stored = await db.LoadPlanAsync(plan.Organisation.Code, plan.Year, ct)
            ?? throw new InvalidOperationException($"{plan.Organisation.Code} {plan.Year} is being approved but cannot be read");
        var document = PlanMapping.ToDocument(stored);
        var now = clock.GetUtcNow();
        var day = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var revision = plan.RevisionReason;
        var first = await db.PlanVersions.CountAsync(v => v.OrganisationId == plan.OrganisationId && v.Year == plan.Year, ct) == 0;
        var number = 1 + (first ? 0 : await db.PlanVersions.Where(v => v.OrganisationId == plan.OrganisationId && v.Year == plan.Year).MaxAsync(v => v.Number, ct));
        body = string.IsNullOrWhiteSpace(body) ? null : body.Trim();
        if (revision is not null || first)
        {
            var approval = new ApprovalDoc { Date = day, Body = body, Description = revision ?? comment ?? Passed };
            db.PlanApprovals.Add(new PlanApproval { PlanId = plan.Id, Position = document.Approvals.Count, Date = approval.Date, Body = approval.Body, Description = approval.Description });
            document = document with { Approvals = [.. document.Approvals, approval] };
            plan.HeaderVersion++;
        }
        db.PlanVersions.Add(new PlanVersion
        {
            OrganisationId = plan.OrganisationId, Year = plan.Year, Number = number, Date = day, At = now, Body = body,
            ApprovedBy = audit.UserName, Reason = revision ?? comment, Revision = revision is not null, Document = PlanJson.Write(document),
            OrganisationName = document.Organisation.Name, OrganisationNameEn = document.Organisation.NameEn, Title = document.Title,
        });
        plan.PublishedVersion = number;
        plan.RevisionReason = null;
        if (revision is not null) await notices.RevisionApprovedAsync(plan, number.ToString(System.Globalization.CultureInfo.InvariantCulture), revision, ct);
    }

    /// <summary>
    /// Version 1 of a plan loaded approved (a published document): the day and body of its latest approval, or the day it
    /// was loaded. Added by the importer in the same transaction as the plan.
    /// </summary>
    /// <param name="written">The document as <see cref="PlanJson.Write"/> wrote it already (an import's audit entry), to keep instead of writing it again.</param>
    public static PlanVersion Initial(PlanDocument document, Organisation organisation, DateTimeOffset now, string who, string? written = null)
    {
        var last = document.Approvals.Count == 0 ? null : document.Approvals[^1];
        var version = PlanDocument.VersionFor(document);
        return new PlanVersion
        {
            Organisation = organisation, Year = document.Year, Number = 1,
            Date = last?.Date ?? DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime), At = now,
            Body = last?.Body, ApprovedBy = who, Reason = last?.Description,
            Document = written is not null && document.FormatVersion == version ? written : PlanJson.Write(document with { FormatVersion = version }),
            OrganisationName = document.Organisation.Name, OrganisationNameEn = document.Organisation.NameEn, Title = document.Title,
        };
    }

    /// <summary>At start: every approved plan without a published version (stored before versions were kept) gets its version 1.</summary>
    public static async Task<int> PublishApprovedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<BeaconDb>();
        var audit = services.GetRequiredService<AuditScope>();
        var clock = services.GetRequiredService<TimeProvider>();
        var waiting = await db.Plans.Where(p => p.Status == PlanStatus.Approved && p.PublishedVersion == null)
            .Select(p => new { p.Id, p.Organisation.Code, p.Year }).ToListAsync(ct);
        foreach (var p in waiting)
        {
            var stored = await db.LoadPlanAsync(p.Code, p.Year, ct);
            if (stored is null) continue;
            var plan = await db.Plans.Include(x => x.Organisation).SingleAsync(x => x.Id == p.Id, ct);
            audit.UserName = StartUser;
            audit.About(p.Code, p.Year);
            var version = Initial(PlanMapping.ToDocument(stored), plan.Organisation, clock.GetUtcNow(), StartUser);
            if (await db.PlanVersions.AnyAsync(v => v.OrganisationId == plan.OrganisationId && v.Year == p.Year, ct))
                version.Number = 1 + await db.PlanVersions.Where(v => v.OrganisationId == plan.OrganisationId && v.Year == p.Year).MaxAsync(v => v.Number, ct);
            db.PlanVersions.Add(version);
            plan.PublishedVersion = version.Number;
            await db.SaveChangesAsync(ct);
        }
        return waiting.Count;
    }

    /// <summary>A published version of a plan year (null when there is none of that number).</summary>
    public static Task<PlanVersion?> FindAsync(BeaconDb db, int organisationId, int year, int number, CancellationToken ct) =>
        db.PlanVersions.AsNoTracking().SingleOrDefaultAsync(v => v.OrganisationId == organisationId && v.Year == year && v.Number == number, ct);

    /// <summary>The versions of a plan year without their documents, oldest first.</summary>
    public static async Task<List<VersionRow>> ListAsync(BeaconDb db, int organisationId, int year, CancellationToken ct) =>
        [.. (await db.PlanVersions.AsNoTracking().Where(v => v.OrganisationId == organisationId && v.Year == year)
            .Select(v => new VersionRow(v.Number, v.Date, v.At, v.Body, v.ApprovedBy, v.Reason, v.Revision)).ToListAsync(ct)).OrderBy(v => v.Number)];

    /// <summary>The document of a version, read back (it was written by the exporter, so it reads).</summary>
    public static PlanDocument Read(PlanVersion version) => Read(version.Document, version.OrganisationId, version.Year, version.Number);

    /// <summary>
    /// A version's stored document, read back: deserialised directly (the exporter wrote it, so it has the shape an upload
    /// is checked for); a document that does not deserialise goes through the checks of an upload, which say what is wrong.
    /// </summary>
    public static PlanDocument Read(string document, int organisationId, int year, int number)
    {
        try
        {
            if (System.Text.Json.JsonSerializer.Deserialize<PlanDocument>(document, PlanJson.Options) is { } read) return read;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        var (checkedDocument, problems) = PlanJson.Read(document);
        return checkedDocument ?? throw new InvalidOperationException(
            $"version {number} of plan {organisationId}/{year} cannot be read: {string.Join("; ", problems)}");
    }
}

/// <summary>One published version as the history lists it.</summary>
public sealed record VersionRow(int Number, DateOnly Date, DateTimeOffset At, string? Body, string ApprovedBy, string? Reason, bool Revision);
