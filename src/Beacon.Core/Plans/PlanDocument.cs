namespace Beacon.Core.Plans;

// The interchange format, version 1 (docs/interchange.md, docs/plan.schema.json): one whole plan of one
// organisation for one year. Property order here is the order written on export.

public sealed record PlanDocument
{
    public const string FormatName = "beacon.plan";

    /// <summary>The version a document is written in unless it needs a newer one (<see cref="VersionFor"/>).</summary>
    public const int CurrentVersion = 1;

    /// <summary>The newest version Beacon reads and writes: version 2 adds a revised target's <c>original</c> and <c>reason</c>.</summary>
    public const int NewestVersion = 2;

    /// <summary>
    /// The lowest version that carries this document: 2 when a value keeps the original of a revised target or its reason,
    /// else 1, so a plan without revisions is written exactly as before and read by every Beacon that reads version 1.
    /// </summary>
    public static int VersionFor(PlanDocument document) =>
        document.Objectives.SelectMany(o => o.Kpis).Any(k => k.Values.Concat(k.Parts.SelectMany(p => p.Values)).Any(v => v.Original is not null || v.Reason is not null))
            ? NewestVersion : CurrentVersion;

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
    /// <summary>The plan year's evaluation settings; omitted when the defaults apply.</summary>
    public EvaluationSettingsDoc? Evaluation { get; init; }
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
    /// <summary>A structured formula over named inputs (docs/formulas.md), when the KPI is computed from raw inputs.</summary>
    public string? Expression { get; init; }
    public string? Unit { get; init; }
    public required Direction Direction { get; init; }
    public List<string> Responsible { get; init; } = [];
    public bool Exempt { get; init; }
    public string? CityKpi { get; init; }
    public string? Note { get; init; }
    public List<ValueDoc> Values { get; init; } = [];
    /// <summary>Raw inputs of the expression; omitted when there are none.</summary>
    public List<InputDoc>? Inputs { get; init; }
    public List<KpiPartDoc> Parts { get; init; } = [];
    public List<ActionPlanDoc> ActionPlans { get; init; } = [];
    /// <summary>The plan year's self-assessment and review; omitted when there is neither.</summary>
    public AssessmentDoc? Assessment { get; init; }
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
    /// <summary>Omitted for the year-end value; M1–M12, Q1–Q4 or B1–B6 for progress during the year.</summary>
    public string? Period { get; init; }
    public required ValueKind Kind { get; init; }
    public required string Text { get; init; }
    /// <summary>Format version 2: for a target revised after approval (核定修正), the target as first approved.</summary>
    public string? Original { get; init; }
    /// <summary>Format version 2: why the target was revised.</summary>
    public string? Reason { get; init; }
}

public sealed record InputDoc
{
    public required int Year { get; init; }
    public string? Period { get; init; }
    public required string Name { get; init; }
    public required decimal Value { get; init; }
}

/// <summary>自評 and 複核 of one KPI for the plan year, side by side.</summary>
public sealed record AssessmentDoc
{
    public SelfAssessmentDoc? Self { get; init; }
    public ReviewDoc? Review { get; init; }
}

public sealed record SelfAssessmentDoc
{
    public decimal? Innovation { get; init; }
    public decimal? Challenge { get; init; }
    public decimal? Contribution { get; init; }
    /// <summary>For a qualitative KPI: whether the agency judges the target met.</summary>
    public bool? Met { get; init; }
    public string? Explanation { get; init; }
}

public sealed record ReviewDoc
{
    public decimal? Innovation { get; init; }
    public decimal? Challenge { get; init; }
    public decimal? Contribution { get; init; }
    public Evaluation.Light? Light { get; init; }
    public bool? Met { get; init; }
    public string? Comment { get; init; }
}

public sealed record EvaluationSettingsDoc
{
    public required WeightsDoc Weights { get; init; }
    public required BandsDoc Bands { get; init; }
    public required Evaluation.BandRule BandRule { get; init; }

    public Evaluation.EvaluationSettings ToSettings() => new(
        new Evaluation.ScoreWeights(Weights.Achievement, Weights.Innovation, Weights.Challenge, Weights.Contribution),
        new Evaluation.LightBands(Bands.Excellent, Bands.Good, Bands.Fair),
        BandRule);

    public static EvaluationSettingsDoc From(Evaluation.EvaluationSettings settings) => new()
    {
        Weights = new WeightsDoc(settings.Weights.Achievement, settings.Weights.Innovation, settings.Weights.Challenge, settings.Weights.Contribution),
        Bands = new BandsDoc(settings.Bands.Excellent, settings.Bands.Good, settings.Bands.Fair),
        BandRule = settings.BandRule,
    };
}

public sealed record WeightsDoc(decimal Achievement, decimal Innovation, decimal Challenge, decimal Contribution);

public sealed record BandsDoc(decimal Excellent, decimal Good, decimal Fair);

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
