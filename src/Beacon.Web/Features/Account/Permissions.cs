using System.Security.Claims;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Account;

/// <summary>
/// Who may write what, decided on the server for every page and endpoint that writes:
/// agency editors write their own agency's actuals and self-assessments (only their divisions' KPIs when bound);
/// reviewers write reviews; planners manage plans, settings and the workflow; administrators may do everything
/// and manage users. Nobody writes into an approved (locked) plan year.
/// </summary>
public static class Permissions
{
    public const string OrganisationClaim = "beacon:org";
    public const string DivisionClaim = "beacon:division";

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);

    public static bool CanPlan(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Planner);

    public static bool CanReview(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Reviewer);

    /// <summary>Signed in with any role: may read plans that are not yet published.</summary>
    public static bool CanReadDrafts(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && Roles.All.Any(user.IsInRole);

    /// <summary>May enter actuals and self-assessments for this organisation (not yet looking at divisions).</summary>
    public static bool CanEnterFor(this ClaimsPrincipal user, string organisationCode) =>
        user.IsInRole(Roles.Administrator)
        || (user.IsInRole(Roles.AgencyEditor) && user.FindFirstValue(OrganisationClaim) == organisationCode);

    /// <summary>May enter this KPI: an editor bound to divisions only where one of them is responsible for it.</summary>
    public static bool CanEnterKpi(this ClaimsPrincipal user, string organisationCode, IReadOnlyCollection<string> responsible)
    {
        if (!user.CanEnterFor(organisationCode)) return false;
        if (user.IsInRole(Roles.Administrator)) return true;
        var divisions = user.FindAll(DivisionClaim).Select(c => c.Value).ToList();
        return divisions.Count == 0 || responsible.Any(divisions.Contains);
    }

    /// <summary>
    /// May import (create or replace) this organisation's plans: planners, and the organisation's own agency editors
    /// when they are not bound to divisions (a division's editor enters only its KPIs).
    /// </summary>
    public static bool CanImportFor(this ClaimsPrincipal user, string organisationCode) =>
        user.CanPlan() || (user.CanEnterFor(organisationCode) && !user.HasClaim(c => c.Type == DivisionClaim));

    public static string NameOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.Email) ?? user.Identity.Name ?? "?" : "anonymous";
}

/// <summary>Adds the organisation and divisions an editor is bound to as claims at sign-in.</summary>
public sealed class BeaconClaimsFactory(UserManager<BeaconUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, BeaconDb db)
    : UserClaimsPrincipalFactory<BeaconUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(BeaconUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.OrganisationId is { } orgId && await db.Organisations.FindAsync(orgId) is { } org)
            identity.AddClaim(new Claim(Permissions.OrganisationClaim, org.Code));
        foreach (var division in user.Divisions) identity.AddClaim(new Claim(Permissions.DivisionClaim, division));
        if (user.DisplayName is { Length: > 0 } name) identity.AddClaim(new Claim("beacon:name", name));
        return identity;
    }
}
