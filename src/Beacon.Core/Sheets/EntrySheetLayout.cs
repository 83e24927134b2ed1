using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Core.Values;

namespace Beacon.Core.Sheets;

/// <summary>What a column of the entry sheet (填報表) holds.</summary>
public enum EntryColumn
{
    Code, Name, Unit, Target, Direction,
    /// <summary>The year-end actual of a KPI entered as a value.</summary>
    Actual,
    /// <summary>Why there is no actual (無實際值原因).</summary>
    Reason,
    /// <summary>The name of the n-th formula input or part (shown, not entered).</summary>
    ItemName,
    /// <summary>The value of the n-th formula input, or the actual of the n-th part.</summary>
    ItemValue,
    /// <summary>A progress value of one period (M1–M12, Q1–Q4, B1–B6).</summary>
    Progress,
    Innovation, Challenge, Contribution,
    /// <summary>Whether the agency judges a qualitative KPI met (是/否).</summary>
    Met,
    Explanation,
    /// <summary>The KPI's version when the sheet was downloaded (GET …/evaluation's rows[].version).</summary>
    Version,
}

/// <summary>
/// One column of the entry sheet: what it holds, and for an input or part its number (1, 2 …), for progress its
/// period. Its header is written in the reader's language and recognised in either.
/// </summary>
public sealed partial record EntrySheetColumn(EntryColumn Kind, int Item = 0, string? Period = null)
{
    /// <summary>Whom the agency fills in; the others are shown (locked) for reference.</summary>
    public bool Editable => Kind is EntryColumn.Actual or EntryColumn.Reason or EntryColumn.ItemValue or EntryColumn.Progress
        or EntryColumn.Innovation or EntryColumn.Challenge or EntryColumn.Contribution or EntryColumn.Met or EntryColumn.Explanation;

    /// <summary>The key of the column in the sheet of downloaded values: actual, item2, Q1, innovation …</summary>
    public string Key => Kind switch
    {
        EntryColumn.ItemName => $"itemName{Item}",
        EntryColumn.ItemValue => $"item{Item}",
        EntryColumn.Progress => Period!,
        _ => char.ToLowerInvariant(Kind.ToString()[0]) + Kind.ToString()[1..],
    };

    /// <summary>The header as the template writes it: zh-TW (with the ROC year) or English.</summary>
    public string Header(bool english, int year) => (Kind, english) switch
    {
        (EntryColumn.Code, false) => "代碼",
        (EntryColumn.Code, true) => "Code",
        (EntryColumn.Name, false) => "KPI 名稱",
        (EntryColumn.Name, true) => "KPI name",
        (EntryColumn.Unit, false) => "單位",
        (EntryColumn.Unit, true) => "Unit",
        (EntryColumn.Target, false) => $"{RocYear.FromGregorian(year)}年 目標值",
        (EntryColumn.Target, true) => $"{year} target",
        (EntryColumn.Direction, false) => "指標方向",
        (EntryColumn.Direction, true) => "Direction",
        (EntryColumn.Actual, false) => $"{RocYear.FromGregorian(year)}年 實際值",
        (EntryColumn.Actual, true) => $"{year} actual",
        (EntryColumn.Reason, false) => "無實際值原因",
        (EntryColumn.Reason, true) => "Reason there is no actual",
        (EntryColumn.ItemName, false) => $"輸入項目或分項 {Item}",
        (EntryColumn.ItemName, true) => $"Input or part {Item}",
        (EntryColumn.ItemValue, false) => $"數值 {Item}",
        (EntryColumn.ItemValue, true) => $"Value {Item}",
        (EntryColumn.Progress, false) => $"進度 {Period}（{Periods.Label(Period!, false)}）",
        (EntryColumn.Progress, true) => $"Progress {Period} ({Periods.Label(Period!, true)})",
        (EntryColumn.Innovation, false) => "創新度",
        (EntryColumn.Innovation, true) => "Innovation",
        (EntryColumn.Challenge, false) => "挑戰度",
        (EntryColumn.Challenge, true) => "Challenge",
        (EntryColumn.Contribution, false) => "貢獻度",
        (EntryColumn.Contribution, true) => "Contribution",
        (EntryColumn.Met, false) => "達成判定（質性指標）",
        (EntryColumn.Met, true) => "Judged met (qualitative)",
        (EntryColumn.Explanation, false) => "自評說明",
        (EntryColumn.Explanation, true) => "Explanation",
        (EntryColumn.Version, false) => "版本",
        _ => "Version",
    };

    /// <summary>The column a header names, in either language and whatever the year; null for any other header.</summary>
    public static EntrySheetColumn? Recognise(string? header)
    {
        var key = CellText.Key(header);
        if (key.Length == 0) return null;
        if (Fixed.TryGetValue(key, out var kind)) return new EntrySheetColumn(kind);
        if (YearColumn().Match(key) is { Success: true } y)
            return new EntrySheetColumn(y.Groups["kind"].Value is "目標值" or "target" ? EntryColumn.Target : EntryColumn.Actual);
        if (ItemColumn().Match(key) is { Success: true } item)
        {
            var n = int.Parse(item.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (n is < 1 or > MaxItems) return null;
            return new EntrySheetColumn(item.Groups["name"].Success ? EntryColumn.ItemName : EntryColumn.ItemValue, n);
        }
        if (ProgressColumn().Match(key) is { Success: true } progress)
        {
            var period = progress.Groups["period"].Value.ToUpperInvariant();
            return Periods.IsValid(period) ? new EntrySheetColumn(EntryColumn.Progress, Period: period) : null;
        }
        return null;
    }

    /// <summary>The most inputs or parts one KPI is given columns for.</summary>
    public const int MaxItems = 20;

    private static readonly Dictionary<string, EntryColumn> Fixed = new(StringComparer.Ordinal)
    {
        ["代碼"] = EntryColumn.Code, ["kpi代碼"] = EntryColumn.Code, ["code"] = EntryColumn.Code, ["kpicode"] = EntryColumn.Code,
        ["kpi名稱"] = EntryColumn.Name, ["名稱"] = EntryColumn.Name, ["kpiname"] = EntryColumn.Name, ["name"] = EntryColumn.Name,
        ["關鍵績效指標"] = EntryColumn.Name, ["kpi"] = EntryColumn.Name,
        ["單位"] = EntryColumn.Unit, ["unit"] = EntryColumn.Unit,
        ["目標值"] = EntryColumn.Target, ["target"] = EntryColumn.Target,
        ["指標方向"] = EntryColumn.Direction, ["direction"] = EntryColumn.Direction,
        ["實際值"] = EntryColumn.Actual, ["actual"] = EntryColumn.Actual,
        ["無實際值原因"] = EntryColumn.Reason, ["無數值原因"] = EntryColumn.Reason, ["reasonthereisnoactual"] = EntryColumn.Reason,
        ["reason"] = EntryColumn.Reason, ["missingreason"] = EntryColumn.Reason,
        ["創新度"] = EntryColumn.Innovation, ["innovation"] = EntryColumn.Innovation,
        ["挑戰度"] = EntryColumn.Challenge, ["challenge"] = EntryColumn.Challenge,
        ["貢獻度"] = EntryColumn.Contribution, ["contribution"] = EntryColumn.Contribution,
        ["達成判定"] = EntryColumn.Met, ["judgedmet"] = EntryColumn.Met, ["met"] = EntryColumn.Met,
        ["自評說明"] = EntryColumn.Explanation, ["說明"] = EntryColumn.Explanation, ["explanation"] = EntryColumn.Explanation,
        ["版本"] = EntryColumn.Version, ["version"] = EntryColumn.Version,
    };

    [GeneratedRegex(@"^(?:民國)?(?<year>\d{2,4})年?度?(?<kind>實際值|目標值|actual|target)$")]
    private static partial Regex YearColumn();

    [GeneratedRegex(@"^(?:(?<name>輸入項目或分項|inputorpart)|數值|value)(?<n>\d{1,2})$")]
    private static partial Regex ItemColumn();

    [GeneratedRegex(@"^(?:進度|progress)(?<period>[mqb]\d{1,2})")]
    private static partial Regex ProgressColumn();
}

/// <summary>The columns of the entry template, in the order it writes them.</summary>
public static class EntrySheetLayout
{
    /// <summary>Code, name, unit, target, direction, actual, reason, the input or part pairs, progress periods, scores, judgement, explanation, version.</summary>
    public static IReadOnlyList<EntrySheetColumn> Columns(int items, IReadOnlyList<string> periods)
    {
        List<EntrySheetColumn> columns =
        [
            new(EntryColumn.Code), new(EntryColumn.Name), new(EntryColumn.Unit), new(EntryColumn.Target), new(EntryColumn.Direction),
            new(EntryColumn.Actual), new(EntryColumn.Reason),
        ];
        for (var i = 1; i <= Math.Min(items, EntrySheetColumn.MaxItems); i++)
        {
            columns.Add(new EntrySheetColumn(EntryColumn.ItemName, i));
            columns.Add(new EntrySheetColumn(EntryColumn.ItemValue, i));
        }
        columns.AddRange(periods.Select(p => new EntrySheetColumn(EntryColumn.Progress, Period: p)));
        columns.AddRange([new(EntryColumn.Innovation), new(EntryColumn.Challenge), new(EntryColumn.Contribution), new(EntryColumn.Met),
            new(EntryColumn.Explanation), new(EntryColumn.Version)]);
        return columns;
    }

    /// <summary>
    /// The progress periods the template gives columns to: every period of each kind (months, quarters, bi-months)
    /// the KPIs already have progress values in, in the order of <see cref="Periods.All"/>.
    /// </summary>
    public static IReadOnlyList<string> PeriodsInUse(IEnumerable<string> periods)
    {
        var kinds = periods.Select(p => p[0]).ToHashSet();
        return [.. Periods.All.Where(p => kinds.Contains(p[0]))];
    }

    /// <summary>The first cell of the sheet of downloaded values, which marks a Beacon entry template.</summary>
    public const string Marker = "beacon.entry-sheet";

    /// <summary>The layout version of that sheet.</summary>
    public const int FormatVersion = 1;

    /// <summary>The name of the sheet of downloaded values (hidden in the template).</summary>
    public const string ValuesSheet = "Beacon";
}
