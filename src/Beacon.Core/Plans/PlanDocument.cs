namespace Beacon.Core.Plans;

// The interchange format, version 1 (docs/interchange.md, docs/plan.schema.json): one whole plan of one
// organisation for one year. Property order here is the order written on export.

public sealed record PlanDocument
{
    public const string FormatName = "beacon.plan";
    public const int CurrentVersion = 1;

    public required string Format { get; init; }
    public required int FormatVersion { get; init; }
    public required OrganisationDoc Organisation { get; init; }
    public required int Year { get; init; }
    public string? Title { get; init; }
    public string? Mission { get; init; }
    public string? Vision { get; init; }
    public List<string> CoreValues { get; init; } = [];
    public List<ApprovalDoc> Approvals { get; init; } = [];
    public List<PerspectiveDoc> Perspectives { get; init; } = [];
    public List<ThemeDoc> Themes { get; init; } = [];
    public List<ObjectiveDoc> Objectives { get; init; } = [];
    public List<LinkDoc> Links { get; init; } = [];
}

public sealed record OrganisationDoc
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? ShortName { get; init; }
    public string? NameEn { get; init; }
    public required OrganisationKind Kind { get; init; }
    public string? Parent { get; init; }
}

/// <summary>核定: an approval or a revision of the plan (滾動修正, 核定修正目標值).</summary>
public sealed record ApprovalDoc
{
    public required DateOnly Date { get; init; }
    public string? Body { get; init; }
    public string? Description { get; init; }
}

public sealed record PerspectiveDoc
{
    public required string Code { get; init; }
    public required PerspectiveKind Kind { get; init; }
    public required string Name { get; init; }
}

public sealed record ThemeDoc
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>The city theme letter a bureau theme carries (printed "(府)").</summary>
    public string? CityTheme { get; init; }
    /// <summary>主政: the lead agency of a city theme.</summary>
    public string? Lead { get; init; }
    /// <summary>協辦: the member agencies of a city theme.</summary>
    public List<string> Members { get; init; } = [];
}

public sealed record ObjectiveDoc
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>關鍵成功因素.</summary>
    public string? Ksf { get; init; }
    public string? CityObjective { get; init; }
    public string? Note { get; init; }
    public List<KpiDoc> Kpis { get; init; } = [];
}

public sealed record KpiDoc
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Ksf { get; init; }
    public string? Formula { get; init; }
    public string? Unit { get; init; }
    public required Direction Direction { get; init; }
    public List<string> Responsible { get; init; } = [];
    public bool Exempt { get; init; }
    public string? CityKpi { get; init; }
    public string? Note { get; init; }
    public List<ValueDoc> Values { get; init; } = [];
    public List<KpiPartDoc> Parts { get; init; } = [];
    public List<ActionPlanDoc> ActionPlans { get; init; } = [];
}

public sealed record KpiPartDoc
{
    public required string Name { get; init; }
    public string? Formula { get; init; }
    /// <summary>權重 in percent; when no part has one, the parts are added up (a total printed in pieces).</summary>
    public decimal? Weight { get; init; }
    public List<ValueDoc> Values { get; init; } = [];
}

public sealed record ValueDoc
{
    public required int Year { get; init; }
    public required ValueKind Kind { get; init; }
    public required string Text { get; init; }
}

public sealed record ActionPlanDoc
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public List<string> Responsible { get; init; } = [];
    public string? Note { get; init; }
    public List<BudgetDoc> Budgets { get; init; } = [];
    public List<MilestoneDoc> Milestones { get; init; } = [];
}

/// <summary>概算 in NT$ for one year, as printed ("803,500", "無").</summary>
public sealed record BudgetDoc
{
    public required int Year { get; init; }
    public required string Text { get; init; }
}

/// <summary>主要任務 of one bi-month: period "1-2" … "11-12".</summary>
public sealed record MilestoneDoc
{
    public required string Period { get; init; }
    public required string Text { get; init; }
}

public sealed record LinkDoc
{
    public required string From { get; init; }
    public required string To { get; init; }
}

public static class MilestonePeriods
{
    /// <summary>The documents' bi-monthly schedule columns (1-2月 … 11-12月).</summary>
    public static readonly IReadOnlyList<string> All = ["1-2", "3-4", "5-6", "7-8", "9-10", "11-12"];
}
