using Beacon.Core.Plans;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Home;

/// <summary>
/// The home page: every organisation the reader may read something of, as a tree (city → bureaus → centres) with its
/// plans. How deep the tree goes is decided by its size, not by a dataset (<see cref="OrganisationTree.Beneath"/>): the
/// top level is always listed whole, and each further level whole while the page then lists at most
/// <see cref="OrganisationTree.PageBudget"/> organisations. A city with its bureaus (the Taipei dataset: 4) is listed
/// whole; 22 cities and counties of 40 agencies each (902) are listed by their 22, each with a line "40 個所屬機關"
/// leading to its own page (/orgs/{org}), which lists the rest the same way. The filter box (a plain GET form) finds any
/// organisation by name or code, wherever it sits.
/// </summary>
public sealed class IndexModel(OrganisationDirectory directory) : PageModel
{
    /// <summary>The most organisations the filter lists.</summary>
    public const int MostFound = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public OrganisationCards Cards { get; private set; } = new([]);

    /// <summary>Whether the page leaves levels of the tree to the organisations' own pages.</summary>
    public bool Grouped { get; private set; }

    /// <summary>Organisations matching the filter (those listed are at most <see cref="MostFound"/>).</summary>
    public int Matched { get; private set; }

    public bool Filtering => !string.IsNullOrWhiteSpace(Query);

    /// <summary>Whether anyone is listed at all (without a filter): else the page's empty state.</summary>
    public bool Any { get; private set; }

    /// <summary>The key of the list's shared rendering (with the language: <c>vary-by-culture</c>).</summary>
    public string FragmentKey { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        // The list is kept under the plans' digest and the organisations' key for each set of visible statuses: a request
        // pays two sums, and the cards are rendered once per state and language.
        var listing = await directory.ForAsync(User, ct);
        FragmentKey = "home:" + listing.Key;
        Any = listing.Visible.Count > 0;
        if (Filtering)
        {
            var (rows, matched) = OrganisationTree.Find(listing.Visible, code => Names(listing[code]), Query!, MostFound);
            Matched = matched;
            Cards = new([.. rows.Select(r => (r, listing[r.Code]))]);
            return;
        }
        Cards = new(listing.Beneath(null));
        Grouped = Cards.Rows.Any(r => r.Place.NotShownBeneath > 0);
    }

    private static IEnumerable<string?> Names(OrganisationDirectory.OrgRow org) => [org.Name, org.ShortName, org.NameEn];
}
