using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// An organisation added (/orgs/new) or renamed (/orgs/{org}/edit): planners' acts. A new name shows in the plan
/// versions approved after it; published versions keep theirs.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Planner)]
public sealed class OrganisationModel(BeaconDb db, PlanCreator creator) : PageModel
{
    [FromRoute] public string? Org { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? ShortName { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Parent { get; set; }
    [BindProperty] public int Version { get; set; }
    [FromQuery(Name = "saved")] public int? SavedFlag { get; set; }

    public bool Saved => SavedFlag is > 0;

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public List<string> OtherErrors { get; } = [];
    public IReadOnlyList<(string Code, string Name)> Organisations { get; private set; } = [];
    public bool IsNew => Org is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        if (IsNew) { Kind = nameof(OrganisationKind.Agency); return Page(); }
        var o = await db.Organisations.AsNoTracking().Include(x => x.Parent).SingleOrDefaultAsync(x => x.Code == Org, ct);
        if (o is null) return NotFound();
        (Code, Name, ShortName, NameEn, Kind, Parent, Version) = (o.Code, o.Name, o.ShortName, o.NameEn, o.Kind.ToString(), o.Parent?.Code, o.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        var edit = new OrganisationEdit
        {
            Code = IsNew ? Code : Org, Name = Name, ShortName = ShortName, NameEn = NameEn,
            Kind = Enum.TryParse<OrganisationKind>(Kind, out var kind) && Enum.IsDefined(kind) ? kind : null,
            Parent = Parent, Version = IsNew ? null : Version,
        };
        var outcome = IsNew ? await creator.AddOrganisationAsync(edit, User.Actor(), ct) : await creator.ChangeOrganisationAsync(Org!, edit, User.Actor(), ct);
        if (!outcome.Found) return NotFound();
        if (outcome.Succeeded) return Redirect(IsNew ? $"/orgs/{Uri.EscapeDataString(Code!.Trim())}/plans/new" : $"/orgs/{Uri.EscapeDataString(Org!)}/edit?saved=1");
        if (outcome.Forbidden) return Forbid();
        foreach (var problem in outcome.Problems)
            if (problem.Element?.Field is { Length: > 0 } field) Errors.TryAdd(field, problem.MessageFor(Ui.English));
            else OtherErrors.Add(problem.MessageFor(Ui.English));
        Response.StatusCode = outcome.StatusCode;
        return Page();
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        ViewData["Title"] = IsNew ? AuthoringText.T("org.new") : AuthoringText.T("org.edit", Org);
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (ViewData["Title"] as string ?? "", null) };
        Organisations = [.. (await db.Organisations.AsNoTracking().OrderBy(o => o.Code).Select(o => new { o.Code, o.Name }).ToListAsync(ct))
            .Where(o => o.Code != Org).Select(o => (o.Code, o.Name))];
    }

    public string? Err(string field) => Errors.GetValueOrDefault(field);
}
