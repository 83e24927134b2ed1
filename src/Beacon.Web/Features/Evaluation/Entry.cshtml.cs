using Beacon.Core;
using Beacon.Core.Formulas;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Evaluation;

/// <summary>
/// 填報: an agency enters the plan year's actuals (or formula inputs, or the reason there is none) and its
/// self-assessment for every KPI, saved in one transaction; results appear on saving. Works without JavaScript.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Roles = Roles.Administrator + "," + Roles.AgencyEditor)]
public sealed class EntryModel(BeaconDb db, EvaluationWriter writer) : PlanPage(db)
{
    [BindProperty] public List<EntryRow> Rows { get; set; } = [];
    [FromQuery(Name = "saved")] public int? Saved { get; set; }

    public PlanEvaluation Evaluation { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Problem> OtherProblems { get; private set; } = [];

    /// <summary>The plan is open for the agency's entries (a draft, or returned to it).</summary>
    public bool Open => Plan.Status is PlanStatus.Draft or PlanStatus.Returned;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (!User.CanEnterFor(Org)) return Forbid();
        Prepare();
        Rows = [.. Evaluation.Rows.Select(Current)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (!User.CanEnterFor(Org)) return Forbid();
        Prepare();
        var current = Evaluation.Rows.ToDictionary(r => r.Kpi.Code, r => r);
        var typed = new List<(string Field, Problem Problem)>();
        var entries = new List<KpiEntry>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            if (!current.TryGetValue(row.Code, out var kpiRow)) { typed.Add(($"Rows[{i}].Code", new Problem(row.Code, $"此計畫沒有 KPI「{row.Code}」", $"this plan has no KPI '{row.Code}'"))); continue; }
            indexOf[row.Code] = i;
            var before = Current(kpiRow);
            var scores = (EntryRow.Number(row.Innovation, $"Rows[{i}].Innovation", typed), EntryRow.Number(row.Challenge, $"Rows[{i}].Challenge", typed), EntryRow.Number(row.Contribution, $"Rows[{i}].Contribution", typed));
            var inputs = row.Inputs.ToDictionary(x => x.Key, x => EntryRow.Number(x.Value, $"Rows[{i}].Inputs[{x.Key}]", typed));

            ActualEntry? actual = null;
            var partsChanged = kpiRow.Kpi.Parts.Count > 0 && row.Parts.Count == before.Parts.Count
                && row.Parts.Select(p => (p ?? "").Trim()).Where((p, j) => p != (before.Parts[j] ?? "")).Any();
            var inputsChanged = kpiRow.Kpi.Expression is not null && row.Inputs.Any(x => (x.Value ?? "") != (before.Inputs.GetValueOrDefault(x.Key) ?? ""));
            if (partsChanged)
                actual = new ActualEntry(Parts: [.. row.Parts.Select((p, j) => (p ?? "").Trim() == (before.Parts[j] ?? "") ? null : p)]);
            else if (kpiRow.Kpi.Parts.Count > 0)
                actual = (row.Reason ?? "").Trim() != (before.Reason ?? "") ? new ActualEntry(null, row.Reason) : null;
            else if (inputsChanged && row.Inputs.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                actual = new ActualEntry(Inputs: inputs);
            // A formula KPI's row has no value field: its value comes from the inputs.
            else if (((before.Inputs.Count > 0 ? before.Value : row.Value) ?? "").Trim() != (before.Value ?? "") || (row.Reason ?? "").Trim() != (before.Reason ?? ""))
                actual = new ActualEntry(before.Inputs.Count > 0 ? null : row.Value, row.Reason);
            SelfEntry? self = null;
            if (row.Innovation != before.Innovation || row.Challenge != before.Challenge || row.Contribution != before.Contribution
                || (row.Met ?? "") != (before.Met ?? "") || (row.Text ?? "").Trim() != (before.Text ?? ""))
                self = new SelfEntry(scores.Item1, scores.Item2, scores.Item3, EntryRow.Bool(row.Met), row.Text, row.Version);
            if (actual is not null || self is not null) entries.Add(new KpiEntry(row.Code, actual, self));
        }

        foreach (var (field, problem) in typed) Errors.TryAdd(field, Ui.English ? problem.MessageEn : problem.Message);
        if (Errors.Count > 0) return Invalid();
        if (entries.Count == 0) return Redirect($"{PlanUrl}/entry?saved=0");

        var result = await writer.SaveAsync(Org, Year, entries, User, ct);
        if (result.Succeeded) return Redirect($"{PlanUrl}/entry?saved={entries.Count}");
        if (result.Forbidden && result.Problems.All(p => !p.Path.StartsWith("kpis[", StringComparison.Ordinal))) return Forbid();
        var other = new List<Problem>();
        foreach (var problem in result.Problems)
        {
            var code = problem.Path.StartsWith("kpis[", StringComparison.Ordinal) ? problem.Path[5..problem.Path.IndexOf(']')] : null;
            if (code is not null && indexOf.TryGetValue(code, out var index))
                Errors.TryAdd($"Rows[{index}].{EntryRow.FieldOf(problem.Path)}", problem.MessageFor(Ui.English));
            else other.Add(problem);
        }
        OtherProblems = other;
        Response.StatusCode = result.StatusCode;
        return Page();
    }

    private void Prepare()
    {
        ViewData["Title"] = Ui.T("plan.entry");
        ViewData["Tab"] = "evaluation";
        Breadcrumbs((Ui.T("plan.evaluation"), $"{PlanUrl}/evaluation"), (Ui.T("plan.entry"), null));
        Evaluation = PlanEvaluation.Of(Plan);
    }

    private EntryRow Current(KpiRow r)
    {
        var (value, reason) = EntryRow.Split(r.Actual);
        var inputs = new Dictionary<string, string?>();
        if (r.Kpi.Expression is { } expression && Formula.Parse(expression).Formula is { } formula)
            foreach (var name in formula.Inputs)
                inputs[name] = EntryRow.Show(r.Kpi.Inputs.FirstOrDefault(i => i.Year == Plan.Year && i.Period == null && i.Name == name)?.Value) is { Length: > 0 } shown ? shown : null;
        var a = r.Assessment;
        return new EntryRow
        {
            Code = r.Kpi.Code,
            Value = value,
            Reason = reason,
            Inputs = inputs,
            Parts = [.. r.Kpi.Parts.Select(p => PlanEvaluation.YearEnd(p.Values, Plan.Year, Beacon.Core.Plans.ValueKind.Actual)?.Text)],
            Innovation = a?.SelfInnovation is null ? null : EntryRow.Show(a.SelfInnovation),
            Challenge = a?.SelfChallenge is null ? null : EntryRow.Show(a.SelfChallenge),
            Contribution = a?.SelfContribution is null ? null : EntryRow.Show(a.SelfContribution),
            Met = a?.SelfJudgedMet?.ToString().ToLowerInvariant(),
            Text = a?.SelfExplanation,
            Version = a?.Version ?? 0,
        };
    }

    public string? ErrorFor(int index, string field) => Errors.GetValueOrDefault($"Rows[{index}].{field}");
}
