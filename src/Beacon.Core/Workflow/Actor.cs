namespace Beacon.Core.Workflow;

/// <summary>
/// Who is writing, as the rules see a person: their roles, the organisation they belong to and the divisions
/// (科室) they are bound to. The web builds it from the signed-in user's claims.
/// </summary>
public sealed record Actor(bool Administrator = false, bool Planner = false, bool Editor = false, bool Reviewer = false, bool Viewer = false,
    string? Organisation = null, IReadOnlyList<string>? Divisions = null)
{
    public static readonly Actor Anonymous = new();

    public IReadOnlyList<string> BoundDivisions => Divisions ?? [];

    /// <summary>Signed in with any role: may read plans that are not yet approved.</summary>
    public bool CanReadDrafts => Administrator || Planner || Editor || Reviewer || Viewer;

    /// <summary>Planners (研考會) manage plans, settings, the calendar and the workflow.</summary>
    public bool CanPlan => Administrator || Planner;

    public bool CanReview => Administrator || Reviewer;

    /// <summary>May enter actuals and self-assessments for this organisation (divisions aside).</summary>
    public bool CanEnterFor(string organisation) => Administrator || (Editor && Organisation == organisation);

    /// <summary>May enter this KPI: an editor bound to divisions only where one of them is responsible for it.</summary>
    public bool CanEnterKpi(string organisation, IReadOnlyCollection<string> responsible) =>
        CanEnterFor(organisation) && (Administrator || BoundDivisions.Count == 0 || responsible.Any(BoundDivisions.Contains));

    /// <summary>
    /// May import (create or replace) this organisation's plans: planners, and the organisation's own editors when
    /// they are not bound to divisions (a division's editor enters only its KPIs).
    /// </summary>
    public bool CanImportFor(string organisation) => CanPlan || (CanEnterFor(organisation) && BoundDivisions.Count == 0);

    /// <summary>
    /// May edit this organisation's plans (header, perspectives, themes, objectives, KPIs, action plans, links): planners
    /// any organisation's, agency editors their own organisation's (a division-bound one only its divisions' KPIs and
    /// action plans, <see cref="CanAuthorUnit"/>).
    /// </summary>
    public bool CanAuthor(string organisation) => CanPlan || (Editor && Organisation == organisation);

    /// <summary>May edit the plan as a whole (header, themes, objectives, links): not an editor bound to divisions.</summary>
    public bool CanAuthorStructure(string organisation) => CanAuthor(organisation) && (CanPlan || BoundDivisions.Count == 0);

    /// <summary>May edit a KPI or an action plan with these responsible units: a division-bound editor only where one of them is theirs.</summary>
    public bool CanAuthorUnit(string organisation, IReadOnlyCollection<string> responsible) =>
        CanAuthor(organisation) && (CanPlan || BoundDivisions.Count == 0 || responsible.Any(BoundDivisions.Contains));

    /// <summary>Organisations are added and renamed by planners (研考會).</summary>
    public bool CanManageOrganisations => CanPlan;

    /// <summary>Anonymous readers see approved plans only; anyone signed in with a role sees every status.</summary>
    public bool CanSee(PlanStatus status) => status == PlanStatus.Approved || CanReadDrafts;
}
