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
public sealed class SecurityStampCheck(BeaconDb db, ChangeWatch watch, IOptions<IdentityOptions> options, TimeProvider clock)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var claims = options.Value.ClaimsIdentity;
        var id = principal.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal.FindFirstValue(claims.SecurityStampClaimType);
        if (id is null || stamp is null) return false;
        var account = await watch.KeptAsync(db, ("account", id), async () =>
        {
            await db.KeepConnectionOpenAsync(ct);
            return await CompiledQueries<Queries>.For(db).Account(db, id, ct);
        });
        return account is not null && account.SecurityStamp == stamp && !(account.LockoutEnd is { } end && end > clock.GetUtcNow());
    }

    private sealed record AccountNow(string? SecurityStamp, DateTimeOffset? LockoutEnd);

    private sealed class Queries
    {
        public readonly Func<BeaconDb, string, CancellationToken, Task<AccountNow?>> Account = EF.CompileAsyncQuery(
            (BeaconDb db, string id, CancellationToken ct) => db.Users.Where(u => u.Id == id)
                .Select(u => new AccountNow(u.SecurityStamp, u.LockoutEnd)).SingleOrDefault());
    }
}

public static class SecurityStampChecks
{
    /// <summary>
    /// Put it right after <c>app.UseAuthentication()</c>. A sign-in that is no longer current is replaced by an anonymous
    /// user (which also drops the authentication result authorization would otherwise reuse), so the request is
    /// challenged as a signed-out one: 401 for the API, the sign-in page for pages. A stale cookie is deleted.
    /// </summary>
    public static IApplicationBuilder UseSecurityStampCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true
            && !await context.RequestServices.GetRequiredService<SecurityStampCheck>().IsCurrentAsync(context.User, context.RequestAborted))
        {
            if (!AccountSetup.UsesBearer(context.Request)) await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }
        await next(context);
    });
}
