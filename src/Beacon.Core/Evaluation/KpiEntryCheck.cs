using System.Globalization;
using Beacon.Core.Formulas;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Core.Workflow;

namespace Beacon.Core.Evaluation;

/// <summary>
/// The rules of every evaluation write — actuals, formula inputs, parts, progress values, self-assessments and
/// reviews — in one place, for the entry forms, the API and any later upload alike. Given who writes, the plan
/// year's status and the KPIs as stored, it returns every problem (typed: KPI, field, period) or exactly what to
/// store. The order: who and when (403, 409), which KPI and which version (404, 428), then the values (400) and
/// whether the version is still current (409).
/// </summary>
public static class KpiEntryCheck
{
    public static EntryDecision Check(EntryContext plan, IReadOnlyList<KpiEntry> entries, IReadOnlyDictionary<string, KpiEntryView> kpis)
    {
        var actor = plan.Actor;
        var entering = entries.Any(e => e.Enters);
        var reviewing = entries.Any(e => e.Reviews);
        var all = new EntryPlace(null);
        if (entering && !actor.CanEnterFor(plan.Organisation))
            return EntryDecision.Refused(Problem.At(all, $"只有 {plan.Organisation} 的填報人員可以填報實際值與自評",
                $"Only {plan.Organisation}'s editors may enter actuals and self-assessments.", ProblemKind.Forbidden));
        if (reviewing && !actor.CanReview)
            return EntryDecision.Refused(Problem.At(all, "只有複核人員可以填寫複核", "Only reviewers may enter reviews.", ProblemKind.Forbidden));
        if ((entering && !WorkflowRules.OpenForEntry(plan.Status)) || (reviewing && !WorkflowRules.OpenForReview(plan.Status)))
            return EntryDecision.Refused(WorkflowRules.StatusForbids(plan.Year, plan.Status));

        // Which KPI and which version, before anything about the values.
        var problems = new List<Problem>();
        var unversioned = new List<Problem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var at = new EntryPlace(entry.Code);
            if (!seen.Add(entry.Code)) { problems.Add(Problem.At(at, $"KPI {entry.Code} 重複出現", $"KPI {entry.Code} appears twice.")); continue; }
            if (!kpis.TryGetValue(entry.Code, out var kpi))
            {
                problems.Add(Problem.At(at, $"此計畫沒有 KPI「{entry.Code}」", $"This plan has no KPI '{entry.Code}'.", ProblemKind.Unknown));
                continue;
            }
            if (entry.Enters && !actor.CanEnterKpi(plan.Organisation, [.. kpi.Responsible]))
                return EntryDecision.Refused(Problem.At(at, $"{kpi.Code} 不屬於你負責的科室（{string.Join("、", kpi.Responsible)}）",
                    $"{kpi.Code} belongs to divisions you are not bound to ({string.Join(", ", kpi.Responsible)}).", ProblemKind.Forbidden));
            foreach (var (block, version) in Versions(entry))
                if (version is null) unversioned.Add(VersionRequired(new EntryPlace(kpi.Code, block, EntryField.Version), plan));
        }
        if (problems.Count > 0) return EntryDecision.Refused(problems);
        if (unversioned.Count > 0) return EntryDecision.Refused(unversioned);

        var changes = new List<KpiChange>();
        foreach (var entry in entries)
        {
            var kpi = kpis[entry.Code];
            var actuals = new List<ActualChange>();
            if (entry.Actual is { } actual)
                Add(CheckActual(new EntryPlace(kpi.Code, EntryBlock.Actual, Period: actual.Period), kpi, actual), problems, actuals);
            if (entry.Progress is { } progress)
                foreach (var (change, problem) in CheckProgress(kpi, progress))
                    if (problem is not null) problems.Add(problem);
                    else actuals.Add(change!);
            SelfEntry? self = null;
            if (entry.Self is { } s)
            {
                problems.AddRange(CheckSelf(new EntryPlace(kpi.Code, EntryBlock.Self), s));
                self = s with { Explanation = Blank(s.Explanation), Version = null };
            }
            ReviewEntry? review = null;
            if (entry.Review is { } r)
            {
                problems.AddRange(CheckReview(new EntryPlace(kpi.Code, EntryBlock.Review), kpi, r));
                review = r with { Comment = Blank(r.Comment), Version = null };
            }
            foreach (var (block, version) in Versions(entry))
                if (version != kpi.Version) problems.Add(Stale(new EntryPlace(kpi.Code, block, EntryField.Version), kpi, version!.Value));
            changes.Add(new KpiChange(kpi.Code, actuals, self, review));
        }
        return problems.Count > 0 ? EntryDecision.Refused(problems) : new EntryDecision([], changes);
    }

    /// <summary>
    /// The KPIs with neither an actual nor the reason there is none (nor any part's): submitting the year leaves
    /// them under 無相關統計數據, so the agency is asked to confirm.
    /// </summary>
    public static IReadOnlyList<string> Unreported(IEnumerable<KpiEntryView> kpis) =>
        [.. kpis.Where(k => k.Actual is null && k.PartActuals.All(p => p is null)).Select(k => k.Code)];

    /// <summary>Whether the plan's status still allows these entries (checked again inside the transaction that stores them).</summary>
    public static bool StatusAllows(IReadOnlyList<KpiEntry> entries, PlanStatus status) =>
        (!entries.Any(e => e.Enters) || WorkflowRules.OpenForEntry(status)) && (!entries.Any(e => e.Reviews) || WorkflowRules.OpenForReview(status));

    /// <summary>Someone else saved this KPI at the same moment (two first writes, or a row changed under the save).</summary>
    public static Problem SavedMeanwhile { get; } = Problem.At(new EntryPlace(null), "資料已被他人同時更新，請重新載入後再存",
        "Someone else saved at the same moment; reload and save again.", ProblemKind.Stale);

    private static void Add((ActualChange? Change, IReadOnlyList<Problem> Problems) checkedActual, List<Problem> problems, List<ActualChange> actuals)
    {
        if (checkedActual.Problems.Count > 0) problems.AddRange(checkedActual.Problems);
        else if (checkedActual.Change is { } change) actuals.Add(change);
    }

    private static IEnumerable<(EntryBlock, int?)> Versions(KpiEntry entry)
    {
        if (entry.Actual is { } a) yield return (EntryBlock.Actual, a.Version);
        if (entry.Progress is { } p) yield return (EntryBlock.Progress, p.Version);
        if (entry.Self is { } s) yield return (EntryBlock.Self, s.Version);
        if (entry.Review is { } r) yield return (EntryBlock.Review, r.Version);
    }

    private static Problem VersionRequired(EntryPlace at, EntryContext plan) => Problem.At(at,
        $"請附上 {at.Kpi} 目前的版本（version）：見 {plan.EvaluationSource} 的 rows[].version，以免覆蓋他人剛存的資料",
        $"Send {at.Kpi}'s current version: read rows[].version from {plan.EvaluationSource}, so that nobody's newer change is overwritten.",
        ProblemKind.VersionRequired);

    private static Problem Stale(EntryPlace at, KpiEntryView kpi, int version)
    {
        if (kpi.Version == 0)
            return Problem.At(at, $"{kpi.Code} 尚無填報或評核資料（版本 0），與你的版本 {version} 不符，你的修改未儲存；請重新載入",
                $"{kpi.Code} has no entries yet (version 0, not {version}); your change was not saved, reload it.", ProblemKind.Stale);
        static string Show(decimal? d) => d?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—";
        var actual = kpi.Parts.Count > 0 && kpi.PartActuals.Any(p => p is not null)
            ? string.Join("、", kpi.Parts.Select((name, i) => $"{name} {kpi.PartActuals.ElementAtOrDefault(i)?.Text ?? "—"}"))
            : kpi.Actual?.Text ?? "—";
        var (s, r) = (kpi.Self, kpi.Review);
        var scores = $"{Show(s.Innovation)}/{Show(s.Challenge)}/{Show(s.Contribution)}";
        var reviewed = $"{Show(r.Innovation)}/{Show(r.Challenge)}/{Show(r.Contribution)}";
        var when = kpi.UpdatedAt is { } t ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "";
        return Problem.At(at, $"{kpi.Code} 已被他人更新（版本 {kpi.Version}，{when}：實際值 {actual}；自評 {scores}，複核 {reviewed}），你的修改未儲存；請重新載入",
            $"{kpi.Code} was changed by someone else (version {kpi.Version}, {when}: actual {actual}; self {scores}, review {reviewed}); your change was not saved, reload it.",
            ProblemKind.Stale);
    }

    /// <summary>Why a KPI's light can only be ? (績效不明): exempt, or no actual value for the year; null otherwise.</summary>
    public static (string Zh, string En)? UnclearWhy(KpiEntryView kpi)
    {
        if (kpi.Exempt) return ("免予評核", "is exempt from scoring");
        static bool IsValue(ValueText? v) => v is not null && v.Form != ValueForm.Missing;
        var has = kpi.Parts.Count > 0 ? kpi.PartActuals.Any(IsValue) : IsValue(kpi.Actual);
        return has ? null : ("尚無實際值", "has no actual value");
    }

    /// <summary>A self-assessment (<paramref name="at"/>: its block): the three scores together, each 0–100 with at most four decimals; an explanation of at most 4000 characters.</summary>
    public static IEnumerable<Problem> CheckSelf(EntryPlace at, SelfEntry self)
    {
        foreach (var problem in EntryRules.ScoreProblems(at, self.Innovation, self.Challenge, self.Contribution)) yield return problem;
        if (EntryRules.TextProblem(at.With(EntryField.Explanation), self.Explanation) is { } tooLong) yield return tooLong;
    }

    /// <summary>
    /// A review (<paramref name="at"/>: its block): the scores as a self-assessment's, a comment of at most 4000
    /// characters, and no light but ? for a KPI whose light can only be ? (<see cref="UnclearWhy"/>).
    /// </summary>
    public static IEnumerable<Problem> CheckReview(EntryPlace at, KpiEntryView kpi, ReviewEntry review)
    {
        foreach (var problem in EntryRules.ScoreProblems(at, review.Innovation, review.Challenge, review.Contribution)) yield return problem;
        if (EntryRules.TextProblem(at.With(EntryField.Comment), review.Comment) is { } tooLong) yield return tooLong;
        if (review.Light is { } light && light != Light.Unclear && UnclearWhy(kpi) is { } why)
            yield return Problem.At(at.With(EntryField.Light),
                $"{kpi.Code} {why.Zh}，燈號為 ?（績效不明），不能評為「{light.Symbol()} {light.ChineseName()}」",
                $"{kpi.Code} {why.En}, so its light is ? (unclear): it cannot be rated {light.Symbol()} {light.EnglishName()}.");
    }

    private static IEnumerable<(ActualChange? Change, Problem? Problem)> CheckProgress(KpiEntryView kpi, ProgressEntry entry)
    {
        var block = new EntryPlace(kpi.Code, EntryBlock.Progress);
        if (entry.Values is not { Count: > 0 } values)
        {
            yield return (null, Problem.At(block.With(EntryField.Values), $"沒有可儲存的內容：請以期間（M1–M12、Q1–Q4、B1–B6）為鍵填寫 {kpi.Code} 的進度值",
                $"Nothing to save: give {kpi.Code}'s progress values keyed by period (M1–M12, Q1–Q4, B1–B6)."));
            yield break;
        }
        foreach (var (period, value) in values)
        {
            var at = block with { Period = period };
            if (!Periods.IsValid(period) || period is null) { yield return (null, Problems.At(at, Periods.Explanation)); continue; }
            if (value is null) { yield return (new ActualChange(period, Remove: true), null); continue; }
            if (value.Period is { } inner && inner != period)
            {
                yield return (null, Problem.At(at.With(EntryField.Period), $"期間由鍵「{period}」決定，不需另填（收到「{inner}」）", $"The period is the key '{period}': leave it out (got '{inner}')."));
                continue;
            }
            var (change, problems) = CheckActual(at, kpi, value with { Period = period, Version = null });
            foreach (var p in problems) yield return (null, p);
            if (problems.Count == 0 && change is not null) yield return (change, null);
        }
    }

    /// <summary>
    /// An actual (year-end or of a period): the problems, or the values to store. With <paramref name="printed"/> the
    /// value is one a plan document prints (an import: "57.9 億元", "3.72(9人)", a formula KPI's published figure
    /// without its inputs), read by the value parser; otherwise it is a number a person typed, read strictly
    /// (<see cref="EnteredNumber"/>), and a formula KPI's actual comes from its inputs only.
    /// </summary>
    public static (ActualChange? Change, IReadOnlyList<Problem> Problems) CheckActual(EntryPlace at, KpiEntryView kpi, ActualEntry entry, bool printed = false)
    {
        var problems = new List<Problem>();
        var change = CheckActual(at, kpi, entry, printed, problems);
        return (problems.Count == 0 ? change : null, problems);
    }

    private static ActualChange? CheckActual(EntryPlace at, KpiEntryView kpi, ActualEntry entry, bool printed, List<Problem> problems)
    {
        if (!Periods.IsValid(entry.Period)) { problems.Add(Problems.At(at.With(EntryField.Period), Periods.Explanation)); return null; }
        if (entry.Parts is { } parts) return CheckParts(at, kpi, entry, parts, printed, problems);
        if (kpi.Parts.Count > 0 && (Blank(entry.Value) is not null || entry.Inputs is { Count: > 0 }))
            problems.Add(Problem.At(at.With(EntryField.Value), $"{kpi.Code} 依分項計分，請填各分項的實際值", $"{kpi.Code} is scored by its parts: enter each part's actual."));
        var value = Blank(entry.Value);
        var reason = Blank(entry.MissingReason);
        if (value is not null && reason is not null)
            problems.Add(Problem.At(at.With(EntryField.MissingReason), "已填實際值時不需填無數值原因：請擇一", "Give either a value or the reason there is none, not both."));
        if (entry.Inputs is { Count: > 0 } inputs) return CheckInputs(at, kpi, inputs, value, reason, problems);
        if (value is not null)
        {
            if (!printed && kpi.Expression is not null && kpi.Parts.Count == 0)
                // The value of a formula KPI comes from its inputs; a typed one would stand beside inputs that say otherwise.
                problems.Add(Problem.At(at.With(EntryField.Value), $"{kpi.Code} 的實際值由公式 {kpi.Expression} 的輸入值算出：請填各輸入值（inputs），或將實際值留空並填寫無數值原因",
                    $"{kpi.Code}'s actual is computed by its formula {kpi.Expression}: enter the inputs, or leave the value empty and give the reason there is none."));
            else if (ValueProblem(at.With(EntryField.Value), kpi, value, printed, part: null) is { } wrong)
                problems.Add(wrong);
            return new ActualChange(entry.Period, printed || kpi.Direction == Direction.Qualitative ? ValueText.Parse(value) : Typed(value, kpi.Unit));
        }
        if (reason is not null)
        {
            if (EntryRules.TextProblem(at.With(EntryField.MissingReason), reason) is { } tooLong) problems.Add(tooLong);
            return new ActualChange(entry.Period, Missing(reason));
        }
        if (kpi.Actual is not null || entry.Period is not null)
            problems.Add(Problem.At(at.With(EntryField.MissingReason), "沒有實際值時請填寫原因（例如「調查尚未完成」）", "When there is no value, give the reason (e.g. the survey is not finished)."));
        else problems.Add(NothingToSave(at, kpi));
        return null;
    }

    /// <summary>
    /// What is wrong with an actual's text, the KPI's own or a part's: too long; typed, not a number (a qualitative
    /// KPI's own value aside); or carrying a comparator, which only a target has.
    /// </summary>
    private static Problem? ValueProblem(EntryPlace at, KpiEntryView kpi, string value, bool printed, string? part)
    {
        var (ofZh, ofEn) = part is null ? ("", "") : ($"（分項「{part}」）", $" (part '{part}')");
        if (value.Length > MaxValueLength)
            return Problem.At(at, $"實際值太長（最多 {MaxValueLength} 字）{ofZh}", $"The value is too long ({MaxValueLength} characters at most){ofEn}.");
        if (!printed && (part is not null || kpi.Direction != Direction.Qualitative) && EnteredNumber.Parse(value, kpi.Unit).Problem is { } bad)
            return part is null
                ? Problem.At(at, $"{bad.Message}；沒有數值時請將欄位留空並填寫無數值原因", $"{bad.MessageEn}; when there is no value, leave it empty and give the reason.")
                : Problem.At(at, $"{bad.Message}{ofZh}", $"{bad.MessageEn}{ofEn}");
        if (ValueText.Parse(value).Comparator != Comparator.None)
            return Problem.At(at, $"實際值不可帶比較符號（≥、≤、±）{ofZh}", $"An actual value cannot carry a comparator (≥, ≤, ±){ofEn}.");
        return null;
    }

    private static ActualChange? CheckParts(EntryPlace at, KpiEntryView kpi, ActualEntry entry, IReadOnlyList<string?> parts, bool printed, List<Problem> problems)
    {
        if (kpi.Parts.Count == 0)
            problems.Add(Problem.At(at.With(EntryField.Parts), $"{kpi.Code} 沒有分項，請直接填實際值", $"{kpi.Code} has no parts: enter the actual itself."));
        else if (parts.Count != kpi.Parts.Count)
            problems.Add(Problem.At(at.With(EntryField.Parts), $"{kpi.Code} 有 {kpi.Parts.Count} 個分項，收到 {parts.Count} 個值", $"{kpi.Code} has {kpi.Parts.Count} parts, {parts.Count} values were given."));
        else if (parts.All(p => Blank(p) is null))
            problems.Add(NothingToSave(at, kpi));
        else
        {
            var values = new List<ValueText?>();
            for (var i = 0; i < parts.Count; i++)
            {
                var text = Blank(parts[i]);
                if (text is not null && ValueProblem(at.With(EntryField.Part, i.ToString(CultureInfo.InvariantCulture)), kpi, text, printed, kpi.Parts[i]) is { } wrong)
                    problems.Add(wrong);
                values.Add(text is null ? null : printed ? ValueText.Parse(text) : Typed(text, kpi.Unit));
            }
            return new ActualChange(entry.Period, Parts: values);
        }
        return null;
    }

    private static ActualChange? CheckInputs(EntryPlace at, KpiEntryView kpi, Dictionary<string, decimal?> inputs, string? value, string? reason, List<Problem> problems)
    {
        if (kpi.Expression is null || Formula.Parse(kpi.Expression).Formula is not { } formula)
        {
            problems.Add(Problem.At(at.With(EntryField.Inputs), $"{kpi.Code} 沒有計算公式，請直接填實際值", $"{kpi.Code} has no formula: enter the actual value itself."));
            return null;
        }
        foreach (var name in formula.Inputs)
            if (!inputs.TryGetValue(name, out var v) || v is null)
                problems.Add(Problem.At(at.With(EntryField.Input, name), $"請填寫「{name}」", $"Enter '{name}'."));
        foreach (var name in inputs.Keys.Where(n => !formula.Inputs.Contains(n)))
            problems.Add(Problem.At(at.With(EntryField.Input, name), $"公式中沒有「{name}」（公式的輸入項目：{string.Join("、", formula.Inputs)}）",
                $"The formula has no input '{name}' (its inputs: {string.Join(", ", formula.Inputs)})."));
        foreach (var (name, typed) in inputs)
            // Inputs are stored as numeric(28,8): 20 digits before the point, 8 after; more would be rounded without a word.
            if (typed is { } number && (Math.Abs(number) >= MaxInput || Math.Round(number, InputDecimals) != number))
                problems.Add(Problem.At(at.With(EntryField.InputValue, name), $"輸入值 {number} 超出可儲存的範圍：整數部分最多 20 位、小數最多 {InputDecimals} 位",
                    $"The input {number} cannot be stored: at most 20 digits before the decimal point and {InputDecimals} after it."));
        if (value is not null)
            problems.Add(Problem.At(at.With(EntryField.Value), "公式計算的 KPI 由輸入值算出實際值，請勿另填", "This KPI's actual is computed from its inputs: leave the value empty."));
        if (reason is not null)
            problems.Add(Problem.At(at.With(EntryField.MissingReason), "已填輸入值時不需填無數值原因：請擇一", "Give either the inputs or the reason there is none, not both."));
        if (problems.Count > 0) return null;
        var given = inputs.ToDictionary(i => i.Key, i => i.Value!.Value);
        var result = formula.Evaluate(given);
        // A computed figure is stored at full precision; its text is readable (at most four decimals).
        var stored = result.Value is { } exact ? ValueText.Parse(FormatComputed(exact)) with { Number = exact } : Missing(result.MissingReason ?? "");
        return new ActualChange(at.Period, stored, Inputs: given);
    }

    private static Problem NothingToSave(EntryPlace at, KpiEntryView kpi)
    {
        var (zh, en) = kpi.Parts.Count > 0 ? ("parts（各分項的值）或 missingReason", "parts (each part's value) or missingReason")
            : kpi.Expression is not null ? ("inputs（公式輸入值）或 missingReason", "inputs (the formula's inputs) or missingReason")
            : ("value 或 missingReason", "value or missingReason");
        return Problem.At(at, $"沒有可儲存的內容：{kpi.Code} 請填 {zh}（無數值原因）", $"Nothing to save: give {kpi.Code}'s {en} (the reason there is no value).");
    }

    /// <summary>The longest typed value, in characters.</summary>
    public const int MaxValueLength = 200;

    private const int InputDecimals = 8;
    private const decimal MaxInput = 100_000_000_000_000_000_000m; // 10^20

    /// <summary>
    /// A typed number as it is stored: as typed when the value parser reads the same number from it (1,234.5 stays),
    /// else its plain text (full-width １２．３, 85% of a % KPI, −1 become 12.3, 85, -1).
    /// </summary>
    private static ValueText Typed(string typed, string? unit)
    {
        var read = ValueText.Parse(typed);
        return EnteredNumber.Parse(typed, unit) is { Value: { } number, Text: { } plain }
            && (read.Form != ValueForm.Number || read.Number != number || read.Comparator != Comparator.None) ? ValueText.Parse(plain) : read;
    }

    /// <summary>No value, with the reason as given: the reason is the value's text and its missing reason alike.</summary>
    private static ValueText Missing(string reason)
    {
        var parsed = ValueText.Parse(reason);
        return parsed.Form == ValueForm.Missing ? parsed : ValueText.NoValue(reason);
    }

    /// <summary>A computed value as readable text: at most four decimals, no trailing zeros (98.59, 100). The number itself is stored in full.</summary>
    public static string FormatComputed(decimal value) =>
        Math.Round(value, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
