using Beacon.Core;
using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Authoring;

/// <summary>An element of a plan as it is edited: its document and its version (to send back with a change).</summary>
public sealed record Editing<T>(T Element, int Version);

/// <summary>
/// Edits a plan the way every write goes: load the plan whole → the core decides (<see cref="PlanEditCheck"/>: the
/// problems, or the whole plan after the change) → apply only what differs (<see cref="PlanSync"/>) → save in one
/// transaction with the plan held and every element's version checked, the audit interceptor recording old → new per
/// field. No rule lives here. The forms and the API call the same methods.
/// </summary>
public sealed class PlanEditor(BeaconDb db, AuditScope audit, Notifications.Notices notices, TimeProvider clock)
{
    /// <summary>Runs after the check and before the transaction: lets a test save another person's change in between.</summary>
    internal Func<CancellationToken, Task>? BeforeTransaction { get; set; }

    /// <summary>Someone saved a change to the same element (or its list) at the same moment.</summary>
    public static readonly Problem SavedMeanwhile = new("version", "資料已被他人同時更新，你的修改未儲存；請重新載入後再存",
        "Someone else saved a change here at the same moment; your change was not saved, reload and save again.") { Kind = ProblemKind.Stale };

    /// <summary>Applies one change to a plan year as <paramref name="actor"/>.</summary>
    public async Task<WriteOutcome> EditAsync(string org, int year, PlanChange change, Actor actor, CancellationToken ct = default)
    {
        var plan = await LoadAsync(org, year, ct);
        if (plan is null) return WriteOutcome.NotFound;
        audit.About(plan.Organisation.Code, year);
        var context = await ContextAsync(plan, actor, ct);
        var decision = PlanEditCheck.Check(context, PlanMapping.ToDocument(plan), Versions(plan), change);
        if (!decision.Accepted) return WriteOutcome.Refused(decision.Problems);

        if (BeforeTransaction is { } hook) await hook(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The plan row held while the status still allows this person's edit: a step arriving now waits for this save.
        var allowed = Enum.GetValues<PlanStatus>().Where(s => WorkflowRules.OpenForAuthoring(actor, s)).ToList();
        var held = await db.Plans.Where(p => p.Id == plan.Id && allowed.Contains(p.Status)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, p => p.Status), ct);
        if (held == 0)
        {
            await transaction.RollbackAsync(ct);
            var now = await db.Plans.AsNoTracking().Where(p => p.Id == plan.Id).Select(p => p.Status).SingleAsync(ct);
            return WriteOutcome.Refused([PlanEditCheck.Locked(context with { Status = now }, change.Element)]);
        }
        // With the plan held, a version that moved since the load is a plain 409 here rather than a failed save.
        if (await VersionAsync(plan, change.Element, ct) is { } stored && stored != Versions(plan).GetValueOrDefault(change.Element.Key))
        {
            await transaction.RollbackAsync(ct);
            return WriteOutcome.Refused([SavedMeanwhile]);
        }
        new PlanSync(db, plan, decision.After!, decision.Renamed).Apply();
        return await SaveAsync(transaction, ct);
    }

    /// <summary>
    /// Opens a revision (修正) of an approved plan: the plan becomes a draft again whose changed targets keep their
    /// original and the reason, recorded as a step (Revise) with the reason; those concerned are told.
    /// </summary>
    public async Task<WriteOutcome> ReviseAsync(string org, int year, RevisionRequest request, Actor actor, CancellationToken ct = default)
    {
        var plan = await db.Plans.Include(p => p.Organisation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return WriteOutcome.NotFound;
        var decision = WorkflowRules.CheckRevision(actor, plan.Status, plan.Version, request.Reason, request.Version, $"GET /api/orgs/{plan.Organisation.Code}/plans/{year}/workflow");
        if (!decision.Accepted) return WriteOutcome.Refused(decision.Problems);
        audit.About(plan.Organisation.Code, year);
        var from = plan.Status;
        plan.Status = decision.To;
        plan.Version++;
        plan.RevisionReason = decision.Comment;
        db.PlanSteps.Add(new PlanStep { PlanId = plan.Id, At = clock.GetUtcNow(), UserName = audit.UserName, From = from, To = decision.To, Action = WorkflowRules.ReviseAction, Comment = decision.Comment });
        // The plan's version names this opening uniquely (a revision opened again for the same next number is another).
        await notices.RevisionOpenedAsync(plan, plan.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), decision.Comment, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteOutcome.Refused([WorkflowRules.Moved(plan.Status)]);
        }
        return WriteOutcome.Done;
    }

    /// <summary>The plan loaded whole and tracked, every list in document order.</summary>
    public async Task<Plan?> LoadAsync(string org, int year, CancellationToken ct)
    {
        var plan = await PlanQueries.WholeGraph(db.Plans)
            .SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is not null) PlanQueries.SortInDocumentOrder(plan);
        return plan;
    }

    /// <summary>Every element's version, keyed as the core looks them up (<see cref="PlanPlace.KeyOf"/>).</summary>
    public static Dictionary<string, int> Versions(Plan plan)
    {
        var versions = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [PlanPlace.KeyOf(ElementKind.Header, null)] = plan.HeaderVersion,
            [PlanPlace.KeyOf(ElementKind.Perspectives, null)] = plan.HeaderVersion,
            [PlanPlace.KeyOf(ElementKind.Links, null)] = plan.LinksVersion,
        };
        foreach (var t in plan.Themes) versions[PlanPlace.KeyOf(ElementKind.Theme, t.Code)] = t.Version;
        foreach (var o in plan.Objectives)
        {
            versions[PlanPlace.KeyOf(ElementKind.Objective, o.Code)] = o.Version;
            foreach (var k in o.Kpis)
            {
                versions[PlanPlace.KeyOf(ElementKind.Kpi, k.Code)] = k.Version;
                foreach (var a in k.ActionPlans) versions[PlanPlace.KeyOf(ElementKind.ActionPlan, a.Code)] = a.Version;
            }
        }
        return versions;
    }

    /// <summary>The element's version as stored now (inside the transaction); null for a new one.</summary>
    private Task<int?> VersionAsync(Plan plan, PlanPlace element, CancellationToken ct)
    {
        var id = plan.Id;
        var code = element.Code;
        return element.Kind switch
        {
            ElementKind.Header or ElementKind.Perspectives => db.Plans.Where(p => p.Id == id).Select(p => (int?)p.HeaderVersion).SingleOrDefaultAsync(ct),
            ElementKind.Links => db.Plans.Where(p => p.Id == id).Select(p => (int?)p.LinksVersion).SingleOrDefaultAsync(ct),
            ElementKind.Theme => db.Themes.Where(t => t.PlanId == id && t.Code == code).Select(t => (int?)t.Version).SingleOrDefaultAsync(ct),
            ElementKind.Objective => db.Objectives.Where(o => o.PlanId == id && o.Code == code).Select(o => (int?)o.Version).SingleOrDefaultAsync(ct),
            ElementKind.Kpi => db.Kpis.Where(k => k.Objective.PlanId == id && k.Code == code).Select(k => (int?)k.Version).FirstOrDefaultAsync(ct),
            ElementKind.ActionPlan => (from a in db.ActionPlans join k in db.Kpis on a.KpiId equals k.Id where k.Objective.PlanId == id && a.Code == code select (int?)a.Version).FirstOrDefaultAsync(ct),
            _ => Task.FromResult<int?>(null),
        };
    }

    /// <summary>What the rules need around the plan: an open revision, the plans carrying a city plan's elements, the city plan's codes for a bureau.</summary>
    private async Task<AuthoringContext> ContextAsync(Plan plan, Actor actor, CancellationToken ct)
    {
        var organisation = plan.Organisation;
        List<CarryingPlan>? carriers = null;
        CityCodes? city = null;
        if (organisation.Kind == OrganisationKind.City)
        {
            var cityId = organisation.Id;
            var carrying = await db.Plans.AsNoTracking()
                .Where(p => p.Year == plan.Year && (p.Organisation.ParentId == cityId || p.Organisation.Parent!.ParentId == cityId || p.Organisation.Parent!.Parent!.ParentId == cityId))
                .Select(p => new
                {
                    p.Organisation.Code, p.Organisation.Name, p.Year,
                    Themes = p.Themes.Where(t => t.CityTheme != null).Select(t => t.CityTheme!).ToList(),
                    Objectives = p.Objectives.Where(o => o.CityObjective != null).Select(o => o.CityObjective!).ToList(),
                    Kpis = p.Objectives.SelectMany(o => o.Kpis).Where(k => k.CityKpi != null).Select(k => k.CityKpi!).ToList(),
                })
                .ToListAsync(ct);
            carriers = [.. carrying.Where(c => c.Themes.Count + c.Objectives.Count + c.Kpis.Count > 0)
                .Select(c => new CarryingPlan(c.Code, c.Name, c.Year, c.Themes.Distinct().ToList(), c.Objectives.Distinct().ToList(), c.Kpis.Distinct().ToList()))];
        }
        else if (await CityCascade.CityOfAsync(db, organisation, ct) is { } cityOrganisation)
        {
            var cityPlan = await db.Plans.AsNoTracking().Where(p => p.OrganisationId == cityOrganisation.Id && p.Year == plan.Year)
                .Select(p => new
                {
                    Themes = p.Themes.Select(t => t.Code).ToList(),
                    Objectives = p.Objectives.Select(o => o.Code).ToList(),
                    Kpis = p.Objectives.SelectMany(o => o.Kpis).Select(k => k.Code).ToList(),
                })
                .SingleOrDefaultAsync(ct);
            if (cityPlan is not null)
                city = new CityCodes(plan.Year, cityPlan.Themes.ToHashSet(StringComparer.Ordinal), cityPlan.Objectives.ToHashSet(StringComparer.Ordinal), cityPlan.Kpis.ToHashSet(StringComparer.Ordinal));
        }
        return new AuthoringContext(organisation.Code, plan.Year, plan.Status, actor, plan.RevisionReason is not null, carriers, city);
    }

    private async Task<WriteOutcome> SaveAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return WriteOutcome.Refused([SavedMeanwhile]);
        }
        catch (DbUpdateException e) when (e.Entries.Any(x => x.Entity is Objective && x.State == EntityState.Added))
        {
            // Two people added an objective of the same code at the same moment: the unique index refused the second.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return WriteOutcome.Refused([SavedMeanwhile]);
        }
        await transaction.CommitAsync(ct);
        return WriteOutcome.Done;
    }
}
