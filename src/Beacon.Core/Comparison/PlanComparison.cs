using Beacon.Core.Plans;

namespace Beacon.Core.Comparison;

// The revision comparison (修正對照表) as a plain model: counts per perspective before → after, then every objective,
// KPI and action plan of either plan once, as 原 | 修正後 | 說明. Nothing here knows how it is shown; a page, the API
// and a document writer render the same records.

/// <summary>The three kinds of item the 修正對照表 lists.</summary>
public enum ItemLevel { Objective, Kpi, ActionPlan }

/// <summary>
/// What happened to one item between the two plans. An item carries <see cref="Unchanged"/> alone, or any number of
/// the others (renumbered and retargeted, say).
/// </summary>
public enum ChangeKind
{
    Unchanged,
    /// <summary>Only in the later plan.</summary>
    Added,
    /// <summary>Only in the earlier plan.</summary>
    Removed,
    Renamed,
    /// <summary>A new code under the same parent (EP3.2 → EP3.1), or a code that follows its renumbered parent.</summary>
    Renumbered,
    /// <summary>Under another parent: a KPI in another objective, an action plan under another KPI, an objective in another theme or perspective.</summary>
    Moved,
    TargetChanged,
    FormulaChanged,
    UnitChanged,
    DirectionChanged,
    ResponsibleChanged,
    BudgetChanged,
}

/// <summary>
/// One side of a compared item as its plan prints it. <paramref name="Parent"/> is the objective code of a KPI, the
/// KPI code of an action plan, and for an objective its theme letter and perspective letter (AC, TC).
/// </summary>
public sealed record ItemSide(string Code, string Name, string? Parent, PerspectiveKind Perspective);

/// <summary>
/// One difference of a matched item, before → after as printed: the names (renamed), the codes (renumbered), the
/// parents (moved), a target or budget of a <paramref name="Year"/> (and of a KPI <paramref name="Part"/>), the formula,
/// unit, direction (its interchange name: positive, negative, band, qualitative), the responsible units ("成保組、兒少組").
/// A null side is a value one plan has and the other lacks.
/// </summary>
public sealed record FieldChange(ChangeKind Kind, string? Before, string? After, int? Year = null, string? Part = null);

/// <summary>
/// A reason for a change (說明), as a revision gives it: attached to an item by its code (the code in the revised
/// plan, or in the earlier one for a removed item), optionally to one kind of change and to a year (the target of 2023
/// revised because …). Without a code it is the revision's reason as a whole.
/// </summary>
public sealed record RevisionReason(string? Code, string Text, ChangeKind? Kind = null, int? Year = null);

/// <summary>
/// One row of the table. <paramref name="Related"/> is, for an added or removed item only, the most similar item of
/// the other plan when one is similar enough: where a KPI split in two, or two merged, the part left over points to
/// where it came from or went.
/// </summary>
public sealed record ComparedItem(
    ItemLevel Level,
    ItemSide? Before,
    ItemSide? After,
    IReadOnlyList<ChangeKind> Kinds,
    IReadOnlyList<FieldChange> Changes,
    IReadOnlyList<string> Reasons,
    ItemSide? Related)
{
    /// <summary>The code the row is known by: the revised one, or the earlier one of a removed item.</summary>
    public string Code => (After ?? Before)!.Code;

    public PerspectiveKind Perspective => (After ?? Before)!.Perspective;

    public bool Has(ChangeKind kind) => Kinds.Contains(kind);

    public bool IsUnchanged => Kinds is [ChangeKind.Unchanged];
}

/// <summary>A number before and after.</summary>
public sealed record Count(int Before, int After)
{
    public int Difference => After - Before;
}

public sealed record ItemCounts(Count Objectives, Count Kpis, Count ActionPlans);

/// <summary>One perspective's line of the counts (顧客 7 → 6 (−1)); <paramref name="Name"/> as the later plan prints it.</summary>
public sealed record PerspectiveCounts(PerspectiveKind Perspective, string Name, ItemCounts Counts);

/// <summary>Which plan a side is: organisation and year (a version of a year is named by whoever loads it).</summary>
public sealed record ComparedPlan(string Organisation, string OrganisationName, int Year);

/// <summary>
/// The whole comparison. <paramref name="Items"/> are in the order the table lists them: by perspective, then by code
/// (a removed item under its old code, before the item that has that code now). <paramref name="Reasons"/> are the
/// revision's reasons that belong to no single row; <paramref name="ApprovalsBefore"/> and
/// <paramref name="ApprovalsAfter"/> the approvals (核定) only one plan records.
/// </summary>
public sealed record PlanComparison(
    ComparedPlan Before,
    ComparedPlan After,
    IReadOnlyList<PerspectiveCounts> Perspectives,
    ItemCounts Total,
    IReadOnlyList<ComparedItem> Items,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<ApprovalDoc> ApprovalsBefore,
    IReadOnlyList<ApprovalDoc> ApprovalsAfter)
{
    /// <summary>Rows carrying this kind of change.</summary>
    public int CountOf(ChangeKind kind) => Items.Count(i => i.Has(kind));

    /// <summary>Whether anything at all differs.</summary>
    public bool HasChanges => Items.Any(i => !i.IsUnchanged);
}
