using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Core.Plans;

namespace Beacon.Core.Authoring;

/// <summary>
/// Next year's plan starts from this year's (滾動): the structure, KSFs, KPIs with their formulas, units, directions and
/// responsible units, the action plans with their milestones, and the links are copied. Of the values, the actuals of
/// the years before the new one are kept and the targets of the new year and later stay its targets (the DV centre's
/// 2022 plan prints 2023 and 2024 targets, which the 2023 plan starts with); the budgets of the new year and later are
/// kept. Evaluation data is not copied: progress values, formula inputs, self-assessments, reviews and the year's
/// settings, nor the approvals record or revised targets' originals. The source plan is not changed.
/// </summary>
public static partial class CarryForward
{
    public static PlanDocument Of(PlanDocument source, int year) => source with
    {
        FormatVersion = PlanDocument.CurrentVersion,
        Year = year,
        Title = source.Title is { } title ? Retitled(title, source.Year, year) : null,
        CoreValues = [.. source.CoreValues],
        Approvals = [],
        Perspectives = [.. source.Perspectives],
        Themes = [.. source.Themes.Select(t => t with { Members = [.. t.Members] })],
        Objectives = [.. source.Objectives.Select(o => o with
        {
            Kpis = [.. o.Kpis.Select(k => k with
            {
                Responsible = [.. k.Responsible],
                Values = Kept(k.Values, year),
                Inputs = null,
                Assessment = null,
                Parts = [.. k.Parts.Select(p => p with { Values = Kept(p.Values, year) })],
                ActionPlans = [.. k.ActionPlans.Select(a => a with
                {
                    Responsible = [.. a.Responsible],
                    Budgets = [.. a.Budgets.Where(b => b.Year >= year)],
                    Milestones = [.. a.Milestones],
                })],
            })],
        })],
        Links = [.. source.Links],
        Evaluation = null,
    };

    /// <summary>Year-end actuals of earlier years and targets of this year and later, as printed; nothing revised.</summary>
    private static List<ValueDoc> Kept(IEnumerable<ValueDoc> values, int year) =>
        [.. values.Where(v => v.Period is null && (v.Kind == ValueKind.Actual ? v.Year < year : v.Year >= year))
            .Select(v => v with { Original = null, Reason = null })];

    /// <summary>The title with the year moved on, as printed: "… 平衡計分卡 (111年)" → "(112年)", "2022" → "2023".</summary>
    public static string Retitled(string title, int from, int to)
    {
        var rocFrom = RocYear.FromGregorian(from).ToString(CultureInfo.InvariantCulture);
        var rocTo = RocYear.FromGregorian(to).ToString(CultureInfo.InvariantCulture);
        title = Regex.Replace(title, $@"(?<!\d){rocFrom}(?=\s*年)", rocTo);
        return Regex.Replace(title, $@"(?<!\d){from.ToString(CultureInfo.InvariantCulture)}(?!\d)", to.ToString(CultureInfo.InvariantCulture));
    }
}
