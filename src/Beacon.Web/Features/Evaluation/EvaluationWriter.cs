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

/// <summary>
/// The year-end actual (or a progress value) of a KPI: a value, the formula's raw inputs, or the reason there is
/// none; for a KPI printed in parts, <paramref name="Parts"/> gives each part's value in order (blank: unchanged).
/// <paramref name="Version"/> is the KPI's version the change is based on (GET …/evaluation, rows[].version).
/// </summary>
public sealed record ActualEntry(string? Value = null, string? MissingReason = null, Dictionary<string, decimal?>? Inputs = null, string? Period = null, IReadOnlyList<string?>? Parts = null, int? Version = null);

/// <summary>
/// A KPI's progress values for the year, by period (M1–M12, Q1–Q4, B1–B6): each an actual as in
/// <see cref="ActualEntry"/>, or null to remove that period's value.
/// </summary>
public sealed record ProgressEntry(Dictionary<string, ActualEntry?>? Values = null, int? Version = null);

/// <summary>The agency's 自評: three scores (all or none), the judgement of a qualitative KPI, and an explanation.</summary>
public sealed record SelfEntry(decimal? Innovation = null, decimal? Challenge = null, decimal? Contribution = null, bool? Met = null, string? Explanation = null, int? Version = null);

/// <summary>The reviewer's 複核: three scores (all or none) and/or a light, the judgement of a qualitative KPI, a comment.</summary>
public sealed record ReviewEntry(decimal? Innovation = null, decimal? Challenge = null, decimal? Contribution = null, Light? Light = null, bool? Met = null, string? Comment = null, int? Version = null);

public sealed record KpiEntry(string Code, ActualEntry? Actual = null, SelfEntry? Self = null, ReviewEntry? Review = null, ProgressEntry? Progress = null);

/// <summary>
/// The outcome of a write. <see cref="Conflict"/> is a 409: the record changed since it was read, or (with
/// <see cref="Locked"/>) the plan's status does not allow the change. <see cref="PreconditionRequired"/> is a 428:
/// the write did not say which version it is based on. <see cref="KpiMissing"/>: a KPI code the plan does not have.
/// </summary>
public sealed record WriteResult(IReadOnlyList<Problem> Problems, bool PlanFound = true, bool Conflict = false, bool Forbidden = false, bool Locked = false,
    bool PreconditionRequired = false, bool KpiMissing = false)
{
    public bool Succeeded => PlanFound && Problems.Count == 0;
    public static readonly WriteResult Ok = new([]);

    public static WriteResult Denied(string path, string zh, string en) => new([new Problem(path, zh, en)], Forbidden: true);

    public static WriteResult StatusForbids(Plan plan) => StatusForbids(plan.Year, plan.Status);

    public static WriteResult StatusForbids(int year, PlanStatus status) => new([new Problem("status",
        $"{year} 年計畫目前為「{WorkflowText.StatusZh(status)}」，不能修改此項",
        $"the {year} plan is {WorkflowText.StatusEn(status)}: this cannot be changed now")], Conflict: true, Locked: true);

    /// <summary>The HTTP status of a refused write, for pages that show the form again.</summary>
    public int StatusCode => !PlanFound ? StatusCodes.Status404NotFound
        : Forbidden ? StatusCodes.Status403Forbidden
        : PreconditionRequired ? StatusCodes.Status428PreconditionRequired
        : Conflict ? StatusCodes.Status409Conflict
        : StatusCodes.Status400BadRequest;
}

/// <summary>
/// Writes evaluation data of one plan year. Every entry is checked first; if any is wrong nothing is written and
/// each problem names its field (<c>kpis[AC1.1].actual.value</c>). Each KPI of the year has one version (its
/// <see cref="KpiAssessment"/> row's) covering its actual, formula inputs, parts, progress values, self-assessment
/// and review: every write names the version it is based on, raises it, and a write based on an older one is refused
/// with the other person's values.
/// </summary>
public sealed class EvaluationWriter(BeaconDb db, TimeProvider clock, AuditScope audit)
{
    public const int MaxTextLength = EntryRules.MaxTextLength;

    /// <summary>
    /// Runs after every check and before the transaction: lets a test change the plan in between (another person's
    /// approval), which the status check inside the transaction must catch.
    /// </summary>
    internal Func<CancellationToken, Task>? BeforeTransaction { get; set; }

    /// <summary>
    /// Saves entries for a plan year as <paramref name="user"/>: actuals, progress values and self-assessments need an
    /// editor of the agency (of the KPI's division, when bound) while the plan is a draft or returned; reviews need a
    /// reviewer while it is submitted or under review. An approved plan is locked. With <paramref name="dryRun"/>
    /// everything is checked and nothing is written.
    /// </summary>
    public async Task<WriteResult> SaveAsync(string org, int year, IReadOnlyList<KpiEntry> entries, ClaimsPrincipal user, CancellationToken ct = default, bool dryRun = false)
    {
        var plan = await db.Plans.Include(p => p.Organisation).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
        if (plan is null) return new WriteResult([], PlanFound: false);
        audit.About(org, year);
        var entering = entries.Any(e => e.Actual is not null || e.Self is not null || e.Progress is not null);
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

        // Who, which KPI, and which version: before anything about the values.
        var problems = new List<Problem>();
        var unversioned = new List<Problem>();
        var seen = new HashSet<string>();
        var unknown = 0;
        foreach (var entry in entries)
        {
            var path = $"kpis[{entry.Code}]";
            if (!seen.Add(entry.Code)) { problems.Add(new Problem(path, $"KPI {entry.Code} 重複出現", $"KPI {entry.Code} appears twice")); continue; }
            if (!kpis.TryGetValue(entry.Code, out var kpi))
            {
                problems.Add(new Problem(path, $"此計畫沒有 KPI「{entry.Code}」", $"this plan has no KPI '{entry.Code}'"));
                unknown++;
                continue;
            }
            if ((entry.Actual is not null || entry.Self is not null || entry.Progress is not null) && !user.CanEnterKpi(org, kpi.Responsible))
                return WriteResult.Denied(path, $"{kpi.Code} 不屬於你負責的科室（{string.Join("、", kpi.Responsible)}）", $"{kpi.Code} belongs to divisions you are not bound to ({string.Join(", ", kpi.Responsible)})");
            foreach (var (block, version) in Versions(entry))
                if (version is null) unversioned.Add(VersionRequired($"{path}.{block}.version", kpi.Code, org, year));
        }
        if (problems.Count > 0) return new WriteResult(problems, KpiMissing: unknown == problems.Count);
        if (unversioned.Count > 0) return new WriteResult(unversioned, PreconditionRequired: true);

        var conflict = false;
        foreach (var entry in entries)
        {
            var path = $"kpis[{entry.Code}]";
            var kpi = kpis[entry.Code];
            if (entry.Actual is { } actual) problems.AddRange(CheckActual($"{path}.actual", kpi, plan.Year, actual));
            if (entry.Progress is { } progress) problems.AddRange(CheckProgress($"{path}.progress", kpi, plan.Year, progress));
            if (entry.Self is { } self)
            {
                problems.AddRange(CheckScores($"{path}.self", self.Innovation, self.Challenge, self.Contribution, required: false));
                problems.AddRange(CheckText($"{path}.self.explanation", self.Explanation));
            }
            if (entry.Review is { } review)
            {
                problems.AddRange(CheckScores($"{path}.review", review.Innovation, review.Challenge, review.Contribution, required: false));
                problems.AddRange(CheckText($"{path}.review.comment", review.Comment));
                if (review.Light is { } light && light != Light.Unclear && UnclearWhy(kpi, plan.Year) is { } why)
                    problems.Add(new Problem($"{path}.review.light",
                        $"{kpi.Code} {why.Zh}，燈號為 ?（績效不明），不能評為「{light.Symbol()} {light.ChineseName()}」",
                        $"{kpi.Code} {why.En}, so its light is ? (unclear): it cannot be rated {light.Symbol()} {light.EnglishName()}"));
            }
            foreach (var (block, version) in Versions(entry))
                if (Stale(kpi, plan.Year, version!.Value) is { } stale) { problems.Add(stale with { Path = $"{path}.{block}.version" }); conflict = true; }
        }
        if (problems.Count > 0) return new WriteResult(problems, Conflict: conflict && problems.All(p => p.Path.EndsWith(".version", StringComparison.Ordinal)));
        if (dryRun) return WriteResult.Ok;

        if (BeforeTransaction is { } hook) await hook(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The status read above may be old by now (an approval committed since): check it again on the plan row itself,
        // which also holds that row until this transaction ends, so a step taken meanwhile waits for it.
        var open = reviewing ? (PlanStatus.Submitted, PlanStatus.UnderReview) : (PlanStatus.Draft, PlanStatus.Returned);
        if (await HoldPlanAsync(plan.Id, p => p.Status == open.Item1 || p.Status == open.Item2, ct) is { } locked)
        {
            await transaction.RollbackAsync(ct);
            return locked;
        }
        var now = clock.GetUtcNow();
        foreach (var entry in entries)
        {
            var kpi = kpis[entry.Code];
            if (entry.Actual is { } actual) ApplyActual(kpi, plan.Year, actual);
            if (entry.Progress?.Values is { } periods)
                foreach (var (period, value) in periods)
                    if (value is null) RemovePeriod(kpi, plan.Year, period);
                    else ApplyActual(kpi, plan.Year, value with { Period = period });
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
            // writes of one KPI were inserted at the same moment and the unique index refused the second.
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
        if (version is not { } v)
            return new WriteResult([new Problem("settings.version",
                $"請附上評核設定目前的版本（version）：見 GET /api/orgs/{org}/plans/{year}/evaluation 的 settingsVersion",
                $"send the settings' current version: read settingsVersion from GET /api/orgs/{org}/plans/{year}/evaluation")], PreconditionRequired: true);
        var problems = settings.Validate("settings");
        if (problems.Count > 0) return new WriteResult(problems);
        var currentVersion = plan.Evaluation?.Version ?? 0;
        if (currentVersion != v)
        {
            var (zh, en) = Describe(PlanMapping.Settings(plan.Evaluation));
            return new WriteResult([new Problem("settings.version",
                $"評核設定已被他人更新（目前版本 {currentVersion}：{zh}），你的修改未儲存；請重新載入",
                $"the settings were changed by someone else (now version {currentVersion}: {en}); your change was not saved, reload them")], Conflict: true);
        }
        if (BeforeTransaction is { } hook) await hook(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await HoldPlanAsync(plan.Id, p => p.Status != PlanStatus.Approved, ct) is { } locked)
        {
            await transaction.RollbackAsync(ct);
            return locked;
        }
        var row = plan.Evaluation ??= new EvaluationSetting { PlanId = plan.Id };
        PlanMapping.Apply(row, settings);
        row.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.Entries.Any(x => x.Entity is EvaluationSetting && x.State == EntityState.Added))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new WriteResult([new Problem("settings.version", "評核設定已被他人同時更新，請重新載入", "someone else changed the settings at the same moment; reload them")], Conflict: true);
        }
        await transaction.CommitAsync(ct);
        return WriteResult.Ok;
    }

    /// <summary>
    /// Inside the transaction: a no-op update of the plan row, only while its status still allows the write. It fails
    /// when a step committed since the status was read, and otherwise holds the row (PostgreSQL locks it, SQLite's
    /// writer lock is taken), so a step arriving now waits until this write is done. Null when the plan is still open.
    /// </summary>
    private async Task<WriteResult?> HoldPlanAsync(int planId, System.Linq.Expressions.Expression<Func<Plan, bool>> open, CancellationToken ct)
    {
        var held = await db.Plans.Where(p => p.Id == planId).Where(open).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, p => p.Status), ct);
        if (held == 1) return null;
        var now = await db.Plans.Where(p => p.Id == planId).Select(p => new { p.Year, p.Status }).SingleAsync(ct);
        return WriteResult.StatusForbids(now.Year, now.Status);
    }

    /// <summary>The version each part of an entry is based on, with the part's name in problem paths.</summary>
    private static IEnumerable<(string Block, int? Version)> Versions(KpiEntry entry)
    {
        if (entry.Actual is { } actual) yield return ("actual", actual.Version);
        if (entry.Progress is { } progress) yield return ("progress", progress.Version);
        if (entry.Self is { } self) yield return ("self", self.Version);
        if (entry.Review is { } review) yield return ("review", review.Version);
    }

    private static Problem VersionRequired(string path, string code, string org, int year) => new(path,
        $"請附上 {code} 目前的版本（version）：見 GET /api/orgs/{org}/plans/{year}/evaluation 中 {code} 的 rows[].version",
        $"send {code}'s current version: read rows[].version of {code} from GET /api/orgs/{org}/plans/{year}/evaluation");

    private static Problem? Stale(Kpi kpi, int year, int version)
    {
        if ((kpi.Assessment?.Version ?? 0) == version) return null;
        if (kpi.Assessment is not { } a)
            return new Problem("version", $"{kpi.Code} 尚無填報或評核資料（版本 0），與你的版本 {version} 不符，你的修改未儲存；請重新載入",
                $"{kpi.Code} has no entries yet (version 0, not {version}); your change was not saved, reload it");
        string Show(decimal? d) => d?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—";
        var actual = CurrentActual(kpi, year) ?? "—";
        var now = $"實際值 {actual}；自評 {Show(a.SelfInnovation)}/{Show(a.SelfChallenge)}/{Show(a.SelfContribution)}，複核 {Show(a.ReviewInnovation)}/{Show(a.ReviewChallenge)}/{Show(a.ReviewContribution)}";
        var nowEn = $"actual {actual}; self {Show(a.SelfInnovation)}/{Show(a.SelfChallenge)}/{Show(a.SelfContribution)}, review {Show(a.ReviewInnovation)}/{Show(a.ReviewChallenge)}/{Show(a.ReviewContribution)}";
        return new Problem("version", $"{kpi.Code} 已被他人更新（版本 {a.Version}，{a.UpdatedAt:yyyy-MM-dd HH:mm} UTC：{now}），你的修改未儲存；請重新載入",
            $"{kpi.Code} was changed by someone else (version {a.Version}, {a.UpdatedAt:yyyy-MM-dd HH:mm} UTC: {nowEn}); your change was not saved, reload it");
    }

    /// <summary>The year-end actual as stored: the KPI's own, or each part's ("東區 10、西區 30").</summary>
    private static string? CurrentActual(Kpi kpi, int year)
    {
        if (kpi.Parts.Count > 0 && kpi.Parts.Any(p => PlanEvaluation.YearEnd(p.Values, year, ValueKind.Actual) is not null))
            return string.Join("、", kpi.Parts.Select(p => $"{p.Name} {PlanEvaluation.YearEnd(p.Values, year, ValueKind.Actual)?.Text ?? "—"}"));
        return PlanEvaluation.YearEnd(kpi.Values, year, ValueKind.Actual)?.Text;
    }

    /// <summary>Settings in a line, to show what someone else saved.</summary>
    private static (string Zh, string En) Describe(EvaluationSettings s)
    {
        string P(decimal w) => (w * 100).ToString("0.##", CultureInfo.InvariantCulture);
        string N(decimal b) => b.ToString("0.##", CultureInfo.InvariantCulture);
        var (w, b) = (s.Weights, s.Bands);
        var weights = $"{P(w.Achievement)}/{P(w.Innovation)}/{P(w.Challenge)}/{P(w.Contribution)}%";
        return (
            $"權重 達成度/創新度/挑戰度/貢獻度 {weights}，燈號 ★ ≥ {N(b.Excellent)}、● ≥ {N(b.Good)}、▲ ≥ {N(b.Fair)}，區間指標超出範圍時{(s.BandRule == BandRule.ZeroOutside ? "以 0 計" : "依比例計分")}",
            $"weights achievement/innovation/challenge/contribution {weights}, lights ★ ≥ {N(b.Excellent)}, ● ≥ {N(b.Good)}, ▲ ≥ {N(b.Fair)}, band rule {(s.BandRule == BandRule.ZeroOutside ? "zero outside" : "proportional")}");
    }

    /// <summary>Why a KPI's light can only be ? (績效不明): exempt, or no actual value for the year; null otherwise.</summary>
    private static (string Zh, string En)? UnclearWhy(Kpi kpi, int year)
    {
        if (kpi.Exempt) return ("免予評核", "is exempt from scoring");
        static bool IsValue(KpiValue? v) => v is not null && v.Form != ValueForm.Missing;
        var has = kpi.Parts.Count > 0
            ? kpi.Parts.Any(p => IsValue(PlanEvaluation.YearEnd(p.Values, year, ValueKind.Actual)))
            : IsValue(PlanEvaluation.YearEnd(kpi.Values, year, ValueKind.Actual));
        return has ? null : ("尚無實際值", "has no actual value");
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
            else if (parts.All(p => Blank(p) is null))
                yield return NothingToSave(path, kpi);
            else
                for (var i = 0; i < parts.Count; i++)
                    if (Blank(parts[i]) is { } partValue && EnteredNumber.Parse(partValue, kpi.Unit, $"{path}.parts[{i}]").Problem is { } bad)
                        yield return bad with { Message = $"{bad.Message}（分項「{kpi.Parts[i].Name}」）", MessageEn = $"{bad.MessageEn} (part '{kpi.Parts[i].Name}')" };
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
            if (reason is not null)
                yield return new Problem($"{path}.missingReason", "已填輸入值時不需填無數值原因：請擇一", "give either the inputs or the reason there is none, not both");
            yield break;
        }
        if (value is not null)
        {
            var parsed = ValueText.Parse(value);
            if (kpi.Expression is not null && kpi.Parts.Count == 0)
                // The value of a formula KPI comes from its inputs; a typed one would stand beside inputs that say otherwise.
                yield return new Problem($"{path}.value", $"{kpi.Code} 的實際值由公式 {kpi.Expression} 的輸入值算出：請填各輸入值（inputs），或將實際值留空並填寫無數值原因",
                    $"{kpi.Code}'s actual is computed by its formula {kpi.Expression}: enter the inputs, or leave the value empty and give the reason there is none");
            else if (value.Length > 200)
                yield return new Problem($"{path}.value", "實際值太長（最多 200 字）", "the value is too long (200 characters at most)");
            else if (kpi.Direction != Direction.Qualitative && EnteredNumber.Parse(value, kpi.Unit, $"{path}.value").Problem is { } bad)
                yield return bad with { Message = $"{bad.Message}；沒有數值時請將欄位留空並填寫無數值原因", MessageEn = $"{bad.MessageEn}; when there is no value, leave it empty and give the reason" };
            else if (parsed.Comparator != Comparator.None)
                yield return new Problem($"{path}.value", "實際值不可帶比較符號（≥、≤、±）", "an actual value cannot carry a comparator (≥, ≤, ±)");
        }
        else if (reason is not null)
        {
            foreach (var p in CheckText($"{path}.missingReason", reason)) yield return p;
        }
        else if (PlanEvaluation.YearEnd(kpi.Values, year, ValueKind.Actual) is not null || entry.Period is not null)
        {
            yield return new Problem($"{path}.missingReason", "沒有實際值時請填寫原因（例如「調查尚未完成」）", "when there is no value, give the reason (e.g. the survey is not finished)");
        }
        else
        {
            yield return NothingToSave(path, kpi);
        }
    }

    private static Problem NothingToSave(string path, Kpi kpi)
    {
        var (zh, en) = kpi.Parts.Count > 0 ? ("parts（各分項的值）或 missingReason", "parts (each part's value) or missingReason")
            : kpi.Expression is not null ? ("inputs（公式輸入值）或 missingReason", "inputs (the formula's inputs) or missingReason")
            : ("value 或 missingReason", "value or missingReason");
        return new Problem(path, $"沒有可儲存的內容：{kpi.Code} 請填 {zh}（無數值原因）", $"nothing to save: give {kpi.Code}'s {en} (the reason there is no value)");
    }

    private static IEnumerable<Problem> CheckProgress(string path, Kpi kpi, int year, ProgressEntry entry)
    {
        if (entry.Values is not { Count: > 0 } values)
        {
            yield return new Problem($"{path}.values", $"沒有可儲存的內容：請以期間（M1–M12、Q1–Q4、B1–B6）為鍵填寫 {kpi.Code} 的進度值",
                $"nothing to save: give {kpi.Code}'s progress values keyed by period (M1–M12, Q1–Q4, B1–B6)");
            yield break;
        }
        foreach (var (period, value) in values)
        {
            var at = $"{path}.values[{period}]";
            if (!Periods.IsValid(period) || period is null) { yield return Problems.At(at, Periods.Explanation); continue; }
            if (value is null) continue;
            if (value.Period is { } inner && inner != period)
            {
                yield return new Problem($"{at}.period", $"期間由鍵「{period}」決定，不需另填（收到「{inner}」）", $"the period is the key '{period}': leave it out (got '{inner}')");
                continue;
            }
            foreach (var p in CheckActual(at, kpi, year, value with { Period = period, Version = null })) yield return p;
        }
    }

    private void ApplyActual(Kpi kpi, int year, ActualEntry entry)
    {
        if (entry.Parts is { } parts)
        {
            for (var i = 0; i < parts.Count; i++)
                if (Blank(parts[i]) is { } partText)
                    SetActual(kpi.Parts[i].Values, v => { v.KpiPartId = kpi.Parts[i].Id; }, year, entry.Period, Typed(partText, kpi.Unit), null);
            return;
        }
        var value = Blank(entry.Value);
        var reason = Blank(entry.MissingReason);
        string? text;
        decimal? number = null;
        // Inputs belong to the value computed from them: any other entry for the year (or period) removes them.
        RemoveInputs(kpi, year, entry.Period);
        if (entry.Inputs is { Count: > 0 } inputs)
        {
            foreach (var (name, v) in inputs)
                kpi.Inputs.Add(new KpiInput { KpiId = kpi.Id, Year = year, Period = entry.Period, Name = name, Value = v!.Value });
            var result = Formula.Parse(kpi.Expression!).Formula!.Evaluate(inputs.ToDictionary(i => i.Key, i => i.Value!.Value));
            text = result.Value is { } computed ? FormatComputed(computed) : $"無實際值：{result.MissingReason}";
            number = result.Value;
        }
        else if (value is not null) text = kpi.Direction == Direction.Qualitative ? value : Typed(value, kpi.Unit);
        else if (reason is not null) text = ValueText.Parse(reason).Form == ValueForm.Missing ? reason : $"無實際值：{reason}";
        else return;

        SetActual(kpi.Values, v => v.KpiId = kpi.Id, year, entry.Period, text, number);
    }

    /// <summary>
    /// A typed number as it is stored: as typed when the value parser reads the same number from it (1,234.5 stays),
    /// else its plain text (full-width １２．３, 85% of a % KPI, −1 become 12.3, 85, -1).
    /// </summary>
    private static string Typed(string typed, string? unit) =>
        EnteredNumber.Parse(typed, unit) is { Value: { } number, Text: { } plain } && ValueText.Parse(typed) is var read
            && (read.Form != ValueForm.Number || read.Number != number || read.Comparator != Comparator.None) ? plain : typed;

    private void RemoveInputs(Kpi kpi, int year, string? period) =>
        db.KpiInputs.RemoveRange(kpi.Inputs.Where(i => i.Year == year && i.Period == period).ToList());

    /// <summary>Removes a period's progress value: the KPI's own, each part's, and the inputs it was computed from.</summary>
    private void RemovePeriod(Kpi kpi, int year, string period)
    {
        RemoveInputs(kpi, year, period);
        foreach (var values in kpi.Parts.Select(p => p.Values).Prepend(kpi.Values))
            db.KpiValues.RemoveRange(values.Where(v => v.Year == year && v.Kind == ValueKind.Actual && v.Period == period).ToList());
    }

    /// <summary>
    /// Sets the actual's text; <paramref name="exact"/>, a computed figure, is stored as computed (full precision),
    /// while the text stays readable.
    /// </summary>
    private static void SetActual(List<KpiValue> values, Action<KpiValue> owner, int year, string? period, string text, decimal? exact)
    {
        var existing = values.FirstOrDefault(v => v.Year == year && v.Kind == ValueKind.Actual && v.Period == period);
        if (existing is null)
        {
            existing = new KpiValue { Year = year, Kind = ValueKind.Actual, Period = period, Text = text, Position = values.Count == 0 ? 0 : values.Max(v => v.Position) + 1 };
            owner(existing);
            values.Add(existing);
        }
        existing.SetText(text);
        if (exact is { } n) existing.Number = n;
    }

    /// <summary>A computed value as readable text: at most four decimals, no trailing zeros (98.59, 100). The number itself is stored in full.</summary>
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
