using System.Text;
using System.Text.RegularExpressions;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Documents;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

using FileFormat = Beacon.Web.Features.Documents.DocumentFormat;

namespace Beacon.Web.Features.Spreadsheets;

/// <summary>
/// 以試算表建立計畫: a planner (or an agency's editor for their own organisation) chooses the organisation and year,
/// downloads the template if they like, uploads a scorecard spreadsheet, sees the plan that would be created — its
/// strategy map and scorecard — and every problem by cell, and creates the draft as an import creates it. Works
/// without JavaScript: the preview carries the file back in a hidden field.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize]
[RequestFormLimits(ValueLengthLimit = 16 * 1024 * 1024)]
public sealed class FromSpreadsheetModel(BeaconDb db, PlanSheetUpload upload) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Org { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Payload { get; set; }
    [BindProperty] public bool Replace { get; set; }
    [BindProperty] public bool Commit { get; set; }

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public PlanSheetOutcome? Outcome { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string MaxSize => Security.RequestLimits.Size(upload.Limits.MaxFileBytes);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return Forbid();
        Year ??= DateTime.UtcNow.Year + 1;
        return Page();
    }

    /// <summary>The template of the layout for the chosen organisation and year (GET, so it works from a plain form).</summary>
    public Task<IActionResult> OnGetTemplateAsync(CancellationToken ct) => TemplateAsync(FileFormat.Xlsx, ct);

    public Task<IActionResult> OnGetTemplateOdsAsync(CancellationToken ct) => TemplateAsync(FileFormat.Ods, ct);

    private async Task<IActionResult> TemplateAsync(FileFormat format, CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return Forbid();
        if (!Valid()) { Response.StatusCode = StatusCodes.Status400BadRequest; return Page(); }
        var organisation = Organisations.Single(o => o.Code == Org);
        var nearest = await db.Plans.Where(p => p.OrganisationId == organisation.Id).Select(p => p.Year).ToListAsync(ct);
        var year = nearest.Where(y => y <= Year).DefaultIfEmpty(0).Max() is var before and > 0 ? before : nearest.DefaultIfEmpty(0).Min();
        var previous = year > 0 && await db.LoadPlanAsync(organisation.Code, year, ct) is { } plan ? PlanMapping.ToDocument(plan) : null;
        var template = PlanSheetTemplate.Build(PlanDocuments.OrganisationName(organisation), organisation.Code, Year!.Value, previous);
        var (bytes, type, name) = SpreadsheetApi.Bytes(template, format);
        Response.Headers.CacheControl = "private, no-cache";
        return File(bytes, type, name);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return Forbid();
        if (!Valid())
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        byte[]? bytes = null;
        if (Upload is { Length: > 0 } file)
        {
            using var copy = new MemoryStream();
            if (file.Length <= upload.Limits.MaxFileBytes) await file.CopyToAsync(copy, ct);
            bytes = file.Length <= upload.Limits.MaxFileBytes ? copy.ToArray() : new byte[upload.Limits.MaxFileBytes + 1];
        }
        else if (!string.IsNullOrEmpty(Payload))
        {
            try { bytes = Convert.FromBase64String(Payload); }
            catch (FormatException) { bytes = null; }
        }
        if (bytes is null)
        {
            Errors["Upload"] = SpreadsheetText.T("file", MaxSize);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Outcome = await upload.RunAsync(Org!, Year!.Value, bytes, User, Commit, Replace, ct);
        if (Outcome.Created) return Redirect($"/orgs/{Uri.EscapeDataString(Org!)}/{Year}");
        Payload = Convert.ToBase64String(bytes);
        Response.StatusCode = Outcome.Status;
        return Page();
    }

    /// <summary>The organisations this person may create plans for: every one for a planner, their own for an editor not bound to divisions.</summary>
    private async Task<bool> PrepareAsync(CancellationToken ct)
    {
        ViewData["Title"] = SpreadsheetText.T("plan.title");
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (SpreadsheetText.T("plan.title"), null) };
        var all = await db.Organisations.AsNoTracking().OrderBy(o => o.Code).ToListAsync(ct);
        Organisations = [.. all.Where(o => User.CanImportFor(o.Code))];
        if (Organisations.Count == 1) Org ??= Organisations[0].Code;
        return Organisations.Count > 0;
    }

    private bool Valid()
    {
        if (Org is null || Organisations.All(o => o.Code != Org))
            Errors["Org"] = Ui.English ? "Choose an organisation from the list." : "請從清單選擇機關。";
        if (Year is not { } year || year is < Beacon.Core.Plans.PlanValidator.MinYear or > Beacon.Core.Plans.PlanValidator.MaxYear)
            Errors["Year"] = Ui.English ? $"Enter a Gregorian year from {Beacon.Core.Plans.PlanValidator.MinYear} to {Beacon.Core.Plans.PlanValidator.MaxYear} (ROC 112 is 2023)."
                : $"請填 {Beacon.Core.Plans.PlanValidator.MinYear} 到 {Beacon.Core.Plans.PlanValidator.MaxYear} 之間的西元年（民國112年是 2023）。";
        return Errors.Count == 0;
    }

    /// <summary>The preview's strategy map, without links (the plan's pages do not exist yet).</summary>
    public string MapSvg()
    {
        var plan = Outcome!.Preview!;
        var svg = MapModel.Svg(plan, MapModel.LayOut(plan), "", standalone: false);
        return Regex.Replace(svg, "</?a\\b[^>]*>", "");
    }

    /// <summary>The preview's scorecard: the scorecard document's tables, each perspective's, without links.</summary>
    public string ScorecardHtml()
    {
        var plan = Outcome!.Preview!;
        var document = PlanDocuments.Scorecard(new DocumentRequest(PlanFigures.Unstored(plan), null, ""));
        var html = new StringBuilder();
        foreach (var table in document.Tables)
        {
            var plain = table with
            {
                Header = [.. table.Header.Select(r => (IReadOnlyList<Cell>)[.. r.Select(c => c with { Href = null })])],
                Body = [.. table.Body.Select(r => (IReadOnlyList<Cell>)[.. r.Select(c => c with { Href = null })])],
            };
            html.Append("<div class=\"tablewrap\">");
            HtmlWriter.Table(html, plain, "scorecard-preview", widths: false);
            html.Append("</div>");
        }
        return html.ToString();
    }
}
