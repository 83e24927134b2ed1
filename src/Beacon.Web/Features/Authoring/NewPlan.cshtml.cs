using Beacon.Core.Authoring;
using Beacon.Core.Codes;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Authoring;

/// <summary>Starts a plan of a new year: empty, carried forward from another year, or, for a bureau, from the city plan of the year.</summary>
[Authorize]
public sealed class NewPlanModel(BeaconDb db, PlanCreator creator) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [BindProperty] public string? PlanYear { get; set; }
    /// <summary>"empty", "city", or the year to carry forward.</summary>
    [BindProperty] public string? Start { get; set; }
    [BindProperty] public List<string> CityThemes { get; set; } = [];
    [BindProperty] public List<string> CityObjectives { get; set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public List<string> OtherErrors { get; } = [];
    public Organisation Organisation { get; private set; } = null!;
    public IReadOnlyList<int> Years { get; private set; } = [];
    /// <summary>The city plans by year, with their themes and objectives, for a bureau to start from.</summary>
    public IReadOnlyList<Plan> CityPlans { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await PrepareAsync(ct) is { } refused) return refused;
        var latest = Years.Count == 0 ? (int?)null : Years.Max();
        PlanYear = ((latest ?? DateTime.UtcNow.Year) + (latest is null ? 0 : 1)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Start = latest?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "empty";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await PrepareAsync(ct) is { } refused) return refused;
        int? year = int.TryParse(PlanYear, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : null;
        if (year is null)
        {
            Errors["year"] = Ui.English ? "The year is a Gregorian year, e.g. 2023." : "年度請填西元年，例如 2023（民國112年）";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var request = new NewPlanRequest
        {
            Year = year,
            From = int.TryParse(Start, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var from) ? from : null,
            City = Start == "city" ? new CityChoice { Themes = CityThemes, Objectives = CityObjectives } : null,
        };
        var outcome = await creator.StartPlanAsync(Org, request, User.Actor(), ct);
        if (outcome.Succeeded) return Redirect($"/orgs/{Uri.EscapeDataString(Org)}/{year}/edit");
        if (outcome.Forbidden) return Forbid();
        foreach (var problem in outcome.Problems)
            if (problem.Element?.Field is { Length: > 0 } field) Errors.TryAdd(field.StartsWith("city", StringComparison.Ordinal) ? "city" : field, problem.MessageFor(Ui.English));
            else OtherErrors.Add(problem.MessageFor(Ui.English));
        Response.StatusCode = outcome.StatusCode;
        return Page();
    }

    private async Task<IActionResult?> PrepareAsync(CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Parent).SingleOrDefaultAsync(o => o.Code == Org, ct);
        if (organisation is null) return NotFound();
        if (!User.Actor().CanImportFor(organisation.Code)) return Forbid();
        Organisation = organisation;
        Years = await db.Plans.Where(p => p.OrganisationId == organisation.Id).Select(p => p.Year).OrderBy(x => x).ToListAsync(ct);
        ViewData["Title"] = AuthoringText.T("plan.new", organisation.Name);
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (ViewData["Title"] as string ?? "", null) };
        if (organisation.Kind != OrganisationKind.City && await CityCascade.CityOfAsync(db, organisation, ct) is { } city)
            CityPlans = await db.LoadPlansAsync(db.Plans.Where(p => p.OrganisationId == city.Id).OrderByDescending(p => p.Year), ct);
        return null;
    }

    public string? Err(string field) => Errors.GetValueOrDefault(field);

    public static bool IsShared(string code) => ObjectiveCode.TryParse(code, out var c) && c.IsShared;
}
