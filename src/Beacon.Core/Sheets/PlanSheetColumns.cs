using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Core.Plans;

namespace Beacon.Core.Sheets;

/// <summary>What a column of a scorecard table (平衡計分卡) holds.</summary>
public enum ScorecardColumn
{
    Perspective, Objective, Ksf, Kpi, Formula, Unit, Direction,
    /// <summary>A value of a year: an actual of a past year or a target (<see cref="ScorecardHeader.Year"/>, <see cref="ScorecardHeader.Kind"/>).</summary>
    Value,
    Responsible, ActionPlans,
    /// <summary>An action plan's budget of a year (已編111年概算, 預編112年概算).</summary>
    Budget,
    ActionResponsible,
}

/// <summary>A recognised header of a scorecard table: the column's kind and, for values and budgets, the (Gregorian) year.</summary>
public sealed record ScorecardHeader(ScorecardColumn Column, int Year = 0, ValueKind Kind = ValueKind.Actual);

/// <summary>
/// The headers of scorecard tables, as the source documents print them (策略目標 | 關鍵成功因素 (KSF) | KPI (關鍵績效指標) |
/// KPI 計算公式及計量單位 | 108年 實際值 … 113年 目標值 | KPI 主責科室 | 行動計畫 | 行動計畫 已編111年概算 (元) | 行動計畫
/// 主責科室), as Beacon's scorecard document prints them in zh-TW and English, and their common variants (構面,
/// 行動方案, 主責機關). Compared without spaces, case or bracketed notes.
/// </summary>
public static partial class ScorecardHeaders
{
    private static readonly Dictionary<string, ScorecardColumn> Fixed = new(StringComparer.Ordinal)
    {
        ["構面"] = ScorecardColumn.Perspective, ["perspective"] = ScorecardColumn.Perspective,
        ["策略目標"] = ScorecardColumn.Objective, ["objective"] = ScorecardColumn.Objective, ["objectives"] = ScorecardColumn.Objective,
        ["strategicobjective"] = ScorecardColumn.Objective,
        ["關鍵成功因素"] = ScorecardColumn.Ksf, ["ksf"] = ScorecardColumn.Ksf, ["keysuccessfactor"] = ScorecardColumn.Ksf, ["keysuccessfactors"] = ScorecardColumn.Ksf,
        ["kpi"] = ScorecardColumn.Kpi, ["關鍵績效指標"] = ScorecardColumn.Kpi, ["keyperformanceindicator"] = ScorecardColumn.Kpi,
        ["keyperformanceindicators"] = ScorecardColumn.Kpi, ["kpis"] = ScorecardColumn.Kpi,
        ["kpi計算公式及計量單位"] = ScorecardColumn.Formula, ["計算公式及計量單位"] = ScorecardColumn.Formula, ["kpi計算公式"] = ScorecardColumn.Formula,
        ["計算公式"] = ScorecardColumn.Formula, ["formulaandunit"] = ScorecardColumn.Formula, ["formula"] = ScorecardColumn.Formula,
        ["單位"] = ScorecardColumn.Unit, ["計量單位"] = ScorecardColumn.Unit, ["unit"] = ScorecardColumn.Unit,
        ["指標方向"] = ScorecardColumn.Direction, ["direction"] = ScorecardColumn.Direction,
        ["kpi主責單位"] = ScorecardColumn.Responsible, ["kpi主責科室"] = ScorecardColumn.Responsible, ["kpi主責機關"] = ScorecardColumn.Responsible,
        ["主責單位"] = ScorecardColumn.Responsible, ["主責科室"] = ScorecardColumn.Responsible, ["主責機關"] = ScorecardColumn.Responsible,
        ["responsibleunit"] = ScorecardColumn.Responsible, ["responsibleagency"] = ScorecardColumn.Responsible, ["responsible"] = ScorecardColumn.Responsible,
        ["行動計畫"] = ScorecardColumn.ActionPlans, ["行動方案"] = ScorecardColumn.ActionPlans,
        ["actionplans"] = ScorecardColumn.ActionPlans, ["actionplan"] = ScorecardColumn.ActionPlans,
        ["行動計畫主責單位"] = ScorecardColumn.ActionResponsible, ["行動計畫主責科室"] = ScorecardColumn.ActionResponsible,
        ["行動計畫主責機關"] = ScorecardColumn.ActionResponsible, ["行動方案主責單位"] = ScorecardColumn.ActionResponsible,
        ["actionplanresponsibleunit"] = ScorecardColumn.ActionResponsible, ["actionplanresponsible"] = ScorecardColumn.ActionResponsible,
    };

    /// <summary>The column a header names; null for any other header.</summary>
    public static ScorecardHeader? Recognise(string? header)
    {
        var key = CellText.Key(header);
        if (key.Length == 0) return null;
        if (Fixed.TryGetValue(key, out var column)) return new ScorecardHeader(column);
        if (ValueColumn().Match(key) is { Success: true } v && Year(v.Groups["year"].Value) is { } year)
            return new ScorecardHeader(ScorecardColumn.Value, year, v.Groups["kind"].Value is "目標值" or "target" ? ValueKind.Target : ValueKind.Actual);
        if (BudgetColumn().Match(key) is { Success: true } b && Year(b.Groups["year"].Value) is { } budgetYear)
            return new ScorecardHeader(ScorecardColumn.Budget, budgetYear);
        return null;
    }

    /// <summary>A year as a header prints it: ROC (111) or Gregorian (2022).</summary>
    private static int? Year(string digits)
    {
        var n = int.Parse(digits, CultureInfo.InvariantCulture);
        var year = n < 1000 ? RocYear.ToGregorian(n) : n;
        return year is >= PlanValidator.MinYear and <= PlanValidator.MaxYear ? year : null;
    }

    [GeneratedRegex(@"^(?:kpi)?(?:民國)?(?<year>\d{2,4})年?度?(?<kind>實際值|目標值|actual|target)$")]
    private static partial Regex ValueColumn();

    [GeneratedRegex(@"^(?:行動計畫|行動方案)?(?:已編|預編|編列)?(?:民國)?(?<year>\d{2,4})年?度?(?:概算|預算)(?:元|ntd?\$?)?$|^(?:budgeted|planned|budget)(?<year>\d{4})(?:nt\$?)?$")]
    private static partial Regex BudgetColumn();

    /// <summary>A perspective's kind from its printed name: 顧客構面, 內部流程, 學習成長, 財務; Customer perspective, …</summary>
    public static PerspectiveKind? Perspective(string? text)
    {
        var key = CellText.Key(text);
        if (key.Length == 0 || key.Length > 30) return null;
        key = key.Replace("構面", "", StringComparison.Ordinal).Replace("perspective", "", StringComparison.Ordinal);
        return key switch
        {
            "顧客" or "customer" or "c" => PerspectiveKind.Customer,
            "內部流程" or "內部程序" or "流程" or "internalprocess" or "process" or "p" => PerspectiveKind.Process,
            "學習成長" or "學習與成長" or "learningandgrowth" or "learning" or "l" => PerspectiveKind.Learning,
            "財務" or "financial" or "finance" or "f" => PerspectiveKind.Financial,
            _ => null,
        };
    }
}
