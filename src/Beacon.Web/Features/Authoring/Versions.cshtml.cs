using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// A plan year's version history (版本紀錄): every published version with the day and body that approved it, who (for
/// people signed in) and why, each viewable as it was (map, scorecard) and compared with the one before it.
/// </summary>
public sealed class VersionsModel(BeaconDb db) : PlanPage(db)
{
    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];

    public bool ShowsWho => User.CanReadDrafts();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        ViewData["Title"] = AuthoringText.T("versions.title");
        ViewData["Tab"] = "versions";
        Breadcrumbs((AuthoringText.T("versions.title"), null));
        Versions = [.. (await PlanVersions.ListAsync(Db, Plan.OrganisationId, Year, ct)).OrderByDescending(v => v.Number)];
        return Page();
    }
}
