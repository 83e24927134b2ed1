using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Beacon.Core.Codes;
using Beacon.Core.Plans;

namespace Beacon.Core.Sheets;

/// <summary>
/// What a plan read from a spreadsheet starts from: the organisation and year it is for, and the organisation's
/// plan of the nearest earlier year (or later, when there is none earlier), whose header, perspectives, themes,
/// links and what a scorecard does not print (formula expressions, milestones, notes) the new plan takes where the
/// sheet keeps the same objective, KPI or action plan — as a new year's plan starts from the last one.
/// </summary>
public sealed record PlanSheetContext(OrganisationDoc Organisation, int Year, PlanDocument? Previous);

/// <summary>
/// A plan read from a spreadsheet: the interchange document (null when nothing could be read), every problem with
/// its cell, and where each part of the document came from, so that a problem the plan's validation names by its
/// path (<c>$.objectives[2].kpis[0].code</c>) is shown at its cell.
/// </summary>
public sealed record PlanSheetRead(PlanDocument? Document, IReadOnlyList<CellProblem> Problems, IReadOnlyDictionary<string, CellAt> Places)
{
    /// <summary>The cell of a path of the document: the part itself or the nearest part that contains it.</summary>
    public CellAt? CellOf(string path)
    {
        for (var p = path; p.Length > 1; p = Parent(p))
            if (Places.TryGetValue(p, out var at)) return at;
        return null;
    }

    /// <summary>The path of the containing part: $.objectives[2].kpis[0] for $.objectives[2].kpis[0].code.</summary>
    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 1 ? "$" : path[..cut];
    }

    /// <summary>A problem of the validation or the import, at its cell when its path has one.</summary>
    public CellProblem Locate(Problem problem) => new(problem, CellOf(problem.Path));
}

/// <summary>
/// Reads a balanced scorecard laid out as the documents lay it out — one table per perspective (a sheet each, or
/// perspective rows between), objective | KSF | KPI | formula and unit | values by year | responsible unit | action
/// plans | budgets | responsible unit — into a plan document. Columns are found by their header texts (zh-TW or
/// English, any order, below any title rows); merged cells and cells left blank under the one above continue the
/// objective or KPI above; several codes in one cell (AC1.1.1 … AC1.1.2 …) are several items. A plan sheet (計畫)
/// may add the mission, vision, core values, perspectives and themes.
/// </summary>
public static partial class PlanSheet
{
    public static PlanSheetRead Read(Workbook book, PlanSheetContext context)
    {
        var reader = new Reader(context);
        reader.Run(book);
        return reader.Result();
    }

    /// <summary>The labels of the plan sheet's rows, recognised in either language.</summary>
    public static readonly IReadOnlyList<(string Key, string Zh, string En)> PlanLabels =
    [
        ("title", "標題", "Title"), ("mission", "使命", "Mission"), ("vision", "願景", "Vision"), ("values", "核心價值", "Core values"),
    ];

    /// <summary>The columns of the plan sheet's perspective and theme tables.</summary>
    public static readonly IReadOnlyList<(string Key, string Zh, string En)> TableHeaders =
    [
        ("perspectiveCode", "構面代碼", "Perspective code"), ("perspective", "構面", "Perspective"),
        ("themeCode", "策略主題代碼", "Theme code"), ("theme", "策略主題", "Theme"), ("cityTheme", "承接府級策略主題", "City theme carried"),
        ("lead", "主政機關", "Lead agency"), ("members", "協辦機關", "Member agencies"),
    ];

    private sealed class Reader(PlanSheetContext context)
    {
        private readonly List<CellProblem> problems = [];
        private readonly Dictionary<string, CellAt> places = new(StringComparer.Ordinal);
        private readonly List<ObjectiveBuilder> objectives = [];
        private readonly List<(string Code, CellAt At)> objectiveCells = [];
        private string? title, mission, vision;
        private List<string>? values;
        private List<PerspectiveDoc>? perspectives;
        private readonly List<(ThemeDoc Theme, CellAt At)> themes = [];
        private bool anyTable;

        public void Run(Workbook book)
        {
            foreach (var sheet in book.Sheets)
            {
                if (IsPlanSheet(sheet)) { ReadPlanSheet(sheet); continue; }
                if (sheet.IsEmpty) continue;
                if (!ReadScorecard(sheet))
                {
                    var first = sheet.Cells.First(c => CellText.Plain(c.Text).Length > 0 || c.Kind != CellKind.Text);
                    problems.Add(CellProblem.At(new CellAt(sheet.Name, first.Row, first.Column),
                        "找不到平衡計分卡的標題列：需要一列寫有「策略目標」與「KPI（關鍵績效指標）」等欄名（其他欄：關鍵成功因素、計算公式及計量單位、各年實際值與目標值、主責單位、行動計畫、概算）；不是計分卡的工作表請刪除",
                        "no header row of a scorecard table was found: a row should name the columns Objective and KPI (and others: key success factor, formula and unit, each year's actual and target, responsible unit, action plans, budgets); delete sheets that are not part of the scorecard."));
                }
            }
            if (!anyTable && problems.Count == 0)
                problems.Add(CellProblem.Whole("檔案中沒有平衡計分卡的表格：請依範本（策略目標、KPI、計算公式…）填寫",
                    "the file holds no scorecard table: fill in the template's columns (objective, KPI, formula …)."));
        }

        // ---- the plan sheet: mission, vision, core values, perspectives, themes -------------------------------

        private static bool IsPlanSheet(GridSheet sheet)
        {
            for (var r = 0; r < Math.Min(sheet.Rows, 40); r++)
                if (Label(sheet[r, 0]?.Text) is "mission" or "vision" or "values" || TableColumns(sheet, r) is { } t && t.ContainsKey("themeCode"))
                    return true;
            return false;
        }

        private static string? Label(string? text)
        {
            var key = CellText.Key(text);
            return PlanLabels.FirstOrDefault(l => CellText.Key(l.Zh) == key || CellText.Key(l.En) == key).Key;
        }

        private static Dictionary<string, int>? TableColumns(GridSheet sheet, int row)
        {
            var found = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var cell in sheet.Row(row))
            {
                var key = CellText.Key(cell.Text);
                var header = TableHeaders.FirstOrDefault(h => CellText.Key(h.Zh) == key || CellText.Key(h.En) == key).Key;
                if (header is not null) found.TryAdd(header, cell.Column);
            }
            return found.ContainsKey("themeCode") || found.ContainsKey("perspectiveCode") ? found : null;
        }

        private void ReadPlanSheet(GridSheet sheet)
        {
            for (var r = 0; r < sheet.Rows; r++)
            {
                if (TableColumns(sheet, r) is { } columns)
                {
                    r = columns.ContainsKey("themeCode") ? ReadThemes(sheet, r, columns) : ReadPerspectives(sheet, r, columns);
                    continue;
                }
                var label = Label(sheet[r, 0]?.Text);
                if (label is null) continue;
                var cells = sheet.Row(r).Where(c => c.Column > 0).Select(c => CellText.Trim(c.Text)).Where(t => t.Length > 0).ToList();
                var text = cells.Count == 0 ? null : string.Join("\n", cells);
                switch (label)
                {
                    case "title": title = text; break;
                    case "mission": mission = text; places["$.mission"] = new CellAt(sheet.Name, r, 1); break;
                    case "vision": vision = text; places["$.vision"] = new CellAt(sheet.Name, r, 1); break;
                    case "values":
                        values = [.. cells.SelectMany(c => Split(c))];
                        places["$.coreValues"] = new CellAt(sheet.Name, r, 1);
                        for (var i = 0; i < values.Count; i++) places[$"$.coreValues[{i}]"] = new CellAt(sheet.Name, r, 1);
                        break;
                }
            }
        }

        private int ReadPerspectives(GridSheet sheet, int header, Dictionary<string, int> columns)
        {
            perspectives = [];
            var r = header + 1;
            for (; r < sheet.Rows; r++)
            {
                var code = CellText.Plain(sheet[r, columns["perspectiveCode"]]?.Text).ToUpperInvariant();
                var name = columns.TryGetValue("perspective", out var n) ? CellText.Trim(sheet[r, n]?.Text) : "";
                if (code.Length == 0 && name.Length == 0) break;
                var at = new CellAt(sheet.Name, r, columns["perspectiveCode"]);
                var kind = ScorecardHeaders.Perspective(name) ?? (code.Length == 1 ? ScorecardHeaders.Perspective(code) : null);
                if (kind is null)
                {
                    problems.Add(CellProblem.At(at, $"看不出「{name}」是哪個構面：請寫顧客、內部流程、學習成長或財務",
                        $"'{name}' is not a perspective: write customer, internal process, learning and growth or financial."));
                    continue;
                }
                places[$"$.perspectives[{perspectives.Count}]"] = at;
                perspectives.Add(new PerspectiveDoc { Code = code, Kind = kind.Value, Name = name.Length > 0 ? name.Replace("構面", "", StringComparison.Ordinal) : kind.Value.StandardName() });
            }
            return r;
        }

        private int ReadThemes(GridSheet sheet, int header, Dictionary<string, int> columns)
        {
            var r = header + 1;
            for (; r < sheet.Rows; r++)
            {
                string Cell(string key) => columns.TryGetValue(key, out var c) ? CellText.Trim(sheet[r, c]?.Text) : "";
                var code = CellText.Plain(Cell("themeCode")).ToUpperInvariant();
                var name = Cell("theme");
                if (code.Length == 0 && name.Length == 0) break;
                var at = new CellAt(sheet.Name, r, columns["themeCode"]);
                var theme = new ThemeDoc
                {
                    Code = code, Name = name,
                    CityTheme = CellText.Plain(Cell("cityTheme")) is { Length: > 0 } city ? city.ToUpperInvariant() : null,
                    Lead = Cell("lead") is { Length: > 0 } lead ? lead : null,
                    Members = [.. Split(Cell("members"))],
                };
                themes.Add((theme, at));
            }
            return r;
        }

        // ---- scorecard tables ---------------------------------------------------------------------------------

        private Dictionary<int, ScorecardHeader>? HeaderAt(GridSheet sheet, int row)
        {
            var columns = new Dictionary<int, ScorecardHeader>();
            foreach (var cell in sheet.Row(row))
                if (cell.Kind == CellKind.Text && ScorecardHeaders.Recognise(cell.Text) is { } header)
                    columns[cell.Column] = header;
            if (!columns.Values.Any(h => h.Column == ScorecardColumn.Objective) || !columns.Values.Any(h => h.Column == ScorecardColumn.Kpi)) return null;
            // A second "responsible" column after the action plans is theirs (主責單位 printed twice).
            var actions = columns.Where(c => c.Value.Column == ScorecardColumn.ActionPlans).Select(c => c.Key).DefaultIfEmpty(int.MaxValue).Min();
            foreach (var (column, header) in columns.ToList())
                if (header.Column == ScorecardColumn.Responsible && column > actions) columns[column] = new ScorecardHeader(ScorecardColumn.ActionResponsible);
            return columns;
        }

        private bool ReadScorecard(GridSheet sheet)
        {
            Dictionary<int, ScorecardHeader>? columns = null;
            int? headerRow = null;
            for (var r = 0; r < Math.Min(sheet.Rows, EntrySheet.HeaderSearchRows) && columns is null; r++)
            {
                columns = HeaderAt(sheet, r);
                if (columns is not null) headerRow = r;
            }
            if (columns is null) return false;
            anyTable = true;
            CheckDuplicates(sheet, headerRow!.Value, columns);

            ObjectiveBuilder? objective = null;
            KpiBuilder? kpi = null;
            List<KpiBuilder> cellKpis = [];   // the KPIs of the last KPI cell (several when one cell lists them)
            GridCell? ksfAnchor = null;
            for (var r = headerRow.Value + 1; r < sheet.Rows; r++)
            {
                if (HeaderAt(sheet, r) is { } again) { columns = again; CheckDuplicates(sheet, r, columns); continue; }
                var row = columns.ToDictionary(c => c.Key, c => (Cell: sheet.Covering(r, c.Key), Starts: sheet[r, c.Key] is not null));
                if (row.Values.All(x => x.Cell is null || x.Starts && Blank(x.Cell))) continue;
                var starting = row.Where(x => x.Value.Starts && !Blank(x.Value.Cell)).ToList();
                // A perspective row between the tables (顧客構面): one text across the row.
                if (starting.Count == 1 && ScorecardHeaders.Perspective(starting[0].Value.Cell!.Text) is not null) continue;
                if (sheet.HiddenRows.Contains(r))
                {
                    var at = new CellAt(sheet.Name, r, starting.Count > 0 ? starting[0].Key : 0);
                    problems.Add(CellProblem.At(at, $"第 {r + 1} 列是隱藏的列，卻有內容：請取消隱藏並確認，或刪除這一列",
                        $"row {r + 1} is hidden but holds content: unhide it and check it, or delete it."));
                    continue;
                }
                (GridCell? Cell, bool Starts) Column(ScorecardColumn kind) =>
                    row.Where(x => columns[x.Key].Column == kind).Select(x => x.Value).FirstOrDefault();
                CellAt AtColumn(ScorecardColumn kind) =>
                    new(sheet.Name, r, columns.Where(c => c.Value.Column == kind).Select(c => c.Key).DefaultIfEmpty(0).First());

                // The objective: a new one where its cell starts with text; a covered or blank cell continues the one above.
                var objectiveCell = Column(ScorecardColumn.Objective);
                if (objectiveCell.Starts && !Blank(objectiveCell.Cell))
                {
                    objective = NewObjective(objectiveCell.Cell!, AtColumn(ScorecardColumn.Objective));
                    kpi = null;
                    cellKpis = [];
                    ksfAnchor = null;
                }
                if (objective is null)
                {
                    if (starting.Count > 0)
                        problems.Add(CellProblem.At(AtColumn(ScorecardColumn.Objective), "這一列沒有策略目標（上方也沒有）：請在「策略目標」欄填代碼與名稱，例如「AC1 提升家庭暴力被害人保護服務」",
                            "this row has no objective (nor one above it): fill in the Objective column with code and name, e.g. 'AC1 Better protection services'."));
                    continue;
                }

                var ksfCell = Column(ScorecardColumn.Ksf);
                var kpiCell = Column(ScorecardColumn.Kpi);
                var kpiUnread = false;
                if (kpiCell.Starts && !Blank(kpiCell.Cell))
                {
                    // A KPI's KSF: the cell beside it (its own or merged from above), or, left blank, the one above.
                    if (ksfCell.Cell is { } here && !Blank(here)) ksfAnchor = here;
                    var created = NewKpis(objective, kpiCell.Cell!, AtColumn(ScorecardColumn.Kpi));
                    foreach (var made in created)
                        made.KsfCell = (ksfAnchor, ksfAnchor is null ? AtColumn(ScorecardColumn.Ksf) : new CellAt(sheet.Name, ksfAnchor.Row, ksfAnchor.Column));
                    kpiUnread = created.Count == 0;
                    if (created.Count > 0) cellKpis = created;
                    kpi = created.FirstOrDefault() ?? kpi;
                    if (kpi is not null && created.Count > 0)
                    {
                        ReadFormula(kpi, Column(ScorecardColumn.Formula).Cell, AtColumn(ScorecardColumn.Formula),
                            Column(ScorecardColumn.Unit).Cell, Column(ScorecardColumn.Direction).Cell, AtColumn(ScorecardColumn.Direction));
                        foreach (var (c, header) in columns.Where(c => c.Value.Column == ScorecardColumn.Value))
                            kpi.ValueCells.Add((header, sheet.Covering(r, c), new CellAt(sheet.Name, r, c)));
                        if (Column(ScorecardColumn.Responsible) is { Cell: { } resp } && !Blank(resp))
                        {
                            kpi.Responsible = [.. Split(CellText.Trim(resp.Text))];
                            kpi.ResponsibleAt = AtColumn(ScorecardColumn.Responsible);
                        }
                    }
                }
                else if (objective.Kpis.Count == 0 && ksfCell.Starts && !Blank(ksfCell.Cell))
                    objective.KsfCell = (ksfCell.Cell, AtColumn(ScorecardColumn.Ksf));   // an objective without KPIs

                // Action plans: each cell that starts here with codes; budgets and the unit beside it belong to its last plan.
                var actionCell = Column(ScorecardColumn.ActionPlans);
                if (actionCell.Starts && !Blank(actionCell.Cell))
                {
                    if (kpi is null)
                    {
                        // Beside a KPI cell that could not be read, that cell's problem says it all.
                        if (!kpiUnread)
                            problems.Add(CellProblem.At(AtColumn(ScorecardColumn.ActionPlans), "這個行動計畫上方沒有 KPI：請把它放在所屬 KPI 的列", "this action plan has no KPI above it: put it on its KPI's row."));
                        continue;
                    }
                    var plans = NewActionPlans(cellKpis, kpi, actionCell.Cell!, AtColumn(ScorecardColumn.ActionPlans));
                    if (plans.Count > 0)
                    {
                        var last = plans[^1];
                        foreach (var (c, header) in columns.Where(c => c.Value.Column == ScorecardColumn.Budget))
                            if (sheet[r, c] is { } budget && !Blank(budget)) last.Budgets.Add((header.Year, budget, new CellAt(sheet.Name, r, c)));
                        if (Column(ScorecardColumn.ActionResponsible) is { Starts: true, Cell: { } responsible } && !Blank(responsible))
                            foreach (var plan in plans) plan.Responsible = [.. Split(CellText.Trim(responsible.Text))];
                    }
                }
            }
            return true;
        }

        private void CheckDuplicates(GridSheet sheet, int row, Dictionary<int, ScorecardHeader> columns)
        {
            foreach (var group in columns.GroupBy(c => c.Value).Where(g => g.Count() > 1))
                foreach (var (column, _) in group.Skip(1))
                    problems.Add(CellProblem.At(new CellAt(sheet.Name, row, column),
                        $"「{CellText.Plain(sheet[row, column]?.Text)}」欄與 {CellNames.Column(group.First().Key)} 欄重複：請刪除其中一欄",
                        $"column '{CellText.Plain(sheet[row, column]?.Text)}' repeats column {CellNames.Column(group.First().Key)}: delete one of them."));
        }

        private static bool Blank(GridCell? cell) =>
            cell is null || cell.Kind == CellKind.Text && CellText.Plain(cell.Text) is "" or "—" or "-";

        // ---- items ------------------------------------------------------------------------------------------

        private ObjectiveBuilder NewObjective(GridCell cell, CellAt at)
        {
            var text = CellText.Trim(cell.Text);
            var m = ObjectiveItem().Match(CellText.Narrow(text));
            var code = m.Success ? m.Groups["code"].Value.ToUpperInvariant() : "";
            var name = JoinLines(m.Success ? text[m.Groups["name"].Index..] : text);
            if (!m.Success)
                problems.Add(CellProblem.At(at, $"策略目標「{Short(text)}」沒有代碼：請寫成代碼加名稱，例如「AC1 提升家庭暴力被害人保護服務」",
                    $"objective '{Short(text)}' has no code: write the code and the name, e.g. 'AC1 Better protection services'."));
            var objective = new ObjectiveBuilder(code, name, at);
            objectives.Add(objective);
            return objective;
        }

        private List<KpiBuilder> NewKpis(ObjectiveBuilder objective, GridCell cell, CellAt at)
        {
            var made = new List<KpiBuilder>();
            var whole = CellText.Trim(cell.Text);
            // The city KPI a KPI serves (承接府級 KPI DP5.1, 府級KPI-DP5.1) is taken out first: its code is no KPI of this plan.
            var cities = new List<string>();
            whole = CityKpi().Replace(whole, m =>
            {
                cities.Add(CellText.Plain(m.Groups["code"].Value).ToUpperInvariant());
                return CityMark;
            });
            var items = Items(whole, KpiCodes());
            if (items.Count == 0)
            {
                problems.Add(CellProblem.At(at, $"KPI「{Short(whole)}」沒有代碼：請寫成代碼加名稱，例如「AC1.1 保護案件再通報率」",
                    $"KPI '{Short(whole)}' has no code: write the code and the name, e.g. 'AC1.1 Repeat report rate'."));
                return made;
            }
            var city = 0;
            foreach (var (code, text) in items)
            {
                var kpi = new KpiBuilder(code, at);
                var lines = new List<string>();
                foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
                {
                    var rest = line;
                    while (rest.Contains(CityMark, StringComparison.Ordinal) && city < cities.Count)
                    {
                        kpi.CityKpi = cities[city++];
                        rest = rest.Replace(CityMark, "", StringComparison.Ordinal).Trim();
                    }
                    if (Exempt().IsMatch(rest)) { kpi.Exempt = true; continue; }
                    if (rest.Length > 0) lines.Add(rest);
                }
                kpi.Name = JoinLines(string.Join("\n", lines));
                objective.Kpis.Add(kpi);
                made.Add(kpi);
            }
            return made;
        }

        private List<ActionBuilder> NewActionPlans(List<KpiBuilder> cellKpis, KpiBuilder kpi, GridCell cell, CellAt at)
        {
            var made = new List<ActionBuilder>();
            var items = Items(CellText.Trim(cell.Text), ActionCodes());
            if (items.Count == 0)
            {
                problems.Add(CellProblem.At(at, $"行動計畫「{Short(CellText.Trim(cell.Text))}」沒有代碼：請寫成代碼加名稱，例如「AC1.1.1 臺北市家庭暴力安全防護網計畫」",
                    $"action plan '{Short(CellText.Trim(cell.Text))}' has no code: write the code and the name, e.g. 'AC1.1.1 Safety net programme'."));
                return made;
            }
            foreach (var (code, text) in items)
            {
                // Beside a cell listing several KPIs, each action plan goes to the KPI its code names; otherwise to the
                // KPI of its row (a code naming another KPI is then a problem the validation names at its cell).
                var owner = cellKpis.Count > 1 ? cellKpis.LastOrDefault(k => code.StartsWith(k.Code + ".", StringComparison.Ordinal)) ?? kpi : kpi;
                var action = new ActionBuilder(code, JoinLines(text), at);
                owner.Actions.Add(action);
                made.Add(action);
            }
            return made;
        }

        /// <summary>The coded items of a cell: AC1.1.1 name AC1.1.2 name → two, each code with the text up to the next.</summary>
        private static List<(string Code, string Text)> Items(string text, Regex codes)
        {
            var matches = codes.Matches(CellText.Narrow(text)).Where(m => m.Index == 0 || char.IsWhiteSpace(text[m.Index - 1]) || text[m.Index - 1] is '、' or '，' or ',' or '；' or ';').ToList();
            if (matches.Count == 0 || text[..matches[0].Index].Trim().Length > 0) return [];
            var items = new List<(string, string)>();
            for (var i = 0; i < matches.Count; i++)
            {
                var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
                var body = text[(matches[i].Index + matches[i].Length)..end].Trim().TrimStart('.', '、', ' ').Trim().TrimEnd('、', '，', ',', '；', ';').Trim();
                items.Add((CellText.Plain(matches[i].Groups["code"].Value).ToUpperInvariant(), body));
            }
            return items;
        }

        /// <summary>The formula cell: the formula, the unit (單位：%), the direction (負向指标) and, when numbered, the parts with their weights.</summary>
        private void ReadFormula(KpiBuilder kpi, GridCell? cell, CellAt at, GridCell? unitCell, GridCell? directionCell, CellAt directionAt)
        {
            kpi.FormulaAt = at;
            var lines = new List<string>();
            foreach (var raw in CellText.Trim(cell?.Text).Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0) continue;
                if (Direction(line) is { } whole && DirectionLine().IsMatch(line)) { kpi.Direction = whole; continue; }
                if (InlineDirection().Match(line) is { Success: true } inline)
                {
                    kpi.Direction = Direction(inline.Groups["kind"].Value) ?? kpi.Direction;
                    line = line.Remove(inline.Index, inline.Length).Trim();
                }
                if (Unit().Match(line) is { Success: true } unit)
                {
                    kpi.Unit = unit.Groups["unit"].Value.Trim();
                    line = line[..unit.Index].Trim();
                }
                if (line.Length > 0) lines.Add(line);
            }
            if (CellText.Trim(unitCell?.Text) is { Length: > 0 } separateUnit) kpi.Unit = separateUnit;
            if (CellText.Trim(directionCell?.Text) is { Length: > 0 } separateDirection)
            {
                if (Direction(separateDirection) is { } d) kpi.Direction = d;
                else problems.Add(CellProblem.At(directionAt, $"看不出「{separateDirection}」是哪種指標方向：請寫正向、負向、區間或質性",
                    $"'{separateDirection}' is not a direction: write positive, negative, band or qualitative."));
            }
            var parts = lines.Select(l => PartLine().Match(l)).ToList();
            if (parts.Count >= 2 && parts.All(p => p.Success))
            {
                kpi.PartLines = [.. parts.Select(p => (p.Groups["text"].Value.Trim(), p.Groups["weight"].Success
                    ? decimal.Parse(p.Groups["weight"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) : (decimal?)null))];
                lines.Clear();
            }
            kpi.Formula = lines.Count == 0 ? null : string.Join("\n", lines);
        }

        private static Direction? Direction(string text)
        {
            var key = CellText.Key(text);
            if (key.Contains("負向", StringComparison.Ordinal) || key.StartsWith("negative", StringComparison.Ordinal)) return Plans.Direction.Negative;
            if (key.Contains("區間", StringComparison.Ordinal) || key.StartsWith("band", StringComparison.Ordinal)) return Plans.Direction.Band;
            if (key.Contains("質性", StringComparison.Ordinal) || key.StartsWith("qualitative", StringComparison.Ordinal)) return Plans.Direction.Qualitative;
            if (key.Contains("正向", StringComparison.Ordinal) || key.StartsWith("positive", StringComparison.Ordinal)) return Plans.Direction.Positive;
            return null;
        }

        // ---- the document -----------------------------------------------------------------------------------

        public PlanSheetRead Result()
        {
            var previous = context.Previous;
            var docObjectives = new List<ObjectiveDoc>();
            for (var o = 0; o < objectives.Count; o++)
            {
                var ob = objectives[o];
                var opath = $"$.objectives[{o}]";
                places[opath] = ob.At;
                var before = previous?.Objectives.FirstOrDefault(x => x.Code == ob.Code);
                // One KSF for the whole objective when its KPIs share one cell (merged, or left blank below the first);
                // of a lone KPI, the earlier plan tells whether its KSF was the objective's or the KPI's.
                var ksf = ob.Kpis.Count == 0 ? ob.KsfCell : ob.Kpis[0].KsfCell;
                var shared = ksf.Cell is not null && ob.Kpis.All(k => k.KsfCell.Cell == ksf.Cell);
                if (shared && ob.Kpis.Count == 1 && before is { Ksf: null } && before.Kpis.FirstOrDefault(x => x.Code == ob.Kpis[0].Code)?.Ksf == Text(ksf.Cell!))
                    shared = false;
                var objectiveKsf = shared ? ksf.Cell : null;
                if (objectiveKsf is not null) places[$"{opath}.ksf"] = ksf.At;
                var kpis = new List<KpiDoc>();
                for (var k = 0; k < ob.Kpis.Count; k++)
                    kpis.Add(Kpi(ob.Kpis[k], $"{opath}.kpis[{k}]", before?.Kpis.FirstOrDefault(x => x.Code == ob.Kpis[k].Code), shared));
                docObjectives.Add(new ObjectiveDoc
                {
                    Code = ob.Code,
                    Name = ob.Name,
                    Ksf = objectiveKsf is null ? null : Text(objectiveKsf),
                    CityObjective = before?.Name == ob.Name ? before.CityObjective : null,
                    Note = before?.Name == ob.Name ? before.Note : null,
                    Kpis = kpis,
                });
            }

            var perspectiveList = perspectives ?? previous?.Perspectives ?? [.. Enum.GetValues<PerspectiveKind>().Select(k =>
                new PerspectiveDoc { Code = k.StandardLetter().ToString(), Kind = k, Name = k.StandardName() })];

            // Themes: the plan sheet's, else the previous plan's of the same letter; a letter with neither is a problem.
            var themeList = new List<ThemeDoc>();
            var letters = docObjectives.Select(o => ObjectiveCode.TryParse(o.Code, out var c) && !c.IsShared ? c.Theme.ToString() : null)
                .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var (theme, at) in themes)
            {
                places[$"$.themes[{themeList.Count}]"] = at;
                themeList.Add(theme);
            }
            foreach (var letter in letters.Where(l => themeList.All(t => t.Code != l)))
            {
                if (previous?.Themes.FirstOrDefault(t => t.Code == letter) is { } carried) themeList.Add(carried);
                else
                {
                    var first = objectives.First(o => o.Code.StartsWith(letter, StringComparison.Ordinal));
                    problems.Add(CellProblem.At(first.At, $"策略主題 {letter} 沒有名稱：請在「計畫」工作表的策略主題表填寫代碼 {letter} 與主題名稱",
                        $"theme {letter} has no name: add code {letter} and the theme's name to the theme table of the Plan sheet."));
                }
            }
            themeList = [.. themeList.OrderBy(t => t.Code, StringComparer.Ordinal)];

            var codes = docObjectives.Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
            var document = objectives.Count == 0 ? null : new PlanDocument
            {
                Format = PlanDocument.FormatName,
                FormatVersion = PlanDocument.CurrentVersion,
                Organisation = context.Organisation,
                Year = context.Year,
                Title = title,
                Mission = mission ?? previous?.Mission,
                Vision = vision ?? previous?.Vision,
                CoreValues = values ?? previous?.CoreValues ?? [],
                Perspectives = [.. perspectiveList],
                Themes = themeList,
                Objectives = docObjectives,
                Links = [.. (previous?.Links ?? []).Where(l => codes.Contains(l.From) && codes.Contains(l.To))],
            };
            return new PlanSheetRead(document, problems, places);
        }

        private KpiDoc Kpi(KpiBuilder kb, string kpath, KpiDoc? before, bool sharedKsf)
        {
            places[kpath] = kb.At;
            places[$"{kpath}.formula"] = kb.FormulaAt ?? kb.At;
            places[$"{kpath}.unit"] = kb.FormulaAt ?? kb.At;
            places[$"{kpath}.direction"] = kb.FormulaAt ?? kb.At;
            places[$"{kpath}.expression"] = kb.FormulaAt ?? kb.At;
            if (kb.ResponsibleAt is { } ra) places[$"{kpath}.responsible"] = ra;
            if (!sharedKsf && kb.KsfCell.Cell is not null) places[$"{kpath}.ksf"] = kb.KsfCell.At;

            var values = new List<ValueDoc>();
            var partValues = kb.PartLines.Select(_ => new List<ValueDoc>()).ToList();
            foreach (var (header, cell, at) in kb.ValueCells)
            {
                if (cell is null || Blank(cell)) continue;
                if (cell.Kind is CellKind.Date or CellKind.Error or CellKind.FormulaWithoutValue)
                {
                    var (_, problem) = CellReading.Value(cell, at);
                    if (problem is not null) problems.Add(problem);
                    continue;
                }
                var text = CellText.Trim(cell.Text);
                if (kb.PartLines.Count > 0)
                {
                    var lines = text.Split('\n').Select(l => l.Trim()).ToList();
                    if (lines.Count != kb.PartLines.Count)
                    {
                        problems.Add(CellProblem.At(at, $"{kb.Code} 有 {kb.PartLines.Count} 個分項，這一格有 {lines.Count} 行數值：每個分項一行（沒有數值寫「—」）",
                            $"{kb.Code} has {kb.PartLines.Count} parts but this cell has {lines.Count} lines: one line per part ('—' for none)."));
                        continue;
                    }
                    for (var p = 0; p < lines.Count; p++)
                        if (lines[p] is not ("" or "—" or "-"))
                        {
                            places[$"{kpath}.parts[{p}].values[{partValues[p].Count}]"] = at;
                            partValues[p].Add(new ValueDoc { Year = header.Year, Kind = header.Kind, Text = lines[p] });
                        }
                    continue;
                }
                places[$"{kpath}.values[{values.Count}]"] = at;
                values.Add(new ValueDoc { Year = header.Year, Kind = header.Kind, Text = text });
            }
            if (values.Count > 0) places[$"{kpath}.values"] = kb.ValueCells[0].At;

            var parts = new List<KpiPartDoc>();
            for (var p = 0; p < kb.PartLines.Count; p++)
            {
                var (text, weight) = kb.PartLines[p];
                places[$"{kpath}.parts[{p}]"] = kb.FormulaAt ?? kb.At;
                // The scorecard prints a part's formula, or its name when it has none; the previous plan tells which.
                var was = before?.Parts.ElementAtOrDefault(p);
                parts.Add(was is not null && was.Formula == text
                    ? new KpiPartDoc { Name = was.Name, Formula = text, Weight = weight, Values = partValues[p] }
                    : new KpiPartDoc { Name = text, Weight = weight, Values = partValues[p] });
            }
            if (parts.Count > 0) places[$"{kpath}.parts"] = kb.FormulaAt ?? kb.At;

            var sameFormula = before is not null && (before.Formula == kb.Formula || kb.Formula is null && parts.Count > 0 && before.Parts.Count == parts.Count);
            var actions = new List<ActionPlanDoc>();
            for (var a = 0; a < kb.Actions.Count; a++)
            {
                var ab = kb.Actions[a];
                var apath = $"{kpath}.actionPlans[{a}]";
                places[apath] = ab.At;
                var budgets = new List<BudgetDoc>();
                foreach (var (year, cell, at) in ab.Budgets)
                {
                    if (cell.Kind is CellKind.Date or CellKind.Error or CellKind.FormulaWithoutValue)
                    {
                        var (_, problem) = CellReading.Value(cell, at);
                        if (problem is not null) problems.Add(problem);
                        continue;
                    }
                    places[$"{apath}.budgets[{budgets.Count}]"] = at;
                    budgets.Add(new BudgetDoc { Year = year, Text = CellText.Trim(cell.Text) });
                }
                var wasAction = before?.ActionPlans.FirstOrDefault(x => x.Code == ab.Code && x.Name == ab.Name);
                actions.Add(new ActionPlanDoc
                {
                    Code = ab.Code, Name = ab.Name, Responsible = ab.Responsible, Budgets = budgets,
                    Note = wasAction?.Note, Milestones = wasAction?.Milestones ?? [],
                });
            }
            return new KpiDoc
            {
                Code = kb.Code,
                Name = kb.Name,
                Ksf = sharedKsf || kb.KsfCell.Cell is null ? null : Text(kb.KsfCell.Cell),
                Formula = kb.Formula ?? (parts.Count > 0 && sameFormula ? before!.Formula : null),
                Expression = sameFormula ? before!.Expression : null,
                Unit = kb.Unit,
                Direction = kb.Direction,
                Responsible = kb.Responsible,
                Exempt = kb.Exempt,
                CityKpi = kb.CityKpi,
                Note = before?.Name == kb.Name ? before.Note : null,
                Values = values,
                Parts = parts,
                ActionPlans = actions,
            };
        }

        private static string? Text(GridCell cell) => CellText.Value(cell);
    }

    private sealed class ObjectiveBuilder(string code, string name, CellAt at)
    {
        public string Code { get; } = code;
        public string Name { get; } = name;
        public CellAt At { get; } = at;
        public (GridCell? Cell, CellAt At) KsfCell { get; set; }
        public List<KpiBuilder> Kpis { get; } = [];
    }

    private sealed class KpiBuilder(string code, CellAt at)
    {
        public string Code { get; } = code;
        public CellAt At { get; } = at;
        public string Name { get; set; } = "";
        public bool Exempt { get; set; }
        public string? CityKpi { get; set; }
        public string? Formula { get; set; }
        public string? Unit { get; set; }
        public Direction Direction { get; set; } = Direction.Positive;
        public CellAt? FormulaAt { get; set; }
        public List<(string Text, decimal? Weight)> PartLines { get; set; } = [];
        public List<(ScorecardHeader Header, GridCell? Cell, CellAt At)> ValueCells { get; } = [];
        public List<string> Responsible { get; set; } = [];
        public CellAt? ResponsibleAt { get; set; }
        public (GridCell? Cell, CellAt At) KsfCell { get; set; }
        public List<ActionBuilder> Actions { get; } = [];
    }

    private sealed class ActionBuilder(string code, string name, CellAt at)
    {
        public string Code { get; } = code;
        public string Name { get; } = name;
        public CellAt At { get; } = at;
        public List<string> Responsible { get; set; } = [];
        public List<(int Year, GridCell Cell, CellAt At)> Budgets { get; } = [];
    }

    /// <summary>A list cell split into its items: 成保組、兒少組 / 成保組 兒少組 / one per line.</summary>
    public static IEnumerable<string> Split(string text)
    {
        var items = text.Split(['、', '，', ',', '；', ';', '\n', '/', '／'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Names written apart by spaces only (成保組 兒少組), as the documents print them; English names keep their spaces.
        return items.Length == 1 && items[0].Contains(' ') && items[0].All(c => c == ' ' || c >= 0x2E80) ? items[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : items;
    }

    /// <summary>Lines of a cell joined as one text: Chinese broken across lines joins without a space, other text with one.</summary>
    private static string JoinLines(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var joined = new StringBuilder();
        foreach (var line in lines)
        {
            if (joined.Length > 0 && !(joined[^1] >= 0x2E80 && line[0] >= 0x2E80)) joined.Append(' ');
            joined.Append(line);
        }
        return joined.ToString();
    }

    /// <summary>Where a city KPI was taken out of a KPI cell.</summary>
    private const string CityMark = "\u0001";

    private static string Short(string text) => text.Length > 30 ? text[..30] + "…" : text;

    [GeneratedRegex(@"^(?<code>[A-Za-z]{2}[0-9]{1,3})(?![0-9]|\.[0-9])[\s、.:]*(?<name>[\s\S]*)$")]
    private static partial Regex ObjectiveItem();

    [GeneratedRegex(@"(?<code>[A-Za-z]{2}[0-9]{1,3}\.[0-9]{1,3})(?![0-9])(?!\.[0-9])\.?")]
    private static partial Regex KpiCodes();

    [GeneratedRegex(@"(?<code>[A-Za-z]{2}[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9])\.?")]
    private static partial Regex ActionCodes();

    [GeneratedRegex(@"[（(]?\s*(?:承接府級\s*KPI|府級\s*KPI|serves\s+city\s+KPI)\s*[-－:：]?\s*(?<code>[A-Za-z]{2}[0-9]{1,3}\.[0-9]{1,3})\s*[)）]?", RegexOptions.IgnoreCase)]
    private static partial Regex CityKpi();

    [GeneratedRegex(@"免予評核|not\s+scored", RegexOptions.IgnoreCase)]
    private static partial Regex Exempt();

    [GeneratedRegex(@"(?:單位|計量單位|unit)\s*[:：]\s*(?<unit>[^\n]+?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Unit();

    [GeneratedRegex(@"^(?:[(（]?\s*(?:正向|負向|區間|質性)指標.*|(?:positive|negative|band|qualitative)\s*\(.*\))$", RegexOptions.IgnoreCase)]
    private static partial Regex DirectionLine();

    [GeneratedRegex(@"[(（]\s*(?<kind>(?:正向|負向|區間|質性)指標)\s*[)）]")]
    private static partial Regex InlineDirection();

    [GeneratedRegex(@"^(?<n>[0-9]{1,2})\.\s*(?<text>.+?)(?:\s*[(（]\s*(?:權重|weight)\s*[:：]?\s*(?<weight>[0-9]+(?:\.[0-9]+)?)\s*%\s*[)）])?$", RegexOptions.IgnoreCase)]
    private static partial Regex PartLine();
}
