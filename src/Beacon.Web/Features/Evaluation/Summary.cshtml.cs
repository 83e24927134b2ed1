using Beacon.Core;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Evaluation;

/// <summary>
/// 評核總覽: every organisation's evaluation of a year side by side — self and reviewed lights, mean totals and self
/// minus reviewer, where self-assessment runs ahead of review. Anonymous readers see approved plans only.
/// </summary>
public sealed class SummaryModel(BeaconDb db, PlanReader reader) : PageModel
{
    [FromRoute] public int? Year { get; set; }

    /// <summary>Organisations to a page unless <c>?size=</c> asks otherwise (1–500): at national scale a year has 900.</summary>
    public const int PageSize = 100;

    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "size")] public int? Size { get; set; }

    /// <summary>The page of organisations shown; the counts above the table are the whole year's.</summary>
    public ListPage Rows { get; private set; } = ListPage.Of(0, 1, PageSize);

    /// <summary>The address of another page of the list (the size kept when one was asked for).</summary>
    public string PageUrl(int number) => $"/evaluations/{Summary.Year}?page={number}" + (Size is { } size ? $"&size={Rows.Size}" : "");

    /// <summary>The pager above the table: which organisations are shown.</summary>
    public Pager Pager => new(Rows, PageUrl, Ui.T("summary.pages"),
        Rows.First == Rows.Last ? Ui.T("summary.shownOne", Rows.First, Rows.Count) : Ui.T("summary.shown", Rows.First, Rows.Last, Rows.Count));

    public EvaluationSummary Summary { get; private set; } = null!;

    /// <summary>The key of the table's shared rendering (with the language: <c>vary-by-culture</c>).</summary>
    public string FragmentKey { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Year is null)
        {
            // No year asked: the latest one with a plan the reader may see (as /calendar opens).
            if (await PlanYears.LatestAsync(db, User, ct) is { } latest) return Redirect($"/evaluations/{latest}");
        }
        // Kept under the digest of every plan, for each set of statuses a reader may see, and rendered once per key and
        // language: at national scale the year's list is 900 organisations, which a request no longer assembles.
        var visible = PlanQueries.VisibleStatuses(User);
        var key = $"summary:{Year ?? 0}:{string.Join(',', visible)}";
        Summary = await reader.AllPlansAsync(key, async () =>
        {
            var summary = await EvaluationSummary.LoadAsync(reader, db, Year ?? 0, User, CancellationToken.None);
            return (summary, 512L * (1 + summary.Organisations.Count));
        }, ct);
        Rows = ListPage.Of(Summary.Organisations.Count, PageNumber, Math.Min(Size ?? PageSize, 500));
        FragmentKey = $"{key}:{await reader.DigestAsync(ct)}:{Rows.Number}:{Rows.Size}";
        ViewData["Title"] = Ui.T("summary.title", Ui.YearShort(Summary.Year));
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (Ui.T("summary.title", Ui.YearShort(Summary.Year)), null) };
        if (Summary.Organisations.Count == 0) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
