using Beacon.Core.Authoring;
using Beacon.Core.Codes;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>An objective's form: its code as theme, perspective and number (a new code renumbers it), name, KSF, the city objective carried, a note.</summary>
public sealed class ObjectiveModel(BeaconDb db, PlanEditor editor) : ElementPage(db, editor, ElementKind.Objective)
{
    [BindProperty] public string? ThemeLetter { get; set; }
    [BindProperty] public string? PerspectiveLetter { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Ksf { get; set; }
    [BindProperty] public string? CityObjective { get; set; }
    [BindProperty] public string? Note { get; set; }

    protected override bool Exists() => Plan.Objectives.Any(o => o.Code == Code);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        Fill();
        if (IsNew)
        {
            ThemeLetter = Plan.Themes.FirstOrDefault()?.Code ?? ObjectiveCode.SharedTheme.ToString();
            PerspectiveLetter = Plan.Perspectives.FirstOrDefault()?.Code;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        var code = $"{ThemeLetter?.Trim()}{PerspectiveLetter?.Trim()}{Number?.Trim()}";
        var edit = new ObjectiveEdit { Code = code, Name = Name, Ksf = Ksf, CityObjective = CityObjective, Note = Note, Version = IsNew ? null : Version };
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.PutObjective(IsNew ? code : Code!, edit), Me, ct);
        return outcome.Succeeded ? SavedAt(code) : Refused(outcome, new PlanPlace(ElementKind.Objective, IsNew ? code : Code));
    }

    protected override void Fill()
    {
        if (EditShapes.Objective(Plan, Code ?? "") is not { } o || !ObjectiveCode.TryParse(o.Code, out var code)) return;
        (ThemeLetter, PerspectiveLetter, Number) = (code.Theme.ToString(), code.Perspective.ToString(), code.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (Name, Ksf, CityObjective, Note, Version) = (o.Name, o.Ksf, o.CityObjective, o.Note, o.Version ?? 0);
    }
}
