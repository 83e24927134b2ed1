using System.Globalization;
using System.Security.Claims;
using Beacon.Core;
using Beacon.Core.Evaluation;
using Beacon.Core.Formulas;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Evaluation;

/// <summary>The year-end actual (or a progress value) of a KPI: a value, the formula's raw inputs, or the reason there is none.</summary>
/// <summary>
/// The year-end actual (or a progress value) of a KPI: a value, the formula's raw inputs, or the reason there is
/// none; for a KPI printed in parts, <paramref name="Parts"/> gives each part's value in order (blank: unchanged).
/// </summary>
public sealed record ActualEntry(string? Value = null, string? MissingReason = null, Dictionary<string, decimal?>? Inputs = null, string? Period = null, IReadOnlyList<string?>? Parts = null);

/// <summary>The agency's 自評: three scores (all or none), the judgement of a qualitative KPI, and an explanation.</summary>
public sealed record SelfEntry(decimal? Innovation = null, decimal? Challenge = null, decimal? Contribution = null, bool? Met = null, string? Explanation = null, int? Version = null);

/// <summary>The reviewer's 複核: three scores (all or none) and/or a light, the judgement of a qualitative KPI, a comment.</summary>
public sealed record ReviewEntry(decimal? Innovation = null, decimal? Challenge = null, decimal? Contribution = null, Light? Light = null, bool? Met = null, string? Comment = null, int? Version = null);

public sealed record KpiEntry(string Code, ActualEntry? Actual = null, SelfEntry? Self = null, ReviewEntry? Review = null);

/// <summary>
/// The outcome of a write. <see cref="Conflict"/> is a 409: the record changed since it was read, or (with
/// <see cref="Locked"/>) the plan's status does not allow the change.
/// </summary>
public sealed record WriteResult(IReadOnlyList<Problem> Problems, bool PlanFound = true, bool Conflict = false, bool Forbidden = false, bool Locked = false)
{
    public bool Succeeded => PlanFound && Problems.Count == 0;
    public static readonly WriteResult Ok = new([]);

    public static WriteResult Denied(string path, string zh, string en) => new([new Problem(path, zh, en)], Forbidden: true);

    public static WriteResult StatusForbids(Plan plan) => new([new Problem("status",
        $"{plan.Year} 年計畫目前為「{WorkflowText.StatusZh(plan.Status)}」，不能修改此項",
        $"the {plan.Year} plan is {WorkflowText.StatusEn(plan.Status)}: this cannot be changed now")], Conflict: true, Locked: true);

    /// <summary>The HTTP status of a refused write, for pages that show the form again.</summary>
    public int StatusCode => !PlanFound ? StatusCodes.Status404NotFound
        : Forbidden ? StatusCodes.Status403Forbidden
        : Conflict ? StatusCodes.Status409Conflict
        : StatusCodes.Status400BadRequest;
}

/// <summary>
/// Writes evaluation data of one plan year. Every entry is checked first; if any is wrong nothing is written and
/// each problem names its field (<c>kpis[AC1.1].actual.value</c>). A save based on an older version of an
/// assessment is refused with the other person's values.
/// </summary>
public sealed class EvaluationWriter(BeaconDb db, TimeProvider clock, AuditScope audit)
{
    public const int MaxTextLength = EntryRules.MaxTextLength;

    /// <summary>
    /// Saves entries for a plan year as <paramref name="user"/>: actuals and self-assessments need an editor of
    /// the agency (of the KPI's division, when bound) while the plan is a draft or returned; reviews need a reviewer
    /// while it is submitted or under review. An approved plan is locked.
    /// </summary>
    public async Task<WriteResult> SaveAsync(string org, int year, IReadOnlyList<KpiEntry> entries, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var plan = await db.Plans.Include(p => p.Organisation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return new WriteResult([], PlanFound: false);
        audit.About(org, year);
        var entering = entries.Any(e => e.Actual is not null || e.Self is not null);
        var reviewing = entries.Any(e => e.Review is not null);
        if (entering && !user.CanEnterFor(org))
            return WriteResult.Denied("kpis", $"只有 {org} 的填報人員可以填報實際值與自評", $"only {org}'s editors may enter actuals and self-assessments");
        if (reviewing && !user.CanReview())
            return WriteResult.Denied("kpis", "只有複核人員可以填寫複核", "only reviewers may enter reviews");
        if (entering && plan.Status is not (PlanStatus.Draft or PlanStatus.Returned)) return WriteResult.StatusForbids(plan);
        if (reviewing && plan.Status is not (PlanStatus.Submitted or PlanStatus.UnderReview)) return WriteResult.StatusForbids(plan);
        var codes = entries.Select(e => e.Code).ToList();
        var kpis = await db.Kpis
            .Include(k => k.Values).Include(k => k.Inputs).Include(k => k.Assessment).Include(k => k.Parts).ThenInclude(p => p.Values)
            .Where(k => codes.Contains(k.Code) && db.Objectives.Any(o => o.Id == k.ObjectiveId && o.PlanId == plan.Id))
            .AsSplitQuery()
            .ToDictionaryAsync(k => k.Code, ct);

        var problems = new List<Problem>();
        var conflict = false;
        var seen = new HashSet<string>();
        foreach (var entry in entries)
        {
            var path = $"kpis[{entry.Code}]";
            if (!seen.Add(entry.Code)) { problems.Add(new Problem(path, $"KPI {entry.Code} 重複出現", $"KPI {entry.Code} appears twice")); continue; }
            if (!kpis.TryGetValue(entry.Code, out var kpi))
            {
                problems.Add(new Problem(path, $"此計畫沒有 KPI「{entry.Code}」", $"this plan has no KPI '{entry.Code}'"));
                continue;
            }
            if ((entry.Actual is not null || entry.Self is not null) && !user.CanEnterKpi(org, kpi.Responsible))
                return WriteResult.Denied(path, $"{kpi.Code} 不屬於你負責的科室（{string.Join("、", kpi.Responsible)}）", $"{kpi.Code} belongs to divisions you are not bound to ({string.Join(", ", kpi.Responsible)})");
            if (entry.Actual is { } actual) problems.AddRange(CheckActual($"{path}.actual", kpi, plan.Year, actual));
            if (entry.Self is { } self)
            {
                problems.AddRange(CheckScores($"{path}.self", self.Innovation, self.Challenge, self.Contribution, required: false));
                problems.AddRange(CheckText($"{path}.self.explanation", self.Explanation));
                if (Stale(kpi, self.Version) is { } stale) { problems.Add(stale with { Path = $"{path}.self.version" }); conflict = true; }
            }
            if (entry.Review is { } review)
            {
                problems.AddRange(CheckScores($"{path}.review", review.Innovation, review.Challenge, review.Contribution, required: false));
                problems.AddRange(CheckText($"{path}.review.comment", review.Comment));
                if (Stale(kpi, review.Version) is { } stale) { problems.Add(stale with { Path = $"{path}.review.version" }); conflict = true; }
            }
        }
        if (problems.Count > 0) return new WriteResult(problems, Conflict: conflict && problems.All(p => p.Path.EndsWith(".version", StringComparison.Ordinal)));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var entry in entries)
        {
            var kpi = kpis[entry.Code];
            if (entry.Actual is { } actual) ApplyActual(kpi, plan.Year, actual);
            if (entry.Self is null && entry.Review is null) continue;
            var assessment = kpi.Assessment ??= new KpiAssessment { KpiId = kpi.Id };
            if (entry.Self is { } self)
            {
                assessment.SelfInnovation = self.Innovation;
                assessment.SelfChallenge = self.Challenge;
                assessment.SelfContribution = self.Contribution;
                assessment.SelfJudgedMet = self.Met;
                assessment.SelfExplanation = Blank(self.Explanation);
            }
            if (entry.Review is { } review)
            {
                assessment.ReviewInnovation = review.Innovation;
                assessment.ReviewChallenge = review.Challenge;
                assessment.ReviewContribution = review.Contribution;
                assessment.ReviewLight = review.Light;
                assessment.ReviewJudgedMet = review.Met;
                assessment.ReviewComment = Blank(review.Comment);
            }
            assessment.UpdatedAt = now;
            assessment.Version++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException
            || e.Entries.Any(x => x.Entity is KpiAssessment && x.State == EntityState.Added))
        {
            // Someone saved first: either the row changed since it was read (its version), or two first
            // assessments of one KPI were inserted at the same moment and the unique index refused the second.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new WriteResult([new Problem("kpis", "資料已被他人同時更新，請重新載入後再存", "someone else saved at the same moment; reload and save again")], Conflict: true);
        }
        await transaction.CommitAsync(ct);
        return WriteResult.Ok;
    }

    public async Task<WriteResult> SaveSettingsAsync(string org, int year, EvaluationSettings settings, int? version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var plan = await db.Plans.Include(p => p.Evaluation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return new WriteResult([], PlanFound: false);
        if (!user.CanPlan()) return WriteResult.Denied("settings", "只有研考會（規劃人員）可以修改評核設定", "only planners may change the evaluation settings");
        if (plan.Status == PlanStatus.Approved) return WriteResult.StatusForbids(plan);
        audit.About(org, year);
        var problems = settings.Validate("settings");
        if (problems.Count > 0) return new WriteResult(problems);
        var currentVersion = plan.Evaluation?.Version ?? 0;
        if (version is { } v && currentVersion != v)
            return new WriteResult([new Problem("settings.version", $"評核設定已被他人更新（目前版本 {currentVersion}），請重新載入",
                $"the settings were changed by someone else (now version {currentVersion}); reload them")], Conflict: true);
        var row = plan.Evaluation ??= new EvaluationSetting { PlanId = plan.Id };
        PlanMapping.Apply(row, settings);
        row.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.Entries.Any(x => x.Entity is EvaluationSetting && x.State == EntityState.Added))
        {
            db.ChangeTracker.Clear();
            return new WriteResult([new Problem("settings.version", "評核設定已被他人同時更新，請重新載入", "someone else changed the settings at the same moment; reload them")], Conflict: true);
        }
        return WriteResult.Ok;
    }

    private static Problem? Stale(Kpi kpi, int? version)
    {
        if (version is not { } v || (kpi.Assessment?.Version ?? 0) == v) return null;
        if (kpi.Assessment is not { } a)
            return new Problem("version", $"{kpi.Code} 尚無自評或複核資料（版本 0），與你的版本 {v} 不符，你的修改未儲存；請重新載入",
                $"{kpi.Code} has no assessment yet (version 0, not {v}); your change was not saved, reload it");
        string Show(decimal? d) => d?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—";
        var now = $"自評 {Show(a.SelfInnovation)}/{Show(a.SelfChallenge)}/{Show(a.SelfContribution)}，複核 {Show(a.ReviewInnovation)}/{Show(a.ReviewChallenge)}/{Show(a.ReviewContribution)}";
        var nowEn = $"self {Show(a.SelfInnovation)}/{Show(a.SelfChallenge)}/{Show(a.SelfContribution)}, review {Show(a.ReviewInnovation)}/{Show(a.ReviewChallenge)}/{Show(a.ReviewContribution)}";
        return new Problem("version", $"{kpi.Code} 已被他人更新（版本 {a.Version}，{a.UpdatedAt:yyyy-MM-dd HH:mm} UTC：{now}），你的修改未儲存；請重新載入",
            $"{kpi.Code} was changed by someone else (version {a.Version}, {a.UpdatedAt:yyyy-MM-dd HH:mm} UTC: {nowEn}); your change was not saved, reload it");
    }

    public static IEnumerable<Problem> CheckActual(string path, Kpi kpi, int year, ActualEntry entry)
    {
        if (!Periods.IsValid(entry.Period)) { yield return Problems.At($"{path}.period", Periods.Explanation); yield break; }
        if (entry.Parts is { } parts)
        {
            if (kpi.Parts.Count == 0)
                yield return new Problem($"{path}.parts", $"{kpi.Code} 沒有分項，請直接填實際值", $"{kpi.Code} has no parts: enter the actual itself");
            else if (parts.Count != kpi.Parts.Count)
                yield return new Problem($"{path}.parts", $"{kpi.Code} 有 {kpi.Parts.Count} 個分項，收到 {parts.Count} 個值", $"{kpi.Code} has {kpi.Parts.Count} parts, {parts.Count} values were given");
            else
                for (var i = 0; i < parts.Count; i++)
                    if (Blank(parts[i]) is { } partValue && (ValueText.Parse(partValue) is var parsed) && (parsed.Form != ValueForm.Number || parsed.Comparator != Comparator.None))
                        yield return new Problem($"{path}.parts[{i}]", $"「{partValue}」不是數字（分項「{kpi.Parts[i].Name}」）", $"'{partValue}' is not a number (part '{kpi.Parts[i].Name}')");
            yield break;
        }
        if (kpi.Parts.Count > 0 && (Blank(entry.Value) is not null || entry.Inputs is { Count: > 0 }))
            yield return new Problem($"{path}.value", $"{kpi.Code} 依分項計分，請填各分項的實際值", $"{kpi.Code} is scored by its parts: enter each part's actual");
        var value = Blank(entry.Value);
        var reason = Blank(entry.MissingReason);
        var inputs = entry.Inputs is { Count: > 0 } given ? given : null;
        if (value is not null && reason is not null)
            yield return new Problem($"{path}.missingReason", "已填實際值時不需填無數值原因：請擇一", "give either a value or the reason there is none, not both");
        if (inputs is not null)
        {
            if (kpi.Expression is null)
            {
                yield return new Problem($"{path}.inputs", $"{kpi.Code} 沒有計算公式，請直接填實際值", $"{kpi.Code} has no formula: enter the actual value itself");
                yield break;
            }
            var formula = Formula.Parse(kpi.Expression).Formula!;
            foreach (var name in formula.Inputs)
                if (!inputs.TryGetValue(name, out var v) || v is null)
                    yield return new Problem($"{path}.inputs[{name}]", $"請填寫「{name}」", $"enter '{name}'");
            foreach (var name in inputs.Keys.Where(n => !formula.Inputs.Contains(n)))
                yield return new Problem($"{path}.inputs[{name}]", $"公式中沒有「{name}」", $"the formula has no input '{name}'");
            if (value is not null)
                yield return new Problem($"{path}.value", "公式計算的 KPI 由輸入值算出實際值，請勿另填", "this KPI's actual is computed from its inputs: leave the value empty");
            yield break;
        }
        if (value is not null)
        {
            var parsed = ValueText.Parse(value);
            if (value.Length > 200)
                yield return new Problem($"{path}.value", "實際值太長（最多 200 字）", "the value is too long (200 characters at most)");
            else if (kpi.Direction != Direction.Qualitative && parsed.Form != ValueForm.Number)
                yield return new Problem($"{path}.value", $"「{value}」不是數字：請填數字（例如 12.3），或將欄位留空並填寫無數值原因",
                    $"'{value}' is not a number: enter a number (e.g. 12.3), or leave it empty and give the reason there is none");
            else if (parsed.Comparator != Comparator.None)
                yield return new Problem($"{path}.value", "實際值不可帶比較符號（≥、≤、±）", "an actual value cannot carry a comparator (≥, ≤, ±)");
        }
        else if (reason is not null)
        {
            foreach (var p in CheckText($"{path}.missingReason", reason)) yield return p;
        }
        else if (PlanEvaluation.YearEnd(kpi.Values.Where(v => v.Period == entry.Period), year, ValueKind.Actual) is not null || entry.Period is not null)
        {
            yield return new Problem($"{path}.missingReason", "沒有實際值時請填寫原因（例如「調查尚未完成」）", "when there is no value, give the reason (e.g. the survey is not finished)");
        }
    }

    private static void ApplyActual(Kpi kpi, int year, ActualEntry entry)
    {
        if (entry.Parts is { } parts)
        {
            for (var i = 0; i < parts.Count; i++)
                if (Blank(parts[i]) is { } partText)
                    SetActual(kpi.Parts[i].Values, v => { v.KpiPartId = kpi.Parts[i].Id; }, year, entry.Period, partText);
            return;
        }
        var value = Blank(entry.Value);
        var reason = Blank(entry.MissingReason);
        string? text;
        if (entry.Inputs is { Count: > 0 } inputs)
        {
            kpi.Inputs.RemoveAll(i => i.Year == year && i.Period == entry.Period);
            foreach (var (name, v) in inputs)
                kpi.Inputs.Add(new KpiInput { KpiId = kpi.Id, Year = year, Period = entry.Period, Name = name, Value = v!.Value });
            var result = Formula.Parse(kpi.Expression!).Formula!.Evaluate(inputs.ToDictionary(i => i.Key, i => i.Value!.Value));
            text = result.Value is { } computed ? FormatComputed(computed) : $"無實際值：{result.MissingReason}";
        }
        else if (value is not null) text = value;
        else if (reason is not null) text = ValueText.Parse(reason).Form == ValueForm.Missing ? reason : $"無實際值：{reason}";
        else return;

        SetActual(kpi.Values, v => v.KpiId = kpi.Id, year, entry.Period, text);
    }

    private static void SetActual(List<KpiValue> values, Action<KpiValue> owner, int year, string? period, string text)
    {
        var existing = values.FirstOrDefault(v => v.Year == year && v.Kind == ValueKind.Actual && v.Period == period);
        if (existing is null)
        {
            existing = new KpiValue { Year = year, Kind = ValueKind.Actual, Period = period, Text = text, Position = values.Count == 0 ? 0 : values.Max(v => v.Position) + 1 };
            owner(existing);
            values.Add(existing);
        }
        existing.SetText(text);
    }

    /// <summary>A computed value as text: at most four decimals, no trailing zeros (98.59, 100).</summary>
    public static string FormatComputed(decimal value) =>
        Math.Round(value, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture);

    private static IEnumerable<Problem> CheckScores(string path, decimal? innovation, decimal? challenge, decimal? contribution, bool required)
    {
        var given = new[] { innovation, challenge, contribution }.Count(x => x is not null);
        if (given is 1 or 2 || (required && given == 0))
        {
            var missing = new[] { ("innovation", "創新度", innovation), ("challenge", "挑戰度", challenge), ("contribution", "貢獻度", contribution) }.Where(x => x.Item3 is null);
            foreach (var (name, zh, _) in missing)
                yield return new Problem($"{path}.{name}", $"請填寫{zh}（三項分數須一併填寫）", $"enter {name} (the three scores go together)");
        }
        foreach (var p in PlanValidator.ScoreProblems(path, innovation, challenge, contribution)) yield return p;
    }

    private static IEnumerable<Problem> CheckText(string path, string? text)
    {
        if (text is { Length: > MaxTextLength })
            yield return new Problem(path, $"文字太長（最多 {MaxTextLength} 字）", $"the text is too long ({MaxTextLength} characters at most)");
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
