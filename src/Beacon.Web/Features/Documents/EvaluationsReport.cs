using System.Globalization;
using Beacon.Core.Evaluation;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// The year's evaluation report across organisations (評核總覽), from the figures of /evaluations/{year}: each
/// organisation's counts and lights, self and reviewed side by side, mean totals and self minus reviewer.
/// </summary>
public static class EvaluationsReport
{
    public static DocumentModel Build(EvaluationSummary summary)
    {
        var name = DocumentText.T("doc.evaluations");
        var title = Ui.T("summary.title", Ui.Year(summary.Year));
        var lights = DocumentCharts.Lights;
        static Cell Mean(decimal? mean, Light? light) => mean is null
            ? Cell.Of(Ui.T("eval.notAssessed"))
            : Cell.OneDecimal(mean) with { Text = $"{Rounding.Show(mean)}{(light is { } l ? " " + l.Symbol() : "")}" };
        var table = new TableBlock(title,
            [new(TextWidth.Fit(summary.Organisations.Select(o => o.Name), 8, 16)), new(4), new(4, true), new(5, true), new(5, true), new(6, true),
             .. lights.Select(_ => new ColumnHint(3.5, true)), .. lights.Select(_ => new ColumnHint(3.5, true)), new(5, true), new(5, true), new(5, true)],
            [
                [Cell.Of(Ui.T("summary.organisation")).Spanning(rows: 2), Cell.Of(Ui.T("workflow.status")).Spanning(rows: 2), Cell.Of(Ui.T("eval.kpis")).Spanning(rows: 2),
                 Cell.Of(Ui.T("eval.achieved")).Spanning(rows: 2), Cell.Of(Ui.T("eval.notAchieved")).Spanning(rows: 2), Cell.Of(Ui.T("eval.noData")).Spanning(rows: 2),
                 Cell.Of(Ui.T("summary.selfLights")).Spanning(columns: 5), Cell.Of(Ui.T("summary.reviewedLights")).Spanning(columns: 5),
                 Cell.Of(Ui.T("summary.meanSelf")).Spanning(rows: 2), Cell.Of(Ui.T("summary.meanReviewed")).Spanning(rows: 2), Cell.Of(Ui.T("summary.inflation")).Spanning(rows: 2)],
                [.. lights.Select(l => Cell.Of(Ui.T($"light.{l}"))), .. lights.Select(l => Cell.Of(Ui.T($"light.{l}")))],
            ],
            [.. summary.Organisations.Select(o => (IReadOnlyList<Cell>)
            [
                new Cell($"{o.Name} ({o.Organisation})", Heading: true), Cell.Of(Workflow.IndexModel.StatusText(o.Status)),
                Cell.Count(o.Kpis), Cell.Count(o.Achieved), Cell.Count(o.NotAchieved), Cell.Count(o.NoData),
                .. lights.Select(l => Cell.Count(o.SelfLights[l])), .. lights.Select(l => Cell.Count(o.ReviewedLights[l])),
                Mean(o.MeanSelfTotal, o.MeanSelfLight), Mean(o.MeanReviewedTotal, o.MeanReviewedLight),
                o.SelfMinusReviewer is { } gap
                    ? new Cell(Rounding.OneDecimal(gap).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture), Rounding.OneDecimal(gap), "+0.0;-0.0;0.0")
                    : Cell.Of("—"),
            ])],
            []);
        var chart = new ChartBlock(DocumentText.T("chart.meanSelfVsReviewed"), ChartKind.Bar, Ui.T("summary.organisation"),
            [.. summary.Organisations.Select(o => o.Name)],
            [
                new ChartSeries(Ui.T("summary.meanSelf"), [.. summary.Organisations.Select(o => Rounding.OneDecimal(o.MeanSelfTotal))], "0.0", "#0b5cab"),
                new ChartSeries(Ui.T("summary.meanReviewed"), [.. summary.Organisations.Select(o => Rounding.OneDecimal(o.MeanReviewedTotal))], "0.0", "#c2571a"),
            ], DocumentText.T("chart.score"));
        var blocks = new List<DocumentBlock>
        {
            new ParagraphBlock(Ui.T("summary.intro")),
            new ParagraphBlock(Ui.T("summary.excellent", summary.ExcellentBySelf, summary.Organisations.Count, summary.ExcellentByReview) + (Ui.English ? "" : "")),
            table,
            chart,
        };
        return new DocumentModel("evaluations", title, string.Join('_', name, Ui.YearShort(summary.Year)), [new DocumentSection(title, blocks)], Landscape: true);
    }
}
