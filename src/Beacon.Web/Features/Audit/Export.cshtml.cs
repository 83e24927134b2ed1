using System.Globalization;
using Beacon.Web.Data;
using Beacon.Web.Features.OpenData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Audit;

/// <summary>
/// GET /audit/export.csv?…: every entry the filter of /audit selects, newest first, as RFC 4180 CSV in UTF-8 with a
/// byte-order mark. Times are Taipei time with the offset (2021-12-31T16:00:00.0000000+08:00); values are the stored JSON.
/// </summary>
[Authorize(Roles = AuditTrail.Readers)]
public sealed class ExportModel(BeaconDb db, TimeProvider clock) : PageModel
{
    public static readonly IReadOnlyList<string> Header =
        ["at", "user", "action", "entity", "entityKey", "code", "organisation", "year", "oldValues", "newValues"];

    public async Task<IActionResult> OnGetAsync([FromQuery] AuditFilter filter, CancellationToken ct)
    {
        var entries = filter.Apply(db).VisibleTo(User);
        if (filter.Errors.Count > 0)
        {
            await Shared.WriteAnswer.WriteAsync(HttpContext, StatusCodes.Status400BadRequest, string.Join(" ", filter.Errors.Values));
            return new EmptyResult();
        }
        var rows = await entries.OrderByDescending(e => e.Id).ToListAsync(ct);
        var csv = Csv.Write(Header, rows.Select(e => (IReadOnlyList<string?>)
        [
            AuditTrail.InTaipei(e.At).ToString("o", CultureInfo.InvariantCulture), e.UserName, e.Action, e.Entity, e.EntityKey, e.Code,
            e.OrganisationCode, e.Year?.ToString(CultureInfo.InvariantCulture), e.OldValues, e.NewValues,
        ]));
        var today = AuditTrail.InTaipei(clock.GetUtcNow()).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return File(csv, "text/csv; charset=utf-8", $"beacon-audit-{today}.csv");
    }
}
