using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Shared;

/// <summary>Any address no page or endpoint claims: a friendly page (API paths get ProblemDetails instead).</summary>
public sealed class NotFoundModel : PageModel
{
    public IActionResult OnGet(string? path)
    {
        if (path is not null && (path == "api" || path.StartsWith("api/", StringComparison.OrdinalIgnoreCase)))
            return NotFound();
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Title"] = Ui.T("notFound.title");
        return Page();
    }
}
