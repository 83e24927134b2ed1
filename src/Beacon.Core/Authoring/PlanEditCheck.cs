using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Core.Codes;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Workflow;

namespace Beacon.Core.Authoring;

/// <summary>
/// The rules of every plan edit — header, perspectives, themes, objectives, KPIs, action plans, links — in one place,
/// for the editing pages and the API alike. Given who edits, the plan year as it stands (its document and the versions
/// of its elements) and one change, it returns every problem (typed: element, field) or the whole plan after the change
/// and the codes it renamed. The order: who and when (403, 409), which element and which version (404, 428), then the
/// edit itself checked with the whole plan by the import's rules (<see cref="PlanValidator"/>) and the rules of editing
/// (400), and whether the version is still current (409).
/// </summary>
public static partial class PlanEditCheck
{
    /// <summary>The longest code or name, in characters.</summary>
    public const int MaxNameLength = 500;

    /// <summary>The longest text (KSF, formula, note, mission …), in characters.</summary>
    public const int MaxTextLength = EntryRules.MaxTextLength;

    public static EditDecision Check(AuthoringContext context, PlanDocument current, IReadOnlyDictionary<string, int> versions, PlanChange change)
    {
        var actor = context.Actor;
        var element = change.Element;
        var org = context.Organisation;
        if (!actor.CanAuthor(org))
            return EditDecision.Refused(element.Says($"只有研考會（規劃人員）與 {org} 的編輯人員可以編修這份計畫",
                $"Only planners and {org}'s editors may edit this plan.", ProblemKind.Forbidden));
        if (!change.IsUnit && !actor.CanAuthorStructure(org))
            return EditDecision.Refused(element.Says("限定科室的編輯人員只能編修所屬科室負責的 KPI 與行動計畫",
                "An editor bound to divisions edits only the KPIs and action plans of those divisions.", ProblemKind.Forbidden));
        if (!WorkflowRules.OpenForAuthoring(actor, context.Status))
            return EditDecision.Refused(Locked(context, element));
        return new Work(context, current, versions, element).Run(change);
    }

    /// <summary>Why the plan cannot be edited now: approved (a revision is needed), or out of the agency's hands.</summary>
    public static Problem Locked(AuthoringContext context, PlanPlace element) => context.Status == PlanStatus.Approved
        ? element.Says($"{RocYear.InMessage(context.Year)}計畫已核定：請研考會（規劃人員）開啟修正後再編修", $"The {context.Year} plan is approved: a planner opens a revision before it is edited.", ProblemKind.Locked)
        : WorkflowRules.StatusForbids(context.Year, context.Status) with { Element = element };

    private sealed class Work(AuthoringContext context, PlanDocument current, IReadOnlyDictionary<string, int> versions, PlanPlace element)
    {
        private readonly List<Problem> problems = [];
        private readonly Dictionary<string, string> renamed = new(StringComparer.Ordinal);
        private PlanDocument after = null!;
        private int? sent;
        private bool versioned;
        private string summary = "";

        private Actor Actor => context.Actor;

        public EditDecision Run(PlanChange change)
        {
            after = current;
            var refusal = change switch
            {
                PlanChange.Header h => Header(h.Edit),
                PlanChange.Perspectives p => Perspectives(p.Edit),
                PlanChange.PutTheme t => Theme(t.Code, t.Edit),
                PlanChange.PutObjective o => Objective(o.Code, o.Edit),
                PlanChange.PutKpi k => Kpi(k.Code, k.Edit),
                PlanChange.PutActionPlan a => ActionPlan(a.Code, a.Edit),
                PlanChange.Delete d => Delete(d),
                PlanChange.Links l => Links(l.Edit),
                PlanChange.AddLink a => AddLink(a.Edit),
                PlanChange.RemoveLink r => RemoveLink(r.From, r.To),
                _ => throw new ArgumentOutOfRangeException(nameof(change)),
            };
            if (refusal is not null) return refusal;

            after = after with { FormatVersion = PlanDocument.VersionFor(after) };
            problems.AddRange(NewProblems());
            var stored = versions.GetValueOrDefault(element.Key);
            if (versioned && sent != stored)
                problems.Add(element.At("version").Says(
                    $"{Label(element, zh: true)}已被他人更新（版本 {stored}{(summary.Length > 0 ? "：" + summary : "")}），你的修改未儲存；請重新載入",
                    $"{Label(element, zh: false)} was changed by someone else (version {stored}{(summary.Length > 0 ? ": " + summary : "")}); your change was not saved, reload it.",
                    ProblemKind.Stale));
            return problems.Count > 0 ? EditDecision.Refused(problems) : new EditDecision([], after, renamed);
        }

        // ---- which element and which version --------------------------------------------------------------------

        /// <summary>An existing element is changed on the version it was read at: none sent is a 428 naming where to read it.</summary>
        private EditDecision? Versioned(int? version, string currentSummary)
        {
            versioned = true;
            sent = version;
            summary = currentSummary;
            return version is null
                ? EditDecision.Refused(element.At("version").Says(
                    $"請附上{Label(element, zh: true)}目前的版本（version）：以 {context.Source(element)} 讀取，以免覆蓋他人剛存的修改",
                    $"Send {Label(element, zh: false)}'s current version: read it with {context.Source(element)}, so that nobody's newer change is overwritten.",
                    ProblemKind.VersionRequired))
                : null;
        }

        private EditDecision Unknown(string zh, string en) => EditDecision.Refused(element.Says(zh, en, ProblemKind.Unknown));

        private EditDecision Forbidden(IReadOnlyCollection<string> responsible) => EditDecision.Refused(element.Says(
            $"{element.Code} 不屬於你負責的科室（{(responsible.Count == 0 ? "未填主責單位" : string.Join("、", responsible))}）",
            $"{element.Code} belongs to divisions you are not bound to ({(responsible.Count == 0 ? "no responsible unit given" : string.Join(", ", responsible))}).",
            ProblemKind.Forbidden));

        // ---- the header, perspectives, links ----------------------------------------------------------------------

        private EditDecision? Header(HeaderEdit edit)
        {
            if (Versioned(edit.Version, current.Title is { } title ? $"「{title}」" : "") is { } refused) return refused;
            after = current with
            {
                Title = Blank(edit.Title), Mission = Blank(edit.Mission), Vision = Blank(edit.Vision),
                CoreValues = [.. edit.CoreValues.Select(v => v.Trim())],
                Approvals = [.. edit.Approvals.Select(a => a with { Body = Blank(a.Body), Description = Blank(a.Description) })],
            };
            Name("title", edit.Title, required: false);
            Text("mission", edit.Mission);
            Text("vision", edit.Vision);
            for (var i = 0; i < edit.CoreValues.Count; i++) Name($"coreValues[{i}]", edit.CoreValues[i], required: false);
            for (var i = 0; i < edit.Approvals.Count; i++)
            {
                Name($"approvals[{i}].body", edit.Approvals[i].Body, required: false);
                Text($"approvals[{i}].description", edit.Approvals[i].Description);
            }
            return null;
        }

        private EditDecision? Perspectives(PerspectivesEdit edit)
        {
            if (Versioned(edit.Version, string.Join("、", current.Perspectives.Select(p => $"{p.Code} {p.Name}"))) is { } refused) return refused;
            after = current with { Perspectives = [.. edit.Perspectives.Select(p => p with { Code = p.Code.Trim(), Name = p.Name.Trim() })] };
            for (var i = 0; i < edit.Perspectives.Count; i++) Name($"perspectives[{i}].name", edit.Perspectives[i].Name);
            foreach (var gone in current.Perspectives.Where(p => after.Perspectives.All(q => q.Kind != p.Kind)))
            {
                var objectives = current.Objectives.Where(o => current.PerspectiveOf(o.Code)?.Kind == gone.Kind).Select(o => o.Code).ToList();
                if (objectives.Count > 0)
                    problems.Add(element.At("perspectives").Says($"構面「{gone.Name}」還有策略目標（{string.Join("、", objectives)}）：請先刪除或移到其他構面",
                        $"The perspective {gone.Name} still has objectives ({string.Join(", ", objectives)}): delete them or move them to another perspective first."));
            }
            return null;
        }

        private EditDecision? Links(LinksEdit edit)
        {
            if (Versioned(edit.Version, string.Join("、", current.Links.Select(l => $"{l.From}→{l.To}"))) is { } refused) return refused;
            after = current with { Links = [.. edit.Links.Select(l => new LinkDoc { From = l.From.Trim(), To = l.To.Trim() })] };
            return null;
        }

        private EditDecision? AddLink(LinkEdit edit)
        {
            var from = Blank(edit.From);
            var to = Blank(edit.To);
            if (from is null) problems.Add(element.At("from").Says("請選擇關聯的起點策略目標", "Choose the objective the link starts from."));
            if (to is null) problems.Add(element.At("to").Says("請選擇關聯的終點策略目標", "Choose the objective the link points to."));
            if (from is null || to is null) return EditDecision.Refused(problems);
            after = current with { Links = [.. current.Links, new LinkDoc { From = from, To = to }] };
            return null;
        }

        private EditDecision? RemoveLink(string from, string to) =>
            current.Links.Any(l => l.From == from && l.To == to)
                ? Set(current with { Links = [.. current.Links.Where(l => !(l.From == from && l.To == to))] })
                : Unknown($"此計畫沒有關聯 {from} → {to}", $"This plan has no link {from} → {to}.");

        private EditDecision? Set(PlanDocument plan)
        {
            after = plan;
            return null;
        }

        // ---- themes -----------------------------------------------------------------------------------------------

        private EditDecision? Theme(string code, ThemeEdit edit)
        {
            var existing = current.Themes.FirstOrDefault(t => t.Code == code);
            var newCode = Blank(edit.Code) ?? code;
            if (newCode.Length != 1 || newCode[0] is < 'A' or > 'Z' || newCode[0] == ObjectiveCode.SharedTheme)
                return EditDecision.Refused(element.At("code").Says($"策略主題代碼「{newCode}」應為一個大寫字母（T 保留給共同策略目標）",
                    $"The theme code '{newCode}' must be one capital letter (T is kept for shared objectives)."));
            if (existing is null)
            {
                if (newCode != code) return Unknown($"此計畫沒有策略主題「{code}」可以改代碼", $"This plan has no theme '{code}' to give another letter.");
                after = current with { Themes = [.. current.Themes, new ThemeDoc { Code = code, Name = "" }] };
            }
            else
            {
                if (Versioned(edit.Version, $"「{existing.Name}」") is { } refused) return refused;
                if (newCode != code)
                {
                    if (current.Themes.FirstOrDefault(t => t.Code == newCode) is { } taken)
                        return EditDecision.Refused(element.At("code").Says($"策略主題代碼「{newCode}」已由「{taken.Name}」使用：請選擇其他字母",
                            $"The letter {newCode} is already the theme {taken.Name}: choose another letter."));
                    CarriedElsewhere(ElementKind.Theme, code, renumber: true);
                    after = PlanEdits.RenumberTheme(current, code, newCode, renamed);
                }
            }
            var changed = after.Themes.First(t => t.Code == newCode) with
            {
                Name = edit.Name?.Trim() ?? "", CityTheme = Blank(edit.CityTheme), Lead = Blank(edit.Lead), Members = [.. edit.Members.Select(m => m.Trim())],
            };
            after = after with { Themes = [.. after.Themes.Select(t => t.Code == newCode ? changed : t)] };
            if (edit.Position is { } position) after = after with { Themes = PlanEdits.Place(after.Themes, t => t.Code == newCode, _ => true, position) };
            Name("name", edit.Name);
            Name("lead", edit.Lead, required: false);
            for (var i = 0; i < edit.Members.Count; i++) Name($"members[{i}]", edit.Members[i], required: false);
            if (changed.CityTheme is { } city && city != existing?.CityTheme && context.City is { } cityPlan && !cityPlan.Themes.Contains(city))
                problems.Add(element.At("cityTheme").Says($"{RocYear.InMessage(cityPlan.Year)}府級計畫沒有策略主題「{city}」", $"The city plan of {cityPlan.Year} has no theme {city}."));
            Position(edit.Position);
            return null;
        }

        // ---- objectives -------------------------------------------------------------------------------------------

        private EditDecision? Objective(string code, ObjectiveEdit edit)
        {
            var existing = current.Objectives.FirstOrDefault(o => o.Code == code);
            var newCode = Blank(edit.Code) ?? code;
            if (!ObjectiveCode.TryParse(newCode, out _))
                return EditDecision.Refused(element.At("code").Says(CodeRules.ObjectiveError(newCode)!));
            if (existing is null)
            {
                if (newCode != code) return Unknown($"此計畫沒有策略目標「{code}」可以改代碼", $"This plan has no objective '{code}' to renumber.");
                var added = new ObjectiveDoc { Code = code, Name = "" };
                var objectives = current.Objectives.ToList();
                objectives.Insert(PlanEdits.EndOfCell(objectives, code), added);
                after = current with { Objectives = objectives };
            }
            else
            {
                if (Versioned(edit.Version, $"「{existing.Name}」") is { } refused) return refused;
                if (newCode != code)
                {
                    if (current.Objectives.FirstOrDefault(o => o.Code == newCode) is { } taken)
                        return Collision(newCode, taken.Name);
                    CarriedElsewhere(ElementKind.Objective, code, renumber: true);
                    after = PlanEdits.RenumberObjective(current, code, newCode, renamed);
                }
            }
            var objective = after.Objectives.First(o => o.Code == newCode);
            var changed = objective with { Name = edit.Name?.Trim() ?? "", Ksf = Blank(edit.Ksf), CityObjective = Blank(edit.CityObjective), Note = Blank(edit.Note) };
            after = after with { Objectives = [.. after.Objectives.Select(o => o.Code == newCode ? changed : o)] };
            if (edit.Position is { } position)
                after = after with { Objectives = PlanEdits.Place(after.Objectives, o => o.Code == newCode, o => PlanEdits.Cell(o.Code) == PlanEdits.Cell(newCode), position) };
            Name("name", edit.Name);
            Text("ksf", edit.Ksf);
            Text("note", edit.Note);
            if (changed.CityObjective is { } city && city != existing?.CityObjective && context.City is { } cityPlan && ObjectiveCode.TryParse(city, out _) && !cityPlan.Objectives.Contains(city))
                problems.Add(element.At("cityObjective").Says($"{RocYear.InMessage(cityPlan.Year)}府級計畫沒有策略目標「{city}」", $"The city plan of {cityPlan.Year} has no objective {city}."));
            Position(edit.Position);
            return null;
        }

        // ---- KPIs -------------------------------------------------------------------------------------------------

        private EditDecision? Kpi(string code, KpiEdit edit)
        {
            var existing = PlanEdits.Kpis(current).FirstOrDefault(x => x.Kpi.Code == code).Kpi;
            var newCode = Blank(edit.Code) ?? code;
            if (!KpiCode.TryParse(newCode, out var parsed))
                return EditDecision.Refused(element.At("code").Says(CodeRules.KpiError(newCode, existing is null ? "AC1" : PlanEdits.ParentOf(code))!));
            var parent = parsed.Objective.ToString();
            if (existing is null)
            {
                if (newCode != code) return Unknown($"此計畫沒有 KPI「{code}」可以改代碼", $"This plan has no KPI '{code}' to renumber.");
                if (current.Objectives.All(o => o.Code != parent))
                    return Unknown($"此計畫沒有策略目標 {parent}：請先新增策略目標，再新增它的 KPI", $"This plan has no objective {parent}: add the objective before its KPIs.");
                if (!Actor.CanAuthorUnit(context.Organisation, edit.Responsible)) return Forbidden(edit.Responsible);
                after = current with { Objectives = [.. current.Objectives.Select(o => o.Code == parent ? o with { Kpis = [.. o.Kpis, new KpiDoc { Code = code, Name = "", Direction = Direction.Positive }] } : o)] };
            }
            else
            {
                if (!Actor.CanAuthorUnit(context.Organisation, existing.Responsible)) return Forbidden(existing.Responsible);
                if (!Actor.CanAuthorUnit(context.Organisation, edit.Responsible)) return Forbidden(edit.Responsible);
                if (Versioned(edit.Version, KpiSummary(existing)) is { } refused) return refused;
                if (newCode != code)
                {
                    if (PlanEdits.Kpis(current).FirstOrDefault(x => x.Kpi.Code == newCode).Kpi is { } taken) return Collision(newCode, taken.Name);
                    if (current.Objectives.All(o => o.Code != parent))
                        return EditDecision.Refused(element.At("code").Says($"此計畫沒有策略目標 {parent}：KPI 只能改到已有的策略目標之下",
                            $"This plan has no objective {parent}: a KPI can only move under an objective the plan has."));
                    CarriedElsewhere(ElementKind.Kpi, code, renumber: true);
                    after = PlanEdits.RenumberKpi(current, code, newCode, renamed);
                }
            }
            var kpi = PlanEdits.Kpis(after).First(x => x.Kpi.Code == newCode).Kpi;
            var parts = new List<KpiPartDoc>();
            for (var p = 0; p < edit.Parts.Count; p++)
            {
                var part = edit.Parts[p];
                parts.Add(part with
                {
                    Name = part.Name.Trim(), Formula = Blank(part.Formula),
                    Values = Merge($"parts[{p}].values", existing?.Parts.ElementAtOrDefault(p)?.Values ?? [], part.Values, edit.Reason),
                });
                Name($"parts[{p}].name", part.Name);
                Text($"parts[{p}].formula", part.Formula);
            }
            // A part removed takes its values along; one holding evaluation data is kept by the evaluation pages, not here.
            for (var p = edit.Parts.Count; p < (existing?.Parts.Count ?? 0); p++)
                if (existing!.Parts[p].Values.Any(v => PlanEdits.IsEvaluationValue(v, current.Year)))
                    problems.Add(element.At($"parts[{p}]").Says($"分項「{existing.Parts[p].Name}」已有 {RocYear.InMessage(current.Year)}的實際值或進度值，不能在此刪除",
                        $"The part {existing.Parts[p].Name} holds actual or progress values of {current.Year}: it cannot be removed here."));
            var changed = kpi with
            {
                Name = edit.Name?.Trim() ?? "", Ksf = Blank(edit.Ksf), Formula = Blank(edit.Formula), Expression = Blank(edit.Expression), Unit = Blank(edit.Unit),
                Direction = edit.Direction ?? Direction.Positive, Responsible = [.. edit.Responsible.Select(r => r.Trim())], Exempt = edit.Exempt,
                CityKpi = Blank(edit.CityKpi), Note = Blank(edit.Note),
                Values = Merge("values", existing?.Values ?? [], edit.Values, edit.Reason),
                Parts = parts,
            };
            after = PlanEdits.MapKpis(after, k => k.Code == newCode ? changed : k);
            if (edit.Position is { } position)
                after = after with { Objectives = [.. after.Objectives.Select(o => o.Code == parent ? o with { Kpis = PlanEdits.Place(o.Kpis, k => k.Code == newCode, _ => true, position) } : o)] };
            if (edit.Direction is null) problems.Add(element.At("direction").Says("請選擇指標方向（正向、負向、區間或質性）", "Choose the direction (positive, negative, band or qualitative)."));
            Name("name", edit.Name);
            Text("ksf", edit.Ksf);
            Text("formula", edit.Formula);
            Text("expression", edit.Expression);
            Name("unit", edit.Unit, required: false);
            Text("note", edit.Note);
            for (var i = 0; i < edit.Responsible.Count; i++) Name($"responsible[{i}]", edit.Responsible[i], required: false);
            if (changed.CityKpi is { } city && city != existing?.CityKpi && context.City is { } cityPlan && KpiCode.TryParse(city, out _) && !cityPlan.Kpis.Contains(city))
                problems.Add(element.At("cityKpi").Says($"{RocYear.InMessage(cityPlan.Year)}府級計畫沒有 KPI「{city}」", $"The city plan of {cityPlan.Year} has no KPI {city}."));
            Position(edit.Position);
            return null;
        }

        /// <summary>
        /// The values of a KPI (or part) after an edit: the ones sent, trimmed, in their order; the plan year's actual and
        /// progress values as they are stored (they are entered on the evaluation pages: one sent that differs is refused,
        /// one left out is kept). A target changed in a revision keeps the target as first approved (original) and needs a
        /// reason; set back to the original it is no longer revised.
        /// </summary>
        private List<ValueDoc> Merge(string field, IReadOnlyList<ValueDoc> stored, IReadOnlyList<ValueDoc> given, string? reason)
        {
            var result = new List<ValueDoc>();
            for (var i = 0; i < given.Count; i++)
            {
                var value = given[i] with { Text = given[i].Text.Trim(), Reason = Blank(given[i].Reason) };
                var old = stored.FirstOrDefault(s => s.Year == value.Year && s.Kind == value.Kind && s.Period == value.Period);
                if (PlanEdits.IsEvaluationValue(value, current.Year))
                {
                    if (old?.Text != value.Text)
                        problems.Add(element.At($"{field}[{i}].text").Says(
                            $"{RocYear.InMessage(value.Year)}{(value.Period is null ? "" : value.Period + " ")}的實際值在「填報」頁輸入，不在計畫編修中變更",
                            $"The {value.Year}{(value.Period is null ? "" : " " + value.Period)} actual is entered on the entry page, not changed by editing the plan."));
                    result.Add(old ?? value);
                    continue;
                }
                if (value.Kind != ValueKind.Target)
                {
                    result.Add(value with { Original = null, Reason = null });
                    continue;
                }
                result.Add(Revised(old, value, $"{field}[{i}]", reason));
                Text($"{field}[{i}].reason", value.Reason);
            }
            foreach (var kept in stored.Where(s => PlanEdits.IsEvaluationValue(s, current.Year) && !given.Any(g => g.Year == s.Year && g.Kind == s.Kind && g.Period == s.Period)))
                result.Add(kept);
            return result;
        }

        private ValueDoc Revised(ValueDoc? old, ValueDoc value, string field, string? reason)
        {
            // Outside a revision a target's revision history stays as it was; it is never typed in.
            if (!context.InRevision || old is null) return value with { Original = old?.Original, Reason = old?.Reason };
            var original = old.Original ?? old.Text;
            if (value.Text == original) return value with { Original = null, Reason = null };
            if (value.Text == old.Text) return old with { Reason = value.Reason ?? old.Reason };
            var why = value.Reason ?? Blank(reason);
            if (why is null)
                problems.Add(element.At($"{field}.reason").Says(
                    $"修正中的目標值變更須說明原因（{RocYear.InMessage(value.Year)}目標值 {original} → {value.Text}）",
                    $"A target changed in a revision needs a reason ({value.Year} target {original} → {value.Text})."));
            return value with { Original = original, Reason = why };
        }

        // ---- action plans -----------------------------------------------------------------------------------------

        private EditDecision? ActionPlan(string code, ActionPlanEdit edit)
        {
            var existing = PlanEdits.ActionPlans(current).FirstOrDefault(x => x.Action.Code == code);
            var newCode = Blank(edit.Code) ?? code;
            if (!ActionPlanCode.TryParse(newCode, out var parsed))
                return EditDecision.Refused(element.At("code").Says(CodeRules.ActionPlanError(newCode, existing.Kpi?.Code ?? "AC1.1")!));
            var parentCode = parsed.Kpi.ToString();
            var parent = PlanEdits.Kpis(current).FirstOrDefault(x => x.Kpi.Code == parentCode).Kpi;
            var responsible = edit.Responsible.Count > 0 ? edit.Responsible : parent?.Responsible ?? [];
            if (existing.Action is null)
            {
                if (newCode != code) return Unknown($"此計畫沒有行動計畫「{code}」可以改代碼", $"This plan has no action plan '{code}' to renumber.");
                if (parent is null) return Unknown($"此計畫沒有 KPI {parentCode}：請先新增 KPI，再新增它的行動計畫", $"This plan has no KPI {parentCode}: add the KPI before its action plans.");
                if (!Actor.CanAuthorUnit(context.Organisation, responsible)) return Forbidden(responsible);
                after = PlanEdits.MapKpis(current, k => k.Code == parentCode ? k with { ActionPlans = [.. k.ActionPlans, new ActionPlanDoc { Code = code, Name = "" }] } : k);
            }
            else
            {
                var before = existing.Action.Responsible.Count > 0 ? existing.Action.Responsible : existing.Kpi.Responsible;
                if (!Actor.CanAuthorUnit(context.Organisation, before)) return Forbidden(before);
                if (!Actor.CanAuthorUnit(context.Organisation, responsible)) return Forbidden(responsible);
                if (Versioned(edit.Version, $"「{existing.Action.Name}」{(existing.Action.Budgets.Count == 0 ? "" : "，概算 " + string.Join("、", existing.Action.Budgets.Select(b => $"{b.Year} {b.Text}")))}") is { } refused)
                    return refused;
                if (newCode != code)
                {
                    if (PlanEdits.ActionPlans(current).FirstOrDefault(x => x.Action.Code == newCode).Action is { } taken) return Collision(newCode, taken.Name);
                    if (parent is null)
                        return EditDecision.Refused(element.At("code").Says($"此計畫沒有 KPI {parentCode}：行動計畫只能改到已有的 KPI 之下",
                            $"This plan has no KPI {parentCode}: an action plan can only move under a KPI the plan has."));
                    after = PlanEdits.RenumberActionPlan(current, code, newCode, renamed);
                }
            }
            var changed = new ActionPlanDoc
            {
                Code = newCode, Name = edit.Name?.Trim() ?? "", Responsible = [.. edit.Responsible.Select(r => r.Trim())], Note = Blank(edit.Note),
                Budgets = [.. edit.Budgets.Select(b => b with { Text = b.Text.Trim() })],
                Milestones = [.. edit.Milestones.Where(m => !string.IsNullOrWhiteSpace(m.Text)).Select(m => m with { Period = m.Period.Trim(), Text = m.Text.Trim() })],
            };
            after = PlanEdits.MapKpis(after, k => k.Code == parentCode ? k with { ActionPlans = [.. k.ActionPlans.Select(a => a.Code == newCode ? changed : a)] } : k);
            if (edit.Position is { } position)
                after = PlanEdits.MapKpis(after, k => k.Code == parentCode ? k with { ActionPlans = PlanEdits.Place(k.ActionPlans, a => a.Code == newCode, _ => true, position) } : k);
            Name("name", edit.Name);
            Text("note", edit.Note);
            for (var i = 0; i < edit.Responsible.Count; i++) Name($"responsible[{i}]", edit.Responsible[i], required: false);
            for (var i = 0; i < edit.Budgets.Count; i++) Name($"budgets[{i}].text", edit.Budgets[i].Text, required: false);
            for (var i = 0; i < edit.Milestones.Count; i++) Text($"milestones[{i}].text", edit.Milestones[i].Text);
            Position(edit.Position);
            return null;
        }

        // ---- deleting ---------------------------------------------------------------------------------------------

        private EditDecision? Delete(PlanChange.Delete delete)
        {
            var code = delete.Code;
            string? name = delete.Kind switch
            {
                ElementKind.Theme => current.Themes.FirstOrDefault(t => t.Code == code)?.Name,
                ElementKind.Objective => current.Objectives.FirstOrDefault(o => o.Code == code)?.Name,
                ElementKind.Kpi => PlanEdits.Kpis(current).FirstOrDefault(x => x.Kpi.Code == code).Kpi?.Name,
                ElementKind.ActionPlan => PlanEdits.ActionPlans(current).FirstOrDefault(x => x.Action.Code == code).Action?.Name,
                _ => null,
            };
            if (name is null) return Unknown($"此計畫沒有{Label(element, zh: true)}", $"This plan has no {Label(element, zh: false)}.");
            if (delete.Kind is ElementKind.Kpi or ElementKind.ActionPlan)
            {
                IReadOnlyCollection<string> responsible;
                if (delete.Kind == ElementKind.Kpi) responsible = PlanEdits.Kpis(current).First(x => x.Kpi.Code == code).Kpi.Responsible;
                else
                {
                    var (kpi, action) = PlanEdits.ActionPlans(current).First(x => x.Action.Code == code);
                    responsible = action.Responsible.Count > 0 ? action.Responsible : kpi.Responsible;
                }
                if (!Actor.CanAuthorUnit(context.Organisation, responsible)) return Forbidden(responsible);
            }
            if (Versioned(delete.Version, $"「{name}」") is { } refused) return refused;
            if (CarriedElsewhere(delete.Kind, code, renumber: false) is { } carried) return EditDecision.Refused(carried);
            after = PlanEdits.Delete(current, delete.Kind, code);
            return null;
        }

        /// <summary>
        /// A city theme, objective or KPI that plans of the same year carry cannot be deleted or renumbered from under them:
        /// the problem names those plans and what in them carries it.
        /// </summary>
        private Problem? CarriedElsewhere(ElementKind kind, string code, bool renumber)
        {
            var carriers = (context.Carriers ?? []).Select(p => (Plan: p, Codes: kind switch
            {
                ElementKind.Theme => p.Themes.Where(t => t == code).Concat(p.Objectives.Where(o => o.StartsWith(code, StringComparison.Ordinal) && o.Length > 1 && o[0] == code[0])).ToList(),
                ElementKind.Objective => p.Objectives.Where(o => o == code).Concat(p.Kpis.Where(k => PlanEdits.ParentOf(k) == code)).ToList(),
                ElementKind.Kpi => p.Kpis.Where(k => k == code).ToList(),
                _ => [],
            })).Where(x => x.Codes.Count > 0).ToList();
            if (carriers.Count == 0) return null;
            var zh = string.Join("；", carriers.Select(c => $"{c.Plan.Name} {RocYear.InMessage(c.Plan.Year)}（承接 {string.Join("、", c.Codes)}）"));
            var en = string.Join("; ", carriers.Select(c => $"{c.Plan.Name} {c.Plan.Year} (carrying {string.Join(", ", c.Codes)})"));
            var problem = element.At(renumber ? "code" : "").Says(
                $"{code} 由其他計畫承接，不能{(renumber ? "改代碼" : "刪除")}：{zh}",
                $"{code} is carried by other plans, so it cannot be {(renumber ? "renumbered" : "deleted")}: {en}.", ProblemKind.Conflict);
            if (renumber) problems.Add(problem);
            return problem;
        }

        private EditDecision Collision(string code, string name) => EditDecision.Refused(element.At("code").Says(
            $"代碼「{code}」已由「{name}」使用：請選擇其他序號", $"The code {code} is already {name}: choose another number."));

        // ---- field rules ------------------------------------------------------------------------------------------

        private void Name(string field, string? text, bool required = true)
        {
            if (required && string.IsNullOrWhiteSpace(text))
                problems.Add(element.At(field).Says("請填寫名稱", "Enter the name."));
            else if (text is { Length: > MaxNameLength })
                problems.Add(element.At(field).Says($"太長（{text.Length} 字，最多 {MaxNameLength} 字）", $"Too long ({text.Length} characters, {MaxNameLength} at most)."));
        }

        private void Text(string field, string? text)
        {
            if (text is { Length: > MaxTextLength })
                problems.Add(element.At(field).Says($"太長（{text.Length} 字，最多 {MaxTextLength} 字）", $"Too long ({text.Length} characters, {MaxTextLength} at most)."));
        }

        private void Position(int? position)
        {
            if (position is < 0) problems.Add(element.At("position").Says("位置應為 0 以上（0 為第一個）", "The position is 0 or more (0 is the first)."));
        }

        /// <summary>The plan's rules (those of import) on the whole plan after the edit: the problems it did not have before, each placed on its element.</summary>
        private IEnumerable<Problem> NewProblems()
        {
            var before = PlanValidator.Validate(current).Select(p => Key(PlaceOf(p.Path, current), p.Message)).ToHashSet();
            var seen = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var problem in PlanValidator.Validate(after))
            {
                var place = PlaceOf(problem.Path, after);
                if (before.Contains(Key(place, problem.Message))) continue;
                // This element's problems are said at its own fields; one already said there by the editing rules is not said twice.
                var mine = place.Kind == element.Kind && (place.Code == element.Code || place.Code == renamed.GetValueOrDefault(element.Code ?? ""));
                var at = mine ? element with { Field = place.Field } : place;
                if (mine && seen.Contains(at.Path)) continue;
                yield return new Problem(mine ? at.Path : problem.Path, problem.Message, problem.MessageEn) { Element = at };
            }
        }

        private static string Key(PlanPlace place, string message) => $"{place.Key}|{place.Field}|{message}";

        private static string KpiSummary(KpiDoc kpi)
        {
            var targets = kpi.Values.Where(v => v.Kind == ValueKind.Target && v.Period is null).Select(v => $"{v.Year} {v.Text}").ToList();
            return $"「{kpi.Name}」{(targets.Count == 0 ? "" : "，目標值 " + string.Join("、", targets))}";
        }
    }

    /// <summary>
    /// The element and field a problem of the whole plan is about, from its JSON path in <paramref name="plan"/>:
    /// <c>$.objectives[2].kpis[0].values[1].text</c> is KPI AC3.1's <c>values[1].text</c>.
    /// </summary>
    public static PlanPlace PlaceOf(string path, PlanDocument plan)
    {
        int N(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);
        static string Rest(string rest) => rest.StartsWith('.') ? rest[1..] : rest;
        var m = ElementPath().Match(path);
        if (m.Success)
        {
            var o = N(m.Groups["o"]);
            if (o >= plan.Objectives.Count) return new(ElementKind.Plan, null, path);
            var objective = plan.Objectives[o];
            if (!m.Groups["k"].Success) return new(ElementKind.Objective, objective.Code, Rest(m.Groups["rest"].Value));
            var k = N(m.Groups["k"]);
            if (k >= objective.Kpis.Count) return new(ElementKind.Objective, objective.Code, path);
            var kpi = objective.Kpis[k];
            if (!m.Groups["a"].Success) return new(ElementKind.Kpi, kpi.Code, Rest(m.Groups["rest"].Value));
            var a = N(m.Groups["a"]);
            return a < kpi.ActionPlans.Count ? new(ElementKind.ActionPlan, kpi.ActionPlans[a].Code, Rest(m.Groups["rest"].Value)) : new(ElementKind.Kpi, kpi.Code, path);
        }
        var t = ThemePath().Match(path);
        if (t.Success && N(t.Groups["t"]) < plan.Themes.Count) return new(ElementKind.Theme, plan.Themes[N(t.Groups["t"])].Code, Rest(t.Groups["rest"].Value));
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var head = field.Split('.', '[')[0];
        return head switch
        {
            "title" or "mission" or "vision" or "coreValues" or "approvals" => new(ElementKind.Header, null, field),
            "perspectives" => new(ElementKind.Perspectives, null, field),
            "links" => new(ElementKind.Links, null, field),
            "organisation" => new(ElementKind.Organisation, plan.Organisation.Code, field.Length > "organisation".Length ? field["organisation.".Length..] : ""),
            _ => new(ElementKind.Plan, null, field),
        };
    }

    private static string Label(PlanPlace element, bool zh) => (element.Kind, zh) switch
    {
        (ElementKind.Header, true) => "計畫標題與使命願景",
        (ElementKind.Header, false) => "the plan's header",
        (ElementKind.Perspectives, true) => "構面",
        (ElementKind.Perspectives, false) => "the perspectives",
        (ElementKind.Links, true) => "策略目標關聯",
        (ElementKind.Links, false) => "the links",
        (ElementKind.Theme, true) => $"策略主題 {element.Code}",
        (ElementKind.Theme, false) => $"theme {element.Code}",
        (ElementKind.Objective, true) => $"策略目標 {element.Code}",
        (ElementKind.Objective, false) => $"objective {element.Code}",
        (ElementKind.Kpi, true) => $"KPI {element.Code}",
        (ElementKind.Kpi, false) => $"KPI {element.Code}",
        (ElementKind.ActionPlan, true) => $"行動計畫 {element.Code}",
        (ElementKind.ActionPlan, false) => $"action plan {element.Code}",
        (_, true) => "此項目",
        _ => "this item",
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"^\$\.objectives\[(?<o>\d+)\](?:\.kpis\[(?<k>\d+)\](?:\.actionPlans\[(?<a>\d+)\])?)?(?<rest>.*)$")]
    private static partial Regex ElementPath();

    [GeneratedRegex(@"^\$\.themes\[(?<t>\d+)\](?<rest>.*)$")]
    private static partial Regex ThemePath();
}
