using System.Globalization;
using System.Text.RegularExpressions;

namespace Beacon.Core.Codes;

/// <summary>
/// 策略目標 code: theme letter (T for objectives shared by every theme) + perspective letter + number: AC1, TC2, HF3.
/// </summary>
public sealed partial record ObjectiveCode(char Theme, char Perspective, int Number)
{
    /// <summary>The theme letter of objectives shared by all themes (TC1 提升滿意的住民, TL1 …).</summary>
    public const char SharedTheme = 'T';

    public bool IsShared => Theme == SharedTheme;

    public override string ToString() => $"{Theme}{Perspective}{Number.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out ObjectiveCode code)
    {
        code = null!;
        var m = Pattern().Match(text ?? "");
        if (!m.Success) return false;
        code = new ObjectiveCode(m.Groups[1].Value[0], m.Groups[2].Value[0], int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"^([A-Z])([A-Z])([1-9][0-9]{0,2})\z")]
    private static partial Regex Pattern();
}

/// <summary>關鍵績效指標 code: objective code + "." + n: AC1.1.</summary>
public sealed partial record KpiCode(ObjectiveCode Objective, int Number)
{
    public override string ToString() => $"{Objective}.{Number.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out KpiCode code)
    {
        code = null!;
        var m = Pattern().Match(text ?? "");
        if (!m.Success || !ObjectiveCode.TryParse(m.Groups[1].Value, out var objective)) return false;
        code = new KpiCode(objective, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"^([A-Z][A-Z][0-9]+)\.([1-9][0-9]{0,2})\z")]
    private static partial Regex Pattern();
}

/// <summary>行動計畫 code: KPI code + "." + n: AC1.1.1.</summary>
public sealed partial record ActionPlanCode(KpiCode Kpi, int Number)
{
    public override string ToString() => $"{Kpi}.{Number.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out ActionPlanCode code)
    {
        code = null!;
        var m = Pattern().Match(text ?? "");
        if (!m.Success || !KpiCode.TryParse(m.Groups[1].Value, out var kpi)) return false;
        code = new ActionPlanCode(kpi, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"^([A-Z][A-Z][0-9]+\.[0-9]+)\.([1-9][0-9]{0,2})\z")]
    private static partial Regex Pattern();
}

/// <summary>Parses codes and explains, in words a planner understands, why one is wrong.</summary>
public static class CodeRules
{
    public static string? ObjectiveError(string code)
    {
        if (ObjectiveCode.TryParse(code, out _)) return null;
        return $"策略目標代碼「{code}」格式不符：應為主題字母＋構面字母＋序號，例如 AC1、TC2|" +
               $"objective code '{code}' is malformed: expected theme letter + perspective letter + number, e.g. AC1, TC2";
    }

    /// <summary>Null when <paramref name="code"/> is a KPI code under <paramref name="objective"/>.</summary>
    public static string? KpiError(string code, string objective)
    {
        if (!KpiCode.TryParse(code, out var kpi))
            return $"KPI 代碼「{code}」格式不符：應為策略目標代碼＋「.」＋序號，例如 {objective}.1|" +
                   $"KPI code '{code}' is malformed: expected the objective code + '.' + number, e.g. {objective}.1";
        if (kpi.Objective.ToString() != objective)
            return $"KPI 代碼「{code}」不屬於策略目標 {objective}：應以「{objective}.」開頭|" +
                   $"KPI code '{code}' does not belong to objective {objective}: it must start with '{objective}.'";
        return null;
    }

    /// <summary>Null when <paramref name="code"/> is an action plan code under <paramref name="kpi"/>.</summary>
    public static string? ActionPlanError(string code, string kpi)
    {
        if (!ActionPlanCode.TryParse(code, out var plan))
            return $"行動計畫代碼「{code}」格式不符：應為 KPI 代碼＋「.」＋序號，例如 {kpi}.1|" +
                   $"action plan code '{code}' is malformed: expected the KPI code + '.' + number, e.g. {kpi}.1";
        if (plan.Kpi.ToString() != kpi)
            return $"行動計畫代碼「{code}」不屬於 KPI {kpi}：應以「{kpi}.」開頭|" +
                   $"action plan code '{code}' does not belong to KPI {kpi}: it must start with '{kpi}.'";
        return null;
    }
}
