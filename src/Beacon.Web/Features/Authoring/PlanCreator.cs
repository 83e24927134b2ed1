using Beacon.Core;
using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// Adds organisations, renames them, and starts plans (empty, carried forward, from the city plan): load → the core
/// decides (<see cref="OrganisationCheck"/>, <see cref="PlanCreation"/>) → save, audited. A new plan is created by the
/// importer, exactly as an import creates a draft.
/// </summary>
public sealed class PlanCreator(BeaconDb db, PlanImporter importer, AuditScope audit)
{
    /// <summary>The audit entry's action of a plan started in Beacon.</summary>
    public const string StartAction = "start";

    public async Task<WriteOutcome> AddOrganisationAsync(OrganisationEdit edit, Actor actor, CancellationToken ct = default)
    {
        var decision = OrganisationCheck.Add(actor, edit, await ParentsAsync(ct));
        if (!decision.Accepted) return WriteOutcome.Refused(decision.Problems);
        var doc = decision.Organisation!;
        audit.OrganisationCode = doc.Code;
        db.Organisations.Add(new Organisation
        {
            Code = doc.Code, Name = doc.Name, ShortName = doc.ShortName, NameEn = doc.NameEn, Kind = doc.Kind,
            ParentId = doc.Parent is { } parent ? await db.Organisations.Where(o => o.Code == parent).Select(o => (int?)o.Id).SingleAsync(ct) : null,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone added the same code at the same moment: the unique index refused this one.
            db.ChangeTracker.Clear();
            return WriteOutcome.Refused([new PlanPlace(ElementKind.Organisation, doc.Code, "code").Says($"機關代碼「{doc.Code}」已有機關使用", $"The code {doc.Code} is already an organisation's.", ProblemKind.Conflict)]);
        }
        return WriteOutcome.Done;
    }

    /// <summary>Renames an organisation (or changes its kind or parent): shown by the plans' versions approved after it.</summary>
    public async Task<WriteOutcome> ChangeOrganisationAsync(string org, OrganisationEdit edit, Actor actor, CancellationToken ct = default)
    {
        var organisation = await db.Organisations.Include(o => o.Parent).SingleOrDefaultAsync(o => o.Code == org, ct);
        if (organisation is null) return WriteOutcome.NotFound;
        var decision = OrganisationCheck.Change(actor, Doc(organisation), organisation.Version, edit, await ParentsAsync(ct));
        if (!decision.Accepted) return WriteOutcome.Refused(decision.Problems);
        var doc = decision.Organisation!;
        audit.OrganisationCode = organisation.Code;
        (organisation.Name, organisation.ShortName, organisation.NameEn, organisation.Kind) = (doc.Name, doc.ShortName, doc.NameEn, doc.Kind);
        var parentId = doc.Parent is { } parent ? await db.Organisations.Where(o => o.Code == parent).Select(o => (int?)o.Id).SingleAsync(ct) : null;
        if (organisation.ParentId != parentId) organisation.Parent = parentId is null ? null : await db.Organisations.SingleAsync(o => o.Id == parentId, ct);
        organisation.ParentId = parentId;
        organisation.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return WriteOutcome.Refused([PlanEditor.SavedMeanwhile]);
        }
        return WriteOutcome.Done;
    }

    /// <summary>Starts a plan of a new year as a draft: empty, carried forward from another year, or from the city plan of the year.</summary>
    public async Task<WriteOutcome> StartPlanAsync(string org, NewPlanRequest request, Actor actor, CancellationToken ct = default)
    {
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Parent).SingleOrDefaultAsync(o => o.Code == org, ct);
        if (organisation is null) return WriteOutcome.NotFound;
        var years = await db.Plans.Where(p => p.OrganisationId == organisation.Id).Select(p => p.Year).ToListAsync(ct);
        PlanDocument? source = null, city = null;
        if (request.From is { } from && await db.LoadPlanAsync(org, from, ct) is { } stored) source = PlanMapping.ToDocument(stored);
        if (request.City is not null && request.Year is { } year && await CityCascade.CityOfAsync(db, organisation, ct) is { } cityOrganisation
            && await db.LoadPlanAsync(cityOrganisation.Code, year, ct) is { } cityPlan)
            city = PlanMapping.ToDocument(cityPlan);
        var decision = PlanCreation.Check(actor, Doc(organisation), years, request, source, city);
        if (!decision.Accepted) return WriteOutcome.Refused(decision.Problems);
        var result = await importer.ImportAsync(decision.Plan!, dryRun: false, replace: false, ct, action: StartAction);
        if (result.Succeeded) return WriteOutcome.Done;
        // Another start of the same year at the same moment: the importer found it there.
        return WriteOutcome.Refused([.. result.Problems.Select(p => p with { Kind = result.Conflict ? ProblemKind.Conflict : ProblemKind.Invalid })]);
    }

    public static OrganisationDoc Doc(Organisation o) => new()
    {
        Code = o.Code, Name = o.Name, ShortName = o.ShortName, NameEn = o.NameEn, Kind = o.Kind, Parent = o.Parent?.Code,
    };

    private async Task<Dictionary<string, string?>> ParentsAsync(CancellationToken ct) =>
        await db.Organisations.AsNoTracking().Select(o => new { o.Code, Parent = o.Parent == null ? null : o.Parent.Code })
            .ToDictionaryAsync(o => o.Code, o => o.Parent, StringComparer.Ordinal, ct);
}
