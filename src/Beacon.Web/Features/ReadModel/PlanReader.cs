using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.ReadModel;

/// <summary>Who reads, as far as what they may see goes: the public (approved plans only) or staff (every plan).</summary>
public enum Audience { Public, Staff }

/// <summary>
/// The one way plan pages, the API and open data read a plan. Each request reads the plan's head (its row and change
/// stamp) with one indexed query and takes the plan's view from <see cref="PlanViewCache"/> under that stamp, loading it
/// only when the cache has none; which plan (and, later, which published version of it) a reader is served is decided
/// here. Values that also depend on other plans (the cascade to the city, agency links) are keyed by a digest of every
/// plan's stamp instead, read once per request (in the head's query) when a page needs one.
/// </summary>
public sealed class PlanReader(BeaconDb db, PlanViewCache cache, ChangeWatch watch)
{
    private readonly Dictionary<(string, int), PlanHead?> heads = new();
    private long? digest;

    public static Audience AudienceOf(ClaimsPrincipal user) => user.CanReadDrafts() ? Audience.Staff : Audience.Public;

    /// <summary>
    /// The plan of this organisation and year, whoever asks (read once per request). A page that also shows other plans
    /// asks <paramref name="withDigest"/>: the digest (<see cref="DigestAsync"/>) then comes in the same query.
    /// </summary>
    public async Task<PlanHead?> HeadAsync(string org, int year, CancellationToken ct, bool withDigest = false)
    {
        if (heads.TryGetValue((org, year), out var known) && (!withDigest || digest is not null || known is null)) return known;
        PlanHead? head;
        if (withDigest && digest is null)
        {
            var both = await watch.KeptAsync(db, ("head+digest", org, year), () => Read(() => Queries.HeadAndDigest(db, org, year, ct), ct));
            head = both?.Head;
            if (both is not null) digest = both.Digest;
        }
        else head = await watch.KeptAsync(db, ("head", org, year), () => Read(() => Queries.Head(db, org, year, ct), ct));
        heads[(org, year)] = head;
        return head;
    }

    private sealed record HeadAndDigest(PlanHead Head, long Digest);

    /// <summary>The queries every request runs (see <see cref="CompiledQueries{T}"/>).</summary>
    private sealed class Compiled
    {
        public readonly Func<BeaconDb, string, int, CancellationToken, Task<PlanHead?>> Head = EF.CompileAsyncQuery(
            (BeaconDb db, string org, int year, CancellationToken ct) => db.Plans
                .Where(p => p.Organisation.Code == org && p.Year == year)
                .Select(p => new PlanHead(p.Id, org, p.Year, p.Status,
                    db.Set<PlanStamp>().Where(s => s.PlanId == p.Id).Select(s => s.Stamp).FirstOrDefault(), p.PublishedVersion))
                .FirstOrDefault());

        public readonly Func<BeaconDb, string, int, CancellationToken, Task<HeadAndDigest?>> HeadAndDigest = EF.CompileAsyncQuery(
            (BeaconDb db, string org, int year, CancellationToken ct) => db.Plans
                .Where(p => p.Organisation.Code == org && p.Year == year)
                .Select(p => new HeadAndDigest(new PlanHead(p.Id, org, p.Year, p.Status,
                        db.Set<PlanStamp>().Where(s => s.PlanId == p.Id).Select(s => s.Stamp).FirstOrDefault(), p.PublishedVersion),
                    db.Set<PlanStamp>().Sum(s => s.Stamp)))
                .FirstOrDefault());

        public readonly Func<BeaconDb, CancellationToken, Task<long>> Organisations = EF.CompileAsyncQuery(
            (BeaconDb db, CancellationToken ct) => db.Organisations.Sum(o => o.Version + 1_000_000L));

        public readonly Func<BeaconDb, CancellationToken, Task<long>> AllStamps = EF.CompileAsyncQuery(
            (BeaconDb db, CancellationToken ct) => db.Set<PlanStamp>().Sum(s => s.Stamp));
    }

    private Compiled Queries => CompiledQueries<Compiled>.For(db);

    /// <summary>
    /// The copy of the plan year this reader is shown (the core's <see cref="PlanReading"/>: the working copy, or a
    /// published version — the latest, or the one <paramref name="asked"/> for by number); null when they may see nothing of it.
    /// </summary>
    public static PlanCopy? CopyFor(PlanHead head, Actor reader, int? asked = null) =>
        PlanReading.For(reader, head.Status, head.PublishedVersion, asked);

    /// <summary>The whole plan as this reader is shown it (<see cref="CopyFor"/>), or null.</summary>
    public async Task<PlanView?> ViewAsync(string org, int year, ClaimsPrincipal user, CancellationToken ct, int? asked = null) =>
        await ViewAsync(org, year, user.Actor(), ct, asked);

    /// <inheritdoc cref="ViewAsync(string, int, ClaimsPrincipal, CancellationToken, int?)"/>
    public async Task<PlanView?> ViewAsync(string org, int year, Actor reader, CancellationToken ct, int? asked = null) =>
        await HeadAsync(org, year, ct) is { } head ? await ViewForAsync(head, reader, asked) : null;

    /// <summary>The copy of the plan under this head that the reader is shown, from the cache or loaded once; null when none.</summary>
    public Task<PlanView?> ViewForAsync(PlanHead head, Actor reader, int? asked = null, string? kpiCode = null) =>
        CopyFor(head, reader, asked) switch
        {
            null => Task.FromResult<PlanView?>(null),
            { IsWorking: true } => kpiCode is null ? ViewAsync(head) : KpiViewAsync(head, kpiCode),
            var copy => PublishedAsync(head, copy.PublishedVersion!.Value),
        };

    /// <summary>
    /// A published version of the plan, as the same entity graph (unsaved) with the version's frozen document: cached under
    /// its number and the plan's stamp (a version never changes, but the names and row version around it may).
    /// </summary>
    private Task<PlanView?> PublishedAsync(PlanHead head, int number) =>
        cache.GetAsync(Keys.Published(head, number), async () =>
        {
            // Not the caller's cancellation: other requests may be waiting for this load.
            var read = await db.LoadForReaderAsync(head.Organisation, head.Year, Actor.Anonymous, number, CancellationToken.None);
            // The workflow history is the plan year's, whichever copy is shown.
            var view = read is null ? null : new PlanView(read.Plan, head.Stamp, await StepsAsync(head.Id), partial: false, read.Version);
            return (view, view is null ? 0 : PlanView.EstimateBytes(view.Plan, view.Steps.Count));
        });

    /// <summary>The whole plan under this head's stamp, from the cache or loaded once.</summary>
    public Task<PlanView?> ViewAsync(PlanHead head) => head.Stamp == 0
        ? LoadAsync(head.Id, 0)
        : cache.GetAsync(Keys.Plan(head), async () =>
        {
            var view = await LoadAsync(head.Id, head.Stamp);
            return (view, view is null ? 0 : PlanView.EstimateBytes(view.Plan, view.Steps.Count));
        });

    /// <summary>
    /// What one KPI's page shows of its plan: the whole view when the cache holds it, else a view of that KPI alone
    /// (loaded without the rest of the plan, and cached as such). A code the plan lacks gives a view without objectives.
    /// </summary>
    public async Task<PlanView?> KpiViewAsync(PlanHead head, string code)
    {
        if (head.Stamp != 0 && cache.Peek<PlanView>(Keys.Plan(head)) is { } whole) return whole;
        if (head.Stamp == 0) return await LoadKpiAsync(head.Id, code, 0);
        return await cache.GetAsync(("kpi", head.Id, head.Stamp, code), async () =>
        {
            var view = await LoadKpiAsync(head.Id, code, head.Stamp);
            return (view, view is null ? 0 : PlanView.EstimateBytes(view.Plan, 0));
        });
    }

    /// <summary>
    /// A value a page of this plan computes from other plans as well (the city KPI it serves, agency links …), for this
    /// reader's audience: cached under the digest of every plan, so any change to any of them makes a new key.
    /// </summary>
    public async Task<T> AcrossPlansAsync<T>(PlanHead head, string what, ClaimsPrincipal user, Func<Task<T>> compute, CancellationToken ct) where T : class
    {
        var audience = AudienceOf(user);
        var digest = await DigestAsync(ct);
        return (await cache.GetAsync(("across", head.Id, what, audience, digest), async () => (await compute(), 4096L)))!;
    }

    /// <summary>
    /// A value computed from every plan and the same for every reader (the open-data index): cached under the digest,
    /// so a request pays one sum instead of the query over every plan.
    /// </summary>
    public async Task<T> AllPlansAsync<T>(string what, Func<Task<(T Value, long Bytes)>> compute, CancellationToken ct) where T : class
    {
        var digest = await DigestAsync(ct);
        return (await cache.GetAsync<T>(("all", what, digest), async () => await compute()))!;
    }

    /// <summary>
    /// What changes when an organisation is added, removed, renamed or moved (its version is raised then), for lists of
    /// organisations that also hold ones without plans (the plans' digest covers an organisation that has plans: it owns
    /// them). Each organisation counts a million plus its version, so one more or one fewer organisation and a raised
    /// version both change the sum. Read once per request.
    /// </summary>
    public async Task<long> OrganisationsKeyAsync(CancellationToken ct) =>
        organisationsKey ??= await watch.KeptAsync(db, "organisations", () => Read(() => Queries.Organisations(db, ct), ct));

    private long? organisationsKey;

    /// <summary>
    /// The sum of every plan's stamp: it changes whenever a plan changes, appears or goes (stamps are random, so two
    /// states colliding is out of reach). One sum for every audience: a scan of one narrow table, where the public's own
    /// (approved plans only) needed each plan's row; a change to a draft then also renews what the public is served,
    /// which costs a rendering, never a stale figure. Read once per request, with the head when the page says so.
    /// </summary>
    public async Task<long> DigestAsync(CancellationToken ct)
    {
        if (digest is { } known) return known;
        digest = await watch.KeptAsync(db, "digest", () => Read(() => Queries.AllStamps(db, ct), ct));
        return digest.Value;
    }

    /// <summary>A query every request runs, on the request's one open connection.</summary>
    private async Task<T> Read<T>(Func<Task<T>> query, CancellationToken ct)
    {
        await db.KeepConnectionOpenAsync(ct);
        return await query();
    }

    /// <summary>
    /// Every visible plan of a year in organisation order (after the organisation code <paramref name="after"/>, at most
    /// <paramref name="limit"/>), with its figures for the cross-organisation summary: each plan's from the cache under
    /// its stamp, the others loaded a batch at a time with only the year's values and evaluated, so the list streams.
    /// </summary>
    public async IAsyncEnumerable<OrganisationEvaluation> SummariesAsync(int year, ClaimsPrincipal user, string? after = null, int? limit = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var reader = user.Actor();
        var query = db.Plans.AsNoTracking().Where(p => p.Year == year).ReadableBy(user);
        if (after is not null) query = query.Where(p => string.Compare(p.Organisation.Code, after) > 0);
        var ordered = query.OrderBy(p => p.Organisation.Code)
            .Select(p => new PlanHead(p.Id, p.Organisation.Code, p.Year, p.Status,
                db.Set<PlanStamp>().Where(s => s.PlanId == p.Id).Select(s => s.Stamp).FirstOrDefault(), p.PublishedVersion));
        var heads = await (limit is { } n ? ordered.Take(n) : ordered).ToListAsync(ct);
        foreach (var batch in heads.Chunk(SummaryBatch))
        {
            var found = new Dictionary<int, OrganisationEvaluation>();
            var working = new List<PlanHead>();
            var published = new List<(PlanHead Head, int Number)>();
            foreach (var head in batch)
            {
                // A plan shown to this reader as a published version: that version's figures.
                if (CopyFor(head, reader) is { IsWorking: false } copy)
                {
                    var number = copy.PublishedVersion!.Value;
                    if ((cache.Peek<OrganisationEvaluation>(Keys.PublishedSummary(head, number)) ?? cache.Peek<PlanView>(Keys.Published(head, number))?.Summary) is { } figures)
                        found[head.Id] = figures;
                    else published.Add((head, number));
                    continue;
                }
                if (head.Stamp != 0 && (cache.Peek<OrganisationEvaluation>(Keys.Summary(head)) ?? cache.Peek<PlanView>(Keys.Plan(head))?.Summary) is { } known)
                    found[head.Id] = known;
                else working.Add(head);
            }
            if (published.Count > 0)
                foreach (var (head, number, summary) in await LoadPublishedSummariesAsync(published, year, ct))
                {
                    found[head.Id] = summary;
                    await cache.GetAsync(Keys.PublishedSummary(head, number), () => Task.FromResult<(OrganisationEvaluation?, long)>((summary, 1024)));
                }
            if (working.Count > 0)
                foreach (var (head, summary) in await LoadSummariesAsync(working, year, ct))
                {
                    found[head.Id] = summary;
                    if (head.Stamp != 0) await cache.GetAsync(Keys.Summary(head), () => Task.FromResult<(OrganisationEvaluation?, long)>((summary, 1024)));
                }
            foreach (var head in batch)
                if (found.TryGetValue(head.Id, out var summary)) yield return summary;
        }
    }

    /// <summary>Plans evaluated at a time for the summary: their year's values, not every year's, are loaded.</summary>
    private const int SummaryBatch = 100;

    /// <summary>Evaluating plans is CPU bound and each plan is evaluated alone: they are evaluated on every core.</summary>
    private static readonly ParallelOptions Cores = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>
    /// The figures of published versions (a batch of them), in three queries whatever their number: the plan rows, the
    /// versions' documents and the organisations; each document read and evaluated as the version's page shows it
    /// (<see cref="PlanQueries.PublishedPlan"/>), in parallel. Only the figures are kept, not the plans.
    /// </summary>
    private async Task<List<(PlanHead Head, int Number, OrganisationEvaluation Summary)>> LoadPublishedSummariesAsync(
        List<(PlanHead Head, int Number)> wanted, int year, CancellationToken ct)
    {
        var ids = wanted.Select(w => w.Head.Id).ToList();
        var rows = await db.Plans.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.OrganisationId, p.Version }).ToDictionaryAsync(p => p.Id, ct);
        var organisationIds = rows.Values.Select(r => r.OrganisationId).Distinct().ToList();
        var numbers = wanted.Select(w => w.Number).Distinct().ToList();
        var documents = (await db.PlanVersions.AsNoTracking()
                .Where(v => v.Year == year && organisationIds.Contains(v.OrganisationId) && numbers.Contains(v.Number))
                .Select(v => new { v.OrganisationId, v.Number, v.Document }).ToListAsync(ct))
            .ToDictionary(v => (v.OrganisationId, v.Number), v => v.Document);
        var organisations = await db.Organisations.AsNoTracking().Include(o => o.Parent)
            .Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var summaries = new OrganisationEvaluation?[wanted.Count];
        Parallel.For(0, wanted.Count, Cores, i =>
        {
            var (head, number) = wanted[i];
            if (!rows.TryGetValue(head.Id, out var row) || !documents.TryGetValue((row.OrganisationId, number), out var document)) return;
            var plan = PlanQueries.PublishedPlan(YearEndOnly(Authoring.PlanVersions.Read(document, row.OrganisationId, year, number), year),
                organisations[row.OrganisationId], head.Id, row.Version, head.PublishedVersion);
            summaries[i] = OrganisationEvaluation.Of(PlanEvaluation.Of(plan));
        });
        return [.. wanted.Select((w, i) => (w.Head, w.Number, summaries[i])).Where(x => x.Item3 is not null).Select(x => (x.Head, x.Number, x.Item3!))];
    }

    /// <summary>
    /// What of a document the year's evaluation reads, as <see cref="LoadSummariesAsync"/> loads it of a working copy: the
    /// year-end values of the year (of KPIs and their parts) and the assessments, without progress, other years, inputs,
    /// action plans or links.
    /// </summary>
    private static Beacon.Core.Plans.PlanDocument YearEndOnly(Beacon.Core.Plans.PlanDocument document, int year) => document with
    {
        Links = [],
        Objectives = [.. document.Objectives.Select(o => o with
        {
            Kpis = [.. o.Kpis.Select(k => k with
            {
                Values = [.. k.Values.Where(v => v.Year == year && v.Period is null)],
                Inputs = null,
                ActionPlans = [],
                Parts = [.. k.Parts.Select(x => x with { Values = [.. x.Values.Where(v => v.Year == year && v.Period is null)] })],
            })],
        })],
    };

    private async Task<List<(PlanHead Head, OrganisationEvaluation Summary)>> LoadSummariesAsync(List<PlanHead> heads, int year, CancellationToken ct)
    {
        var ids = heads.Select(h => h.Id).ToList();
        // One split query per collection, whatever the number of plans; only the year's year-end values.
        var plans = await db.Plans.AsNoTracking().AsSplitQuery()
            .Where(p => ids.Contains(p.Id))
            .Include(p => p.Organisation)
            .Include(p => p.Perspectives)
            .Include(p => p.Themes)
            .Include(p => p.Evaluation)
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Values.Where(v => v.Year == year && v.Period == null))
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Parts).ThenInclude(x => x.Values.Where(v => v.Year == year && v.Period == null))
            .Include(p => p.Objectives).ThenInclude(o => o.Kpis).ThenInclude(k => k.Assessment)
            .ToDictionaryAsync(p => p.Id, ct);
        var summaries = new OrganisationEvaluation?[heads.Count];
        Parallel.For(0, heads.Count, Cores, i =>
        {
            if (!plans.TryGetValue(heads[i].Id, out var plan)) return;
            PlanQueries.SortInDocumentOrder(plan);
            summaries[i] = OrganisationEvaluation.Of(PlanEvaluation.Of(plan));
        });
        return [.. heads.Select((h, i) => (h, summaries[i])).Where(x => x.Item2 is not null).Select(x => (x.h, x.Item2!))];
    }

    private async Task<PlanView?> LoadAsync(int planId, long stamp)
    {
        // Not the caller's cancellation: other requests may be waiting for this load.
        var plan = await db.LoadPlanAsync(planId, CancellationToken.None);
        if (plan is null) return null;
        return new PlanView(plan, stamp, await StepsAsync(planId), partial: false);
    }

    /// <summary>The plan year's workflow history, oldest first (ordered in memory: SQLite cannot ORDER BY a DateTimeOffset).</summary>
    private async Task<List<PlanStep>> StepsAsync(int planId) =>
        (await db.PlanSteps.AsNoTracking().Where(s => s.PlanId == planId).ToListAsync())
            .OrderBy(s => s.At).ThenBy(s => s.Id).ToList();

    private async Task<PlanView?> LoadKpiAsync(int planId, string code, long stamp)
    {
        var plan = await db.Plans.AsNoTracking().AsSplitQuery()
            .Include(p => p.Organisation).ThenInclude(o => o.Parent)
            .Include(p => p.Perspectives)
            .Include(p => p.Themes)
            .SingleOrDefaultAsync(p => p.Id == planId);
        if (plan is null) return null;
        var kpi = await db.Kpis.AsNoTracking().AsSplitQuery()
            .Where(k => k.Code == code && k.Objective.PlanId == planId)
            .Include(k => k.Objective)
            .Include(k => k.Values)
            .Include(k => k.Parts).ThenInclude(x => x.Values)
            .Include(k => k.ActionPlans).ThenInclude(a => a.Budgets)
            .Include(k => k.ActionPlans).ThenInclude(a => a.Milestones)
            .Include(k => k.Inputs)
            .Include(k => k.Assessment)
            .FirstOrDefaultAsync();
        if (kpi is not null)
        {
            kpi.Objective.Kpis = [kpi];
            plan.Objectives = [kpi.Objective];
        }
        PlanQueries.SortInDocumentOrder(plan);
        return new PlanView(plan, stamp, [], partial: true);
    }

    private static class Keys
    {
        public static object Plan(PlanHead head) => ("plan", head.Id, head.Stamp);
        public static object Summary(PlanHead head) => ("summary", head.Id, head.Stamp);
        public static object Published(PlanHead head, int number) => ("published", head.Id, number, head.Stamp);
        public static object PublishedSummary(PlanHead head, int number) => ("published summary", head.Id, number, head.Stamp);
    }
}
