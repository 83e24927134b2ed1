using Beacon.Core.Authoring;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>A strategic theme's form: letter, name, the city theme carried, lead and member agencies.</summary>
public sealed class ThemeModel(BeaconDb db, PlanEditor editor) : ElementPage(db, editor, ElementKind.Theme)
{
    [BindProperty] public string? Letter { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? CityTheme { get; set; }
    [BindProperty] public string? Lead { get; set; }
    [BindProperty] public string? Members { get; set; }

    protected override bool Exists() => Plan.Themes.Any(t => t.Code == Code);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        var code = IsNew ? Letter?.Trim() ?? "" : Code!;
        var edit = new ThemeEdit { Code = Letter, Name = Name, CityTheme = CityTheme, Lead = Lead, Members = Split(Members), Version = IsNew ? null : Version };
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.PutTheme(code, edit), Me, ct);
        return outcome.Succeeded ? SavedAt(Blank(Letter) ?? code) : Refused(outcome, new PlanPlace(ElementKind.Theme, IsNew ? code : Code));
    }

    protected override void Fill()
    {
        if (EditShapes.Theme(Plan, Code ?? "") is not { } theme) return;
        (Letter, Name, CityTheme, Lead, Members, Version) = (theme.Code, theme.Name, theme.CityTheme, theme.Lead, string.Join("、", theme.Members), theme.Version ?? 0);
    }
}
