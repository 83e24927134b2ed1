using Beacon.Core;
using Beacon.Web.Data;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.OpenData;

/// <summary>
/// GET /open-data: the published plans with links to their files, a year at a time or all of them, 100 to a page; JSON
/// (the whole index) to a client that does not ask for HTML.
/// </summary>
public sealed class IndexModel(BeaconDb db, PlanReader reader) : PageModel
{
    /// <summary>Plans to a page unless <c>?size=</c> asks otherwise (1–500): at national scale there are thousands.</summary>
    public const int PageSize = 100;

    [FromQuery(Name = "year")] public int? Year { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "size")] public int? Size { get; set; }

    /// <summary>Every published plan, whichever year is shown.</summary>
    public OpenDataIndex Index { get; private set; } = new([]);

    /// <summary>What was asked for as <c>?year=</c> when it is not a year (the page says so and answers 400).</summary>
    public string? NotAYear { get; private set; }

    /// <summary>The years with a published plan, the latest first.</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];

    /// <summary>The plans of the year shown (all when none is asked for).</summary>
    public IReadOnlyList<OpenDataEntry> Plans { get; private set; } = [];

    public ListPage Rows { get; private set; } = ListPage.Of(0, 1, PageSize);

    /// <summary>The pagers above and below the table, named apart for screen readers.</summary>
    public Pager TopPager => PagerNamed(OpenDataText.T("pages"));
    public Pager BottomPager => PagerNamed(OpenDataText.T("pagesBelow"));

    private Pager PagerNamed(string label) => new(Rows, PageUrl, label,
        Rows.First == Rows.Last ? OpenDataText.T("shownOne", Rows.First, Rows.Count) : OpenDataText.T("shown", Rows.First, Rows.Last, Rows.Count));

    public IEnumerable<OpenDataEntry> Shown => Plans.Skip(Rows.Skip).Take(Rows.Size);

    /// <summary>The address of the list of a year (null: every year), from its first page, the size kept when one was asked for.</summary>
    public string YearUrl(int? year) => Address(year, null);

    public string PageUrl(int number) => Address(Year, number);

    /// <summary>The programs' list of what the page shows: the whole index, or the year's.</summary>
    public string JsonUrl => Year is { } year ? $"{OpenDataEndpoints.Root}/index.json?year={year}" : $"{OpenDataEndpoints.Root}/index.json";

    private string Address(int? year, int? page)
    {
        var query = new[] { year is null ? null : $"year={year}", page is null or 1 ? null : $"page={page}", Size is null ? null : $"size={Rows.Size}" }.OfType<string>().ToList();
        return OpenDataEndpoints.Root + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Index = await OpenDataEndpoints.IndexAsync(db, reader, ct);
        Response.Headers.Vary = "Accept";
        if (!WantsHtml(Request))
            return File(await OpenDataEndpoints.WholeIndexBytesAsync(db, reader, ct), "application/json; charset=utf-8");
        Years = [.. Index.Plans.Select(p => p.Year).Distinct().OrderDescending()];
        if (ModelState.TryGetValue("year", out var asked) && asked.Errors.Count > 0)
        {
            // ?year=abc: not every year (what binding would leave), but a clear answer; the years there are still offered.
            NotAYear = asked.AttemptedValue ?? "";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Plans = NotAYear is not null ? [] : Year is { } shown ? [.. Index.Plans.Where(p => p.Year == shown)] : Index.Plans;
        Rows = ListPage.Of(Plans.Count, PageNumber, Math.Clamp(Size ?? PageSize, 1, 500));
        ViewData["Title"] = Year is { } y ? $"{OpenDataText.T("title")} {Ui.YearShort(y)}" : OpenDataText.T("title");
        // A year without a published plan is not there (the page still offers the years that are).
        if (Plans.Count == 0 && Year is not null) Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Breadcrumbs"] = Year is { } shownYear
            ? new List<(string, string?)> { (Ui.T("nav.home"), "/"), (OpenDataText.T("title"), OpenDataEndpoints.Root), (Ui.YearShort(shownYear), null) }
            : new List<(string, string?)> { (Ui.T("nav.home"), "/"), (OpenDataText.T("title"), null) };
        return Page();
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
