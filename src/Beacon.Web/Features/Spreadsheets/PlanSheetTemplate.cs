using Beacon.Core.Plans;
using Beacon.Core.Sheets;
using Beacon.Web.Features.Documents;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Spreadsheets;

/// <summary>
/// The template of a new plan: a plan sheet (計畫: mission, vision, core values, the perspectives and themes, filled in
/// from the organisation's nearest plan when it has one) and one sheet per perspective with the scorecard document's
/// columns — objective | KSF | KPI | formula and unit | three years of actuals and three of targets | responsible unit
/// | action plans | budgets of the plan year and the next | responsible unit — for rows to be added below.
/// </summary>
public static class PlanSheetTemplate
{
    public static EntrySheetTemplate.Template Build(string organisationName, string organisationCode, int year, PlanDocument? previous)
    {
        var english = Ui.English;
        var title = SpreadsheetText.T("plan.templateTitle", organisationName, Ui.Year(year));
        var perspectives = previous?.Perspectives ?? [.. Enum.GetValues<PerspectiveKind>().Select(k => new PerspectiveDoc { Code = k.StandardLetter().ToString(), Kind = k, Name = k.StandardName() })];
        var sheets = new List<Sheet> { PlanSheetOf(title, previous, perspectives, english) };

        List<(int Year, ValueKind Kind)> values = [(year - 3, ValueKind.Actual), (year - 2, ValueKind.Actual), (year - 1, ValueKind.Actual),
            (year, ValueKind.Target), (year + 1, ValueKind.Target), (year + 2, ValueKind.Target)];
        List<string> headers =
        [
            Ui.T("col.objective"), Ui.T("col.ksf"), Ui.T("col.kpi"), Ui.T("col.formula"),
            .. values.Select(ScorecardColumns.Header),
            Ui.T("col.responsible"), Ui.T("col.actionPlans"),
            .. new[] { year, year + 1 }.Select(y => $"{ScorecardColumns.BudgetHeader(y, year)} {(english ? "(NT$)" : "(元)")}"),
            Ui.T("col.actionResponsible"),
        ];
        double[] widths = [12, 12, 14, 16, 6, 6, 6, 6, 6, 6, 8, 14, 9, 9, 8];
        const int rows = 30;
        foreach (var perspective in perspectives)
        {
            var cells = new List<SheetCell>
            {
                new(0, 0, Cell.Of(title).Spanning(columns: headers.Count), SheetStyle.Title),
                new(1, 0, Cell.Of(DocumentText.T("doc.perspectiveHeading", Ui.Perspective(perspective.Kind, perspective.Name))).Spanning(columns: headers.Count), SheetStyle.Heading),
            };
            for (var c = 0; c < headers.Count; c++) cells.Add(new SheetCell(2, c, Cell.Of(headers[c]), SheetStyle.Header));
            for (var r = 3; r < 3 + rows; r++)
                for (var c = 0; c < headers.Count; c++) cells.Add(new SheetCell(r, c, Cell.Of(""), SheetStyle.Input));
            sheets.Add(new Sheet(Name(DocumentText.T("doc.perspectiveHeading", Ui.Perspective(perspective.Kind, perspective.Name))), widths, cells, 3 + rows, 3, (2, 2)));
        }
        return new EntrySheetTemplate.Template(title, DocumentCatalog.FileStem(organisationCode, year, SpreadsheetText.T("plan.templateFile")), sheets);
    }

    private static Sheet PlanSheetOf(string title, PlanDocument? previous, IReadOnlyList<PerspectiveDoc> perspectives, bool english)
    {
        var cells = new List<SheetCell> { new(0, 0, Cell.Of(title).Spanning(columns: 5), SheetStyle.Title) };
        var row = 2;
        void Label(string key, IEnumerable<string?> values)
        {
            var (_, zh, en) = PlanSheet.PlanLabels.Single(l => l.Key == key);
            cells.Add(new SheetCell(row, 0, Cell.Of(english ? en : zh), SheetStyle.Label));
            var column = 1;
            foreach (var value in values.DefaultIfEmpty(null)) cells.Add(new SheetCell(row, column++, Cell.Of(value), SheetStyle.Input));
            row++;
        }
        Label("mission", [previous?.Mission]);
        Label("vision", [previous?.Vision]);
        Label("values", previous?.CoreValues ?? []);
        row++;
        string Header(string key)
        {
            var (_, zh, en) = PlanSheet.TableHeaders.Single(h => h.Key == key);
            return english ? en : zh;
        }
        cells.Add(new SheetCell(row, 0, Cell.Of(SpreadsheetText.T("plan.perspectivesHeading")), SheetStyle.Heading));
        row++;
        cells.Add(new SheetCell(row, 0, Cell.Of(Header("perspectiveCode")), SheetStyle.Header));
        cells.Add(new SheetCell(row, 1, Cell.Of(Header("perspective")), SheetStyle.Header));
        row++;
        foreach (var p in perspectives)
        {
            cells.Add(new SheetCell(row, 0, Cell.Of(p.Code), SheetStyle.Input));
            cells.Add(new SheetCell(row, 1, Cell.Of(p.Name), SheetStyle.Input));
            row++;
        }
        row++;
        cells.Add(new SheetCell(row, 0, Cell.Of(SpreadsheetText.T("plan.themesHeading")), SheetStyle.Heading));
        row++;
        string[] themeHeaders = ["themeCode", "theme", "cityTheme", "lead", "members"];
        for (var c = 0; c < themeHeaders.Length; c++) cells.Add(new SheetCell(row, c, Cell.Of(Header(themeHeaders[c])), SheetStyle.Header));
        row++;
        var themes = previous?.Themes ?? [];
        for (var i = 0; i < Math.Max(themes.Count, 6); i++)
        {
            var t = themes.ElementAtOrDefault(i);
            string?[] fields = [t?.Code, t?.Name, t?.CityTheme, t?.Lead, t is null ? null : string.Join("、", t.Members)];
            for (var c = 0; c < fields.Length; c++) cells.Add(new SheetCell(row, c, Cell.Of(fields[c]), SheetStyle.Input));
            row++;
        }
        return new Sheet(SpreadsheetText.T("plan.sheet"), [10, 30, 10, 10, 20], cells, row, 0, null);
    }

    private static string Name(string heading) => heading.Length > 31 ? heading[..31] : heading;
}
