using Microsoft.AspNetCore.Identity;

namespace Beacon.Web.Data;

/// <summary>A person who signs in. An agency editor is bound to one organisation and, optionally, some of its divisions.</summary>
public sealed class BeaconUser : IdentityUser
{
    public string? DisplayName { get; set; }
    /// <summary>The agency an editor writes for; null for roles that are not bound to one.</summary>
    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    /// <summary>Divisions (科室, as the plans name responsible units) the editor is limited to; empty means the whole agency.</summary>
    public List<string> Divisions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The roles, by the names stored in the database.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Planner = "planner";
    public const string AgencyEditor = "agency-editor";
    public const string Reviewer = "reviewer";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Administrator, Planner, AgencyEditor, Reviewer, Viewer];
}
