using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Plans;

/// <summary>What every page of one plan shares: loading it whole, breadcrumbs, and a friendly not-found.</summary>
public abstract class PlanPage(BeaconDb db) : PageModel
{
    protected BeaconDb Db { get; } = db;

    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public int Year { get; set; }

    public Plan Plan { get; private set; } = null!;
    public string? NotFoundMessage { get; private set; }

    public string PlanUrl => $"/orgs/{Uri.EscapeDataString(Org)}/{Year}";

    protected async Task<bool> LoadAsync(CancellationToken ct)
    {
        var plan = await Db.LoadPlanAsync(Org, Year, ct);
        // A plan not yet approved is invisible to anonymous readers: the same answer as no plan at all.
        if (plan is null || !Workflow.PlanVisibility.CanSee(User, plan.Status))
        {
            NotFound(Ui.T("notFound.plan", Org, Ui.Year(Year)));
            return false;
        }
        Plan = plan;
        return true;
    }

    protected IActionResult NotFound(string message)
    {
        NotFoundMessage = message;
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Title"] = Ui.T("notFound.title");
        return Page();
    }

    /// <summary>The form again with its messages, answered 400 so a script can tell it from a fresh page.</summary>
    protected IActionResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    protected void Breadcrumbs(params (string Text, string? Href)[] tail)
    {
        var org = Plan.Organisation;
        ViewData["Breadcrumbs"] = new List<(string, string?)>
        {
            (Ui.T("nav.home"), "/"),
            ($"{org.Name} {Ui.Year(Plan.Year)}", tail.Length == 0 ? null : PlanUrl),
        }.Concat(tail).ToList();
    }
}
