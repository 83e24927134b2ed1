using Beacon.Core;
using Beacon.Core.Evaluation;
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
    /// <summary>A form on the stored plan: the working copy, whoever reads it.</summary>
    protected override bool ReadsWorkingCopy => true;

    [BindProperty] public List<EntryRow> Rows { get; set; } = [];
    [FromQuery(Name = "saved")] public int? Saved { get; set; }

    public PlanEvaluation Evaluation { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Problem> OtherProblems { get; private set; } = [];

    /// <summary>The plan is open for the agency's entries (a draft, or returned to it); otherwise the form is read-only.</summary>
    public bool Open => WorkflowRules.OpenForEntry(Plan.Status);

    /// <summary>This person may change this KPI's row now: the plan is open and the KPI is theirs (an editor bound to divisions sees the others read-only).</summary>
    public bool Editable(Kpi kpi) => Open && User.Actor().CanEnterKpi(Plan.Organisation.Code, kpi.Responsible);

    /// <summary>The divisions this person is bound to (none: every KPI of the agency).</summary>
    public IReadOnlyList<string> Divisions => User.Actor().BoundDivisions;

    /// <summary>Some rows are read-only because they belong to other divisions.</summary>
    public bool SomeNotYours => Open && Evaluation.Rows.Any(r => !Editable(r.Kpi));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (!User.CanEnterFor(Org)) return Forbid();
        Prepare();
        Rows = [.. Evaluation.Rows.Select(Shown)];
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
            indexOf[row.Code] = i;
            // A code the plan lacks is the core's to refuse (beside the row's code), like any other entry.
            if (!current.TryGetValue(row.Code, out var kpiRow)) { entries.Add(new KpiEntry(row.Code)); continue; }
            // Compared with what the form showed, not with what is stored now: a row left alone is never written.
            var before = row.Original() ?? Current(kpiRow);
            var scores = (EntryRow.Number(row.Innovation, $"Rows[{i}].Innovation", typed), EntryRow.Number(row.Challenge, $"Rows[{i}].Challenge", typed), EntryRow.Number(row.Contribution, $"Rows[{i}].Contribution", typed));
            var inputs = row.Inputs.ToDictionary(x => x.Key, x => EntryRow.Number(x.Value, $"Rows[{i}].Inputs[{x.Key}]", typed));
            var reasonChanged = !EntryRow.Same(row.Reason, before.Reason);

            ActualEntry? actual = null;
            if (kpiRow.Kpi.Parts.Count > 0)
            {
                var partsChanged = row.Parts.Count == before.Parts.Count && row.Parts.Where((p, j) => !EntryRow.Same(p, before.Parts[j])).Any();
                if (partsChanged)
                    actual = new ActualEntry(Parts: [.. row.Parts.Select((p, j) => EntryRow.Same(p, before.Parts[j]) ? null : p)], Version: row.Version);
                else if (reasonChanged)
                    actual = new ActualEntry(MissingReason: row.Reason, Version: row.Version);
            }
            else if (kpiRow.Kpi.Expression is not null && row.Inputs.Count > 0)
            {
                // A formula KPI's row has no value field: its value comes from the inputs, or it has none and a reason.
                var inputsChanged = row.Inputs.Any(x => !EntryRow.Same(x.Value, before.Inputs.GetValueOrDefault(x.Key)));
                if (inputsChanged && row.Inputs.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                    actual = new ActualEntry(Inputs: inputs, MissingReason: reasonChanged ? row.Reason : null, Version: row.Version);
                else if (inputsChanged || reasonChanged)
                    actual = new ActualEntry(MissingReason: row.Reason, Version: row.Version);
            }
            else if (!EntryRow.Same(row.Value, before.Value) || reasonChanged)
                actual = new ActualEntry(row.Value, row.Reason, Version: row.Version);
            SelfEntry? self = null;
            if (!EntryRow.Same(row.Innovation, before.Innovation) || !EntryRow.Same(row.Challenge, before.Challenge) || !EntryRow.Same(row.Contribution, before.Contribution)
                || !EntryRow.Same(row.Met, before.Met) || !EntryRow.Same(row.Text, before.Text))
                self = new SelfEntry(scores.Item1, scores.Item2, scores.Item3, EntryRow.Bool(row.Met), row.Text, row.Version);
            if (actual is not null || self is not null) entries.Add(new KpiEntry(row.Code, actual, self));
        }

        foreach (var (field, problem) in typed) Errors.TryAdd(field, problem.MessageFor(Ui.English));
        if (Errors.Count == 0 && entries.Count == 0) return Redirect($"{PlanUrl}/entry?saved=0");

        // With a field that is not even a number, the rest is still checked (and nothing saved): every problem at once.
        var result = entries.Count == 0 ? WriteOutcome.Done : await writer.SaveAsync(Org, Year, entries, User.Actor(), ct, dryRun: Errors.Count > 0);
        if (Errors.Count == 0 && result.Succeeded) return Redirect($"{PlanUrl}/entry?saved={entries.Count}");
        if (result.Forbidden && result.Problems.All(p => p.Place?.Kpi is null)) return Forbid();
        OtherProblems = EntryRow.Place(result.Problems, p => p.Kpi is { } code && indexOf.TryGetValue(code, out var row) ? row : null, Errors);
        Response.StatusCode = typed.Count > 0 ? StatusCodes.Status400BadRequest : result.StatusCode;
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

    /// <summary>The form's row of a KPI as stored, with what it shows kept in <see cref="EntryRow.Seen"/>.</summary>
    private EntryRow Shown(KpiRow r)
    {
        var row = Current(r);
        row.Seen = row.Snapshot();
        return row;
    }

    public string? ErrorFor(int index, string field) => Errors.GetValueOrDefault($"Rows[{index}].{field}");
}
