using System.Globalization;
using Beacon.Core.Values;

namespace Beacon.Core.Sheets;

/// <summary>
/// Reading one cell as a field of an upload, whatever program wrote it: a number stored as text (85, ８５, 1,234.5)
/// is a number; a formula's saved result is its value; a date where a number belongs, an error value, or a formula
/// without a saved result is a problem naming the cell. Blank is null.
/// </summary>
public static class CellReading
{
    /// <summary>A cell read as text (a reason, an explanation, a code): its shown text, plain and trimmed.</summary>
    public static (string? Text, CellProblem? Problem) Text(GridCell? cell, CellAt at)
    {
        if (cell is null) return (null, null);
        if (Unreadable(cell, at) is { } problem) return (null, problem);
        var text = CellText.Trim(cell.Text);
        return (text.Length == 0 ? null : text, null);
    }

    /// <summary>
    /// A cell read as an actual value as typed: a number cell gives its number (85.5; 85% when shown as a percentage),
    /// a text cell its text (a qualitative KPI's 高於6都平均值, or a number stored as text, checked later by the
    /// entry rules). A date is refused: the program turned what was typed into a date.
    /// </summary>
    public static (string? Text, CellProblem? Problem) Value(GridCell? cell, CellAt at)
    {
        if (cell is null) return (null, null);
        if (cell.Kind == CellKind.Date) return (null, DateProblem(cell, at));
        if (Unreadable(cell, at) is { } problem) return (null, problem);
        if (cell.Kind == CellKind.Number && cell.Number is { } n)
            return (CellText.Plain(cell.Text).EndsWith('%') ? CellText.Plain(cell.Text) : Invariant(n), null);
        var text = CellText.Trim(cell.Text);
        return (text.Length == 0 ? null : text, null);
    }

    /// <summary>A cell that must hold a number (a score, a formula input): its number, or the problem.</summary>
    public static (decimal? Number, CellProblem? Problem) Number(GridCell? cell, CellAt at, string? unit = null)
    {
        var (text, problem) = Value(cell, at);
        if (problem is not null || text is null) return (null, problem);
        if (cell!.Kind == CellKind.Number && cell.Number is { } n && !text.EndsWith('%')) return (n, null);
        var read = EnteredNumber.Parse(text, unit);
        return read.Problem is { } bad ? (null, CellProblem.At(at, bad.Message, EndSentence(bad.MessageEn))) : (read.Value, null);
    }

    /// <summary>A yes/no cell (是/否, yes/no, true/false, 達成/未達成, a checkbox's TRUE/FALSE); blank is null.</summary>
    public static (bool? Value, CellProblem? Problem) YesNo(GridCell? cell, CellAt at)
    {
        var (text, problem) = Text(cell, at);
        if (problem is not null || text is null) return (null, problem);
        switch (CellText.Key(text))
        {
            case "是" or "yes" or "y" or "true" or "1" or "達成" or "已達成" or "met":
                return (true, null);
            case "否" or "no" or "n" or "false" or "0" or "未達成" or "notmet":
                return (false, null);
            default:
                return (null, CellProblem.At(at, $"「{text}」不是「是」或「否」：請填「是」（已達成）或「否」（未達成），或留白",
                    $"'{text}' is neither yes nor no: enter yes (met) or no (not met), or leave it blank."));
        }
    }

    /// <summary>An error value, a formula without a saved result, or (for text) a date read as its date.</summary>
    private static CellProblem? Unreadable(GridCell cell, CellAt at) => cell.Kind switch
    {
        CellKind.Error => CellProblem.At(at, $"儲存格是錯誤值「{cell.Text}」：請修正公式或改填數值",
            $"the cell holds the error value {cell.Text}: fix the formula or type the value."),
        CellKind.FormulaWithoutValue => CellProblem.At(at, "儲存格是沒有存下計算結果的公式：請用試算表軟體（Excel、LibreOffice）開啟後重新存檔，或直接填入數值",
            "the cell holds a formula saved without its result: open the file in a spreadsheet program (Excel, LibreOffice) and save it again, or type the value."),
        _ => null,
    };

    private static CellProblem DateProblem(GridCell cell, CellAt at)
    {
        var serial = cell.Number is { } n ? Invariant(n) : "";
        return CellProblem.At(at,
            $"儲存格是日期（{cell.Text}，序號 {serial}），不是數值：試算表軟體把輸入的內容當成日期了；請將儲存格格式設為「數值」或「文字」後重新輸入",
            $"the cell holds a date ({cell.Text}, serial number {serial}), not a number: the spreadsheet program took what was typed for a date; format the cell as a number or as text and type it again.");
    }

    /// <summary>A number as plain invariant text, without trailing zeros: 85.5, 1234, -0.25.</summary>
    public static string Invariant(decimal value) =>
        (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>An English message ending with a full stop.</summary>
    public static string EndSentence(string text) => text.Length == 0 || text.EndsWith('.') ? text : text + ".";
}
