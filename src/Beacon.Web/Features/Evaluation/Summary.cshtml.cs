using Beacon.Web.Data;
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

    public EvaluationSummary Summary { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Year is null)
        {
            // No year asked: the latest one with a plan the reader may see (as /calendar opens).
            if (await PlanYears.LatestAsync(db, User, ct) is { } latest) return Redirect($"/evaluations/{latest}");
        }
        Summary = await EvaluationSummary.LoadAsync(reader, db, Year ?? 0, User, ct);
        ViewData["Title"] = Ui.T("summary.title", Ui.YearShort(Summary.Year));
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (Ui.T("summary.title", Ui.YearShort(Summary.Year)), null) };
        if (Summary.Organisations.Count == 0) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
