using System.Text.RegularExpressions;
using Beacon.Core.Codes;
using Beacon.Core.Evaluation;

namespace Beacon.Core.Plans;

/// <summary>
/// Checks a whole plan before anything is written: codes belong to their parents and are unique, references
/// point at things that exist, values and budgets are well formed. Every problem names its JSON path.
/// </summary>
public static partial class PlanValidator
{
    /// <summary>
    /// An organisation code as it is stored (capital letters, digits and "-"), from one written in any case in an
    /// address (/orgs/tpe-dvpc/2022); null when it cannot be one.
    /// </summary>
    public static string? CanonicalOrganisationCode(string text) =>
        text.ToUpperInvariant() is var upper && OrganisationCode().IsMatch(upper) ? upper : null;

    public const int MinYear = 1912; // 民國元年
    public const int MaxYear = 2200;

    public static IReadOnlyList<Problem> Validate(PlanDocument plan)
    {
        var problems = new List<Problem>();
        void Add(string path, string zh, string en) => problems.Add(new Problem(path, zh, en));
        void AddPair(string path, string? pair) { if (pair is not null) problems.Add(Problems.At(path, pair)); }

        if (plan.Format != PlanDocument.FormatName)
            Add("$.format", $"format 應為「{PlanDocument.FormatName}」", $"format must be '{PlanDocument.FormatName}'");
        if (plan.FormatVersion is < PlanDocument.CurrentVersion or > PlanDocument.NewestVersion)
            Add("$.formatVersion", $"不支援的格式版本 {plan.FormatVersion}（支援 {PlanDocument.CurrentVersion}–{PlanDocument.NewestVersion}）",
                $"format version {plan.FormatVersion} is not supported (supported: {PlanDocument.CurrentVersion} to {PlanDocument.NewestVersion})");

        var org = plan.Organisation;
        if (!OrganisationCode().IsMatch(org.Code))
            Add("$.organisation.code", $"機關代碼「{org.Code}」格式不符：大寫英文字母、數字與「-」，例如 TPE-SWD",
                $"organisation code '{org.Code}' is malformed: capital letters, digits and '-', e.g. TPE-SWD");
        if (string.IsNullOrWhiteSpace(org.Name))
            Add("$.organisation.name", "機關名稱不可空白", "the organisation name must not be blank");
        if (org.Parent is not null && (!OrganisationCode().IsMatch(org.Parent) || org.Parent == org.Code))
            Add("$.organisation.parent", $"上級機關代碼「{org.Parent}」不正確", $"parent organisation code '{org.Parent}' is invalid");

        CheckYear("$.year", plan.Year);

        for (var i = 0; i < plan.CoreValues.Count; i++)
            if (string.IsNullOrWhiteSpace(plan.CoreValues[i]))
                Add($"$.coreValues[{i}]", "核心價值不可空白", "a core value must not be blank");

        // Perspectives: one per kind, letters unique.
        var perspectiveLetters = new Dictionary<char, int>();
        if (plan.Perspectives.Count == 0)
            Add("$.perspectives", "至少需要一個構面", "at least one perspective is required");
        var kinds = new HashSet<PerspectiveKind>();
        for (var i = 0; i < plan.Perspectives.Count; i++)
        {
            var p = plan.Perspectives[i];
            var path = $"$.perspectives[{i}]";
            if (p.Code.Length != 1 || p.Code[0] is < 'A' or > 'Z')
                Add($"{path}.code", $"構面代碼「{p.Code}」應為一個大寫字母", $"perspective code '{p.Code}' must be one capital letter");
            else if (!perspectiveLetters.TryAdd(p.Code[0], i))
                Add($"{path}.code", $"構面代碼「{p.Code}」重複", $"perspective code '{p.Code}' is repeated");
            if (!kinds.Add(p.Kind))
                Add($"{path}.kind", $"構面類別「{p.Kind}」重複", $"perspective kind '{p.Kind}' is repeated");
            if (string.IsNullOrWhiteSpace(p.Name))
                Add($"{path}.name", "構面名稱不可空白", "the perspective name must not be blank");
        }
        // An objective's perspective letter is the printed code (T on the Labor map) or its kind's standard letter.
        var objectiveLetters = new HashSet<char>(perspectiveLetters.Keys);
        foreach (var p in plan.Perspectives) objectiveLetters.Add(p.Kind.StandardLetter());

        var themeLetters = new HashSet<char>();
        for (var i = 0; i < plan.Themes.Count; i++)
        {
            var t = plan.Themes[i];
            var path = $"$.themes[{i}]";
            if (t.Code.Length != 1 || t.Code[0] is < 'A' or > 'Z' || t.Code[0] == ObjectiveCode.SharedTheme)
                Add($"{path}.code", $"策略主題代碼「{t.Code}」應為一個大寫字母（T 保留給共同策略目標）",
                    $"theme code '{t.Code}' must be one capital letter (T is kept for shared objectives)");
            else if (!themeLetters.Add(t.Code[0]))
                Add($"{path}.code", $"策略主題代碼「{t.Code}」重複", $"theme code '{t.Code}' is repeated");
            if (string.IsNullOrWhiteSpace(t.Name))
                Add($"{path}.name", "策略主題名稱不可空白", "the theme name must not be blank");
            for (var m = 0; m < t.Members.Count; m++)
                if (string.IsNullOrWhiteSpace(t.Members[m]))
                    Add($"{path}.members[{m}]", "協辦機關不可空白", "a member agency must not be blank");
            if (t.CityTheme is not null && (t.CityTheme.Length != 1 || t.CityTheme[0] is < 'A' or > 'Z'))
                Add($"{path}.cityTheme", $"承接的府級策略主題「{t.CityTheme}」應為一個大寫字母",
                    $"city theme '{t.CityTheme}' must be one capital letter");
        }

        var codes = new Dictionary<string, string>(StringComparer.Ordinal); // code -> path where first seen
        void Unique(string code, string path)
        {
            if (!codes.TryAdd(code, path))
                Add(path, $"代碼「{code}」在本計畫中重複（第一次出現於 {codes[code]}）",
                    $"code '{code}' is used twice in this plan (first at {codes[code]})");
        }

        for (var o = 0; o < plan.Objectives.Count; o++)
        {
            var objective = plan.Objectives[o];
            var opath = $"$.objectives[{o}]";
            if (ObjectiveCode.TryParse(objective.Code, out var oc))
            {
                Unique(objective.Code, $"{opath}.code");
                if (!oc.IsShared && !themeLetters.Contains(oc.Theme))
                    Add($"{opath}.code", $"策略目標「{objective.Code}」的主題「{oc.Theme}」不在本計畫的策略主題中",
                        $"objective '{objective.Code}' names theme '{oc.Theme}', which this plan does not have");
                if (!objectiveLetters.Contains(oc.Perspective))
                    Add($"{opath}.code", $"策略目標「{objective.Code}」的構面「{oc.Perspective}」不在本計畫的構面中",
                        $"objective '{objective.Code}' names perspective '{oc.Perspective}', which this plan does not have");
            }
            else AddPair($"{opath}.code", CodeRules.ObjectiveError(objective.Code));
            if (string.IsNullOrWhiteSpace(objective.Name))
                Add($"{opath}.name", "策略目標名稱不可空白", "the objective name must not be blank");
            if (objective.CityObjective is not null && !ObjectiveCode.TryParse(objective.CityObjective, out _))
                AddPair($"{opath}.cityObjective", CodeRules.ObjectiveError(objective.CityObjective));

            for (var k = 0; k < objective.Kpis.Count; k++)
            {
                var kpi = objective.Kpis[k];
                var kpath = $"{opath}.kpis[{k}]";
                var kpiError = CodeRules.KpiError(kpi.Code, objective.Code);
                if (kpiError is null) Unique(kpi.Code, $"{kpath}.code"); else AddPair($"{kpath}.code", kpiError);
                if (string.IsNullOrWhiteSpace(kpi.Name))
                    Add($"{kpath}.name", "KPI 名稱不可空白", "the KPI name must not be blank");
                if (kpi.CityKpi is not null && !KpiCode.TryParse(kpi.CityKpi, out _))
                    Add($"{kpath}.cityKpi", $"府級 KPI 代碼「{kpi.CityKpi}」格式不符，例如 DP5.1",
                        $"city KPI code '{kpi.CityKpi}' is malformed, e.g. DP5.1");
                for (var r = 0; r < kpi.Responsible.Count; r++)
                    if (string.IsNullOrWhiteSpace(kpi.Responsible[r]))
                        Add($"{kpath}.responsible[{r}]", "主責單位不可空白", "a responsible unit must not be blank");
                CheckValues($"{kpath}.values", kpi.Values);
                CheckEvaluationData(kpath, kpi);
                if (kpi.Parts.Count > 0)
                {
                    // Targets and past years' values of a KPI in parts are the parts'; the plan year's actual of the KPI
                    // itself is an entry, which the entry rules check (only the reason it is missing is accepted).
                    if (kpi.Values.Any(v => !(v.Kind == ValueKind.Actual && v.Year == plan.Year)))
                        Add($"{kpath}.values", "分項計分的 KPI 應將數值填在各分項（parts）中；KPI 本身只能填本年度無實際值的原因",
                            "a KPI with weighted parts keeps its values in the parts; the KPI itself may only give the reason the plan year's actual is missing");
                    for (var p = 0; p < kpi.Parts.Count; p++)
                    {
                        var part = kpi.Parts[p];
                        if (string.IsNullOrWhiteSpace(part.Name))
                            Add($"{kpath}.parts[{p}].name", "分項名稱不可空白", "the part name must not be blank");
                        if (part.Weight is { } w && w is <= 0 or > 100)
                            Add($"{kpath}.parts[{p}].weight", $"權重 {part.Weight} 應大於 0 且不超過 100",
                                $"weight {part.Weight} must be above 0 and at most 100");
                        else if (part.Weight is { } pw && EntryRules.DecimalsProblem($"{kpath}.parts[{p}].weight", "權重", "weight", pw) is { } decimals)
                            problems.Add(decimals);
                        CheckValues($"{kpath}.parts[{p}].values", part.Values);
                    }
                    var weighted = kpi.Parts.Count(x => x.Weight is not null);
                    var total = kpi.Parts.Sum(x => x.Weight ?? 0);
                    if (weighted > 0 && weighted < kpi.Parts.Count)
                        Add($"{kpath}.parts", "分項權重須全部填寫或全部不填（不填表示各分項加總）",
                            "give every part a weight or none (none means the parts add up)");
                    else if (weighted > 0 && total != 100)
                        Add($"{kpath}.parts", $"各分項權重合計為 {total}，應為 100", $"the parts' weights add up to {total}, not 100");
                }

                for (var a = 0; a < kpi.ActionPlans.Count; a++)
                {
                    var action = kpi.ActionPlans[a];
                    var apath = $"{kpath}.actionPlans[{a}]";
                    var actionError = CodeRules.ActionPlanError(action.Code, kpi.Code);
                    if (actionError is null) Unique(action.Code, $"{apath}.code"); else AddPair($"{apath}.code", actionError);
                    if (string.IsNullOrWhiteSpace(action.Name))
                        Add($"{apath}.name", "行動計畫名稱不可空白", "the action plan name must not be blank");
                    for (var r = 0; r < action.Responsible.Count; r++)
                        if (string.IsNullOrWhiteSpace(action.Responsible[r]))
                            Add($"{apath}.responsible[{r}]", "主責單位不可空白", "a responsible unit must not be blank");
                    var budgetYears = new HashSet<int>();
                    for (var b = 0; b < action.Budgets.Count; b++)
                    {
                        var budget = action.Budgets[b];
                        CheckYear($"{apath}.budgets[{b}].year", budget.Year);
                        if (!budgetYears.Add(budget.Year))
                            Add($"{apath}.budgets[{b}].year", $"{budget.Year} 年的概算重複", $"the budget for {budget.Year} is given twice");
                        if (string.IsNullOrWhiteSpace(budget.Text))
                            Add($"{apath}.budgets[{b}].text", "概算不可空白（沒有概算請寫「無」）", "a budget must not be blank (write 無 for none)");
                    }
                    var periods = new HashSet<string>();
                    for (var m = 0; m < action.Milestones.Count; m++)
                    {
                        var milestone = action.Milestones[m];
                        if (!MilestonePeriods.All.Contains(milestone.Period))
                            Add($"{apath}.milestones[{m}].period", $"期間「{milestone.Period}」應為 1-2、3-4、5-6、7-8、9-10 或 11-12",
                                $"period '{milestone.Period}' must be one of 1-2, 3-4, 5-6, 7-8, 9-10, 11-12");
                        else if (!periods.Add(milestone.Period))
                            Add($"{apath}.milestones[{m}].period", $"期間「{milestone.Period}」重複", $"period '{milestone.Period}' is given twice");
                    }
                }
            }
        }

        if (plan.Evaluation is { } settings)
            problems.AddRange(settings.ToSettings().Validate("$.evaluation"));

        var objectives = plan.Objectives.Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        var linked = new HashSet<(string, string)>();
        for (var l = 0; l < plan.Links.Count; l++)
        {
            var link = plan.Links[l];
            if (!linked.Add((link.From, link.To)))
                Add($"$.links[{l}]", $"關聯 {link.From} → {link.To} 重複", $"the link {link.From} → {link.To} is given twice");
            if (!objectives.Contains(link.From))
                Add($"$.links[{l}].from", $"關聯的起點「{link.From}」不是本計畫的策略目標", $"link start '{link.From}' is not an objective of this plan");
            if (!objectives.Contains(link.To))
                Add($"$.links[{l}].to", $"關聯的終點「{link.To}」不是本計畫的策略目標", $"link end '{link.To}' is not an objective of this plan");
            if (link.From == link.To)
                Add($"$.links[{l}]", "策略目標不能關聯到自己", "an objective cannot link to itself");
        }
        return problems;

        void CheckEvaluationData(string kpath, KpiDoc kpi)
        {
            var formula = kpi.Expression is { } expression ? Formulas.Formula.Parse(expression) : null;
            if (formula?.Error is { } error) Add($"{kpath}.expression", error.Message, error.MessageEn);
            var seenInputs = new HashSet<(int, string?, string)>();
            for (var i = 0; i < (kpi.Inputs?.Count ?? 0); i++)
            {
                var input = kpi.Inputs![i];
                CheckYear($"{kpath}.inputs[{i}].year", input.Year);
                if (!Values.Periods.IsValid(input.Period)) AddPair($"{kpath}.inputs[{i}].period", Values.Periods.Explanation);
                if (string.IsNullOrWhiteSpace(input.Name))
                    Add($"{kpath}.inputs[{i}].name", "輸入項目名稱不可空白", "the input name must not be blank");
                else if (!seenInputs.Add((input.Year, input.Period, input.Name)))
                    Add($"{kpath}.inputs[{i}]", $"輸入項目「{input.Name}」重複", $"input '{input.Name}' is given twice");
            }
            // Actuals, inputs, parts, self-assessment and review: the entry rules, as the forms and the API apply them.
            problems.AddRange(DocumentEntryCheck.Check(kpath, kpi, plan.Year));
        }

        void CheckYear(string path, int year)
        {
            if (year is < MinYear or > MaxYear)
                Add(path, $"年度 {year} 不在 {MinYear}–{MaxYear} 之間（請用西元年，例如民國110年寫 2021）",
                    $"year {year} is outside {MinYear}–{MaxYear} (use Gregorian years: ROC 110 is 2021)");
        }

        void CheckValues(string path, List<ValueDoc> values)
        {
            var seen = new HashSet<(int, ValueKind, string?)>();
            for (var v = 0; v < values.Count; v++)
            {
                var value = values[v];
                CheckYear($"{path}[{v}].year", value.Year);
                if (!Values.Periods.IsValid(value.Period))
                    AddPair($"{path}[{v}].period", Values.Periods.Explanation);
                if (!seen.Add((value.Year, value.Kind, value.Period)))
                    Add($"{path}[{v}]", $"{value.Year} 年{value.Period}的{(value.Kind == ValueKind.Actual ? "實際值" : "目標值")}重複",
                        $"the {value.Kind.ToString().ToLowerInvariant()} value for {value.Year}{(value.Period is null ? "" : " " + value.Period)} is given twice");
                if (string.IsNullOrWhiteSpace(value.Text))
                    Add($"{path}[{v}].text", "數值不可空白（沒有數值請寫原因，例如「無實際值」）",
                        "a value must not be blank (write the reason when there is none, e.g. 無實際值)");
                if (value.Original is null && value.Reason is null) continue;
                if (plan.FormatVersion < PlanDocument.NewestVersion)
                    Add($"{path}[{v}].{(value.Original is not null ? "original" : "reason")}", $"修正前的目標值（original）與修正原因（reason）屬於格式第 {PlanDocument.NewestVersion} 版：請將 formatVersion 設為 {PlanDocument.NewestVersion}",
                        $"a revised target's original and reason belong to format version {PlanDocument.NewestVersion}: set formatVersion to {PlanDocument.NewestVersion}");
                if (value.Kind != ValueKind.Target || value.Period is not null)
                    Add($"{path}[{v}]", "只有年度目標值可以記錄修正前的值與修正原因", "only a year's target can keep its original and the reason it was revised");
                if (value.Original is not null && string.IsNullOrWhiteSpace(value.Original))
                    Add($"{path}[{v}].original", "修正前的目標值不可空白", "the original target must not be blank");
                if (value.Reason is not null && (string.IsNullOrWhiteSpace(value.Reason) || value.Original is null))
                    Add($"{path}[{v}].reason", "修正原因須與修正前的目標值（original）一起記錄，且不可空白", "a revision's reason goes with the original target (original) and must not be blank");
                if (EntryRules.TextProblem($"{path}[{v}].reason", value.Reason) is { } tooLong) problems.Add(tooLong);
            }
        }
    }

    /// <summary>Why an expression does not parse (empty when it does).</summary>
    public static IEnumerable<(string Zh, string En)> ExpressionProblems(string expression)
    {
        var parsed = Formulas.Formula.Parse(expression);
        if (parsed.Error is { } error) yield return (error.Message, error.MessageEn);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")]
    private static partial Regex OrganisationCode();
}
