using Beacon.Core.Evaluation;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Calendar;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Workflow;

/// <summary>The plan year's status, its history, and the steps the signed-in person may take.</summary>
public sealed class IndexModel(BeaconDb db, PlanWorkflow workflow) : PlanPage(db)
{
    [BindProperty] public string? Comment { get; set; }
    /// <summary>The approving body of an approval (第 2125 次市政會議), recorded with the published version.</summary>
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public int Version { get; set; }
    /// <summary>The agency confirmed submitting although some KPIs have neither an actual nor a reason.</summary>
    [BindProperty] public bool Confirmed { get; set; }
    /// <summary>KPIs with neither an actual nor a reason, listed for the agency to confirm a submission.</summary>
    public IReadOnlyList<string> Unreported { get; private set; } = [];
    public IReadOnlyList<PlanStep> Steps { get; private set; } = [];
    public IReadOnlyList<WorkflowAction> Available { get; private set; } = [];
    public string? Error { get; private set; }
    public CalendarView Calendar { get; private set; } = null!;
    /// <summary>Who took each step is shown to signed-in readers only; the public sees the step, its date and comment.</summary>
    public bool ShowNames => User.CanReadDrafts();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        await PrepareAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? step, CancellationToken ct)
    {
        // Signed out: to the sign-in page, whatever the plan's status (a draft would otherwise answer 404).
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!await LoadAsync(ct)) return Page();
        // The step's name as the buttons send it (Submit, StartReview …); numbers and other names are not steps.
        if (FormChoice.Of<WorkflowAction>(step) is not { } action)
        {
            // A missing or unknown step is not a submission: say so and change nothing.
            Error = string.IsNullOrWhiteSpace(step) ? Ui.T("workflow.noStep") : Ui.T("workflow.badStep", step);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await PrepareAsync(ct);
            return Page();
        }
        if (action == WorkflowAction.Submit && !Confirmed && WorkflowRules.Available(User.Actor(), Plan.Organisation.Code, Plan.Status).Contains(action)
            && KpiEntryCheck.Unreported(Plan.Objectives.SelectMany(o => o.Kpis).Select(k => EntryViews.Of(k, Plan.Year))) is { Count: > 0 } unreported)
        {
            // Asked first: these KPIs would count under 無相關統計數據. Nothing changes until the agency confirms.
            Unreported = unreported;
            await PrepareAsync(ct);
            return Page();
        }
        var result = await workflow.StepAsync(Org, Year, action, Comment, Version, User.Actor(), ct, Body);
        if (result.Forbidden) return Forbid();
        if (result.Succeeded) return Redirect($"{PlanUrl}/workflow");
        Error = string.Join(" ", result.Problems.Select(p => p.MessageFor(Ui.English)));
        Response.StatusCode = result.StatusCode;
        await PrepareAsync(ct);
        return Page();
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        ViewData["Title"] = Ui.T("workflow.title");
        ViewData["Tab"] = "workflow";
        Breadcrumbs((Ui.T("workflow.title"), null));
        // Ordered in memory: SQLite cannot ORDER BY a DateTimeOffset.
        Steps = [.. (await Db.PlanSteps.AsNoTracking().Where(s => s.PlanId == Plan.Id).ToListAsync(ct)).OrderBy(s => s.At).ThenBy(s => s.Id)];
        Available = [.. WorkflowRules.Available(User.Actor(), Plan.Organisation.Code, Plan.Status)];
        Version = Plan.Version;
        Calendar = await CalendarStore.ReadAsync(Db, Year, ct);
    }

    public static string StatusText(PlanStatus status) => WorkflowNames.Status(status);

    public static string ActionText(WorkflowAction action) => WorkflowNames.Action(action);

    public static string ActionText(string action) => WorkflowNames.Action(action);
}
