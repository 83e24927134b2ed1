using System.Globalization;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;

namespace Beacon.Core.Sheets;

/// <summary>Whether a KPI's actual is typed, computed from formula inputs, or given by parts.</summary>
public enum EntryItems { None, Inputs, Parts }

/// <summary>
/// A KPI as the entry sheet shows it, for one plan year: what it is (code, name, unit, target, direction, its inputs
/// or parts, whether it is judged met or not) and what is stored now, as the sheet's cells show it: the actual or the
/// reason there is none, each input's value or part's actual, progress values by period, the self-assessment and the
/// KPI's version. The template writes exactly this; an upload is compared with exactly this.
/// </summary>
public sealed record EntrySheetKpi(
    string Code, string Name, string? Unit, string? Target, Direction Direction,
    EntryItems Items, IReadOnlyList<string> ItemNames, bool Judged, int Version,
    string? Actual, string? Reason, IReadOnlyList<string?> ItemValues, IReadOnlyDictionary<string, string?> Progress,
    decimal? Innovation, decimal? Challenge, decimal? Contribution, bool? Met, string? Explanation)
{
    /// <summary>Progress values are typed for a KPI whose actual is typed; computed ones are entered on its progress page.</summary>
    public bool ProgressTyped => Items == EntryItems.None;

    /// <summary>The cell a column shows for this KPI, as text (what the template writes and the upload is compared with).</summary>
    public string? Shown(EntrySheetColumn column) => column.Kind switch
    {
        EntryColumn.Code => Code,
        EntryColumn.Name => Name,
        EntryColumn.Unit => Unit,
        EntryColumn.Target => Target,
        EntryColumn.Actual => Actual,
        EntryColumn.Reason => Reason,
        EntryColumn.ItemName => ItemNames.ElementAtOrDefault(column.Item - 1),
        EntryColumn.ItemValue => ItemValues.ElementAtOrDefault(column.Item - 1),
        EntryColumn.Progress => Progress.GetValueOrDefault(column.Period!),
        EntryColumn.Innovation => Score(Innovation),
        EntryColumn.Challenge => Score(Challenge),
        EntryColumn.Contribution => Score(Contribution),
        EntryColumn.Met => Met is { } met ? (met ? "是" : "否") : null,
        EntryColumn.Explanation => Explanation,
        EntryColumn.Version => Version.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>This KPI's cell of the column takes input (otherwise it is locked and shown for reference).</summary>
    public bool Takes(EntrySheetColumn column) => column.Kind switch
    {
        EntryColumn.Actual => Items == EntryItems.None,
        EntryColumn.ItemValue => column.Item <= ItemNames.Count,
        EntryColumn.Progress => ProgressTyped,
        EntryColumn.Met => Judged,
        _ => column.Editable,
    };

    private static string? Score(decimal? value) => value is { } v ? CellReading.Invariant(v) : null;
}

/// <summary>
/// How the person resolves conflicts of an upload: KPIs whose sheet rows win over what someone else saved since the
/// download (each with the version they saw in the preview), and KPIs whose rows are left out.
/// </summary>
public sealed record EntrySheetResolutions(IReadOnlyDictionary<string, int> Overwrite, IReadOnlySet<string> Skip)
{
    public static readonly EntrySheetResolutions None = new(new Dictionary<string, int>(), new HashSet<string>());
}

/// <summary>One KPI row as read from the sheet: its code, where it is, and the cell of each recognised column.</summary>
public sealed record EntrySheetRow(string Code, int Row, IReadOnlyDictionary<EntrySheetColumn, GridCell?> Cells);

/// <summary>
/// An entry sheet as read: the sheet and header row found, the columns recognised (by their header, in any order),
/// the KPI rows, the values each KPI had when the template was downloaded (from its sheet of downloaded values), and
/// every problem found so far.
/// </summary>
public sealed record EntrySheetRead(
    string Sheet, int HeaderRow, IReadOnlyDictionary<EntrySheetColumn, int> Columns, IReadOnlyList<EntrySheetRow> Rows,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> Downloaded, IReadOnlyList<CellProblem> Problems)
{
    public CellAt At(int row, EntrySheetColumn column) => new(Sheet, row, Columns.GetValueOrDefault(column));

    public CellAt? Cell(int row, EntrySheetColumn column) => Columns.TryGetValue(column, out var c) ? new CellAt(Sheet, row, c) : null;
}

/// <summary>One changed field of an upload, old → new, with its cell; <paramref name="Conflict"/> when someone else changed the KPI since the download.</summary>
/// <param name="Field">The column (its kind, input or part, period), for the label in the reader's language.</param>
/// <param name="Theirs">For a conflict, the version saved meanwhile (to resolve it by overwriting).</param>
public sealed record EntrySheetChange(string Code, EntrySheetColumn Field, string? Old, string? New, CellAt At, bool Conflict = false, int? Theirs = null);

/// <summary>
/// What an upload would do: the requests for the entry rules (the same <see cref="KpiEntry"/> the forms and the API
/// send, each with the version of the download), every change old → new with its cell, the KPIs in conflict, and the
/// problems found in the cells. <see cref="CellOf"/> finds the cell of a problem the entry rules return, by its place.
/// </summary>
public sealed record EntrySheetPlan(
    IReadOnlyList<KpiEntry> Entries, IReadOnlyList<EntrySheetChange> Changes, IReadOnlyList<CellProblem> Problems,
    int Rows, EntrySheetRead Read)
{
    public IEnumerable<string> Conflicts => Changes.Where(c => c.Conflict).Select(c => c.Code).Distinct();

    /// <summary>The cell a problem of the entry rules is about: the KPI's row, the column of its field (an input by its name, a part by its number, progress by its period).</summary>
    public CellAt? CellOf(EntryPlace? place, IReadOnlyDictionary<string, EntrySheetKpi> kpis)
    {
        if (place?.Kpi is not { } code || Read.Rows.FirstOrDefault(r => r.Code == code) is not { } row) return null;
        kpis.TryGetValue(code, out var kpi);
        EntrySheetColumn? column = (place.Block, place.Field) switch
        {
            (_, EntryField.Version) => new(EntryColumn.Version),
            (EntryBlock.Actual, EntryField.Value) => new(EntryColumn.Actual),
            (EntryBlock.Actual, EntryField.MissingReason or EntryField.Period) => new(EntryColumn.Reason),
            (EntryBlock.Actual, EntryField.Input) when kpi is not null && kpi.ItemNames.ToList().IndexOf(place.Key ?? "") is var i and >= 0 => new(EntryColumn.ItemValue, i + 1),
            (EntryBlock.Actual, EntryField.Part) when int.TryParse(place.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var p) => new(EntryColumn.ItemValue, p + 1),
            (EntryBlock.Actual, EntryField.Inputs or EntryField.Parts) => new(EntryColumn.ItemValue, 1),
            (EntryBlock.Actual, _) => kpi?.Items is EntryItems.Inputs or EntryItems.Parts ? new(EntryColumn.ItemValue, 1) : new(EntryColumn.Actual),
            (EntryBlock.Progress, _) when place.Period is { } period => new(EntryColumn.Progress, Period: period),
            (EntryBlock.Self, EntryField.Innovation) => new(EntryColumn.Innovation),
            (EntryBlock.Self, EntryField.Challenge) => new(EntryColumn.Challenge),
            (EntryBlock.Self, EntryField.Contribution) => new(EntryColumn.Contribution),
            (EntryBlock.Self, EntryField.Met) => new(EntryColumn.Met),
            (EntryBlock.Self, EntryField.Explanation) => new(EntryColumn.Explanation),
            _ => null,
        };
        return (column is null ? null : Read.Cell(row.Row, column)) ?? Read.Cell(row.Row, new EntrySheetColumn(EntryColumn.Code));
    }
}

/// <summary>
/// The entry sheet (填報表): agencies download it with one row per KPI they may enter, fill in actuals (or formula
/// inputs, or parts), reasons, progress values, scores and explanations in Excel or LibreOffice, and upload it.
/// <see cref="Read"/> finds the sheet, its header row and columns by their header texts (zh-TW or English, in any
/// order, below any title rows) and the KPI rows; <see cref="Compare"/> compares each row with what is stored and
/// turns what changed into the entry rules' requests, with the version of the download, so the upload goes through
/// the same checks and save as the forms.
/// </summary>
public static class EntrySheet
{
    /// <summary>How far down a header row is looked for.</summary>
    public const int HeaderSearchRows = 30;

    /// <summary>The most KPI rows one upload may hold.</summary>
    public const int MaxRows = 5000;

    public static EntrySheetRead Read(Workbook book, string organisation, int year)
    {
        var problems = new List<CellProblem>();
        var downloaded = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
        var values = book.Sheets.FirstOrDefault(s => CellText.Plain(s[0, 0]?.Text) == EntrySheetLayout.Marker);
        if (values is not null) ReadDownloaded(values, organisation, year, downloaded, problems);
        if (problems.Count > 0) return Empty(problems, downloaded);

        // The sheet with the header row; any other sheet with something on it is a problem, not silently skipped.
        (GridSheet Sheet, int Row, Dictionary<EntrySheetColumn, int> Columns)? found = null;
        foreach (var sheet in book.Sheets.Where(s => s != values))
        {
            var header = FindHeader(sheet);
            if (header is null)
            {
                if (!sheet.IsEmpty)
                    problems.Add(CellProblem.At(new CellAt(sheet.Name, FirstCell(sheet).Row, FirstCell(sheet).Column),
                        $"這個工作表不是填報表：找不到含「代碼」欄與填報欄位（實際值、創新度…）的標題列；填報表以外的工作表請刪除",
                        $"this sheet is not an entry sheet: no header row with a Code column and entry columns (actual, innovation …) was found; delete sheets other than the entry sheet."));
                continue;
            }
            if (found is { } first)
            {
                problems.Add(CellProblem.At(new CellAt(sheet.Name, header.Value.Row, header.Value.Columns[new(EntryColumn.Code)]),
                    $"檔案中有兩個填報表（「{first.Sheet.Name}」與「{sheet.Name}」）：請只保留一個",
                    $"the file holds two entry sheets ('{first.Sheet.Name}' and '{sheet.Name}'): keep only one."));
                continue;
            }
            found = (sheet, header.Value.Row, header.Value.Columns);
        }
        if (found is null)
        {
            if (problems.Count == 0)
                problems.Add(CellProblem.Whole("找不到填報表的標題列：第一列（或標題下方）應有「代碼」「實際值」「創新度」等欄名；請用下載的填報表填寫",
                    "no header row of an entry sheet was found: a row should name the columns Code, Actual, Innovation …; fill in the downloaded template."));
            return Empty(problems, downloaded);
        }
        var (grid, headerRow, columns) = found.Value;
        problems.AddRange(DuplicateHeaders(grid, headerRow));

        var rows = new List<EntrySheetRow>();
        var codeColumn = columns[new(EntryColumn.Code)];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = headerRow + 1; r < grid.Rows; r++)
        {
            var cells = columns.ToDictionary(c => c.Key, c => grid[r, c.Value]);
            if (cells.Values.All(c => c is null || CellText.Plain(c.Text).Length == 0 && c.Kind == CellKind.Text)) continue;
            var codeAt = new CellAt(grid.Name, r, codeColumn);
            if (FindHeaderAt(grid, r) is not null) continue;   // the header repeated (a sheet pasted twice)
            if (grid.HiddenRows.Contains(r))
            {
                problems.Add(CellProblem.At(codeAt, $"第 {r + 1} 列是隱藏的列，卻有填寫內容：請取消隱藏並確認，或刪除這一列（隱藏的內容不會有人看到就被寫入）",
                    $"row {r + 1} is hidden but holds entries: unhide it and check it, or delete it (hidden entries would be saved unseen)."));
                continue;
            }
            var code = CellText.Plain(cells[new(EntryColumn.Code)]?.Text).ToUpperInvariant();
            if (code.Length == 0)
            {
                problems.Add(CellProblem.At(codeAt, "這一列有填寫內容，但沒有 KPI 代碼：請填代碼（例如 AC1.1）或刪除這一列",
                    "this row holds entries but no KPI code: enter the code (e.g. AC1.1) or delete the row."));
                continue;
            }
            if (seen.TryGetValue(code, out var earlier))
            {
                problems.Add(CellProblem.At(codeAt, $"KPI {code} 在第 {earlier + 1} 列已出現：每個 KPI 只能有一列",
                    $"KPI {code} already appears in row {earlier + 1}: give each KPI one row."));
                continue;
            }
            seen[code] = r;
            if (rows.Count >= MaxRows)
            {
                problems.Add(CellProblem.At(codeAt, $"填報表最多 {MaxRows} 列", $"an entry sheet holds {MaxRows} rows at most."));
                break;
            }
            rows.Add(new EntrySheetRow(code, r, cells));
        }
        return new EntrySheetRead(grid.Name, headerRow, columns, rows, downloaded, problems);
    }

    /// <summary>
    /// Compares each row with what is stored (<paramref name="kpis"/>) and builds the requests: the actual (a value,
    /// the inputs, the parts or the reason), the progress values and the self-assessment of each KPI whose row
    /// changed, each with the row's version. A row unchanged since the download is left alone even when someone else
    /// changed the KPI meanwhile; a changed one then is a conflict, listed with their values, until it is resolved.
    /// </summary>
    public static EntrySheetPlan Compare(EntrySheetRead read, IReadOnlyDictionary<string, EntrySheetKpi> kpis, EntrySheetResolutions? resolutions = null)
    {
        resolutions ??= EntrySheetResolutions.None;
        var problems = new List<CellProblem>(read.Problems);
        var entries = new List<KpiEntry>();
        var changes = new List<EntrySheetChange>();
        var versionColumn = new EntrySheetColumn(EntryColumn.Version);
        foreach (var row in read.Rows)
        {
            var codeAt = read.At(row.Row, new EntrySheetColumn(EntryColumn.Code));
            if (!kpis.TryGetValue(row.Code, out var kpi))
            {
                problems.Add(CellProblem.At(codeAt, $"此計畫沒有 KPI「{row.Code}」：這可能是其他機關或其他年度計畫的代碼；請用本計畫下載的填報表",
                    $"this plan has no KPI '{row.Code}': it may be a code of another organisation's or another year's plan; use the template downloaded for this plan.",
                    ProblemKind.Unknown));
                continue;
            }
            var rowProblems = new List<CellProblem>();
            var given = new Dictionary<EntrySheetColumn, Field>();
            foreach (var (column, cell) in row.Cells)
            {
                if (!column.Editable) continue;
                var at = read.At(row.Row, column);
                var field = ReadField(column, cell, at, kpi);
                if (field.Problem is not null) rowProblems.Add(field.Problem);
                else given[column] = field;
            }
            int? version = null;
            if (row.Cells.TryGetValue(versionColumn, out var versionCell) && versionCell is not null)
            {
                var (number, problem) = CellReading.Number(versionCell, read.At(row.Row, versionColumn));
                if (problem is not null || number is not { } v || v != decimal.Truncate(v) || v < 0 || v > int.MaxValue)
                    rowProblems.Add(CellProblem.At(read.At(row.Row, versionColumn), $"版本「{versionCell.Text}」不是下載時的版本號：請勿修改版本欄",
                        $"version '{versionCell.Text}' is not the number the template was downloaded with: leave the Version column as it is."));
                else version = (int)v;
            }
            if (rowProblems.Count > 0) { problems.AddRange(rowProblems); continue; }

            // What the person changed: against the values of the download when the file carries them, else against
            // what is stored (the same thing while nobody else has saved the KPI).
            var downloaded = read.Downloaded.GetValueOrDefault(row.Code);
            var baseline = version == kpi.Version || downloaded is null ? (Func<EntrySheetColumn, Field>)(c => Stored(c, kpi)) : c => Downloaded(c, downloaded, kpi);
            var changed = given.Where(g => !Same(g.Value, baseline(g.Key), kpi.Unit)).Select(g => g.Key).ToHashSet();
            if (changed.Count == 0) continue;
            if (resolutions.Skip.Contains(kpi.Code)) continue;

            foreach (var column in changed.Where(c => !kpi.Takes(c)))
                problems.Add(CellProblem.At(read.At(row.Row, column), LockedMessage(column, kpi).Zh, LockedMessage(column, kpi).En));
            if (changed.Any(c => !kpi.Takes(c))) continue;
            if (version is null)
            {
                problems.Add(CellProblem.At(codeAt, $"{kpi.Code} 沒有版本（版本欄空白或已刪除），無法確認下載後是否有人修改過：請重新下載填報表後填寫",
                    $"{kpi.Code} has no version (the Version column is blank or gone), so changes made since the download cannot be told apart: download the template again and fill it in."));
                continue;
            }

            var conflict = version != kpi.Version;
            var sent = version.Value;
            if (conflict && resolutions.Overwrite.TryGetValue(kpi.Code, out var seen) && seen == kpi.Version)
            {
                conflict = false;
                sent = kpi.Version;
            }
            foreach (var column in Order(changed))
                changes.Add(new EntrySheetChange(kpi.Code, column, Stored(column, kpi).Text, given[column].Text, read.At(row.Row, column), conflict, conflict ? kpi.Version : null));
            entries.Add(Entry(kpi, changed, given, sent));
        }
        return new EntrySheetPlan(entries, changes, problems, read.Rows.Count, read);
    }

    /// <summary>One field of a row as read (text as typed; the number of a score or input; the judgement).</summary>
    private readonly record struct Field(string? Text, decimal? Number = null, bool? YesNo = null, CellProblem? Problem = null);

    private static Field ReadField(EntrySheetColumn column, GridCell? cell, CellAt at, EntrySheetKpi kpi)
    {
        switch (column.Kind)
        {
            case EntryColumn.Innovation or EntryColumn.Challenge or EntryColumn.Contribution:
            case EntryColumn.ItemValue when kpi.Items == EntryItems.Inputs:
            {
                var (number, problem) = CellReading.Number(cell, at);
                return new Field(number is { } n ? CellReading.Invariant(n) : null, number, Problem: problem);
            }
            case EntryColumn.Met:
            {
                var (value, problem) = CellReading.YesNo(cell, at);
                return new Field(value is { } v ? (v ? "是" : "否") : null, YesNo: value, Problem: problem);
            }
            case EntryColumn.Reason or EntryColumn.Explanation:
            {
                var (text, problem) = CellReading.Text(cell, at);
                return new Field(text, Problem: problem);
            }
            default:
            {
                var (text, problem) = CellReading.Value(cell, at);
                return new Field(text, Problem: problem);
            }
        }
    }

    private static Field Stored(EntrySheetColumn column, EntrySheetKpi kpi) => column.Kind switch
    {
        EntryColumn.Innovation => new(kpi.Shown(column), kpi.Innovation),
        EntryColumn.Challenge => new(kpi.Shown(column), kpi.Challenge),
        EntryColumn.Contribution => new(kpi.Shown(column), kpi.Contribution),
        EntryColumn.Met => new(kpi.Shown(column), YesNo: kpi.Met),
        _ => new(kpi.Shown(column)),
    };

    private static Field Downloaded(EntrySheetColumn column, IReadOnlyDictionary<string, string?> downloaded, EntrySheetKpi kpi)
    {
        var text = downloaded.TryGetValue(column.Key, out var t) ? t : kpi.Shown(column);
        return column.Kind switch
        {
            EntryColumn.Innovation or EntryColumn.Challenge or EntryColumn.Contribution =>
                new(text, text is null ? null : Values.EnteredNumber.Parse(text).Value),
            EntryColumn.Met => new(text, YesNo: text switch { "是" => true, "否" => false, _ => null }),
            _ => new(text),
        };
    }

    /// <summary>The same once blanks, spaces and line-break styles are ignored, or the same number however it is written (1,234.5 and 1234.5; 85 and 85.0).</summary>
    private static bool Same(Field given, Field stored, string? unit)
    {
        if (given.YesNo is not null || stored.YesNo is not null) return given.YesNo == stored.YesNo;
        if (given.Number is { } a && stored.Number is { } b) return a == b;
        var x = Normal(given.Text);
        var y = Normal(stored.Text);
        if (x == y) return true;
        if (x.Length == 0 || y.Length == 0) return false;
        var nx = Values.EnteredNumber.Parse(x, unit);
        var ny = Values.EnteredNumber.Parse(y, unit);
        return nx.Value is { } p && ny.Value is { } q && p == q;
    }

    private static string Normal(string? text) => CellText.Trim(text);

    private static (string Zh, string En) LockedMessage(EntrySheetColumn column, EntrySheetKpi kpi) => column.Kind switch
    {
        EntryColumn.Actual when kpi.Items == EntryItems.Inputs =>
            ($"{kpi.Code} 的實際值由公式的輸入值算出，不能直接修改：請填「數值」欄的各輸入值", $"{kpi.Code}'s actual is computed from its formula's inputs and cannot be typed: fill in the inputs' Value columns."),
        EntryColumn.Actual => ($"{kpi.Code} 依分項計分：請在「數值」欄填各分項的實際值", $"{kpi.Code} is scored by its parts: fill in each part's Value column."),
        EntryColumn.Progress => ($"{kpi.Code} 的進度值由公式或分項算出：請在此 KPI 的年度進度頁填寫", $"{kpi.Code}'s progress values are computed from inputs or parts: enter them on the KPI's progress page."),
        EntryColumn.Met => ($"{kpi.Code} 不是質性指標，不需達成判定：請留白", $"{kpi.Code} is not qualitative and takes no judgement: leave it blank."),
        _ => ($"{kpi.Code} 沒有這個輸入項目或分項：請留白", $"{kpi.Code} has no such input or part: leave it blank."),
    };

    /// <summary>The request for one changed row, as the entry form builds it: the blocks that changed, each complete.</summary>
    private static KpiEntry Entry(EntrySheetKpi kpi, HashSet<EntrySheetColumn> changed, Dictionary<EntrySheetColumn, Field> given, int version)
    {
        string? Given(EntrySheetColumn column) => given.TryGetValue(column, out var f) ? f.Text : kpi.Shown(column);
        var reasonColumn = new EntrySheetColumn(EntryColumn.Reason);
        var reasonChanged = changed.Contains(reasonColumn);
        var reason = Given(reasonColumn);

        ActualEntry? actual = null;
        var items = changed.Where(c => c.Kind == EntryColumn.ItemValue).ToList();
        switch (kpi.Items)
        {
            case EntryItems.Parts when items.Count > 0:
                actual = new ActualEntry(Parts: [.. kpi.ItemNames.Select((_, i) =>
                    items.Any(c => c.Item == i + 1) ? Given(new EntrySheetColumn(EntryColumn.ItemValue, i + 1)) : null)], Version: version);
                break;
            case EntryItems.Inputs when items.Count > 0:
            {
                var inputs = kpi.ItemNames.Select((name, i) => (name, given.TryGetValue(new EntrySheetColumn(EntryColumn.ItemValue, i + 1), out var f) ? f.Number
                    : kpi.ItemValues.ElementAtOrDefault(i) is { } stored ? Values.EnteredNumber.Parse(stored).Value : null)).ToList();
                actual = inputs.Any(x => x.Item2 is not null)
                    ? new ActualEntry(Inputs: inputs.ToDictionary(x => x.name, x => x.Item2), MissingReason: reasonChanged ? reason : null, Version: version)
                    : new ActualEntry(MissingReason: reason, Version: version);
                break;
            }
            case EntryItems.Parts or EntryItems.Inputs when reasonChanged:
                actual = new ActualEntry(MissingReason: reason, Version: version);
                break;
            case EntryItems.None when reasonChanged || changed.Contains(new EntrySheetColumn(EntryColumn.Actual)):
                actual = new ActualEntry(Given(new EntrySheetColumn(EntryColumn.Actual)), reason, Version: version);
                break;
        }

        ProgressEntry? progress = null;
        var periods = changed.Where(c => c.Kind == EntryColumn.Progress).ToList();
        if (periods.Count > 0)
            progress = new ProgressEntry(periods.ToDictionary(c => c.Period!, c => Given(c) is { } value ? new ActualEntry(value) : null, StringComparer.Ordinal), version);

        SelfEntry? self = null;
        EntrySheetColumn[] selfColumns = [new(EntryColumn.Innovation), new(EntryColumn.Challenge), new(EntryColumn.Contribution), new(EntryColumn.Met), new(EntryColumn.Explanation)];
        if (selfColumns.Any(changed.Contains))
        {
            decimal? Score(EntryColumn column, decimal? stored) => given.TryGetValue(new EntrySheetColumn(column), out var f) ? f.Number : stored;
            self = new SelfEntry(Score(EntryColumn.Innovation, kpi.Innovation), Score(EntryColumn.Challenge, kpi.Challenge), Score(EntryColumn.Contribution, kpi.Contribution),
                given.TryGetValue(new EntrySheetColumn(EntryColumn.Met), out var met) ? met.YesNo : kpi.Met,
                Given(new EntrySheetColumn(EntryColumn.Explanation)), version);
        }
        return new KpiEntry(kpi.Code, actual, self, Progress: progress);
    }

    private static IEnumerable<EntrySheetColumn> Order(IEnumerable<EntrySheetColumn> columns) =>
        columns.OrderBy(c => c.Kind).ThenBy(c => c.Item).ThenBy(c => c.Period is null ? -1 : Values.Periods.All.ToList().IndexOf(c.Period));

    // ---- reading the sheet ----------------------------------------------------------------------------------------

    private static EntrySheetRead Empty(List<CellProblem> problems, Dictionary<string, IReadOnlyDictionary<string, string?>> downloaded) =>
        new("", 0, new Dictionary<EntrySheetColumn, int>(), [], downloaded, problems);

    private static GridCell FirstCell(GridSheet sheet) => sheet.Cells.First(c => CellText.Plain(c.Text).Length > 0 || c.Kind != CellKind.Text);

    private static (int Row, Dictionary<EntrySheetColumn, int> Columns)? FindHeader(GridSheet sheet)
    {
        for (var r = 0; r < Math.Min(sheet.Rows, HeaderSearchRows); r++)
            if (FindHeaderAt(sheet, r) is { } columns) return (r, columns);
        return null;
    }

    /// <summary>The columns of a header row: a Code column and at least one column to enter; the first of a repeated header counts.</summary>
    private static Dictionary<EntrySheetColumn, int>? FindHeaderAt(GridSheet sheet, int row)
    {
        var columns = new Dictionary<EntrySheetColumn, int>();
        foreach (var cell in sheet.Row(row))
            if (cell.Kind == CellKind.Text && EntrySheetColumn.Recognise(cell.Text) is { } column)
                columns.TryAdd(column, cell.Column);
        return columns.ContainsKey(new EntrySheetColumn(EntryColumn.Code)) && columns.Keys.Any(c => c.Editable) ? columns : null;
    }

    private static IEnumerable<CellProblem> DuplicateHeaders(GridSheet sheet, int row)
    {
        var seen = new Dictionary<EntrySheetColumn, int>();
        foreach (var cell in sheet.Row(row))
            if (cell.Kind == CellKind.Text && EntrySheetColumn.Recognise(cell.Text) is { } column && !seen.TryAdd(column, cell.Column))
                yield return CellProblem.At(new CellAt(sheet.Name, row, cell.Column),
                    $"「{CellText.Plain(cell.Text)}」欄與 {CellNames.Column(seen[column])} 欄重複：請刪除其中一欄",
                    $"column '{CellText.Plain(cell.Text)}' repeats column {CellNames.Column(seen[column])}: delete one of them.");
    }

    /// <summary>
    /// The sheet of downloaded values: the plan and year it belongs to (a file of another plan is refused whole) and,
    /// per KPI, each column's value at the download.
    /// </summary>
    private static void ReadDownloaded(GridSheet sheet, string organisation, int year, Dictionary<string, IReadOnlyDictionary<string, string?>> downloaded, List<CellProblem> problems)
    {
        var org = CellText.Plain(sheet[1, 1]?.Text);
        var yearText = CellText.Plain(sheet[2, 1]?.Text);
        if (!string.Equals(org, organisation, StringComparison.OrdinalIgnoreCase) || yearText != year.ToString(CultureInfo.InvariantCulture))
        {
            var shown = int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;
            problems.Add(CellProblem.At(new CellAt(sheet.Name, 1, 1),
                $"這是 {org} {(shown > 0 ? RocYear.InMessage(shown) : yearText)}計畫的填報表，不是 {organisation} {RocYear.InMessage(year)}的：請下載本計畫的填報表",
                $"this is the entry sheet of {org}'s plan for {yearText}, not of {organisation}'s for {year}: download this plan's template."));
            return;
        }
        var keys = sheet.Row(3).ToDictionary(c => c.Column, c => CellText.Plain(c.Text));
        for (var r = 4; r < sheet.Rows; r++)
        {
            var code = CellText.Plain(sheet[r, 0]?.Text);
            if (code.Length == 0) continue;
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (column, key) in keys)
                if (column > 0 && key.Length > 0)
                    values[key] = CellText.Value(sheet[r, column]);
            downloaded[code] = values;
        }
    }
}
