using System.Globalization;
using Beacon.Core.Evaluation;
using Beacon.Core.Formulas;
using Beacon.Core.Plans;
using Beacon.Core.Sheets;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Features.Documents;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Spreadsheets;

/// <summary>Each KPI of a plan year as the entry sheet shows it (<see cref="EntrySheetKpi"/>), read from the stored plan.</summary>
public static class EntrySheetKpis
{
    public static IReadOnlyList<EntrySheetKpi> Of(PlanEvaluation evaluation) => [.. evaluation.Rows.Select(r => Of(r, evaluation.Plan.Year))];

    public static EntrySheetKpi Of(KpiRow row, int year)
    {
        var kpi = row.Kpi;
        var inputs = kpi.Parts.Count == 0 && kpi.Expression is { } expression && Formula.Parse(expression).Formula is { } formula ? formula.Inputs : [];
        var items = kpi.Parts.Count > 0 ? EntryItems.Parts : inputs.Count > 0 ? EntryItems.Inputs : EntryItems.None;
        var (value, reason) = EntryRow.Split(row.Actual);
        IReadOnlyList<string> names = items switch
        {
            EntryItems.Parts => [.. kpi.Parts.Select(p => p.Name)],
            EntryItems.Inputs => [.. inputs],
            _ => [],
        };
        IReadOnlyList<string?> values = items switch
        {
            EntryItems.Parts => [.. row.PartActuals.Select(p => p.Value?.Text)],
            EntryItems.Inputs => [.. inputs.Select(name => kpi.Inputs.FirstOrDefault(i => i.Year == year && i.Period == null && i.Name == name) is { } input
                ? EntryRow.Show(input.Value) : null)],
            _ => [],
        };
        var target = kpi.Parts.Count > 0
            ? string.Join(" / ", row.PartTargets.Select(p => p.Value?.Text ?? "—"))
            : row.Target?.Text;
        var judged = kpi.Direction == Direction.Qualitative || row.Target?.Form == ValueForm.Qualitative || row.Actual?.Form == ValueForm.Qualitative;
        var a = row.Assessment;
        return new EntrySheetKpi(kpi.Code, kpi.Name, kpi.Unit, target, kpi.Direction, items, names, judged, a?.Version ?? 0,
            value, reason, values,
            kpi.Values.Where(v => v.Year == year && v.Kind == ValueKind.Actual && v.Period is not null).ToDictionary(v => v.Period!, v => (string?)v.Text, StringComparer.Ordinal),
            a?.SelfInnovation, a?.SelfChallenge, a?.SelfContribution, a?.SelfJudgedMet, a?.SelfExplanation);
    }
}

/// <summary>
/// The entry sheet of a plan year as a workbook, written by the documents' writers (XLSX, ODS): a protected sheet with
/// one row per KPI the person may enter — code, name, unit, target and direction locked, then the cells to fill in
/// (white) with data validation on scores, judgements and texts; the version of each KPI — and a hidden sheet with the
/// plan, the year and each KPI's values at the download, so an upload tells the person's changes from someone else's.
/// </summary>
public static class EntrySheetTemplate
{
    public sealed record Template(string Title, string FileStem, IReadOnlyList<Sheet> Sheets);

    public static Template Build(Plan plan, IReadOnlyList<EntrySheetKpi> kpis)
    {
        var english = Ui.English;
        var periods = EntrySheetLayout.PeriodsInUse(kpis.SelectMany(k => k.Progress.Keys));
        var items = kpis.Select(k => k.ItemNames.Count).DefaultIfEmpty(0).Max();
        var columns = EntrySheetLayout.Columns(items, periods);
        var title = SpreadsheetText.T("entry.title", PlanDocuments.OrganisationName(plan.Organisation), Ui.Year(plan.Year));
        const int header = 2;
        var cells = new List<SheetCell>
        {
            new(0, 0, Cell.Of(title).Spanning(columns: columns.Count), SheetStyle.Title),
            new(1, 0, Cell.Of(SpreadsheetText.T("entry.instructions")).Spanning(columns: columns.Count), SheetStyle.Text),
        };
        for (var c = 0; c < columns.Count; c++) cells.Add(new SheetCell(header, c, Cell.Of(columns[c].Header(english, plan.Year)), SheetStyle.Header));
        for (var i = 0; i < kpis.Count; i++)
        {
            var kpi = kpis[i];
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                var shown = column.Kind switch
                {
                    EntryColumn.Direction => Ui.DirectionText(kpi.Direction),
                    EntryColumn.Met => kpi.Met is { } met ? SpreadsheetText.T(met ? "yes" : "no") : null,
                    _ => kpi.Shown(column),
                };
                cells.Add(new SheetCell(header + 1 + i, c, CellOf(column, shown), kpi.Takes(column) ? SheetStyle.Input : SheetStyle.Shown));
            }
        }
        var last = header + Math.Max(1, kpis.Count);
        var validations = new List<SheetValidation>();
        for (var c = 0; c < columns.Count; c++)
        {
            var kind = columns[c].Kind;
            if (kind is EntryColumn.Innovation or EntryColumn.Challenge or EntryColumn.Contribution)
                validations.Add(new SheetValidation(c, header + 1, last, ValidationKind.DecimalBetween, SpreadsheetText.T("validation.score"), SpreadsheetText.T("validation.scoreMessage"), 0, 100));
            else if (kind is EntryColumn.Reason or EntryColumn.Explanation)
                validations.Add(new SheetValidation(c, header + 1, last, ValidationKind.TextLengthAtMost, SpreadsheetText.T("validation.text"), SpreadsheetText.T("validation.textMessage"), Max: EntryRules.MaxTextLength));
            else if (kind is EntryColumn.Met)
                validations.Add(new SheetValidation(c, header + 1, last, ValidationKind.List, SpreadsheetText.T("validation.met"), SpreadsheetText.T("validation.metMessage"),
                    Values: [SpreadsheetText.T("yes"), SpreadsheetText.T("no")]));
        }
        var widths = columns.Select(c => c.Kind switch
        {
            EntryColumn.Code or EntryColumn.Unit or EntryColumn.Version => 5.0,
            EntryColumn.Name => 16,
            EntryColumn.Reason or EntryColumn.Explanation => 16,
            EntryColumn.ItemName => 12,
            EntryColumn.Direction => 8,
            EntryColumn.Met => 7,
            _ => 7,
        }).ToList();
        var form = new Sheet(SpreadsheetText.T("entry.sheetName"), widths, cells, header + 1 + kpis.Count, header + 1, (header, header))
        {
            Protected = true,
            Validations = validations,
        };
        return new Template(title, DocumentCatalog.FileStem(plan.Organisation.Code, plan.Year, SpreadsheetText.T("entry.fileName")), [form, Downloaded(plan, kpis, columns)]);
    }

    /// <summary>A number cell where the value is a plain number that a spreadsheet's double keeps exactly; text otherwise.</summary>
    private static Cell CellOf(EntrySheetColumn column, string? text)
    {
        if (text is null) return Cell.Of("");
        if (column.Kind is EntryColumn.Code or EntryColumn.Name or EntryColumn.ItemName or EntryColumn.Reason or EntryColumn.Explanation or EntryColumn.Direction or EntryColumn.Met)
            return Cell.Of(text);
        var cell = Cell.Value(text);
        return cell.Number is { } n && (decimal)(double)n == n ? cell : Cell.Of(text);
    }

    /// <summary>The hidden sheet: marker and layout version, the plan and year, and each KPI's editable cells as downloaded, as text.</summary>
    private static Sheet Downloaded(Plan plan, IReadOnlyList<EntrySheetKpi> kpis, IReadOnlyList<EntrySheetColumn> columns)
    {
        var editable = columns.Where(c => c.Editable).ToList();
        var cells = new List<SheetCell>
        {
            new(0, 0, Cell.Of(EntrySheetLayout.Marker), SheetStyle.Text),
            new(0, 1, Cell.Of(EntrySheetLayout.FormatVersion.ToString(CultureInfo.InvariantCulture)), SheetStyle.Text),
            new(1, 0, Cell.Of("organisation"), SheetStyle.Text), new(1, 1, Cell.Of(plan.Organisation.Code), SheetStyle.Text),
            new(2, 0, Cell.Of("year"), SheetStyle.Text), new(2, 1, Cell.Of(plan.Year.ToString(CultureInfo.InvariantCulture)), SheetStyle.Text),
            new(3, 0, Cell.Of("code"), SheetStyle.Text),
        };
        for (var c = 0; c < editable.Count; c++) cells.Add(new SheetCell(3, c + 1, Cell.Of(editable[c].Key), SheetStyle.Text));
        for (var i = 0; i < kpis.Count; i++)
        {
            cells.Add(new SheetCell(4 + i, 0, Cell.Of(kpis[i].Code), SheetStyle.Text));
            for (var c = 0; c < editable.Count; c++)
                if (kpis[i].Shown(editable[c]) is { } text) cells.Add(new SheetCell(4 + i, c + 1, Cell.Of(text), SheetStyle.Text));
        }
        return new Sheet(EntrySheetLayout.ValuesSheet, [.. Enumerable.Repeat(10.0, editable.Count + 1)], cells, 4 + kpis.Count, 0, null) { Hidden = true, Protected = true };
    }
}
