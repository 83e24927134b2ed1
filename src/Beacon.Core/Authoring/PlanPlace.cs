namespace Beacon.Core.Authoring;

/// <summary>The things of a plan that are edited one at a time.</summary>
public enum ElementKind { Organisation, Plan, Header, Perspectives, Theme, Objective, Kpi, ActionPlan, Links }

/// <summary>
/// Where a problem of a plan edit is, as data: which element (its kind and code; none for the header, the perspectives
/// and the links, which are one each per plan) and which field of what was sent for it — <c>name</c>,
/// <c>values[2].text</c>, <c>budgets[0].year</c> — so a form puts the message beside its field without reading a path.
/// <see cref="Path"/> is the same place in the body the API received (<c>$.values[2].text</c>).
/// </summary>
public sealed record PlanPlace(ElementKind Kind, string? Code, string Field = "")
{
    public string Path => Field.Length == 0 ? "$" : Field[0] == '[' ? "$" + Field : "$." + Field;

    public PlanPlace At(string field) => this with { Field = field };

    /// <summary>The element's key among the versions a check is given (<see cref="KeyOf"/>).</summary>
    public string Key => KeyOf(Kind, Code);

    /// <summary>"Kpi:AC1.1", "Objective:AC1", "Header": how an element's version is looked up.</summary>
    public static string KeyOf(ElementKind kind, string? code) => code is null ? kind.ToString() : $"{kind}:{code}";

    public Problem Says(string zh, string en, ProblemKind kind = ProblemKind.Invalid) => new(Path, zh, en) { Element = this, Kind = kind };

    /// <summary>A problem from a "中文|English" pair (the form the core's rule messages take).</summary>
    public Problem Says(string pair) => Problems.At(Path, pair) with { Element = this };
}
