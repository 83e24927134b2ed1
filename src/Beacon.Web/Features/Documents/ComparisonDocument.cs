using System.Globalization;
using Beacon.Core.Calendar;
using Beacon.Core.Comparison;
using Beacon.Core.Plans;
using Beacon.Web.Features.Comparison;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// 修正對照表: the revision comparison of the plan with another year's, as the compare page shows it (the same
/// <see cref="ComparisonSource.Compare"/> and the same filters): the approvals and reasons, the counts per perspective,
/// then per perspective each row's 原 | 修正後 | 說明.
/// </summary>
public static class ComparisonDocument
{
    public static DocumentModel? Build(DocumentRequest request)
    {
        if (request.Other is not { } other) return null;
        var plan = request.Plan;
        var c = ComparisonSource.Compare(PlanMapping.ToDocument(plan), null, PlanMapping.ToDocument(other.Plan), null);
        var rows = c.Items.Where(request.Filter.Shows).ToList();
        var heading = ComparisonText.T("heading", Ui.Year(c.Before.Year), Ui.Year(c.After.Year));
        var name = DocumentText.T("doc.compare");

        var overview = new List<DocumentBlock>
        {
            new ParagraphBlock(ComparisonText.T("rows.count", rows.Count, c.Items.Count, c.Items.Count(i => !i.IsUnchanged)) + (Ui.English ? "." : "。")),
        };
        foreach (var (approvals, year) in new[] { (c.ApprovalsBefore, c.Before.Year), (c.ApprovalsAfter, c.After.Year) }.Where(x => x.Item1.Count > 0))
        {
            overview.Add(new ParagraphBlock(ComparisonText.T("basis", Ui.Year(year))));
            overview.Add(new FactsBlock([.. approvals.Select(a => new Fact(CalendarRules.Format(a.Date, CultureInfo.CurrentUICulture), $"{a.Body} {a.Description}".Trim()))]));
        }
        if (c.Reasons.Count > 0) overview.Add(new FactsBlock([.. c.Reasons.Select((r, i) => new Fact($"{ComparisonText.T("reasons")} {i + 1}", r))]));
        overview.Add(Counts(c));

        var sections = new List<DocumentSection> { new(ComparisonText.T("counts"), overview, "counts") };
        var siteOrg = $"{request.SiteUrl}/orgs/{Uri.EscapeDataString(plan.Organisation.Code)}";
        foreach (var group in rows.GroupBy(r => r.Perspective))
        {
            var perspective = c.Perspectives.FirstOrDefault(p => p.Perspective == group.Key) is { } p ? Ui.Perspective(group.Key, p.Name) : Ui.Perspective(group.Key, group.Key.StandardName());
            var title = ComparisonText.T("perspectiveRow", perspective);
            sections.Add(new DocumentSection(title, [Rows(title, c, group, siteOrg)], $"perspective-{group.Key}", NewPage: true));
        }
        if (rows.Count == 0)
            sections.Add(new DocumentSection(ComparisonText.T("rows"),
                [new ParagraphBlock(ComparisonText.T(c.HasChanges || request.Filter.Narrows ? "noRows" : "noChanges"))], "rows"));

        var otherYear = other.Plan.Year;
        return new DocumentModel("compare", $"{PlanDocuments.OrganisationName(plan.Organisation)} {heading}",
            DocumentCatalog.FileStem(plan.Organisation.Code, plan.Year, $"{name}_{Ui.YearShort(otherYear)}"), sections, Landscape: true);
    }

    private static string Signed(int n) => n > 0 ? $"+{n}" : n < 0 ? $"−{-n}" : "0";

    private static Cell Difference(int n) => new(Signed(n), n, "0");

    /// <summary>各構面項目數: objectives, KPIs and action plans per perspective, before, after and the difference; the total below.</summary>
    private static TableBlock Counts(PlanComparison c)
    {
        IReadOnlyList<Cell> Row(Cell first, ItemCounts n) =>
            [first, .. new[] { n.Objectives, n.Kpis, n.ActionPlans }.SelectMany(x => new[] { Cell.Count(x.Before), Cell.Count(x.After), Difference(x.Difference) })];
        return new TableBlock(ComparisonText.T("counts.caption"),
            [new(8), .. Enumerable.Range(0, 9).Select(_ => new ColumnHint(4.5, true))],
            [
                [Cell.Of(Ui.T("col.perspective")).Spanning(rows: 2), Cell.Of(Ui.T("col.objective")).Spanning(columns: 3), Cell.Of("KPI").Spanning(columns: 3),
                 Cell.Of(Ui.T("col.actionPlans")).Spanning(columns: 3)],
                [.. Enumerable.Range(0, 3).SelectMany(_ => new[] { Cell.Of(ComparisonText.T("col.before")), Cell.Of(ComparisonText.T("col.after")), Cell.Of(ComparisonText.T("col.difference")) })],
            ],
            [.. c.Perspectives.Select(p => Row(Cell.Of(Ui.Perspective(p.Perspective, p.Name)).AsHeading(), p.Counts))],
            [Row(Cell.Of(Ui.T("eval.total")).AsHeading(), c.Total)]);
    }

    /// <summary>項目 | 原 | 修正後 | 說明, as the page's table: a side's code and name with the fields that changed, the kinds, the related item, the reasons.</summary>
    private static TableBlock Rows(string caption, PlanComparison c, IEnumerable<ComparedItem> items, string siteOrg)
    {
        Cell Side(ComparedItem item, ItemSide? side, int year, bool before) => side is null
            ? Cell.Of(ComparisonText.T(before ? "added" : "removed"))
            : new Cell(PlanDocuments.Lines([$"{side.Code} {side.Name}", .. item.Changes.Select(x => ComparisonText.Field(item, x, before))]),
                Href: CompareModel.ItemUrl($"{siteOrg}/{year}", item.Level, side));
        return new TableBlock(caption,
            [new(5), new(20), new(20), new(12)],
            [[Cell.Of(ComparisonText.T("col.item")), Cell.Of($"{ComparisonText.T("col.before")} ({Ui.YearShort(c.Before.Year)})"),
              Cell.Of($"{ComparisonText.T("col.after")} ({Ui.YearShort(c.After.Year)})"), Cell.Of(ComparisonText.T("col.explanation"))]],
            [.. items.Select(item => (IReadOnlyList<Cell>)
            [
                Cell.Of(ComparisonText.Level(item.Level)).AsHeading(),
                Side(item, item.Before, c.Before.Year, before: true),
                Side(item, item.After, c.After.Year, before: false),
                Cell.Of(PlanDocuments.Lines([
                    string.Join("、", item.Kinds.Select(ComparisonText.Kind)),
                    item.Related is { } related ? ComparisonText.T(item.Before is null ? "related.before" : "related.after", related.Code, related.Name) : null,
                    .. item.Reasons,
                ])),
            ])],
            []);
    }
}
