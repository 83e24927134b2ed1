using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Audit;

/// <summary>
/// The audit trail (異動紀錄), newest first, 50 to a page. Pages are keyed by entry id (?before= / ?after=), so a page
/// stays the same while new entries arrive. Nothing here changes or deletes an entry: the trail is permanent.
/// </summary>
[Authorize(Roles = AuditTrail.Readers)]
public sealed class IndexModel(BeaconDb db) : PageModel
{
    public AuditFilter Filter { get; private set; } = new();
    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public IReadOnlyDictionary<long, DocumentSummary> Documents { get; private set; } = new Dictionary<long, DocumentSummary>();
    public IReadOnlyList<string> OrganisationCodes { get; private set; } = [];
    public int Total { get; private set; }
    public bool Paged { get; private set; }
    public string? NewerLink { get; private set; }
    public string? OlderLink { get; private set; }

    public string ExportLink => "/audit/export.csv" + Filter.QueryString();

    public async Task OnGetAsync([FromQuery] AuditFilter filter, [FromQuery] long? before, [FromQuery] long? after, CancellationToken ct)
    {
        Filter = filter;
        ViewData["Title"] = AuditText.T("title");
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (AuditText.T("title"), null) };

        var entries = filter.Apply(db).VisibleTo(User);
        Total = await entries.CountAsync(ct);
        Paged = before is not null || after is not null;
        List<AuditRow> rows;
        if (after is { } newerThan)
        {
            rows = await AuditTrail.Rows(entries.Where(e => e.Id > newerThan).OrderBy(e => e.Id).Take(AuditTrail.PageSize)).ToListAsync(ct);
            rows.Reverse();
        }
        else
        {
            var q = before is { } olderThan ? entries.Where(e => e.Id < olderThan) : entries;
            rows = await AuditTrail.Rows(q.OrderByDescending(e => e.Id).Take(AuditTrail.PageSize)).ToListAsync(ct);
        }
        Rows = rows;
        if (rows.Count > 0)
        {
            long first = rows[0].Id, last = rows[^1].Id;
            if (await entries.AnyAsync(e => e.Id > first, ct)) NewerLink = "/audit" + filter.QueryString(("after", first.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (await entries.AnyAsync(e => e.Id < last, ct)) OlderLink = "/audit" + filter.QueryString(("before", last.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var documentIds = rows.Where(r => r.IsDocument).Select(r => r.Id).ToList();
        if (documentIds.Count > 0)
        {
            var documents = await db.AuditEntries.AsNoTracking().Where(e => documentIds.Contains(e.Id) && e.NewValues != null)
                .Select(e => new { e.Id, e.NewValues }).ToListAsync(ct);
            Documents = documents.ToDictionary(d => d.Id, d => AuditTrail.Summarise(d.NewValues!));
        }
        OrganisationCodes = await db.Organisations.AsNoTracking().OrderBy(o => o.Code).Select(o => o.Code).ToListAsync(ct);
    }
}
