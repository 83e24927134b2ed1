using Beacon.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Cascade;

/// <summary>
/// The cascade of a city year: city theme → city objective → carrying bureau objective → KPI → action plan, each
/// level collapsible (details/summary, no JavaScript) with its roll-up, and the alignment gaps.
/// </summary>
public sealed class CascadeModel(BeaconDb db) : CityPlanPage(db)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadCascadeAsync(ct)) return Page();
        ViewData["Title"] = CascadeText.T("title");
        ViewData["Tab"] = "cascade";
        Breadcrumbs((CascadeText.T("title"), null));
        return Page();
    }
}
