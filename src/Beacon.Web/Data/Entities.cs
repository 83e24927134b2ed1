using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Web.Data;

// The stored plan. Every child keeps its Position so the document order survives a round trip.

public sealed class Organisation
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? ShortName { get; set; }
    public string? NameEn { get; set; }
    public OrganisationKind Kind { get; set; }
    public int? ParentId { get; set; }
    public Organisation? Parent { get; set; }
    public List<Plan> Plans { get; set; } = [];
    /// <summary>Raised when a planner renames the organisation or moves it; a change based on an older version is refused.</summary>
    public int Version { get; set; }
}

public sealed class Plan
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public int Year { get; set; }
    public string? Title { get; set; }
    public string? Mission { get; set; }
    public string? Vision { get; set; }
    public List<string> CoreValues { get; set; } = [];
    public DateTimeOffset ImportedAt { get; set; }
    public List<PlanApproval> Approvals { get; set; } = [];
    public List<Perspective> Perspectives { get; set; } = [];
    public List<Theme> Themes { get; set; } = [];
    public List<Objective> Objectives { get; set; } = [];
    public List<ObjectiveLink> Links { get; set; } = [];
    /// <summary>Null when the plan year uses the default evaluation settings.</summary>
    public EvaluationSetting? Evaluation { get; set; }
    public PlanStatus Status { get; set; }
    /// <summary>Raised on every workflow step; a step based on an older version is refused.</summary>
    public int Version { get; set; }
    public List<PlanStep> Steps { get; set; } = [];
    /// <summary>The latest published version's number (<see cref="PlanVersion"/>); null until the plan is first approved.</summary>
    public int? PublishedVersion { get; set; }
    /// <summary>Why a revision (修正) of the approved plan is open; null when none is.</summary>
    public string? RevisionReason { get; set; }
    /// <summary>Raised on every change of the header (title, mission, vision, core values, approvals) and the perspectives.</summary>
    public int HeaderVersion { get; set; }
    /// <summary>Raised when a theme or an objective is added, removed or moved among the plan's.</summary>
    public int ChildrenVersion { get; set; }
    /// <summary>Raised on every change of the links.</summary>
    public int LinksVersion { get; set; }
}

public sealed class PlanApproval
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int Position { get; set; }
    public DateOnly Date { get; set; }
    public string? Body { get; set; }
    public string? Description { get; set; }
}

public sealed class Perspective
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int Position { get; set; }
    public required string Code { get; set; }
    public PerspectiveKind Kind { get; set; }
    public required string Name { get; set; }
}

public sealed class Theme
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int Position { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? CityTheme { get; set; }
    public string? Lead { get; set; }
    public List<string> Members { get; set; } = [];
    /// <summary>Raised on every edit of the theme; an edit based on an older version is refused.</summary>
    public int Version { get; set; }
}

public sealed class Objective
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int Position { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Null for an objective shared by every theme (TC1 …).</summary>
    public int? ThemeId { get; set; }
    public Theme? Theme { get; set; }
    public int PerspectiveId { get; set; }
    public Perspective Perspective { get; set; } = null!;
    public string? Ksf { get; set; }
    public string? CityObjective { get; set; }
    public string? Note { get; set; }
    public List<Kpi> Kpis { get; set; } = [];
    /// <summary>Raised on every edit of the objective or of its list of KPIs (one added, removed, moved).</summary>
    public int Version { get; set; }
}

public sealed class Kpi
{
    public int Id { get; set; }
    public int ObjectiveId { get; set; }
    public Objective Objective { get; set; } = null!;
    public int Position { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Ksf { get; set; }
    public string? Formula { get; set; }
    public string? Unit { get; set; }
    public Direction Direction { get; set; }
    public List<string> Responsible { get; set; } = [];
    public bool Exempt { get; set; }
    public string? CityKpi { get; set; }
    public string? Note { get; set; }
    /// <summary>A structured formula over named inputs (docs/formulas.md); the printed one stays in Formula.</summary>
    public string? Expression { get; set; }
    public List<KpiPart> Parts { get; set; } = [];
    public List<KpiInput> Inputs { get; set; } = [];
    public KpiAssessment? Assessment { get; set; }
    /// <summary>The KPI's own values; a part's values hang on the part.</summary>
    public List<KpiValue> Values { get; set; } = [];
    public List<ActionPlan> ActionPlans { get; set; } = [];
    /// <summary>
    /// Raised on every edit of the KPI's definition, values, parts or list of action plans (plan editing); evaluation
    /// entries have the version of <see cref="KpiAssessment"/>.
    /// </summary>
    public int Version { get; set; }
}

public sealed class KpiPart
{
    public int Id { get; set; }
    public int KpiId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    public string? Formula { get; set; }
    public decimal? Weight { get; set; }
    public List<KpiValue> Values { get; set; } = [];
}

/// <summary>One printed value; Number, Comparator, Breakdown and MissingReason are parsed from Text on save.</summary>
public sealed class KpiValue
{
    public int Id { get; set; }
    public int? KpiId { get; set; }
    public int? KpiPartId { get; set; }
    public int Position { get; set; }
    public int Year { get; set; }
    public ValueKind Kind { get; set; }
    /// <summary>Null for the year-end value; M1–M12, Q1–Q4 or B1–B6 (the documents' bi-months) for progress.</summary>
    public string? Period { get; set; }
    public required string Text { get; set; }
    public ValueForm Form { get; set; }
    public decimal? Number { get; set; }
    public Comparator Comparator { get; set; }
    public string? Breakdown { get; set; }
    public string? MissingReason { get; set; }
    /// <summary>A target revised after approval (核定修正): the target as first approved.</summary>
    public string? Original { get; set; }
    /// <summary>Why the target was revised.</summary>
    public string? Reason { get; set; }

    /// <summary>Stores a printed value: its text, parsed once into the columns.</summary>
    public void SetText(string text) => Set(ValueText.Parse(text));

    /// <summary>Stores a value as the core read it (the text kept for display, the parsed columns for evaluation).</summary>
    public void Set(ValueText value)
    {
        Text = value.Text;
        Form = value.Form;
        Number = value.Number;
        Comparator = value.Comparator;
        Breakdown = value.Breakdown;
        MissingReason = value.MissingReason;
    }

    /// <summary>The value as stored, without parsing its text again.</summary>
    public ValueText Read() => ValueText.Stored(Text, Form, Number, Comparator, Breakdown, MissingReason);
}

public sealed class ActionPlan
{
    public int Id { get; set; }
    public int KpiId { get; set; }
    public int Position { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public List<string> Responsible { get; set; } = [];
    public string? Note { get; set; }
    public List<Budget> Budgets { get; set; } = [];
    public List<Milestone> Milestones { get; set; } = [];
    /// <summary>Raised on every edit of the action plan, its budgets or milestones.</summary>
    public int Version { get; set; }
}

/// <summary>概算: NT$ for one year as printed; Amount is the number when the text is one (null for 無).</summary>
public sealed class Budget
{
    public int Id { get; set; }
    public int ActionPlanId { get; set; }
    public int Position { get; set; }
    public int Year { get; set; }
    public required string Text { get; set; }
    public decimal? Amount { get; set; }
}

public sealed class Milestone
{
    public int Id { get; set; }
    public int ActionPlanId { get; set; }
    public int Position { get; set; }
    public required string Period { get; set; }
    public required string Text { get; set; }
}

public sealed class ObjectiveLink
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int Position { get; set; }
    public required string FromCode { get; set; }
    public required string ToCode { get; set; }
}

/// <summary>A raw input of a formula KPI for one year (and period), entered by the agency.</summary>
public sealed class KpiInput
{
    public int Id { get; set; }
    public int KpiId { get; set; }
    public int Year { get; set; }
    public string? Period { get; set; }
    public required string Name { get; set; }
    public decimal Value { get; set; }
}

/// <summary>
/// The agency's self-assessment (自評) of one KPI in its plan year and the reviewer's re-grading (複核), side by side:
/// a review never overwrites the self-assessment.
/// </summary>
public sealed class KpiAssessment
{
    public int Id { get; set; }
    public int KpiId { get; set; }
    public decimal? SelfInnovation { get; set; }
    public decimal? SelfChallenge { get; set; }
    public decimal? SelfContribution { get; set; }
    public bool? SelfJudgedMet { get; set; }
    public string? SelfExplanation { get; set; }
    public decimal? ReviewInnovation { get; set; }
    public decimal? ReviewChallenge { get; set; }
    public decimal? ReviewContribution { get; set; }
    public Beacon.Core.Evaluation.Light? ReviewLight { get; set; }
    public bool? ReviewJudgedMet { get; set; }
    public string? ReviewComment { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Raised on every save; a save based on an older version is refused.</summary>
    public int Version { get; set; }
}

/// <summary>A plan year's evaluation settings; a plan without a row uses the defaults.</summary>
public sealed class EvaluationSetting
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public decimal WeightAchievement { get; set; }
    public decimal WeightInnovation { get; set; }
    public decimal WeightChallenge { get; set; }
    public decimal WeightContribution { get; set; }
    public decimal BandExcellent { get; set; }
    public decimal BandGood { get; set; }
    public decimal BandFair { get; set; }
    public Beacon.Core.Evaluation.BandRule BandRule { get; set; }
    public int Version { get; set; }
}

/// <summary>One step of a plan's workflow: who moved it from what to what, when, and why.</summary>
public sealed class PlanStep
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }
    public PlanStatus From { get; set; }
    public PlanStatus To { get; set; }
    public required string Action { get; set; }
    public string? Comment { get; set; }
}

/// <summary>
/// One change to data, written in the same transaction as the change and kept permanently: who, when, what
/// (entity and code), and the old and new values of the fields that changed (JSON objects).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public string? EntityKey { get; set; }
    public string? Code { get; set; }
    public string? OrganisationCode { get; set; }
    public int? Year { get; set; }
    public string? OldValues { get; set; }
    public string? NewValues { get; set; }
}

/// <summary>
/// The evaluation calendar of one plan year, city-wide (評核行事曆): the day and an optional note of each milestone
/// (Beacon.Core.Calendar). A year without a row shows the defaults.
/// </summary>
public sealed class EvaluationCalendar
{
    public int Id { get; set; }
    /// <summary>The plan year (Gregorian) whose cycle this is; its milestones fall in that year and the next ones.</summary>
    public int Year { get; set; }
    public DateOnly EntryOpens { get; set; }
    public string? EntryOpensNote { get; set; }
    public DateOnly SubmissionDeadline { get; set; }
    public string? SubmissionDeadlineNote { get; set; }
    public DateOnly ReviewDeadline { get; set; }
    public string? ReviewDeadlineNote { get; set; }
    public DateOnly Publication { get; set; }
    public string? PublicationNote { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Raised on every save; a save based on an older version is refused.</summary>
    public int Version { get; set; }
}
