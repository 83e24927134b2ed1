using System.Security.Claims;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Account;

/// <summary>
/// Checks every authenticated request, cookie or bearer token, against the account as it is now: a sign-in whose
/// security stamp no longer matches (role, organisation or divisions changed, password reset), or whose account is
/// locked or deleted, counts as signed out from that request on. Neither Identity's cookie validator (every 30 minutes)
/// nor the bearer handler (never) would notice before the sign-in expires.
/// </summary>
public sealed class SecurityStampCheck(BeaconDb db, IOptions<IdentityOptions> options, TimeProvider clock) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return principal;
        var claims = options.Value.ClaimsIdentity;
        var id = principal.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal.FindFirstValue(claims.SecurityStampClaimType);
        if (id is null || stamp is null) return SignedOut();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, u.LockoutEnd }).SingleOrDefaultAsync();
        if (account is null || account.SecurityStamp != stamp || account.LockoutEnd is { } end && end > clock.GetUtcNow())
            return SignedOut();
        return principal;
    }

    private static ClaimsPrincipal SignedOut() => new(new ClaimsIdentity());
}
