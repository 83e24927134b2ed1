using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// The charts' data, from the same figures the pages show (the evaluation's statistics, a KPI's values): the pages
/// draw them beside their tables and the PDF documents print them.
/// </summary>
public static class DocumentCharts
{
    public static readonly Light[] Lights = [Light.Excellent, Light.Good, Light.Fair, Light.Poor, Light.Unclear];

    /// <summary>The lights' colours as the pages show them (site.css .light-*).</summary>
    public static string Colour(Light light) => light switch
    {
        Light.Excellent => "#c9a100",
        Light.Good => "#1f8a4c",
        Light.Fair => "#d4822a",
        Light.Poor => "#c0392b",
        _ => "#9aa5b1",
    };

    /// <summary>Light counts per group (perspective or theme), stacked.</summary>
    public static ChartBlock LightCountsChart(string caption, string groupHeading, IReadOnlyList<EvaluationStatistics> groups, Func<string, string> label) =>
        new(caption, ChartKind.StackedBar, groupHeading, [.. groups.Select(g => label(g.Group))],
            [.. Lights.Select(l => new ChartSeries(Ui.T($"light.{l}"), [.. groups.Select(g => (decimal?)g.Lights[l])], "0", Colour(l)))],
            DocumentText.T("chart.count"));

    /// <summary>Achieved, not achieved and no data per group, stacked.</summary>
    public static ChartBlock Achievement(string caption, string groupHeading, IReadOnlyList<EvaluationStatistics> groups, Func<string, string> label) =>
        new(caption, ChartKind.StackedBar, groupHeading, [.. groups.Select(g => label(g.Group))],
        [
            new ChartSeries(Ui.T("eval.achieved"), [.. groups.Select(g => (decimal?)g.Achieved)], "0", "#1f8a4c"),
            new ChartSeries(Ui.T("eval.notAchieved"), [.. groups.Select(g => (decimal?)g.NotAchieved)], "0", "#c0392b"),
            new ChartSeries(Ui.T("eval.noData"), [.. groups.Select(g => (decimal?)g.NoData)], "0", "#9aa5b1"),
        ], DocumentText.T("chart.count"));

    /// <summary>Self-assessment against review: the count of each light, side by side.</summary>
    public static ChartBlock SelfAgainstReviewed(PlanEvaluation e) =>
        new(DocumentText.T("chart.selfVsReviewed"), ChartKind.Bar, DocumentText.T("chart.light"), [.. Lights.Select(l => Ui.T($"light.{l}"))],
        [
            new ChartSeries(Ui.T("eval.self"), [.. Lights.Select(l => (decimal?)e.SelfTotal.Lights[l])], "0", "#0b5cab"),
            new ChartSeries(Ui.T("eval.reviewed"), [.. Lights.Select(l => (decimal?)e.ReviewedTotal.Lights[l])], "0", "#c2571a"),
        ], DocumentText.T("chart.count"));

    public static string PerspectiveLabel(Plan plan, string code) =>
        plan.Perspectives.FirstOrDefault(p => p.Code == code) is { } p ? Ui.Perspective(p.Kind, p.Name) : code;

    public static string ThemeLabel(Plan plan, string code) =>
        code == PlanEvaluation.SharedGroup ? $"{code} {Ui.T("plan.sharedRow")}" : plan.Themes.FirstOrDefault(t => t.Code == code) is { } t ? $"{t.Code} {t.Name}" : code;

    /// <summary>A KPI's actuals and targets by year (year-end values that are numbers); null when it has none.</summary>
    public static ChartBlock? KpiYears(Kpi kpi)
    {
        var values = kpi.Values.Where(v => v.Period is null).ToList();
        var years = values.Select(v => v.Year).Distinct().Order().ToList();
        decimal? Of(int year, ValueKind kind) => values.FirstOrDefault(v => v.Year == year && v.Kind == kind) is { } v ? ValueText.Parse(v.Text).Number : null;
        var actual = years.Select(y => Of(y, ValueKind.Actual)).ToList();
        var target = years.Select(y => Of(y, ValueKind.Target)).ToList();
        if (actual.Concat(target).All(v => v is null)) return null;
        return new ChartBlock($"{kpi.Code} {DocumentText.T("chart.kpiYears")}", ChartKind.Line, Ui.T("col.year"), [.. years.Select(Ui.YearShort)],
            [new ChartSeries(Ui.T("col.actual"), actual, "0.##", "#0b5cab"), new ChartSeries(Ui.T("col.target"), target, "0.##", "#c2571a")], kpi.Unit);
    }

    /// <summary>A KPI's progress values by period within each year; null when it has none that are numbers.</summary>
    public static ChartBlock? KpiProgress(Kpi kpi, IReadOnlyList<KpiValue> progress)
    {
        var numbers = progress.Select(v => (v, n: ValueText.Parse(v.Text).Number)).Where(x => x.n is not null).ToList();
        if (numbers.Count == 0) return null;
        return new ChartBlock($"{kpi.Code} {DocumentText.T("chart.kpiProgress")}", ChartKind.Line, Ui.T("col.period"),
            [.. numbers.Select(x => $"{Ui.YearShort(x.v.Year)} {Periods.Label(x.v.Period!, Ui.English)}")],
            [new ChartSeries(Ui.T("col.actual"), [.. numbers.Select(x => x.n)], "0.##", "#0b5cab")], kpi.Unit);
    }
}
