using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Home;

public sealed class IndexModel(BeaconDb db) : PageModel
{
    public sealed record PlanRow(int Year, string? Title, int Themes, int Objectives, int Kpis, PlanStatus Status);

    public sealed record OrgRow(string Code, string Name, string? NameEn, OrganisationKind Kind, string? ParentCode, int Depth, IReadOnlyList<PlanRow> Plans)
    {
        public string Anchor => CityCascade.HomeAnchor(Code);
    }

    public IReadOnlyList<OrgRow> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Kept under the digest of every plan and the organisations' key, for each set of statuses a reader may see:
        // the counts below cost a scan of every plan, which a request no longer pays.
        var visible = PlanQueries.VisibleStatuses(User);
        var reader = HttpContext.RequestServices.GetRequiredService<PlanReader>();
        var organisations = await reader.OrganisationsKeyAsync(ct);
        var key = $"home:{string.Join(',', visible)}:{organisations}";
        Organisations = await reader.AllPlansAsync(key, async () =>
        {
            var rows = await LoadAsync(visible, CancellationToken.None);
            return (rows, 256L * rows.Sum(r => 1 + r.Plans.Count));
        }, ct);
        // The list's rendering is shared too, under the same key and the digest the list was read under.
        FragmentKey = $"{key}:{await reader.DigestAsync(ct)}";
    }

    /// <summary>The key of the list's shared rendering (with the language: <c>vary-by-culture</c>).</summary>
    public string FragmentKey { get; private set; } = "";

    private async Task<IReadOnlyList<OrgRow>> LoadAsync(PlanStatus[] visible, CancellationToken ct)
    {
        // One query, whatever the number of organisations and plans; only the plans this reader may see.
        var orgs = await db.Organisations.AsNoTracking()
            .Select(o => new
            {
                o.Id, o.Code, o.Name, o.NameEn, o.Kind, o.ParentId, ParentCode = o.Parent == null ? null : o.Parent.Code,
                AllPlans = o.Plans.Count,
                Plans = o.Plans.Where(p => visible.Contains(p.Status) || p.PublishedVersion != null).OrderByDescending(p => p.Year)
                    .Select(p => new PlanRow(p.Year, p.Title, p.Themes.Count, p.Objectives.Count, p.Objectives.SelectMany(x => x.Kpis).Count(), p.Status)).ToList(),
            })
            .ToListAsync(ct);

        // Parents first, children indented beneath them (city → agencies → centres). An organisation whose every plan is
        // hidden from this reader is left out, unless an organisation listed beneath it needs it as its heading.
        var children = orgs.ToLookup(o => o.ParentId);
        var rows = new List<OrgRow>();
        bool Walk(int? parent, int depth)
        {
            var any = false;
            foreach (var o in children[parent].OrderBy(o => o.Code, StringComparer.Ordinal))
            {
                var at = rows.Count;
                var listedBeneath = Walk(o.Id, depth + 1);
                if (o.Plans.Count == 0 && o.AllPlans > 0 && !listedBeneath) continue;
                rows.Insert(at, new OrgRow(o.Code, o.Name, o.NameEn, o.Kind, o.ParentCode, depth, o.Plans));
                any = true;
            }
            return any;
        }
        Walk(null, 0);
        return rows;
    }
}
