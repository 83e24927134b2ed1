using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Home;

public sealed class IndexModel(BeaconDb db) : PageModel
{
    public sealed record PlanRow(int Year, string? Title, int Themes, int Objectives, int Kpis, PlanStatus Status);

    public sealed record OrgRow(string Code, string Name, string? NameEn, OrganisationKind Kind, string? ParentCode, int Depth, IReadOnlyList<PlanRow> Plans);

    public IReadOnlyList<OrgRow> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var drafts = User.CanReadDrafts();
        var orgs = await db.Organisations.AsNoTracking()
            .Select(o => new
            {
                o.Id, o.Code, o.Name, o.NameEn, o.Kind, o.ParentId, ParentCode = o.Parent == null ? null : o.Parent.Code,
                Plans = o.Plans.Where(p => drafts || p.Status == PlanStatus.Approved).OrderByDescending(p => p.Year)
                    .Select(p => new PlanRow(p.Year, p.Title, p.Themes.Count, p.Objectives.Count, p.Objectives.SelectMany(x => x.Kpis).Count(), p.Status)).ToList(),
            })
            .ToListAsync(ct);

        // Parents first, children indented beneath them (city → agencies → centres).
        var children = orgs.ToLookup(o => o.ParentId);
        var rows = new List<OrgRow>();
        void Walk(int? parent, int depth)
        {
            foreach (var o in children[parent].OrderBy(o => o.Code, StringComparer.Ordinal))
            {
                rows.Add(new OrgRow(o.Code, o.Name, o.NameEn, o.Kind, o.ParentCode, depth, o.Plans));
                Walk(o.Id, depth + 1);
            }
        }
        Walk(null, 0);
        Organisations = rows;
    }
}
