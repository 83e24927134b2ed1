using Beacon.Core.Authoring;
using Beacon.Core.Maps;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// The link editor (策略目標關聯): the map with its links, a form choosing where a link starts and where it points (with
/// JavaScript, clicking the two boxes on the map fills it in and adds the link), and each link with a button removing it.
/// </summary>
public sealed class LinksModel(BeaconDb db, PlanEditor editor) : EditPage(db, editor)
{
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }

    public MapLayout Layout { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        Prepare();
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        Prepare();
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.AddLink(new LinkEdit { From = From, To = To }), Me, ct);
        if (outcome.Succeeded) return Redirect($"{EditUrl}/links?saved=1");
        var count = Plan.Links.Count;
        // The new link is the list's last: its problems belong beside the two choices.
        return Refused(outcome, new PlanPlace(ElementKind.Links, null), f =>
            f.StartsWith($"links[{count}]", StringComparison.Ordinal) ? (f.EndsWith(".to", StringComparison.Ordinal) ? "to" : "from") : f);
    }

    /// <summary>A link's remove button: "AC1|AP2".</summary>
    public async Task<IActionResult> OnPostRemoveAsync(string? remove, CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        Prepare();
        var parts = (remove ?? "").Split('|');
        if (parts.Length != 2) return Invalid();
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.RemoveLink(parts[0], parts[1]), Me, ct);
        return outcome.Succeeded ? Redirect($"{EditUrl}/links?saved=1") : Refused(outcome, new PlanPlace(ElementKind.Links, null));
    }

    private void Prepare()
    {
        ViewData["Title"] = AuthoringText.T("links.title");
        Breadcrumbs((AuthoringText.T("edit.title"), EditUrl), (AuthoringText.T("links.title"), null));
        Layout = MapModel.LayOut(Plan);
    }
}
