using System.Globalization;
using Beacon.Core;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Plans;

namespace Beacon.Web.Features.OpenData;

/// <summary>One printed year-end value; Part names the part of a KPI measured in parts (null for the KPI's own value).</summary>
public sealed record OpenValue(int Year, ValueKind Kind, string Text, string? Part);

public sealed record OpenPart(string Name, string? Formula, decimal? Weight);

public sealed record OpenActionPlan(string Code, string Name, IReadOnlyList<string> Responsible);

/// <summary>One KPI of the balanced scorecard (平衡計分卡), with where it sits in the plan.</summary>
public sealed record ScorecardRow(
    string Organisation, string OrganisationName, int Year, int RocYear,
    string Perspective, string? ThemeCode, string? Theme, string ObjectiveCode, string Objective,
    string KpiCode, string Kpi, string? Formula, IReadOnlyList<OpenPart> Parts, string? Unit, Direction Direction,
    IReadOnlyList<string> Responsible, IReadOnlyList<OpenValue> Values, IReadOnlyList<OpenActionPlan> ActionPlans);

/// <summary>
/// One KPI of the plan year's evaluation (績效評核): achievement and total to one decimal as the documents show them,
/// the self-assessment's scores and light, and the review's beside them.
/// </summary>
public sealed record EvaluationRow(
    string Organisation, int Year, string KpiCode, string Kpi, string? Target, string? Actual,
    decimal? Achievement, bool? Achieved,
    decimal? Innovation, decimal? Challenge, decimal? Contribution, decimal? Total,
    string LightSymbol, string Light, string LightName,
    decimal? ReviewInnovation, decimal? ReviewChallenge, decimal? ReviewContribution, decimal? ReviewTotal,
    string? ReviewLightSymbol, string? ReviewLight, string? ReviewLightName);

/// <summary>A published file: the plan it comes from and its rows.</summary>
public sealed record OpenDataFile<TRow>(string Organisation, string OrganisationName, int Year, int RocYear, IReadOnlyList<TRow> Rows);

/// <summary>The open-data tables of one plan, as rows (for JSON) and as CSV cells; the CSV is the rows flattened.</summary>
public static class OpenDataRows
{
    /// <summary>Joins the lines of one cell: action plans, parts, part values.</summary>
    public const string LineBreak = "\n";

    /// <summary>Joins several responsible units, as the documents print them.</summary>
    public const string ListSeparator = "、";

    public static OpenDataFile<ScorecardRow> Scorecard(Plan plan)
    {
        var org = plan.Organisation;
        var rows = new List<ScorecardRow>();
        foreach (var objective in plan.Objectives)
            foreach (var kpi in objective.Kpis)
                rows.Add(new ScorecardRow(
                    org.Code, org.Name, plan.Year, RocYear.FromGregorian(plan.Year),
                    objective.Perspective.Name, objective.Theme?.Code, objective.Theme?.Name, objective.Code, objective.Name,
                    kpi.Code, kpi.Name, kpi.Formula,
                    [.. kpi.Parts.Select(p => new OpenPart(p.Name, p.Formula, Normalize(p.Weight)))],
                    kpi.Unit, kpi.Direction, kpi.Responsible,
                    [.. kpi.Values.Where(v => v.Period is null).Select(v => new OpenValue(v.Year, v.Kind, v.Text, null))
                        .Concat(kpi.Parts.SelectMany(p => p.Values.Where(v => v.Period is null).Select(v => new OpenValue(v.Year, v.Kind, v.Text, p.Name))))],
                    [.. kpi.ActionPlans.Select(a => new OpenActionPlan(a.Code, a.Name, a.Responsible))]));
        return new OpenDataFile<ScorecardRow>(org.Code, org.Name, plan.Year, RocYear.FromGregorian(plan.Year), rows);
    }

    public static OpenDataFile<EvaluationRow> Evaluation(PlanEvaluation evaluation)
    {
        var plan = evaluation.Plan;
        var rows = evaluation.Rows.Select(r =>
        {
            var a = r.Assessment;
            var e = r.Evaluation;
            return new EvaluationRow(
                plan.Organisation.Code, plan.Year, r.Kpi.Code, r.Kpi.Name, r.Target?.Text, r.Actual?.Text,
                OneDecimal(e.Achievement.Rate), e.Achievement.Achieved,
                Normalize(a?.SelfInnovation), Normalize(a?.SelfChallenge), Normalize(a?.SelfContribution), OneDecimal(e.SelfScore),
                e.SelfLight.Symbol(), e.SelfLight.EnglishName(), e.SelfLight.ChineseName(),
                Normalize(a?.ReviewInnovation), Normalize(a?.ReviewChallenge), Normalize(a?.ReviewContribution), OneDecimal(e.ReviewScore),
                e.ReviewLight?.Symbol(), e.ReviewLight?.EnglishName(), e.ReviewLight?.ChineseName());
        }).ToList();
        return new OpenDataFile<EvaluationRow>(plan.Organisation.Code, plan.Organisation.Name, plan.Year, RocYear.FromGregorian(plan.Year), rows);
    }

    /// <summary>The (year, kind) value columns of a scorecard: the plan's year-end values in the scorecard page's order.</summary>
    public static IReadOnlyList<(int Year, ValueKind Kind)> ValueColumns(Plan plan) =>
        ScorecardColumns.Values(plan.Objectives.SelectMany(o => o.Kpis));

    /// <summary>"2021 target", "2021 actual".</summary>
    public static string ValueHeader((int Year, ValueKind Kind) column) =>
        $"{column.Year.ToString(CultureInfo.InvariantCulture)} {(column.Kind == ValueKind.Target ? "target" : "actual")}";

    public static IReadOnlyList<string> ScorecardHeader(IReadOnlyList<(int Year, ValueKind Kind)> valueColumns) =>
    [
        "organisation", "organisationName", "year", "rocYear", "perspective", "themeCode", "theme", "objectiveCode", "objective",
        "kpiCode", "kpi", "formula", "parts", "unit", "direction", "responsible",
        .. valueColumns.Select(ValueHeader),
        "actionPlans",
    ];

    public static IEnumerable<IReadOnlyList<string?>> ScorecardCells(OpenDataFile<ScorecardRow> file, IReadOnlyList<(int Year, ValueKind Kind)> valueColumns) =>
        file.Rows.Select(r => (IReadOnlyList<string?>)
        [
            r.Organisation, r.OrganisationName, Number(r.Year), Number(r.RocYear), r.Perspective, r.ThemeCode, r.Theme,
            r.ObjectiveCode, r.Objective, r.KpiCode, r.Kpi, r.Formula, PartsCell(r.Parts), r.Unit, DirectionName(r.Direction),
            string.Join(ListSeparator, r.Responsible),
            .. valueColumns.Select(c => ValueCell(r.Values, c)),
            string.Join(LineBreak, r.ActionPlans.Select(a => $"{a.Code} {a.Name}")),
        ]);

    public static IReadOnlyList<string> EvaluationHeader { get; } =
    [
        "organisation", "year", "kpiCode", "kpi", "target", "actual", "achievement", "achieved",
        "innovation", "challenge", "contribution", "total", "lightSymbol", "light", "lightName",
        "reviewInnovation", "reviewChallenge", "reviewContribution", "reviewTotal", "reviewLightSymbol", "reviewLight", "reviewLightName",
    ];

    public static IEnumerable<IReadOnlyList<string?>> EvaluationCells(OpenDataFile<EvaluationRow> file) =>
        file.Rows.Select(r => (IReadOnlyList<string?>)
        [
            r.Organisation, Number(r.Year), r.KpiCode, r.Kpi, r.Target, r.Actual, Number(r.Achievement), Bool(r.Achieved),
            Number(r.Innovation), Number(r.Challenge), Number(r.Contribution), Number(r.Total), r.LightSymbol, r.Light, r.LightName,
            Number(r.ReviewInnovation), Number(r.ReviewChallenge), Number(r.ReviewContribution), Number(r.ReviewTotal),
            r.ReviewLightSymbol, r.ReviewLight, r.ReviewLightName,
        ]);

    /// <summary>The KPI's own value, or, for a KPI measured in parts, each part's value on a line of its own ("東區門戶計畫：93").</summary>
    public static string ValueCell(IReadOnlyList<OpenValue> values, (int Year, ValueKind Kind) column)
    {
        var matching = values.Where(v => v.Year == column.Year && v.Kind == column.Kind).ToList();
        return matching.Find(v => v.Part is null) is { } own
            ? own.Text
            : string.Join(LineBreak, matching.Select(v => $"{v.Part}：{v.Text}"));
    }

    /// <summary>Each part on a line: "name (50%)：formula".</summary>
    public static string PartsCell(IReadOnlyList<OpenPart> parts) =>
        string.Join(LineBreak, parts.Select(p =>
            p.Name + (p.Weight is { } w ? $" ({Number(w)}%)" : "") + (p.Formula is { } f ? $"：{f}" : "")));

    public static string DirectionName(Direction direction) => direction switch
    {
        Direction.Positive => "positive",
        Direction.Negative => "negative",
        Direction.Band => "band",
        _ => "qualitative",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Bool(bool? value) => value switch { true => "true", false => "false", null => "" };

    /// <summary>To one decimal and always showing it (104.9, 100.0), in the CSV and the JSON alike.</summary>
    private static decimal? OneDecimal(decimal? value) => value is { } v ? Rounding.OneDecimal(v) + 0.0m : null;

    /// <summary>Without trailing zeros, so 80, 80.0 and 80.00 from either database print alike.</summary>
    private static decimal? Normalize(decimal? value) => value is { } v ? v / 1.0000000000000000000000000000m : null;
}
