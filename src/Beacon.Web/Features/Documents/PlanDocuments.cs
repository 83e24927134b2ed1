using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// The documents of one plan, built from the figures its pages show (the plan entities, <see cref="PlanEvaluation"/>,
/// the scorecard's columns, the map's layout) and laid out as the source documents lay them out.
/// </summary>
public static class PlanDocuments
{
    private static string Title(Plan plan, string document) => $"{OrganisationName(plan.Organisation)} {Ui.Year(plan.Year)} {document}";

    /// <summary>The organisation as the reader's language names it (the English name where the dataset has one).</summary>
    public static string OrganisationName(Organisation organisation) =>
        Ui.English && organisation.NameEn is { } english ? english : organisation.Name;

    private static string Stem(Plan plan, string document) => DocumentCatalog.FileStem(plan.Organisation.Code, plan.Year, document);

    internal static string Lines(IEnumerable<string?> lines) => string.Join("\n", lines.Where(l => !string.IsNullOrEmpty(l)));

    private static string Joined(IEnumerable<string> names) => string.Join("、", names);

    // ---- the strategy map ---------------------------------------------------------------------------------------

    public static DocumentModel Map(DocumentRequest request)
    {
        var plan = request.Plan;
        var layout = MapModel.LayOut(plan);
        var svg = MapModel.Svg(plan, layout, request.PlanUrl, standalone: true);
        var name = DocumentText.T("doc.map");
        return new DocumentModel("map", Title(plan, name), Stem(plan, name),
            [new DocumentSection(Title(plan, name), [new PictureBlock(svg, DocumentText.T("doc.mapDescription", plan.Themes.Count, plan.Objectives.Count, plan.Links.Count))])],
            Landscape: true);
    }

    // ---- 平衡計分卡: per perspective, as the scorecard page lays it out ---------------------------------------------

    public static DocumentModel Scorecard(DocumentRequest request)
    {
        var plan = request.Plan;
        var kpis = plan.Objectives.SelectMany(o => o.Kpis).ToList();
        var valueColumns = ScorecardColumns.Values(kpis);
        var budgetYears = kpis.SelectMany(k => k.ActionPlans).SelectMany(a => a.Budgets).Select(b => b.Year).Distinct().Order().ToList();
        var sections = new List<DocumentSection>();
        foreach (var perspective in plan.Perspectives)
        {
            var objectives = plan.Objectives.Where(o => o.PerspectiveId == perspective.Id).ToList();
            if (objectives.Count == 0) continue;
            var heading = DocumentText.T("doc.perspectiveHeading", Ui.Perspective(perspective.Kind, perspective.Name));
            sections.Add(new DocumentSection(heading, [ScorecardTable(request, heading, objectives, valueColumns, budgetYears)], $"perspective-{perspective.Code}", NewPage: sections.Count > 0));
        }
        if (sections.Count == 0) sections.Add(new DocumentSection(DocumentText.T("doc.scorecard"), [new ParagraphBlock(Ui.T("plan.empty"))]));
        var name = DocumentText.T("doc.scorecard");
        return new DocumentModel("scorecard", Title(plan, name), Stem(plan, name), sections, Landscape: true);
    }

    private static TableBlock ScorecardTable(DocumentRequest request, string caption, IReadOnlyList<Objective> objectives,
        IReadOnlyList<(int Year, ValueKind Kind)> valueColumns, IReadOnlyList<int> budgetYears)
    {
        var hasBudgets = budgetYears.Count > 0;
        var all = objectives.SelectMany(o => o.Kpis).ToList();
        var actions = all.SelectMany(k => k.ActionPlans).ToList();
        List<ColumnHint> columns =
        [
            new(TextWidth.Fit(objectives.Select(o => $"{o.Code} {o.Name}"), 6, 10)),
            new(TextWidth.Fit(objectives.Select(o => o.Ksf).Concat(all.Select(k => k.Ksf)), 5, 10)),
            new(TextWidth.Fit(all.Select(k => $"{k.Code} {k.Name}"), 6, 11)),
            new(TextWidth.Fit(all.Select(k => k.Formula), 8, 14)),
            .. valueColumns.Select(_ => new ColumnHint(5, true)),
            new(TextWidth.Fit(all.Select(k => Joined(k.Responsible)), 4, 7)),
            new(TextWidth.Fit(actions.Select(a => $"{a.Code} {a.Name}"), 8, 14)),
            .. budgetYears.Select(_ => new ColumnHint(6, true)),
            .. hasBudgets ? [new ColumnHint(TextWidth.Fit(actions.Select(a => Joined(a.Responsible)), 4, 7))] : Array.Empty<ColumnHint>(),
        ];
        IReadOnlyList<Cell> header =
        [
            Cell.Of(Ui.T("col.objective")), Cell.Of(Ui.T("col.ksf")), Cell.Of(Ui.T("col.kpi")), Cell.Of(Ui.T("col.formula")),
            .. valueColumns.Select(c => Cell.Of(ScorecardColumns.Header(c))),
            Cell.Of(Ui.T("col.responsible")), Cell.Of(Ui.T("col.actionPlans")),
            .. budgetYears.Select(y => Cell.Of($"{ScorecardColumns.BudgetHeader(y, request.Plan.Year)} {(Ui.English ? "(NT$)" : "(元)")}")),
            .. hasBudgets ? [Cell.Of(Ui.T("col.actionResponsible"))] : Array.Empty<Cell>(),
        ];
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var objective in objectives)
        {
            var objectiveCell = new Cell($"{objective.Code} {objective.Name}", Heading: true, Href: $"{request.PlanUrl}/scorecard#{objective.Code}");
            if (objective.Kpis.Count == 0)
            {
                rows.Add([objectiveCell, Cell.Of(objective.Ksf), Cell.Of("—").Spanning(columns: columns.Count - 2)]);
                continue;
            }
            // One row per action plan, so each plan's budgets sit beside it; the KPI's cells span its plans, as on the page.
            var objectiveRows = objective.Kpis.Sum(k => Math.Max(1, k.ActionPlans.Count));
            var ksfShared = objective.Ksf is not null;
            for (var i = 0; i < objective.Kpis.Count; i++)
            {
                var kpi = objective.Kpis[i];
                var kpiRows = Math.Max(1, kpi.ActionPlans.Count);
                for (var j = 0; j < kpiRows; j++)
                {
                    var action = j < kpi.ActionPlans.Count ? kpi.ActionPlans[j] : null;
                    var row = new List<Cell>();
                    if (i == 0 && j == 0)
                    {
                        row.Add(objectiveCell.Spanning(rows: objectiveRows));
                        if (ksfShared) row.Add(Cell.Of(objective.Ksf).Spanning(rows: objectiveRows));
                    }
                    if (j == 0)
                    {
                        if (!ksfShared) row.Add(Cell.Of(kpi.Ksf).Spanning(rows: kpiRows));
                        row.Add(new Cell(KpiText(kpi), Href: $"{request.PlanUrl}/kpis/{kpi.Code}").Spanning(rows: kpiRows));
                        row.Add(Cell.Of(FormulaText(kpi)).Spanning(rows: kpiRows));
                        foreach (var c in valueColumns)
                            row.Add((kpi.Parts.Count > 0
                                ? Cell.Of(Lines(kpi.Parts.Select(p => ScorecardColumns.Find(p.Values, c)?.Text ?? "—")))
                                : Cell.Value(ScorecardColumns.Find(kpi.Values, c)?.Text)).Spanning(rows: kpiRows));
                        row.Add(Cell.Of(Joined(kpi.Responsible)).Spanning(rows: kpiRows));
                    }
                    row.Add(Cell.Of(action is null ? "" : $"{action.Code} {action.Name}"));
                    foreach (var y in budgetYears)
                        row.Add(action?.Budgets.FirstOrDefault(b => b.Year == y) is { } budget ? Cell.Amount(budget.Text, budget.Amount) : Cell.Of(""));
                    if (hasBudgets) row.Add(Cell.Of(action is null ? "" : Joined(action.Responsible)));
                    rows.Add(row);
                }
            }
        }
        return new TableBlock(caption, columns, [header], rows, []);
    }

    /// <summary>The KPI cell as printed: code and name, the exempt note, the city KPI it serves.</summary>
    private static string KpiText(Kpi kpi) => Lines(
    [
        $"{kpi.Code} {kpi.Name}",
        kpi.Exempt ? Ui.T("kpi.exempt") : null,
        kpi.CityKpi is null ? null : $"{Ui.T("kpi.cityKpi")} {kpi.CityKpi}",
    ]);

    /// <summary>Formula and unit as printed, parts with their weights, and the direction when not positive.</summary>
    private static string FormulaText(Kpi kpi) => Lines(
    [
        kpi.Parts.Count > 0
            ? Lines(kpi.Parts.Select((p, i) => $"{i + 1}. {p.Formula ?? p.Name}{(p.Weight is { } w ? $" ({Ui.T("col.weight")} {w:0.##}%)" : "")}"))
            : kpi.Formula,
        kpi.Unit is null ? null : $"{Ui.T("unit")}：{kpi.Unit}",
        kpi.Direction != Direction.Positive ? Ui.DirectionText(kpi.Direction) : null,
    ]);

    // ---- 施政報告: one theme, and the whole report of the year ----------------------------------------------------

    public static DocumentModel? Theme(DocumentRequest request)
    {
        var plan = request.Plan;
        var theme = plan.Themes.FirstOrDefault(t => t.Code == request.Argument);
        if (theme is null) return null;
        var name = DocumentText.T("doc.theme", theme.Code);
        return new DocumentModel($"theme-{theme.Code}", $"{Title(plan, DocumentText.T("doc.report"))} {theme.Code} {theme.Name}", Stem(plan, name),
            [ThemeSection(request, theme, newPage: false)], Landscape: false);
    }

    public static DocumentModel? Report(DocumentRequest request)
    {
        var plan = request.Plan;
        if (plan.Themes.Count == 0) return null;
        var e = request.Figures.Evaluation;
        var kpiCount = plan.Objectives.Sum(o => o.Kpis.Count);
        var actionCount = plan.Objectives.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count));
        var overview = new DocumentSection(DocumentText.T("doc.overview"),
        [
            new ParagraphBlock(Ui.T("plan.counts", plan.Themes.Count, plan.Objectives.Count, kpiCount, actionCount)),
            new ContentsBlock(DocumentText.T("doc.contents"), [.. plan.Themes.Select(t => new ContentsEntry(t.Code, t.Name, $"theme-{t.Code}"))]),
            DocumentCharts.Achievement(DocumentText.T("chart.achievementByTheme"), Ui.T("filter.theme"), e.SelfByTheme, g => DocumentCharts.ThemeLabel(plan, g)),
            DocumentCharts.LightCountsChart(DocumentText.T("chart.lightsByTheme"), Ui.T("filter.theme"), e.SelfByTheme, g => DocumentCharts.ThemeLabel(plan, g)),
        ], "overview");
        var name = DocumentText.T("doc.report");
        return new DocumentModel("report", Title(plan, name), Stem(plan, name),
            [overview, .. plan.Themes.Select(t => ThemeSection(request, t, newPage: true))], Landscape: false);
    }

    /// <summary>A theme as the administrative report prints it: agencies, counts, and per objective its KPIs' table.</summary>
    private static DocumentSection ThemeSection(DocumentRequest request, Theme theme, bool newPage)
    {
        var plan = request.Plan;
        var objectives = plan.Objectives.Where(o => o.ThemeId == theme.Id).ToList();
        var facts = new List<Fact>();
        if (theme.Lead is not null) facts.Add(new Fact(Ui.T("theme.lead"), theme.Lead));
        if (theme.Members.Count > 0) facts.Add(new Fact(Ui.T("theme.members"), Joined(theme.Members)));
        if (theme.CityTheme is not null) facts.Add(new Fact(Ui.T("theme.cityTheme"), theme.CityTheme));
        var blocks = new List<DocumentBlock>();
        if (facts.Count > 0) blocks.Add(new FactsBlock(facts));
        blocks.Add(new ParagraphBlock(Ui.T("theme.summary", objectives.Count, ThemeModel.CountsByPerspective(plan, objectives),
            objectives.Sum(o => o.Kpis.Count), objectives.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count)))));
        if (objectives.Count == 0) blocks.Add(new ParagraphBlock(Ui.T("theme.noObjectives")));
        foreach (var objective in objectives)
        {
            var caption = $"{objective.Code} {objective.Name}{(objective.CityObjective is null ? "" : Ui.T("map.cityMark"))}";
            if (objective.Kpis.Count == 0)
            {
                blocks.Add(new ParagraphBlock(caption));
                continue;
            }
            blocks.Add(new TableBlock(caption,
                [new(10), new(12), new(13), new(6), new(6.5, true), new(6.5, true)],
                [[Cell.Of(Ui.T("col.kpi")), Cell.Of(Ui.T("col.formula")), Cell.Of(Ui.T("col.actionPlans")), Cell.Of(Ui.T("col.agency")),
                  Cell.Of(Ui.T("value.targetOf", Ui.YearShort(plan.Year))), Cell.Of(Ui.T("value.actualOf", Ui.YearShort(plan.Year)))]],
                [.. objective.Kpis.Select(kpi => (IReadOnlyList<Cell>)
                [
                    new Cell($"{kpi.Code} {kpi.Name}", Heading: true, Href: $"{request.PlanUrl}/kpis/{kpi.Code}"),
                    Cell.Of(Lines([kpi.Parts.Count > 0 ? string.Join(" ／ ", kpi.Parts.Select(p => p.Formula)) : kpi.Formula,
                        kpi.Unit is null ? null : $"{Ui.T("unit")}：{kpi.Unit}",
                        kpi.Direction == Direction.Negative ? Ui.DirectionText(kpi.Direction) : null])),
                    Cell.Of(Lines([.. kpi.ActionPlans.Select(a => $"{a.Code} {a.Name}"), kpi.Exempt ? Ui.T("kpi.exempt") : null])),
                    Cell.Of(Joined(kpi.Responsible)),
                    YearValue(plan, kpi, ValueKind.Target),
                    YearValue(plan, kpi, ValueKind.Actual),
                ])],
                []));
        }
        return new DocumentSection($"{theme.Code} {theme.Name}", blocks, $"theme-{theme.Code}", newPage);
    }

    private static Cell YearValue(Plan plan, Kpi kpi, ValueKind kind) => kpi.Parts.Count > 0
        ? Cell.Of(Lines(kpi.Parts.Select(p => PlanEvaluation.YearEnd(p.Values, plan.Year, kind)?.Text ?? "—")))
        : Cell.Value(PlanEvaluation.YearEnd(kpi.Values, plan.Year, kind)?.Text);

    // ---- 自評表 and 自評燈號統計表, self and reviewed side by side ----------------------------------------------------

    public static DocumentModel Evaluation(DocumentRequest request)
    {
        var plan = request.Plan;
        var e = request.Figures.Evaluation;
        string Perspective(string g) => DocumentCharts.PerspectiveLabel(plan, g);
        string Theme(string g) => DocumentCharts.ThemeLabel(plan, g);
        var statistics = new DocumentSection(DocumentText.T("doc.statistics"),
        [
            new ParagraphBlock(Ui.T("eval.reviewedCount", e.ReviewedCount, e.Rows.Count) + (Ui.English ? "." : "。")),
            StatisticsTable(Ui.T("eval.statistics"), Ui.T("col.perspective"), e.SelfByPerspective, e.SelfTotal, Perspective),
            StatisticsTable(Ui.T("eval.statisticsReviewed"), Ui.T("col.perspective"), e.ReviewedByPerspective, e.ReviewedTotal, Perspective),
            StatisticsTable(Ui.T("eval.statisticsByTheme"), Ui.T("filter.theme"), e.SelfByTheme, e.SelfTotal, Theme),
            StatisticsTable(Ui.T("eval.statisticsReviewedByTheme"), Ui.T("filter.theme"), e.ReviewedByTheme, e.ReviewedTotal, Theme),
            DocumentCharts.LightCountsChart(DocumentText.T("chart.lightsByPerspective"), Ui.T("col.perspective"), e.SelfByPerspective, Perspective),
            DocumentCharts.SelfAgainstReviewed(e),
        ], "statistics");
        var rows = new DocumentSection(DocumentText.T("doc.rows"), [EvaluationTable(request, e)], "rows", NewPage: true);
        var name = DocumentText.T("doc.evaluation");
        return new DocumentModel("evaluation", Title(plan, name), Stem(plan, name), [statistics, rows], Landscape: true);
    }

    /// <summary>自評燈號統計表: per group, KPIs, achieved, not achieved, no data and each light; the total below.</summary>
    public static TableBlock StatisticsTable(string caption, string groupHeading, IReadOnlyList<EvaluationStatistics> groups, EvaluationStatistics total, Func<string, string> label)
    {
        IReadOnlyList<Cell> Row(Cell first, EvaluationStatistics s) =>
            [first, Cell.Count(s.Kpis), Cell.Count(s.Achieved), Cell.Count(s.NotAchieved), Cell.Count(s.NoData), .. DocumentCharts.Lights.Select(l => Cell.Count(s.Lights[l]))];
        return new TableBlock(caption,
            [new(10), new(4, true), new(5, true), new(5, true), new(6, true), .. DocumentCharts.Lights.Select(_ => new ColumnHint(4, true))],
            [[Cell.Of(groupHeading), Cell.Of(Ui.T("eval.kpis")), Cell.Of(Ui.T("eval.achieved")), Cell.Of(Ui.T("eval.notAchieved")), Cell.Of(Ui.T("eval.noData")),
              .. DocumentCharts.Lights.Select(l => Cell.Of(Ui.T($"light.{l}")))]],
            [.. groups.Select(g => Row(Cell.Of(label(g.Group)).AsHeading(), g))],
            [Row(Cell.Of(Ui.T("eval.total")).AsHeading(), total)]);
    }

    private static TableBlock EvaluationTable(DocumentRequest request, PlanEvaluation e)
    {
        static string LightText(Light? light) => light is { } l ? Ui.T($"light.{l}") : "—";
        static Cell Rate(Achievement a) => a.Rate is { } rate ? Cell.OneDecimal(rate) : Cell.Of(a.Achieved is null ? Ui.T("eval.notAssessed") : Ui.T(a.Achieved.Value ? "eval.yes" : "eval.no"));
        return new TableBlock(DocumentText.T("doc.rows"),
            [new(14), new(5, true), new(5, true), new(5, true), new(4, true), new(4, true), new(4, true), new(4.5, true), new(4.5),
             new(5, true), new(4, true), new(4, true), new(4, true), new(4.5, true), new(4.5)],
            [
                [Cell.Of(Ui.T("col.kpi")).Spanning(rows: 2), Cell.Of(Ui.T("col.target")).Spanning(rows: 2), Cell.Of(Ui.T("col.actual")).Spanning(rows: 2),
                 Cell.Of(Ui.T("eval.achievement")).Spanning(rows: 2), Cell.Of(Ui.T("eval.self")).Spanning(columns: 5), Cell.Of(Ui.T("eval.reviewed")).Spanning(columns: 6)],
                [Cell.Of(Ui.T("eval.innovation")), Cell.Of(Ui.T("eval.challenge")), Cell.Of(Ui.T("eval.contribution")), Cell.Of(Ui.T("eval.score")), Cell.Of(Ui.T("eval.light")),
                 Cell.Of(Ui.T("eval.achievement")), Cell.Of(Ui.T("eval.innovation")), Cell.Of(Ui.T("eval.challenge")), Cell.Of(Ui.T("eval.contribution")), Cell.Of(Ui.T("eval.score")), Cell.Of(Ui.T("eval.light"))],
            ],
            [.. e.Rows.Select(r =>
            {
                var a = r.Assessment;
                var ev = r.Evaluation;
                var reviewed = ev.IsReviewed || a?.ReviewJudgedMet is not null;
                return (IReadOnlyList<Cell>)
                [
                    new Cell(Lines([$"{r.Kpi.Code} {r.Kpi.Name}", r.Kpi.Exempt ? Ui.T("kpi.exempt") : null,
                        r.Kpi.Direction == Direction.Negative ? Ui.DirectionText(r.Kpi.Direction) : null]), Heading: true, Href: $"{request.PlanUrl}/kpis/{r.Kpi.Code}"),
                    Cell.Value(r.Target?.Text), Cell.Value(r.Actual?.Text), Rate(ev.Achievement),
                    Cell.Score(a?.SelfInnovation), Cell.Score(a?.SelfChallenge), Cell.Score(a?.SelfContribution),
                    ev.SelfScore is null ? Cell.Of(Ui.T("eval.notAssessed")) : Cell.OneDecimal(ev.SelfScore), Cell.Of(LightText(ev.SelfLight)),
                    reviewed ? Rate(ev.ReviewAchievement) : Cell.Of(""),
                    Cell.Score(a?.ReviewInnovation), Cell.Score(a?.ReviewChallenge), Cell.Score(a?.ReviewContribution),
                    Cell.OneDecimal(ev.ReviewScore), Cell.Of(Lines([ev.ReviewLight is null ? "" : LightText(ev.ReviewLight), a?.ReviewComment])),
                ];
            })],
            []);
    }

    // ---- 行動計畫雙月進度表 ---------------------------------------------------------------------------------------

    public static bool HasActionPlans(Plan plan) => plan.Objectives.Any(o => o.Kpis.Any(k => k.ActionPlans.Count > 0));

    public static DocumentModel? Milestones(DocumentRequest request)
    {
        var plan = request.Plan;
        if (!HasActionPlans(plan)) return null;
        var periods = MilestonePeriods.All;
        var actions = plan.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans).ToList();
        var blocks = new List<DocumentBlock>();
        if (actions.All(a => a.Milestones.Count == 0)) blocks.Add(new ParagraphBlock(DocumentText.T("doc.noMilestones")));
        blocks.Add(new TableBlock(DocumentText.T("doc.milestones"),
            [new(TextWidth.Fit(actions.Select(a => $"{a.Code} {a.Name}"), 8, 14)), new(6), .. periods.Select(_ => new ColumnHint(7))],
            [[Cell.Of(DocumentText.T("doc.actionPlan")), Cell.Of(DocumentText.T("doc.responsible")), .. periods.Select(p => Cell.Of(Ui.English ? p : $"{p}月"))]],
            [.. actions.Select(a => (IReadOnlyList<Cell>)
            [
                new Cell($"{a.Code} {a.Name}", Heading: true), Cell.Of(Joined(a.Responsible)),
                .. periods.Select(p => Cell.Of(a.Milestones.FirstOrDefault(m => m.Period == p)?.Text)),
            ])],
            []));
        var name = DocumentText.T("doc.milestones");
        return new DocumentModel("milestones", Title(plan, name), Stem(plan, name), [new DocumentSection(name, blocks)], Landscape: true);
    }

    // ---- 分成組員: which agencies lead and join each theme -----------------------------------------------------------

    public static bool HasMembership(Plan plan) => plan.Themes.Any(t => t.Lead is not null || t.Members.Count > 0);

    public static DocumentModel? Membership(DocumentRequest request)
    {
        var plan = request.Plan;
        if (!HasMembership(plan)) return null;
        var name = DocumentText.T("doc.membership");
        var table = new TableBlock(name,
            [new(4), new(12), new(8), new(TextWidth.Fit(plan.Themes.Select(t => Joined(t.Members)), 12, 30))],
            [[Cell.Of(DocumentText.T("doc.code")), Cell.Of(DocumentText.T("doc.theme.col")), Cell.Of(Ui.T("theme.lead")), Cell.Of(Ui.T("theme.members"))]],
            [.. plan.Themes.Select(t => (IReadOnlyList<Cell>)
                [Cell.Of(t.Code), new Cell(t.Name, Heading: true, Href: $"{request.PlanUrl}/themes/{t.Code}"), Cell.Of(t.Lead), Cell.Of(Joined(t.Members))])],
            []);
        return new DocumentModel("membership", Title(plan, name), Stem(plan, name), [new DocumentSection(name, [table])], Landscape: false);
    }
}
