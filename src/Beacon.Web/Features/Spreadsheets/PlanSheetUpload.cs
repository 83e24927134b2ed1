using System.Security.Claims;
using Beacon.Core;
using Beacon.Core.Plans;
using Beacon.Core.Sheets;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Documents;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Spreadsheets;

/// <summary>
/// What a plan-from-a-spreadsheet upload did or would do: the status it answers with, the plan document read from the
/// sheets, every problem at its cell, the import's summary, and the plan as it would be stored (for the preview's map
/// and scorecard; only when there is no problem).
/// </summary>
public sealed record PlanSheetOutcome(int Status, SpreadsheetFormat? Format, PlanDocument? Document, IReadOnlyList<CellProblem> Problems,
    bool Created, ImportSummary? Summary, Plan? Preview)
{
    public bool Succeeded => Status == StatusCodes.Status200OK;

    public static PlanSheetOutcome Refused(int status, params CellProblem[] problems) => new(status, null, null, problems, false, null, null);
}

/// <summary>
/// A plan from a spreadsheet: the scorecard sheets read into a plan document (<see cref="PlanSheet"/>), starting from
/// the organisation's nearest plan for what a scorecard does not print, then handed to the one import path,
/// <see cref="PlanImporter"/> — validated, dry run for the preview, a draft on commit, audited, with the import's
/// permissions and limits — and every problem, the validation's too, shown at its cell.
/// </summary>
public sealed class PlanSheetUpload(BeaconDb db, PlanImporter importer, TimeProvider clock, IOptions<SpreadsheetLimits> limits)
{
    public SpreadsheetLimits Limits => limits.Value;

    public async Task<PlanSheetOutcome> RunAsync(string org, int year, byte[] file, ClaimsPrincipal user, bool commit, bool replace, CancellationToken ct = default)
    {
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Parent).SingleOrDefaultAsync(o => o.Code == org, ct);
        if (organisation is null)
            return PlanSheetOutcome.Refused(StatusCodes.Status404NotFound, CellProblem.Whole($"找不到機關「{org}」", $"no organisation '{org}'.", ProblemKind.Unknown));
        if (!user.CanImportFor(organisation.Code))
            return PlanSheetOutcome.Refused(StatusCodes.Status403Forbidden, CellProblem.Whole(
                $"只有研考會（規劃人員）與 {organisation.Code} 未限定科室的編輯人員可以為它建立計畫",
                $"only planners, and {organisation.Code}'s editors not bound to divisions, may create its plans.", ProblemKind.Forbidden));

        var read = SpreadsheetReader.Read(file, limits.Value);
        if (read.Book is null) return PlanSheetOutcome.Refused(read.Status, read.Problem!);

        var previous = await PreviousAsync(organisation, year, ct);
        var context = new PlanSheetContext(previous?.Organisation ?? new OrganisationDoc
        {
            Code = organisation.Code, Name = organisation.Name, ShortName = organisation.ShortName, NameEn = organisation.NameEn,
            Kind = organisation.Kind, Parent = organisation.Parent?.Code,
        }, year, previous);
        var sheet = PlanSheet.Read(read.Book, context);
        if (sheet.Document is not { } document) return new PlanSheetOutcome(StatusCodes.Status400BadRequest, read.Format, null, sheet.Problems, false, null, null);

        // The sheets say nothing about the year's evaluation settings: replacing a year keeps its own.
        if (replace && await db.LoadPlanAsync(organisation.Code, year, ct) is { } existing)
            document = document with { Evaluation = PlanMapping.ToDocument(existing).Evaluation };

        // The import path, as POST /api/import takes it: planners import anything, an agency editor neither brings
        // reviews nor changes the settings nor replaces a plan in review.
        var importLimits = new ImportLimits(MayChangeReviews: user.CanPlan() || user.CanReview(), MayChangeSettings: user.CanPlan(), MayReplaceInReview: user.CanPlan());
        var result = await importer.ImportAsync(document, dryRun: !commit || sheet.Problems.Count > 0, replace, ct, limits: importLimits);
        var problems = sheet.Problems.Concat(result.Problems.Select(sheet.Locate)).ToList();
        var status = sheet.Problems.Count > 0 ? StatusCodes.Status400BadRequest
            : result.Forbidden ? StatusCodes.Status403Forbidden
            : result.Conflict ? StatusCodes.Status409Conflict
            : result.Problems.Count > 0 ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        var preview = status == StatusCodes.Status200OK ? Preview(document, organisation) : null;
        return new PlanSheetOutcome(status, read.Format, document, problems, status == StatusCodes.Status200OK && commit, result.Summary, preview);
    }

    /// <summary>The organisation's plan of the nearest earlier year, or of the nearest later one when there is none earlier.</summary>
    private async Task<PlanDocument?> PreviousAsync(Organisation organisation, int year, CancellationToken ct)
    {
        var years = await db.Plans.Where(p => p.OrganisationId == organisation.Id && p.Year != year).Select(p => p.Year).ToListAsync(ct);
        if (years.Count == 0) return null;
        var nearest = years.Where(y => y < year).DefaultIfEmpty(0).Max() is var before and > 0 ? before : years.Min();
        return await db.LoadPlanAsync(organisation.Code, nearest, ct) is { } plan ? PlanMapping.ToDocument(plan) : null;
    }

    /// <summary>The plan as it would be stored, with stand-in ids so the map and scorecard can be drawn from it unsaved.</summary>
    private Plan Preview(PlanDocument document, Organisation organisation)
    {
        var plan = PlanMapping.ToEntity(document, organisation, clock.GetUtcNow());
        var id = 1;
        foreach (var perspective in plan.Perspectives) perspective.Id = id++;
        foreach (var theme in plan.Themes) theme.Id = id++;
        foreach (var objective in plan.Objectives)
        {
            objective.Id = id++;
            objective.PerspectiveId = objective.Perspective.Id;
            objective.ThemeId = objective.Theme?.Id;
            foreach (var kpi in objective.Kpis)
            {
                kpi.Id = id++;
                kpi.ObjectiveId = objective.Id;
                kpi.Objective = objective;
            }
        }
        return plan;
    }
}
