using Beacon.Core.Plans;

namespace Beacon.Core.Authoring;

// What a person sends to change a plan, one element at a time: the element as the interchange format writes it (the
// same property names, docs/interchange.md), without its children (which have requests of their own) and without
// evaluation data (entered on the evaluation pages), with the version it is based on and, optionally, its position
// among its siblings. The forms and the API send the same records to the same check (PlanEditCheck).

/// <summary>A new organisation (POST /api/orgs) or its names, kind and parent changed (PUT /api/orgs/{org}).</summary>
public sealed record OrganisationEdit
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? ShortName { get; init; }
    public string? NameEn { get; init; }
    public OrganisationKind? Kind { get; init; }
    public string? Parent { get; init; }
    public int? Version { get; init; }
}

/// <summary>The plan's header: title, mission, vision, core values and the approvals record (核定與修正紀錄).</summary>
public sealed record HeaderEdit
{
    public string? Title { get; init; }
    public string? Mission { get; init; }
    public string? Vision { get; init; }
    public List<string> CoreValues { get; init; } = [];
    public List<ApprovalDoc> Approvals { get; init; } = [];
    public int? Version { get; init; }
}

/// <summary>The plan's perspectives (構面), top to bottom.</summary>
public sealed record PerspectivesEdit
{
    public List<PerspectiveDoc> Perspectives { get; init; } = [];
    public int? Version { get; init; }
}

/// <summary>A strategic theme: its letter (a new one renumbers its objectives), name, the city theme it carries, lead and member agencies.</summary>
public sealed record ThemeEdit
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? CityTheme { get; init; }
    public string? Lead { get; init; }
    public List<string> Members { get; init; } = [];
    /// <summary>Its place among the themes (0 first); omitted: where it is (a new one goes last).</summary>
    public int? Position { get; init; }
    public int? Version { get; init; }
}

/// <summary>A strategic objective without its KPIs; a new code renumbers it (AC1 → AC2 renames its KPIs, action plans and links).</summary>
public sealed record ObjectiveEdit
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? Ksf { get; init; }
    public string? CityObjective { get; init; }
    public string? Note { get; init; }
    /// <summary>Its place among the objectives of its theme and perspective (the map's cell), 0 first.</summary>
    public int? Position { get; init; }
    public int? Version { get; init; }
}

/// <summary>
/// A KPI without its action plans and evaluation data: the definition, the values of every year (targets and earlier
/// years' actuals; the plan year's actual and progress values are entered on the evaluation pages and kept as they are)
/// and the weighted parts. In a revision each changed target needs a reason: the value's own or <see cref="Reason"/>.
/// </summary>
public sealed record KpiEdit
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? Ksf { get; init; }
    public string? Formula { get; init; }
    public string? Expression { get; init; }
    public string? Unit { get; init; }
    public Direction? Direction { get; init; }
    public List<string> Responsible { get; init; } = [];
    public bool Exempt { get; init; }
    public string? CityKpi { get; init; }
    public string? Note { get; init; }
    public List<ValueDoc> Values { get; init; } = [];
    public List<KpiPartDoc> Parts { get; init; } = [];
    /// <summary>Why the targets changed in this edit were revised (a revision), unless a value gives its own.</summary>
    public string? Reason { get; init; }
    /// <summary>Its place among its objective's KPIs, 0 first.</summary>
    public int? Position { get; init; }
    public int? Version { get; init; }
}

/// <summary>An action plan: responsible units, budgets per year and the bi-monthly milestones.</summary>
public sealed record ActionPlanEdit
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public List<string> Responsible { get; init; } = [];
    public string? Note { get; init; }
    public List<BudgetDoc> Budgets { get; init; } = [];
    public List<MilestoneDoc> Milestones { get; init; } = [];
    /// <summary>Its place among its KPI's action plans, 0 first.</summary>
    public int? Position { get; init; }
    public int? Version { get; init; }
}

/// <summary>Every link of the map at once (策略目標關聯圖).</summary>
public sealed record LinksEdit
{
    public List<LinkDoc> Links { get; init; } = [];
    public int? Version { get; init; }
}

/// <summary>One link added: from one objective to another.</summary>
public sealed record LinkEdit
{
    public string? From { get; init; }
    public string? To { get; init; }
}

/// <summary>
/// A new plan of an organisation: empty, carried forward from another year (<see cref="From"/>), or, for a bureau,
/// started from the city plan of the same year carrying the themes and objectives chosen (<see cref="City"/>).
/// </summary>
public sealed record NewPlanRequest
{
    public int? Year { get; init; }
    public int? From { get; init; }
    public CityChoice? City { get; init; }
}

/// <summary>The city themes (letters) and objectives (codes) a new bureau plan carries.</summary>
public sealed record CityChoice
{
    public List<string> Themes { get; init; } = [];
    public List<string> Objectives { get; init; } = [];
}

/// <summary>A revision (修正) of an approved plan opened, with its reason and the plan's version (GET …/workflow).</summary>
public sealed record RevisionRequest
{
    public string? Reason { get; init; }
    public int? Version { get; init; }
}

/// <summary>One change to a plan, as the check takes it.</summary>
public abstract record PlanChange
{
    private PlanChange() { }

    public sealed record Header(HeaderEdit Edit) : PlanChange;
    public sealed record Perspectives(PerspectivesEdit Edit) : PlanChange;
    /// <summary>The theme of this letter changed, or added when the plan has none of it.</summary>
    public sealed record PutTheme(string Code, ThemeEdit Edit) : PlanChange;
    public sealed record PutObjective(string Code, ObjectiveEdit Edit) : PlanChange;
    public sealed record PutKpi(string Code, KpiEdit Edit) : PlanChange;
    public sealed record PutActionPlan(string Code, ActionPlanEdit Edit) : PlanChange;
    /// <summary>A theme, objective, KPI or action plan deleted with everything that goes with it.</summary>
    public sealed record Delete(ElementKind Kind, string Code, int? Version) : PlanChange;
    public sealed record Links(LinksEdit Edit) : PlanChange;
    public sealed record AddLink(LinkEdit Edit) : PlanChange;
    public sealed record RemoveLink(string From, string To) : PlanChange;

    /// <summary>The element the change is about.</summary>
    public PlanPlace Element => this switch
    {
        Header => new(ElementKind.Header, null),
        Perspectives => new(ElementKind.Perspectives, null),
        PutTheme t => new(ElementKind.Theme, t.Code),
        PutObjective o => new(ElementKind.Objective, o.Code),
        PutKpi k => new(ElementKind.Kpi, k.Code),
        PutActionPlan a => new(ElementKind.ActionPlan, a.Code),
        Delete d => new(d.Kind, d.Code),
        _ => new(ElementKind.Links, null),
    };

    /// <summary>Whether it is about one KPI or action plan (the part of a plan a division's editor may change).</summary>
    public bool IsUnit => Element.Kind is ElementKind.Kpi or ElementKind.ActionPlan;
}

/// <summary>The plan year an edit goes to, who edits, and what the rules need to know around it.</summary>
/// <param name="InRevision">A revision is open: each changed target keeps its original and needs a reason.</param>
/// <param name="Carriers">For a city plan: the plans of the same year that carry its themes, objectives and KPIs.</param>
/// <param name="City">For a bureau plan: what the city plan of the same year has, to check what the bureau says it carries (null: no city plan of that year).</param>
public sealed record AuthoringContext(string Organisation, int Year, Workflow.PlanStatus Status, Workflow.Actor Actor,
    bool InRevision = false, IReadOnlyList<CarryingPlan>? Carriers = null, CityCodes? City = null)
{
    /// <summary>Where an element's version is read, for the message that asks for one.</summary>
    public string Source(PlanPlace element) => element.Kind switch
    {
        ElementKind.Header => $"GET /api/orgs/{Organisation}/plans/{Year}/header",
        ElementKind.Perspectives => $"GET /api/orgs/{Organisation}/plans/{Year}/perspectives",
        ElementKind.Links => $"GET /api/orgs/{Organisation}/plans/{Year}/links",
        ElementKind.Theme => $"GET /api/orgs/{Organisation}/plans/{Year}/themes/{element.Code}",
        ElementKind.Objective => $"GET /api/orgs/{Organisation}/plans/{Year}/objectives/{element.Code}",
        ElementKind.Kpi => $"GET /api/orgs/{Organisation}/plans/{Year}/kpis/{element.Code}",
        ElementKind.ActionPlan => $"GET /api/orgs/{Organisation}/plans/{Year}/action-plans/{element.Code}",
        _ => $"GET /api/orgs/{Organisation}",
    };
}

/// <summary>Another plan of the same year that carries some of a city plan's themes (letters), objectives and KPIs (codes).</summary>
public sealed record CarryingPlan(string Organisation, string Name, int Year,
    IReadOnlyList<string> Themes, IReadOnlyList<string> Objectives, IReadOnlyList<string> Kpis);

/// <summary>The theme letters, objective codes and KPI codes of the city plan of a year.</summary>
public sealed record CityCodes(int Year, IReadOnlySet<string> Themes, IReadOnlySet<string> Objectives, IReadOnlySet<string> Kpis);

/// <summary>
/// The outcome of an edit's check: the problems, or the whole plan after the edit (<see cref="After"/>) and the codes
/// it renamed (old → new: objectives, KPIs, action plans, themes), so what is stored keeps its rows, history and
/// evaluation data under the new codes.
/// </summary>
public sealed record EditDecision(IReadOnlyList<Problem> Problems, PlanDocument? After, IReadOnlyDictionary<string, string> Renamed)
{
    public bool Accepted => Problems.Count == 0;

    public static EditDecision Refused(params IEnumerable<Problem> problems) => new([.. problems], null, new Dictionary<string, string>());
}

/// <summary>What goes with a deleted element, for the confirmation: its objectives, KPIs and action plans, the links that name them, and the KPIs whose evaluation data goes too.</summary>
public sealed record Gone(IReadOnlyList<GoneElement> Elements, IReadOnlyList<LinkDoc> Links, IReadOnlyList<string> Evaluated)
{
    public static readonly Gone Nothing = new([], [], []);
}

public sealed record GoneElement(ElementKind Kind, string Code, string Name);
