using Beacon.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Cascade;

/// <summary>Theme membership (分成組員): per city theme of the year, the lead and member agencies, their plans, and what each carries.</summary>
public sealed class MembershipModel(BeaconDb db) : CityPlanPage(db)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadCascadeAsync(ct)) return Page();
        ViewData["Title"] = CascadeText.T("membership.title");
        ViewData["Tab"] = "membership";
        Breadcrumbs((CascadeText.T("membership.title"), null));
        return Page();
    }
}
