using Beacon.Core;
using Beacon.Core.Evaluation;
using Beacon.Core.Formulas;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Evaluation;

/// <summary>
/// 年度進度: an agency enters one KPI's progress values for the plan year — by month, quarter or bi-month (the
/// documents' 1-2月 … 11-12月) — as values, formula inputs or the reason there is none. Saved in one transaction,
/// audited, and versioned with the KPI's actual; a period cleared of everything loses its value.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Roles = Roles.Administrator + "," + Roles.AgencyEditor)]
public sealed class ProgressModel(BeaconDb db, EvaluationWriter writer) : PlanPage(db)
{
    /// <summary>A form on the stored plan: the working copy, whoever reads it.</summary>
    protected override bool ReadsWorkingCopy => true;

    [FromRoute] public string Code { get; set; } = "";
    /// <summary>One row per period; a row's Code is the period (M1 … B6).</summary>
    [BindProperty] public List<EntryRow> Rows { get; set; } = [];
    [BindProperty] public int Version { get; set; }
    [FromQuery(Name = "saved")] public int? Saved { get; set; }

    public Kpi Kpi { get; private set; } = null!;
    public KpiValue? Target { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Problem> OtherProblems { get; private set; } = [];

    /// <summary>The plan is open for entries and this KPI is this person's; otherwise the form is read-only.</summary>
    public bool Open => WorkflowRules.OpenForEntry(Plan.Status) && User.Actor().CanEnterKpi(Plan.Organisation.Code, Kpi.Responsible);

    /// <summary>The formula's input names, for a KPI computed by one.</summary>
    public IReadOnlyList<string> InputNames { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (!User.CanEnterFor(Org)) return Forbid();
        if (!Prepare()) return NotFound(Ui.T("notFound.kpi", Code));
        Rows = [.. Periods.All.Select(p =>
        {
            var row = Current(p);
            row.Seen = row.Snapshot();
            return row;
        })];
        Version = Kpi.Assessment?.Version ?? 0;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (!User.CanEnterFor(Org)) return Forbid();
        if (!Prepare()) return NotFound(Ui.T("notFound.kpi", Code));
        var typed = new List<(string Field, Problem Problem)>();
        var values = new Dictionary<string, ActualEntry?>(StringComparer.Ordinal);
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            if (!Periods.All.Contains(row.Code) || indexOf.ContainsKey(row.Code))
            {
                typed.Add(($"Rows[{i}].Code", Problems.At(row.Code, Periods.Explanation)));
                continue;
            }
            indexOf[row.Code] = i;
            var before = row.Original() ?? Current(row.Code);
            var inputs = row.Inputs.ToDictionary(x => x.Key, x => EntryRow.Number(x.Value, $"Rows[{i}].Inputs[{x.Key}]", typed));
            var changed = !EntryRow.Same(row.Value, before.Value) || !EntryRow.Same(row.Reason, before.Reason)
                || row.Inputs.Any(x => !EntryRow.Same(x.Value, before.Inputs.GetValueOrDefault(x.Key)))
                || (row.Parts.Count == before.Parts.Count && row.Parts.Where((p, j) => !EntryRow.Same(p, before.Parts[j])).Any());
            if (!changed) continue;
            var blank = string.IsNullOrWhiteSpace(row.Value) && string.IsNullOrWhiteSpace(row.Reason)
                && row.Inputs.Values.All(string.IsNullOrWhiteSpace) && row.Parts.All(string.IsNullOrWhiteSpace);
            var reason = EntryRow.Same(row.Reason, before.Reason) ? null : row.Reason;
            values[row.Code] = blank ? null
                : Kpi.Parts.Count > 0 ? (row.Parts.Any(p => !string.IsNullOrWhiteSpace(p)) ? new ActualEntry(Parts: row.Parts, MissingReason: reason) : new ActualEntry(MissingReason: row.Reason))
                : InputNames.Count > 0 ? (row.Inputs.Values.Any(v => !string.IsNullOrWhiteSpace(v)) ? new ActualEntry(Inputs: inputs, MissingReason: reason) : new ActualEntry(MissingReason: row.Reason))
                : new ActualEntry(row.Value, row.Reason);
        }
        foreach (var (field, problem) in typed) Errors.TryAdd(field, problem.MessageFor(Ui.English));
        var url = $"{PlanUrl}/progress/{Uri.EscapeDataString(Kpi.Code)}";
        if (Errors.Count == 0 && values.Count == 0) return Redirect($"{url}?saved=0");

        // Every problem at once: with a field that is not a number the rest is still checked, and nothing is saved.
        var result = values.Count == 0 ? WriteOutcome.Done
            : await writer.SaveAsync(Org, Year, [new KpiEntry(Kpi.Code, Progress: new ProgressEntry(values, Version))], User.Actor(), ct, dryRun: Errors.Count > 0);
        if (Errors.Count == 0 && result.Succeeded) return Redirect($"{url}?saved={values.Count}");
        if (result.Forbidden && result.Problems.All(p => p.Place?.Kpi is null)) return Forbid();
        var other = EntryRow.Place(result.Problems, p => p.Period is { } period && indexOf.TryGetValue(period, out var row) ? row : null, Errors);
        OtherProblems = other;
        Response.StatusCode = typed.Count > 0 ? StatusCodes.Status400BadRequest : result.StatusCode;
        return Page();
    }

    private bool Prepare()
    {
        var kpi = Plan.Objectives.SelectMany(o => o.Kpis).FirstOrDefault(k => k.Code == Code);
        if (kpi is null) return false;
        Kpi = kpi;
        Target = PlanEvaluation.YearEnd(kpi.Values, Plan.Year, ValueKind.Target);
        InputNames = kpi.Parts.Count == 0 && kpi.Expression is { } expression && Formula.Parse(expression).Formula is { } formula ? [.. formula.Inputs] : [];
        ViewData["Title"] = Ui.T("progress.titleOf", kpi.Code, kpi.Name);
        ViewData["Tab"] = "evaluation";
        Breadcrumbs((Ui.T("plan.evaluation"), $"{PlanUrl}/evaluation"), (Ui.T("plan.entry"), $"{PlanUrl}/entry"), (Ui.T("progress.title"), null));
        return true;
    }

    /// <summary>A period's row as stored.</summary>
    private EntryRow Current(string period)
    {
        var stored = Kpi.Values.FirstOrDefault(v => v.Year == Plan.Year && v.Kind == ValueKind.Actual && v.Period == period);
        var (value, reason) = EntryRow.Split(stored);
        return new EntryRow
        {
            Code = period,
            Value = InputNames.Count > 0 ? null : value,
            Reason = reason,
            Inputs = InputNames.ToDictionary(n => n, n => EntryRow.Show(Kpi.Inputs.FirstOrDefault(i => i.Year == Plan.Year && i.Period == period && i.Name == n)?.Value) is { Length: > 0 } shown ? shown : (string?)null),
            Parts = [.. Kpi.Parts.Select(p => p.Values.FirstOrDefault(v => v.Year == Plan.Year && v.Kind == ValueKind.Actual && v.Period == period)?.Text)],
        };
    }

    /// <summary>The stored value of a period as shown beside a formula's inputs.</summary>
    public KpiValue? Stored(string period) => Kpi.Values.FirstOrDefault(v => v.Year == Plan.Year && v.Kind == ValueKind.Actual && v.Period == period);

    public string? ErrorFor(int index, string field) => Errors.GetValueOrDefault($"Rows[{index}].{field}");
}
