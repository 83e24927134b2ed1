using System.Text;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Audit;

/// <summary>
/// GET /audit/{id}/new.json and /audit/{id}/old.json: the values an entry recorded, as stored. For an import these
/// are the whole plan documents after and before, in the interchange format.
/// </summary>
[Authorize(Roles = AuditTrail.Readers)]
public sealed class DocumentModel(BeaconDb db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, string side, CancellationToken ct)
    {
        if (side is not ("new" or "old")) return NotFound();
        var entry = await db.AuditEntries.AsNoTracking().VisibleTo(User).Where(e => e.Id == id)
            .Select(e => new { e.OrganisationCode, e.Year, Values = side == "new" ? e.NewValues : e.OldValues })
            .SingleOrDefaultAsync(ct);
        if (entry?.Values is not { } json) return NotFound();
        var name = string.Join("-", new[] { entry.OrganisationCode, entry.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) }.OfType<string>()
            .Append($"audit{id}").Append(side == "new" ? "after" : "before"));
        return File(new UTF8Encoding(false).GetBytes(json), "application/json; charset=utf-8", name + ".json");
    }
}
