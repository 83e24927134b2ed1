using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Core.Calendar;
using Beacon.Web.Features.Api;
using Beacon.Web.Features.Calendar;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Workflow;

/// <summary>A step's comment (a return or an unlock needs one), the plan's version, and for an approval the approving body (第 2125 次市政會議).</summary>
public sealed record StepRequest(string? Comment = null, int? Version = null, string? Body = null);

/// <summary>One step of the history. <c>user</c> is null for anonymous readers; <c>late</c>: a submission after the deadline that was set.</summary>
public sealed record StepDto(DateTimeOffset At, string? User, PlanStatus From, PlanStatus To, string Action, string? Comment, bool Late);

/// <summary>
/// The plan year's status, the version to send with a step, its history and the steps the caller may take, and the
/// year's submission deadline (from the evaluation calendar; <c>submissionDeadlineIsDefault</c> while none is set).
/// </summary>
public sealed record WorkflowDto(PlanStatus Status, int Version, IReadOnlyList<StepDto> Steps, IReadOnlyList<string> Available,
    string SubmissionDeadline, bool SubmissionDeadlineIsDefault);

public static class WorkflowApi
{
    public static string Slug(WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => "submit",
        WorkflowAction.StartReview => "start-review",
        WorkflowAction.Approve => "approve",
        WorkflowAction.Return => "return",
        _ => "unlock",
    };

    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orgs/{org}/plans/{year:int}/workflow").WithTags("Workflow");

        api.MapGet("", async Task<IResult> (string org, int year, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var plan = await db.Plans.AsNoTracking().Include(p => p.Steps).SingleOrDefaultAsync(p => p.Organisation.Code == org && p.Year == year, ct);
            if (plan is null || !PlanVisibility.CanSee(user, plan.Status))
                return WriteAnswer.NotFound($"找不到 {org} {year} 年的計畫", $"no plan for {org} in {year}");
            var calendar = await CalendarStore.ReadAsync(db, year, ct);
            // Staff names (e-mail addresses) are for signed-in readers; the public sees what happened, when and why.
            var names = user.CanReadDrafts();
            return Results.Ok(new WorkflowDto(plan.Status, plan.Version,
                [.. plan.Steps.OrderBy(s => s.At).ThenBy(s => s.Id)
                    .Select(s => new StepDto(s.At, names ? s.UserName : null, s.From, s.To, s.Action, s.Comment, calendar.IsLate(s.Action, s.At)))],
                [.. WorkflowRules.Available(user.Actor(), org, plan.Status).Select(Slug)],
                CalendarRules.FormatIso(calendar[MilestoneKind.SubmissionDeadline].Date), calendar.IsDefault));
        }).WithName("getWorkflow").WithSummary("The plan year's status, its history, and the steps the caller may take")
          .Produces<WorkflowDto>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{action}", async Task<IResult> (string org, int year, string action, HttpRequest request, PlanWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var step = Enum.GetValues<WorkflowAction>().Cast<WorkflowAction?>().FirstOrDefault(a => Slug(a!.Value) == action);
            if (step is null)
                return WriteAnswer.NotFound($"沒有「{action}」這個步驟：可用 submit、start-review、approve、return、unlock", $"no step '{action}'");
            var body = await JsonBody.ReadAsync(request, empty: new StepRequest());
            if (body.Refusal is { } refusal) return refusal;
            return WriteAnswer.Of(await workflow.StepAsync(org, year, step.Value, body.Value!.Comment, body.Value.Version, user.Actor(), ct, body.Value.Body), org, year);
        }).RequireAuthorization().WithSummary("Take a step: submit, start-review, approve (optionally naming the approving body; it freezes the plan's next published version), return (comment required), unlock (planners; reason required); the body carries the version read with GET …/workflow (428 without it)")
          .DocumentsJsonBody<StepRequest>().WithName("takeWorkflowStep").Produces(StatusCodes.Status204NoContent)
          .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired);
        return app;
    }
}

/// <summary>Anonymous readers see approved plans only; anyone signed in with a role sees every status.</summary>
public static class PlanVisibility
{
    public static bool CanSee(ClaimsPrincipal user, PlanStatus status) => user.Actor().CanSee(status);
}
