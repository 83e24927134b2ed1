using Beacon.Core.Authoring;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// A form of one element (theme, objective, KPI, action plan): new when the address names none, the element as stored
/// otherwise; saving sends it with its version; deleting first shows everything that goes with it (?delete=1), then deletes
/// on confirmation.
/// </summary>
public abstract class ElementPage(BeaconDb db, PlanEditor editor, ElementKind kind) : EditPage(db, editor)
{
    [FromRoute] public string? Code { get; set; }
    /// <summary>?delete=1: the confirmation of a deletion (a number: "1" is no bool to the binder).</summary>
    [FromQuery(Name = "delete")] public int? DeleteFlag { get; set; }

    public bool Deleting { get; private set; }
    [BindProperty] public int Version { get; set; }

    /// <summary>Shown for a deletion's confirmation.</summary>
    public Gone? Gone { get; private set; }

    public bool IsNew { get; protected set; }

    public ElementKind Kind => kind;

    public PlanPlace Element => new(kind, Code);

    public string DeleteUrl => $"{Request.Path}?delete=1";

    /// <summary>Loads the plan and the element (null when it does not exist: a new one when the address names none).</summary>
    protected async Task<IActionResult?> OpenElementAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        IsNew = string.IsNullOrEmpty(Code);
        if (!IsNew && !Exists()) return NotFound(AuthoringText.T("edit.errors", 1) + " " + (Ui.English ? $"This plan has no {Code}." : $"此計畫沒有 {Code}。"));
        Breadcrumbs((AuthoringText.T("edit.title"), EditUrl), (IsNew ? AuthoringText.T($"{Prefix}.new") : AuthoringText.T($"{Prefix}.title", Code), null));
        ViewData["Title"] = IsNew ? AuthoringText.T($"{Prefix}.new") : AuthoringText.T($"{Prefix}.title", Code);
        Deleting = DeleteFlag is > 0;
        if (Deleting && !IsNew) Gone = PlanEdits.WhatGoes(PlanMapping.ToDocument(Plan), kind, Code!);
        return null;
    }

    protected abstract bool Exists();

    private string Prefix => kind switch { ElementKind.Theme => "theme", ElementKind.Objective => "objective", ElementKind.Kpi => "kpi", _ => "action" };

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        if (IsNew) return Redirect(EditUrl);
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.Delete(kind, Code!, Version), Me, ct);
        if (outcome.Succeeded) return Redirect($"{EditUrl}?saved=1");
        Gone = PlanEdits.WhatGoes(PlanMapping.ToDocument(Plan), kind, Code!);
        Deleting = true;
        Fill();
        return Refused(outcome, Element);
    }

    /// <summary>The form's fields from the element as stored.</summary>
    protected abstract void Fill();

    /// <summary>After a save: the editing page at the element.</summary>
    protected IActionResult SavedAt(string code) => Redirect($"{EditUrl}?saved=1#{EditModel.Anchor(kind, code)}");
}
