using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Shared;

/// <summary>The year a page opens when none is asked (/evaluations, /calendar): the same for every such page.</summary>
public static class PlanYears
{
    /// <summary>The latest year with a plan this reader may see; null when there is none.</summary>
    public static async Task<int?> LatestAsync(BeaconDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = user.Actor();
        var visible = Enum.GetValues<PlanStatus>().Where(actor.CanSee).ToList();
        return await db.Plans.Where(p => visible.Contains(p.Status)).MaxAsync(p => (int?)p.Year, ct);
    }
}
