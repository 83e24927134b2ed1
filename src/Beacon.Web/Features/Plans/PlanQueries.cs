using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Plans;

/// <summary>What a reader is shown of a plan year: the plan (the working copy, or a published version as an unsaved graph) and the version it is, when it is one.</summary>
public sealed record ReadPlan(Plan Plan, PlanVersion? Version);

/// <summary>A plan year as stored, and the copy a reader is to be shown of it (<see cref="PlanReading"/>).</summary>
public sealed record PlanChoice(int PlanId, int OrganisationId, PlanStatus Status, int Version, int? PublishedVersion, PlanCopy Copy);

public static class PlanQueries
{
    /// <summary>
    /// The one place that decides which copy of a plan year a reader sees (the core's <see cref="PlanReading"/> on the
    /// stored status and latest published version): null when the plan does not exist or the reader may see nothing of
    /// it. <paramref name="asked"/> is a published version asked for by number.
    /// </summary>
    public static async Task<PlanChoice?> ChooseCopyAsync(this BeaconDb db, string orgCode, int year, Actor reader, int? asked = null, CancellationToken ct = default)
    {
        var row = await db.Plans.AsNoTracking().Where(p => p.Organisation.Code == orgCode && p.Year == year)
            .Select(p => new { p.Id, p.OrganisationId, p.Status, p.Version, p.PublishedVersion }).SingleOrDefaultAsync(ct);
        return row is null || PlanReading.For(reader, row.Status, row.PublishedVersion, asked) is not { } copy
            ? null : new PlanChoice(row.Id, row.OrganisationId, row.Status, row.Version, row.PublishedVersion, copy);
    }

    /// <summary>
    /// A plan year as this reader is shown it (<see cref="ChooseCopyAsync"/>): the working copy loaded whole, or the
    /// published version's document as the same entity graph, unsaved, so every page renders it unchanged.
    /// </summary>
    public static async Task<ReadPlan?> LoadForReaderAsync(this BeaconDb db, string orgCode, int year, Actor reader, int? asked = null, CancellationToken ct = default)
    {
        if (await db.ChooseCopyAsync(orgCode, year, reader, asked, ct) is not { } choice) return null;
        if (choice.Copy.IsWorking) return await db.LoadPlanAsync(orgCode, year, ct) is { } plan ? new ReadPlan(plan, null) : null;
        var version = await db.PlanVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.OrganisationId == choice.OrganisationId && v.Year == year && v.Number == choice.Copy.PublishedVersion, ct);
        if (version is null) return null;
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Parent).SingleAsync(o => o.Id == choice.OrganisationId, ct);
        return new ReadPlan(Published(version, organisation, choice), version);
    }

    /// <summary>
    /// Several plans as this reader is shown each (the bureau plans of a city year, say): working copies in the same fixed
    /// number of queries as one, published versions from their documents.
    /// </summary>
    public static async Task<List<Plan>> LoadPlansForReaderAsync(this BeaconDb db, IQueryable<Plan> which, Actor reader, CancellationToken ct = default)
    {
        var rows = (await which.AsNoTracking().Select(p => new { p.Id, p.OrganisationId, p.Year, p.Status, p.Version, p.PublishedVersion }).ToListAsync(ct))
            .Select(r => (Row: r, Choice: PlanReading.For(reader, r.Status, r.PublishedVersion) is { } copy ? new PlanChoice(r.Id, r.OrganisationId, r.Status, r.Version, r.PublishedVersion, copy) : null))
            .Where(x => x.Choice is not null).ToList();
        var working = rows.Where(x => x.Choice!.Copy.IsWorking).Select(x => x.Row.Id).ToList();
        List<Plan> plans = working.Count == 0 ? [] : await db.LoadPlansAsync(db.Plans.Where(p => working.Contains(p.Id)), ct);
        var published = rows.Where(x => !x.Choice!.Copy.IsWorking).ToList();
        if (published.Count == 0) return plans;
        var organisationIds = published.Select(x => x.Row.OrganisationId).Distinct().ToList();
        var years = published.Select(x => x.Row.Year).Distinct().ToList();
        var versions = await db.PlanVersions.AsNoTracking().Where(v => organisationIds.Contains(v.OrganisationId) && years.Contains(v.Year)).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().Include(o => o.Parent).Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        foreach (var (row, choice) in published)
            if (versions.FirstOrDefault(v => v.OrganisationId == row.OrganisationId && v.Year == row.Year && v.Number == choice!.Copy.PublishedVersion) is { } version)
                plans.Add(Published(version, organisations[row.OrganisationId], choice!));
        return plans;
    }

    private static Plan Published(PlanVersion version, Organisation organisation, PlanChoice choice) =>
        PublishedPlan(Authoring.PlanVersions.Read(version), organisation, choice.PlanId, choice.Version, choice.PublishedVersion);

    /// <summary>
    /// A published version's document as the plan's entity graph, unsaved: what every reader of that version is shown.
    /// <paramref name="planVersion"/> is the stored plan row's version, <paramref name="latestPublished"/> its latest published version.
    /// </summary>
    public static Plan PublishedPlan(Beacon.Core.Plans.PlanDocument document, Organisation organisation, int planId, int planVersion, int? latestPublished)
    {
        var plan = PlanMapping.ToUnsavedPlan(document, organisation, planId, PlanStatus.Approved, planVersion);
        plan.PublishedVersion = latestPublished;
        return plan;
    }

    /// <summary>
    /// Only the plans this reader can read something of: those whose status they may see, and those with a published
    /// version (<see cref="PlanReading"/>). For lists of plans; a plan's content comes from <see cref="LoadForReaderAsync"/>.
    /// </summary>
    public static IQueryable<Plan> ReadableBy(this IQueryable<Plan> plans, ClaimsPrincipal user)
    {
        var visible = VisibleStatuses(user);
        return visible.Length == Enum.GetValues<PlanStatus>().Length ? plans : plans.Where(p => visible.Contains(p.Status) || p.PublishedVersion != null);
    }

    /// <summary>
    /// Loads one whole plan in a fixed number of queries (one per collection, split), whatever its size, with
    /// every list in document order.
    /// </summary>
    public static Task<Plan?> LoadPlanAsync(this BeaconDb db, string orgCode, int year, CancellationToken ct = default) =>
        db.LoadWholeAsync(db.Plans.Where(p => p.Organisation.Code == orgCode && p.Year == year), ct);

    /// <summary>The same, by the plan's id.</summary>
    public static Task<Plan?> LoadPlanAsync(this BeaconDb db, int planId, CancellationToken ct = default) =>
        db.LoadWholeAsync(db.Plans.Where(p => p.Id == planId), ct);

    private static async Task<Plan?> LoadWholeAsync(this BeaconDb db, IQueryable<Plan> plans, CancellationToken ct)
    {
        var plan = await Whole(plans).SingleOrDefaultAsync(ct);
        if (plan is not null) SortInDocumentOrder(plan);
        return plan;
    }

    /// <summary>
    /// Loads several whole plans (the bureau plans of a city year, say) in the same fixed number of queries as one,
    /// however many there are, each with every list in document order.
    /// </summary>
    public static async Task<List<Plan>> LoadPlansAsync(this BeaconDb db, IQueryable<Plan> which, CancellationToken ct = default)
    {
        var plans = await Whole(which).ToListAsync(ct);
        foreach (var plan in plans) SortInDocumentOrder(plan);
        return plans;
    }

    private static IQueryable<Plan> Whole(IQueryable<Plan> plans) => WholeGraph(plans.AsNoTracking());

    /// <summary>Every row of the plans (one split query per collection), tracked or not as <paramref name="plans"/> is.</summary>
    public static IQueryable<Plan> WholeGraph(IQueryable<Plan> plans) =>
        plans
            .AsSplitQuery()
            .Include(p => p.Organisation).ThenInclude(o => o.Parent)
            .Include(p => p.Approvals)
            .Include(p => p.Perspectives)
            .Include(p => p.Themes)
            .Include(p => p.Links)
            .Include(p => p.Evaluation)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Values)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Parts).ThenInclude(x => x.Values)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.ActionPlans).ThenInclude(a => a.Budgets)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.ActionPlans).ThenInclude(a => a.Milestones)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Inputs)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Assessment);

    /// <summary>
    /// The plan statuses this reader may see (<see cref="PlanVisibility.CanSee"/>): every query that reaches into other
    /// plans (the cascade, agency links, the home page) filters by it, so a draft leaks through none of them.
    /// </summary>
    public static PlanStatus[] VisibleStatuses(ClaimsPrincipal user) =>
        [.. Enum.GetValues<PlanStatus>().Where(s => PlanVisibility.CanSee(user, s))];

    /// <summary>Only the plans this reader may see.</summary>
    public static IQueryable<Plan> VisibleTo(this IQueryable<Plan> plans, ClaimsPrincipal user)
    {
        var visible = VisibleStatuses(user);
        return visible.Length == Enum.GetValues<PlanStatus>().Length ? plans : plans.Where(p => visible.Contains(p.Status));
    }

    internal static void SortInDocumentOrder(Plan plan)
    {
        plan.Approvals.Sort((a, b) => a.Position.CompareTo(b.Position));
        plan.Perspectives.Sort((a, b) => a.Position.CompareTo(b.Position));
        plan.Themes.Sort((a, b) => a.Position.CompareTo(b.Position));
        plan.Links.Sort((a, b) => a.Position.CompareTo(b.Position));
        plan.Objectives.Sort((a, b) => a.Position.CompareTo(b.Position));
        var themes = plan.Themes.ToDictionary(t => t.Id);
        var perspectives = plan.Perspectives.ToDictionary(p => p.Id);
        foreach (var objective in plan.Objectives)
        {
            objective.Theme = objective.ThemeId is { } themeId ? themes[themeId] : null;
            objective.Perspective = perspectives[objective.PerspectiveId];
            objective.Kpis.Sort((a, b) => a.Position.CompareTo(b.Position));
            foreach (var kpi in objective.Kpis)
            {
                kpi.Values.Sort((a, b) => a.Position.CompareTo(b.Position));
                kpi.Inputs.Sort((a, b) => (a.Year, a.Period ?? "", a.Id).CompareTo((b.Year, b.Period ?? "", b.Id)));
                kpi.Parts.Sort((a, b) => a.Position.CompareTo(b.Position));
                foreach (var part in kpi.Parts) part.Values.Sort((a, b) => a.Position.CompareTo(b.Position));
                kpi.ActionPlans.Sort((a, b) => a.Position.CompareTo(b.Position));
                foreach (var action in kpi.ActionPlans)
                {
                    action.Budgets.Sort((a, b) => a.Position.CompareTo(b.Position));
                    action.Milestones.Sort((a, b) => a.Position.CompareTo(b.Position));
                }
            }
        }
    }
}
