using Beacon.Core.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Home;

/// <summary>
/// One organisation's page: its plans, and the organisations beneath it as the home page lists the whole (the first
/// level whole, deeper levels while the page lists at most <see cref="OrganisationTree.PageBudget"/>; see
/// <see cref="IndexModel"/>). Where the home page sends a reader for what it does not list, and where links to an
/// organisation without a plan of the year in question go. An organisation the reader may read nothing of (and that heads
/// nothing they may read) is answered as one that does not exist.
/// </summary>
public sealed class OrganisationModel(OrganisationDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Org { get; set; } = "";

    public OrganisationDirectory.OrgRow Organisation { get; private set; } = null!;

    /// <summary>The organisations above it, top first.</summary>
    public IReadOnlyList<OrganisationDirectory.OrgRow> Trail { get; private set; } = [];

    public OrganisationCards Cards { get; private set; } = new([], Heading: 3);

    public string? NotFoundMessage { get; private set; }

    public string FragmentKey { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var listing = await directory.ForAsync(User, ct);
        if (listing.Find(Org) is not { } row || !listing.Visible.Any(v => v.Code == Org))
        {
            NotFoundMessage = HomeText.T("org.notFound", Org);
            Response.StatusCode = StatusCodes.Status404NotFound;
            ViewData["Title"] = Ui.T("notFound.title");
            return Page();
        }
        Organisation = row;
        Trail = [.. OrganisationTree.Above(listing.Visible, Org).Select(code => listing[code])];
        Cards = new(listing.Beneath(Org), Heading: 3);
        FragmentKey = $"org:{Org}:{listing.Key}";
        ViewData["Title"] = Name(row);
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/") }
            .Concat(Trail.Select(o => (Name(o), (string?)$"/orgs/{Uri.EscapeDataString(o.Code)}"))).Append((Name(row), null)).ToList();
        return Page();
    }

    public static string Name(OrganisationDirectory.OrgRow org) => Ui.English && org.NameEn is not null ? org.NameEn : org.Name;
}
