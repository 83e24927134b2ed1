using Beacon.Core;
using Beacon.Core.Sheets;
using Beacon.Web.Data;
using Beacon.Web.Features.Documents;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Spreadsheets;

/// <summary>
/// What an entry-sheet upload did or would do: the HTTP status it answers with, the file's format, the plan of the
/// upload (changes old → new, the entries), every problem at its cell, and whether it was saved.
/// </summary>
public sealed record EntrySheetOutcome(int Status, SpreadsheetFormat? Format, EntrySheetPlan? Plan, IReadOnlyList<CellProblem> Problems,
    bool Committed, IReadOnlyDictionary<string, EntrySheetKpi> Kpis, Plan? Stored)
{
    public bool Succeeded => Status == StatusCodes.Status200OK;

    public static EntrySheetOutcome Refused(int status, params CellProblem[] problems) => new(status, null, null, problems, false, new Dictionary<string, EntrySheetKpi>(), null);
}

/// <summary>
/// An entry sheet uploaded: read the file (<see cref="SpreadsheetReader"/>), compare its rows with what is stored
/// (<see cref="EntrySheet.Compare"/>: the same <see cref="Beacon.Core.Evaluation.KpiEntry"/> requests the forms send,
/// with the versions of the download), and hand them to the one writer of entries, <see cref="EvaluationWriter"/>: in a
/// dry run for the preview, for real on commit — all or nothing, audited, with the same permissions and version checks
/// as the forms and the API. Each problem of the entry rules is placed at its cell by its place.
/// </summary>
public sealed class EntrySheetUpload(BeaconDb db, EvaluationWriter writer, IOptions<SpreadsheetLimits> limits)
{
    public SpreadsheetLimits Limits => limits.Value;

    public async Task<EntrySheetOutcome> RunAsync(string org, int year, byte[] file, Actor actor, EntrySheetResolutions resolutions, bool commit, CancellationToken ct = default)
    {
        var plan = await db.LoadPlanAsync(org, year, ct);
        if (plan is null || !actor.CanSee(plan.Status))
            return EntrySheetOutcome.Refused(StatusCodes.Status404NotFound, CellProblem.Whole($"找不到 {org} {Beacon.Core.RocYear.InMessage(year)}的計畫", $"no plan for {org} in {year}.", ProblemKind.Unknown));
        if (!actor.CanEnterFor(plan.Organisation.Code))
            return EntrySheetOutcome.Refused(StatusCodes.Status403Forbidden, CellProblem.Whole($"只有 {plan.Organisation.Code} 的填報人員可以上傳填報表",
                $"only {plan.Organisation.Code}'s editors may upload its entry sheet.", ProblemKind.Forbidden));

        var read = SpreadsheetReader.Read(file, limits.Value);
        if (read.Book is null) return EntrySheetOutcome.Refused(read.Status, read.Problem!);

        var kpis = EntrySheetKpis.Of(PlanEvaluation.Of(plan)).ToDictionary(k => k.Code, StringComparer.Ordinal);
        var planned = EntrySheet.Compare(EntrySheet.Read(read.Book, plan.Organisation.Code, plan.Year), kpis, resolutions);
        var problems = new List<CellProblem>(planned.Problems);
        var outcome = WriteOutcome.Done;
        if (planned.Entries.Count > 0)
            // With problems in the cells the rest is still checked (and nothing saved): every problem at once.
            outcome = await writer.SaveAsync(plan.Organisation.Code, plan.Year, planned.Entries, actor, ct, dryRun: !commit || problems.Count > 0);
        problems.AddRange(outcome.Problems.Select(p => new CellProblem(p, planned.CellOf(p.Place, kpis))));

        var status = problems.Any(p => p.Kind == ProblemKind.Forbidden) ? StatusCodes.Status403Forbidden
            : planned.Problems.Count > 0 ? StatusCodes.Status400BadRequest
            : outcome.Problems.Count > 0 ? outcome.StatusCode
            : StatusCodes.Status200OK;
        if (status == StatusCodes.Status200OK && commit && planned.Entries.Count > 0)
        {
            // Saved: the figures shown next are the stored ones.
            plan = await db.LoadPlanAsync(org, year, ct) ?? plan;
        }
        return new EntrySheetOutcome(status, read.Format, planned, problems, status == StatusCodes.Status200OK && commit && planned.Entries.Count > 0, kpis, plan);
    }
}
