using Beacon.Core.Sheets;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Spreadsheets;

/// <summary>
/// 以試算表填報: the entry sheet's download links, its upload, the preview — each change old → new, every problem with
/// its sheet, cell, row and column, each conflict with the other person's value and a choice — and the commit, all or
/// nothing. Works without JavaScript: the preview carries the file back in a hidden field, so the commit is the
/// upload that was previewed, checked again.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Roles = Roles.Administrator + "," + Roles.AgencyEditor)]
[RequestFormLimits(ValueLengthLimit = 16 * 1024 * 1024)]
public sealed class EntrySheetModel(BeaconDb db, EntrySheetUpload upload) : PlanPage(db)
{
    [BindProperty] public IFormFile? Upload { get; set; }
    /// <summary>The previewed file, base64, carried to the commit.</summary>
    [BindProperty] public string? Payload { get; set; }
    [BindProperty] public bool Commit { get; set; }
    /// <summary>Per conflicting KPI: "mine:VERSION" (overwrite what was saved at that version) or "theirs" (leave the row out).</summary>
    [BindProperty] public Dictionary<string, string> Choices { get; set; } = new(StringComparer.Ordinal);

    public EntrySheetOutcome? Outcome { get; private set; }
    public string? Error { get; private set; }

    public bool Open => WorkflowRules.OpenForEntry(Plan.Status);

    public string MaxSize => Security.RequestLimits.Size(upload.Limits.MaxFileBytes);

    /// <summary>The conflicts of the preview, one per KPI, with the version to overwrite.</summary>
    public IReadOnlyList<(string Code, int Theirs, IReadOnlyList<EntrySheetChange> Changes)> Conflicts =>
        [.. (Outcome?.Plan?.Changes ?? []).Where(c => c.Conflict).GroupBy(c => c.Code).Select(g => (g.Key, g.First().Theirs ?? 0, (IReadOnlyList<EntrySheetChange>)[.. g]))];

    /// <summary>The file may be saved: it was read, nothing but conflicts stands in the way, and there is something to save.</summary>
    public bool Committable => Outcome is { Plan: { } plan } outcome && plan.Entries.Count + Conflicts.Count > 0 && Open
        && outcome.Problems.All(p => p.Kind is Beacon.Core.ProblemKind.Stale);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (!User.CanEnterFor(Org)) return Forbid();
        Prepare();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (!User.CanEnterFor(Org)) return Forbid();
        Prepare();
        byte[]? bytes = null;
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > upload.Limits.MaxFileBytes) bytes = new byte[upload.Limits.MaxFileBytes + 1];   // refused as too large by the reader
            else
            {
                using var copy = new MemoryStream();
                await file.CopyToAsync(copy, ct);
                bytes = copy.ToArray();
            }
        }
        else if (!string.IsNullOrEmpty(Payload))
        {
            try { bytes = Convert.FromBase64String(Payload); }
            catch (FormatException) { bytes = null; }
        }
        if (bytes is null)
        {
            Error = SpreadsheetText.T("file", MaxSize);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var overwrite = Choices.Where(c => c.Value.StartsWith("mine:", StringComparison.Ordinal)).Select(c => $"{c.Key}:{c.Value[5..]}");
        var skip = Choices.Where(c => c.Value == "theirs").Select(c => c.Key);
        var resolutions = SpreadsheetApi.Resolutions(overwrite, skip);
        Outcome = await upload.RunAsync(Org, Year, bytes, User.Actor(), resolutions, Commit, ct);
        if (Outcome.Committed) return Redirect($"{PlanUrl}/entry?saved={Outcome.Plan!.Entries.Count}");
        if (Outcome.Status == StatusCodes.Status403Forbidden && Outcome.Problems.All(p => p.Cell is null)) return Forbid();
        Payload = Convert.ToBase64String(bytes);
        Upload = null;
        Response.StatusCode = Outcome.Status;
        return Page();
    }

    private void Prepare()
    {
        ViewData["Title"] = SpreadsheetText.T("page.title");
        ViewData["Tab"] = "evaluation";
        Breadcrumbs((Ui.T("plan.evaluation"), $"{PlanUrl}/evaluation"), (Ui.T("plan.entry"), $"{PlanUrl}/entry"), (SpreadsheetText.T("page.title"), null));
    }

    /// <summary>A change's field as its column is headed in the reader's language (an input or part by its name).</summary>
    public string FieldLabel(EntrySheetChange change)
    {
        var field = change.Field;
        if (field.Kind == EntryColumn.ItemValue && Outcome?.Kpis.GetValueOrDefault(change.Code)?.ItemNames.ElementAtOrDefault(field.Item - 1) is { } name) return name;
        return field.Kind == EntryColumn.Progress
            ? SpreadsheetText.T("field.Progress", Beacon.Core.Values.Periods.Label(field.Period!, Ui.English))
            : SpreadsheetText.T($"field.{field.Kind}");
    }
}
