using Beacon.Core;
using Beacon.Core.Evaluation;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Evaluation;

/// <summary>複核: the planning office re-grades each KPI beside the agency's self-assessment, which it never overwrites.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Roles = Roles.Administrator + "," + Roles.Reviewer)]
public sealed class ReviewModel(BeaconDb db, EvaluationWriter writer) : PlanPage(db)
{
    [BindProperty] public List<EntryRow> Rows { get; set; } = [];
    [FromQuery(Name = "saved")] public int? Saved { get; set; }

    public PlanEvaluation Evaluation { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Problem> OtherProblems { get; private set; } = [];

    /// <summary>The plan is open for review (submitted or under review).</summary>
    public bool Open => Plan.Status is PlanStatus.Submitted or PlanStatus.UnderReview;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        Prepare();
        Rows = [.. Evaluation.Rows.Select(Current)];
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
            if (!current.TryGetValue(row.Code, out var before)) continue;
            indexOf[row.Code] = i;
            Light? light = null;
            if (!string.IsNullOrEmpty(row.Light))
            {
                if (Enum.TryParse<Light>(row.Light, out var parsed) && Enum.IsDefined(parsed)) light = parsed;
                else typed.Add(($"Rows[{i}].Light", new Problem("light", $"燈號「{row.Light}」不存在", $"there is no light '{row.Light}'")));
            }
            var scores = (EntryRow.Number(row.Innovation, $"Rows[{i}].Innovation", typed), EntryRow.Number(row.Challenge, $"Rows[{i}].Challenge", typed), EntryRow.Number(row.Contribution, $"Rows[{i}].Contribution", typed));
            if (row.Innovation == before.Innovation && row.Challenge == before.Challenge && row.Contribution == before.Contribution
                && (row.Light ?? "") == (before.Light ?? "") && (row.Met ?? "") == (before.Met ?? "") && (row.Text ?? "").Trim() == (before.Text ?? ""))
                continue;
            entries.Add(new KpiEntry(row.Code, Review: new ReviewEntry(scores.Item1, scores.Item2, scores.Item3, light, EntryRow.Bool(row.Met), row.Text, row.Version)));
        }
        foreach (var (field, problem) in typed) Errors.TryAdd(field, problem.MessageFor(Ui.English));
        if (Errors.Count > 0) return Invalid();
        if (entries.Count == 0) return Redirect($"{PlanUrl}/review?saved=0");

        var result = await writer.SaveAsync(Org, Year, entries, User, ct);
        if (result.Succeeded) return Redirect($"{PlanUrl}/review?saved={entries.Count}");
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
