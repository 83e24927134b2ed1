using System.Security.Claims;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Home;

/// <summary>
/// Every organisation with the plans a reader may read, as the home page, an organisation's page and <c>GET /api/orgs</c>
/// list them. Read once per change of any plan (the plans' digest) or organisation (the organisations' key) for each set
/// of statuses a reader may see, and kept: a request pays two sums. What a reader may read of a plan
/// (<see cref="Beacon.Core.Workflow.PlanReading.Readable"/>) depends only on whether they may read drafts, which the set of
/// visible statuses says, so that set is the key.
/// </summary>
public sealed class OrganisationDirectory(BeaconDb db, PlanReader reader)
{
    public sealed record PlanRow(int Year, string? Title, int Themes, int Objectives, int Kpis, PlanStatus Status);

    /// <summary>An organisation and its plans the reader may read, newest first; <paramref name="AllPlans"/> counts every plan.</summary>
    public sealed record OrgRow(string Code, string Name, string? ShortName, string? NameEn, OrganisationKind Kind, string? ParentCode,
        int AllPlans, IReadOnlyList<PlanRow> Plans)
    {
        public string Anchor => CityCascade.HomeAnchor(Code);
    }

    /// <summary>
    /// The organisations a reader is shown (<see cref="OrganisationTree.Visible"/>, tree order), each one's row, and the key
    /// of this state of the list (statuses, organisations' key, digest) for renderings kept of it.
    /// </summary>
    public sealed class Listing(IReadOnlyList<ListedOrganisation> visible, IReadOnlyDictionary<string, OrgRow> rows, string key)
    {
        public IReadOnlyList<ListedOrganisation> Visible => visible;
        public string Key => key;
        public OrgRow? Find(string code) => rows.GetValueOrDefault(code);
        public OrgRow this[string code] => rows[code];

        /// <summary>Organisations with a plan the reader may read, in code order: what <c>GET /api/orgs</c> lists.</summary>
        public IReadOnlyList<OrgRow> WithPlans { get; } = [.. rows.Values.Where(r => r.Plans.Count > 0).OrderBy(r => r.Code, StringComparer.Ordinal)];

        /// <summary>The rows a page beneath <paramref name="root"/> lists (null: the home page).</summary>
        public IReadOnlyList<(ListedOrganisation Place, OrgRow Row)> Beneath(string? root) =>
            [.. OrganisationTree.Beneath(visible, root).Select(p => (p, rows[p.Code]))];
    }

    /// <summary>The list as this reader is shown it.</summary>
    public async Task<Listing> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var visible = PlanQueries.VisibleStatuses(user);
        var organisations = await reader.OrganisationsKeyAsync(ct);
        var what = $"organisations:{string.Join(',', visible)}:{organisations}";
        var listing = await reader.AllPlansAsync(what, async () =>
        {
            // Not the caller's cancellation: other requests may be waiting for this load.
            var rows = await LoadAsync(visible, CancellationToken.None);
            var tree = OrganisationTree.Visible(rows.Select(r => new OrganisationNode(r.Code, r.ParentCode, r.Plans.Count, r.AllPlans)));
            var byCode = rows.ToDictionary(r => r.Code, StringComparer.Ordinal);
            return (new Listing(tree, byCode, $"{what}:{await reader.DigestAsync(CancellationToken.None)}"), 256L * rows.Sum(r => 1 + r.Plans.Count));
        }, ct);
        return listing;
    }

    private async Task<List<OrgRow>> LoadAsync(PlanStatus[] visible, CancellationToken ct)
    {
        // One query, whatever the number of organisations and plans; only the plans this reader may read (their status is
        // one they may see, or a version of them is published: PlanReading.Readable).
        var orgs = await db.Organisations.AsNoTracking()
            .Select(o => new
            {
                o.Code, o.Name, o.ShortName, o.NameEn, o.Kind, ParentCode = o.Parent == null ? null : o.Parent.Code,
                AllPlans = o.Plans.Count,
                Plans = o.Plans.Where(p => visible.Contains(p.Status) || p.PublishedVersion != null).OrderByDescending(p => p.Year)
                    .Select(p => new PlanRow(p.Year, p.Title, p.Themes.Count, p.Objectives.Count, p.Objectives.SelectMany(x => x.Kpis).Count(), p.Status)).ToList(),
            })
            .ToListAsync(ct);
        return [.. orgs.Select(o => new OrgRow(o.Code, o.Name, o.ShortName, o.NameEn, o.Kind, o.ParentCode, o.AllPlans, o.Plans))];
    }
}

/// <summary>The model of the cards partial: the rows of a listing, and the level of each card's heading.</summary>
public sealed record OrganisationCards(IReadOnlyList<(ListedOrganisation Place, OrganisationDirectory.OrgRow Row)> Rows, int Heading = 2);
