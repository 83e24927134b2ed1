using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.OpenData;

/// <summary>GET /open-data: the published plans with links to their files; JSON (the index) to a client that does not ask for HTML.</summary>
public sealed class IndexModel(BeaconDb db) : PageModel
{
    public OpenDataIndex Index { get; private set; } = new([]);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Index = await OpenDataEndpoints.LoadIndexAsync(db, ct);
        Response.Headers.Vary = "Accept";
        if (!WantsHtml(Request))
            return File(OpenDataEndpoints.IndexJson(Index), "application/json; charset=utf-8");
        ViewData["Title"] = OpenDataText.T("title");
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (OpenDataText.T("title"), null) };
        return Page();
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
