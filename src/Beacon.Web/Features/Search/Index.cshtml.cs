using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Search;

public enum HitKind { Objective, Kpi, ActionPlan }

/// <summary>One match: what it is, its code and name, and the page that shows it.</summary>
public sealed record SearchHit(HitKind Kind, string Code, string Name, string Url);

/// <summary>The matches of one plan, which the results are grouped by.</summary>
public sealed record PlanHits(string Organisation, string OrganisationName, int Year, string PlanUrl, IReadOnlyList<SearchHit> Hits);

/// <summary>
/// 搜尋: objectives, KPIs and action plans of every organisation and year by code or by any part of the name.
/// Chinese is written without spaces, so a name matches any substring (空氣品質 finds 提升空氣品質); codes match
/// whatever their case. Only plans the reader may see are searched (anonymous readers: approved ones).
/// </summary>
public sealed class IndexModel(BeaconDb db) : PageModel
{
    public const int MaxHits = 300;

    [FromQuery(Name = "q")] public string? Query { get; set; }

    public IReadOnlyList<PlanHits> Results { get; private set; } = [];
    public int Count { get; private set; }
    public bool Truncated { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = SearchText.T("search.title");
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (SearchText.T("nav.search"), null) };
        var q = Query?.Trim();
        if (string.IsNullOrEmpty(q)) return;
        if (q.Length > 100) q = q[..100];
        var code = q.ToUpperInvariant();
        var plans = db.Plans.VisibleTo(User);
        // Three queries whatever the number of plans: each kind matched in the database, only in visible plans.
        var objectives = await db.Objectives.AsNoTracking()
            .Where(o => plans.Any(p => p.Id == o.PlanId) && (o.Code.ToUpper().Contains(code) || o.Name.Contains(q)))
            .OrderBy(o => o.PlanId).ThenBy(o => o.Position).Take(MaxHits + 1)
            .Select(o => new { o.PlanId, o.Code, o.Name, Fragment = o.Code }).ToListAsync(ct);
        var kpis = await db.Kpis.AsNoTracking()
            .Where(k => plans.Any(p => p.Id == k.Objective.PlanId) && (k.Code.ToUpper().Contains(code) || k.Name.Contains(q)))
            .OrderBy(k => k.Objective.PlanId).ThenBy(k => k.Code).Take(MaxHits + 1)
            .Select(k => new { k.Objective.PlanId, k.Code, k.Name }).ToListAsync(ct);
        var actions = await (from a in db.ActionPlans.AsNoTracking()
                             join k in db.Kpis on a.KpiId equals k.Id
                             join o in db.Objectives on k.ObjectiveId equals o.Id
                             where plans.Any(p => p.Id == o.PlanId) && (a.Code.ToUpper().Contains(code) || a.Name.Contains(q))
                             orderby o.PlanId, a.Code
                             select new { o.PlanId, a.Code, a.Name, KpiCode = k.Code })
            .Take(MaxHits + 1).ToListAsync(ct);
        Truncated = objectives.Count > MaxHits || kpis.Count > MaxHits || actions.Count > MaxHits;

        var ids = objectives.Select(o => o.PlanId).Concat(kpis.Select(k => k.PlanId)).Concat(actions.Select(a => a.PlanId)).Distinct().ToList();
        var heads = await db.Plans.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Year, p.Organisation.Code, p.Organisation.Name }).ToListAsync(ct);
        string Url(int planId) { var h = heads.First(x => x.Id == planId); return $"/orgs/{Uri.EscapeDataString(h.Code)}/{h.Year}"; }
        var hits = objectives.Take(MaxHits).Select(o => (o.PlanId, Hit: new SearchHit(HitKind.Objective, o.Code, o.Name, $"{Url(o.PlanId)}/scorecard#{o.Code}")))
            .Concat(kpis.Take(MaxHits).Select(k => (k.PlanId, Hit: new SearchHit(HitKind.Kpi, k.Code, k.Name, $"{Url(k.PlanId)}/kpis/{k.Code}"))))
            .Concat(actions.Take(MaxHits).Select(a => (a.PlanId, Hit: new SearchHit(HitKind.ActionPlan, a.Code, a.Name, $"{Url(a.PlanId)}/kpis/{a.KpiCode}#{a.Code}"))))
            .ToList();
        Count = hits.Count;
        Results = [.. heads.OrderBy(h => h.Code, StringComparer.Ordinal).ThenByDescending(h => h.Year)
            .Select(h => new PlanHits(h.Code, h.Name, h.Year, Url(h.Id),
                [.. hits.Where(x => x.PlanId == h.Id).Select(x => x.Hit).OrderBy(x => x.Code, StringComparer.Ordinal).ThenBy(x => x.Kind)]))];
    }
}
