using Beacon.Core;
using Beacon.Core.Evaluation;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Evaluation;

/// <summary>複核: the planning office re-grades each KPI beside the agency's self-assessment, which it never overwrites.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Roles = Roles.Administrator + "," + Roles.Reviewer)]
public sealed class ReviewModel(BeaconDb db, EvaluationWriter writer) : PlanPage(db)
{
    /// <summary>A form on the stored plan: the working copy, whoever reads it.</summary>
    protected override bool ReadsWorkingCopy => true;

    [BindProperty] public List<EntryRow> Rows { get; set; } = [];
    [FromQuery(Name = "saved")] public int? Saved { get; set; }

    public PlanEvaluation Evaluation { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Problem> OtherProblems { get; private set; } = [];

    /// <summary>The plan is open for review (submitted or under review).</summary>
    public bool Open => WorkflowRules.OpenForReview(Plan.Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        Prepare();
        Rows = [.. Evaluation.Rows.Select(r =>
        {
            var row = Current(r);
            row.Seen = row.Snapshot();
            return row;
        })];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        Prepare();
        var current = Evaluation.Rows.ToDictionary(r => r.Kpi.Code, Current);
        var typed = new List<(string Field, Problem Problem)>();
        var entries = new List<KpiEntry>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            if (!current.TryGetValue(row.Code, out var stored)) continue;
            indexOf[row.Code] = i;
            // Compared with what the form showed: a row the reviewer left alone is not written.
            var before = row.Original() ?? stored;
            Light? light = null;
            if (!string.IsNullOrEmpty(row.Light))
            {
                light = FormChoice.Of<Light>(row.Light);
                if (light is null) typed.Add(($"Rows[{i}].Light", new Problem("light", $"燈號「{row.Light}」不存在", $"there is no light '{row.Light}'")));
            }
            var scores = (EntryRow.Number(row.Innovation, $"Rows[{i}].Innovation", typed), EntryRow.Number(row.Challenge, $"Rows[{i}].Challenge", typed), EntryRow.Number(row.Contribution, $"Rows[{i}].Contribution", typed));
            if (EntryRow.Same(row.Innovation, before.Innovation) && EntryRow.Same(row.Challenge, before.Challenge) && EntryRow.Same(row.Contribution, before.Contribution)
                && EntryRow.Same(row.Light, before.Light) && EntryRow.Same(row.Met, before.Met) && EntryRow.Same(row.Text, before.Text))
                continue;
            entries.Add(new KpiEntry(row.Code, Review: new ReviewEntry(scores.Item1, scores.Item2, scores.Item3, light, EntryRow.Bool(row.Met), row.Text, row.Version)));
        }
        foreach (var (field, problem) in typed) Errors.TryAdd(field, problem.MessageFor(Ui.English));
        if (Errors.Count == 0 && entries.Count == 0) return Redirect($"{PlanUrl}/review?saved=0");

        // Every problem at once: with a field that is not even a number, the rest is still checked, nothing saved.
        var result = entries.Count == 0 ? WriteOutcome.Done : await writer.SaveAsync(Org, Year, entries, User.Actor(), ct, dryRun: Errors.Count > 0);
        if (Errors.Count == 0 && result.Succeeded) return Redirect($"{PlanUrl}/review?saved={entries.Count}");
        OtherProblems = EntryRow.Place(result.Problems, p => p.Kpi is { } code && indexOf.TryGetValue(code, out var row) ? row : null, Errors);
        Response.StatusCode = typed.Count > 0 ? StatusCodes.Status400BadRequest : result.StatusCode;
        return Page();
    }

    private void Prepare()
    {
        ViewData["Title"] = Ui.T("plan.review");
        ViewData["Tab"] = "evaluation";
        Breadcrumbs((Ui.T("plan.evaluation"), $"{PlanUrl}/evaluation"), (Ui.T("plan.review"), null));
        Evaluation = PlanEvaluation.Of(Plan);
    }

    private static EntryRow Current(KpiRow r)
    {
        var a = r.Assessment;
        return new EntryRow
        {
            Code = r.Kpi.Code,
            Innovation = a?.ReviewInnovation is null ? null : EntryRow.Show(a.ReviewInnovation),
            Challenge = a?.ReviewChallenge is null ? null : EntryRow.Show(a.ReviewChallenge),
            Contribution = a?.ReviewContribution is null ? null : EntryRow.Show(a.ReviewContribution),
            Light = a?.ReviewLight?.ToString(),
            Met = a?.ReviewJudgedMet?.ToString().ToLowerInvariant(),
            Text = a?.ReviewComment,
            Version = a?.Version ?? 0,
        };
    }

    public string? ErrorFor(int index, string field) => Errors.GetValueOrDefault($"Rows[{index}].{field}");
}
