using System.Security.Claims;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Account;

/// <summary>
/// Who may write what, decided on the server for every page and endpoint that writes (the rules are the core's
/// <see cref="Beacon.Core.Workflow.Actor"/> and <see cref="Beacon.Core.Workflow.WorkflowRules"/>):
/// agency editors write their own agency's actuals and self-assessments (only their divisions' KPIs when bound);
/// reviewers write reviews; planners manage plans, settings and the workflow; administrators may do everything
/// and manage users. Nobody writes into an approved (locked) plan year.
/// </summary>
public static class Permissions
{
    public const string OrganisationClaim = "beacon:org";
    public const string DivisionClaim = "beacon:division";

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);

    /// <summary>The person as the core's rules see them: roles, organisation and divisions, from the sign-in's claims.</summary>
    public static Actor Actor(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated != true ? Beacon.Core.Workflow.Actor.Anonymous : new(
        Administrator: user.IsInRole(Roles.Administrator), Planner: user.IsInRole(Roles.Planner), Editor: user.IsInRole(Roles.AgencyEditor),
        Reviewer: user.IsInRole(Roles.Reviewer), Viewer: user.IsInRole(Roles.Viewer),
        Organisation: user.FindFirstValue(OrganisationClaim), Divisions: [.. user.FindAll(DivisionClaim).Select(c => c.Value)]);

    public static bool CanPlan(this ClaimsPrincipal user) => user.Actor().CanPlan;

    public static bool CanReview(this ClaimsPrincipal user) => user.Actor().CanReview;

    /// <summary>Signed in with any role: may read plans that are not yet published.</summary>
    public static bool CanReadDrafts(this ClaimsPrincipal user) => user.Actor().CanReadDrafts;

    /// <summary>May enter actuals and self-assessments for this organisation (not yet looking at divisions).</summary>
    public static bool CanEnterFor(this ClaimsPrincipal user, string organisationCode) => user.Actor().CanEnterFor(organisationCode);

    /// <summary>May enter this KPI: an editor bound to divisions only where one of them is responsible for it.</summary>
    public static bool CanEnterKpi(this ClaimsPrincipal user, string organisationCode, IReadOnlyCollection<string> responsible) =>
        user.Actor().CanEnterKpi(organisationCode, responsible);

    /// <summary>May import (create or replace) this organisation's plans (<see cref="Actor.CanImportFor"/>).</summary>
    public static bool CanImportFor(this ClaimsPrincipal user, string organisationCode) => user.Actor().CanImportFor(organisationCode);

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
