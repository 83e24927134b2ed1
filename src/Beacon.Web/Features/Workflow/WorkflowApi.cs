using System.Security.Claims;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Api;
using Beacon.Web.Features.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Workflow;

public sealed record StepRequest(string? Comment = null, int? Version = null);

public sealed record StepDto(DateTimeOffset At, string User, PlanStatus From, PlanStatus To, string Action, string? Comment);

public sealed record WorkflowDto(PlanStatus Status, int Version, IReadOnlyList<StepDto> Steps, IReadOnlyList<string> Available);

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
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"找不到 {org} {year} 年的計畫 / no plan for {org} in {year}");
            return Results.Ok(new WorkflowDto(plan.Status, plan.Version,
                [.. plan.Steps.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new StepDto(s.At, s.UserName, s.From, s.To, s.Action, s.Comment))],
                [.. PlanWorkflow.Available(user, org, plan.Status).Select(Slug)]));
        }).WithSummary("The plan year's status, its history, and the steps the caller may take");

        api.MapPost("/{action}", async Task<IResult> (string org, int year, string action, HttpRequest request, PlanWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var step = Enum.GetValues<WorkflowAction>().Cast<WorkflowAction?>().FirstOrDefault(a => Slug(a!.Value) == action);
            if (step is null)
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"沒有「{action}」這個步驟：可用 submit、start-review、approve、return、unlock / no step '{action}'");
            StepRequest body = new();
            if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                try { body = await JsonSerializer.DeserializeAsync<StepRequest>(request.Body, PlanJson.Options, ct) ?? new(); }
                catch (JsonException e)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"內容不正確 / invalid body at {e.Path}");
                }
            }
            return EvaluationApi.Answer(await workflow.StepAsync(org, year, step.Value, body.Comment, body.Version, user, ct), org, year);
        }).RequireAuthorization().WithSummary("Take a step: submit, start-review, approve, return (comment required), unlock (planners; reason required)")
          .DocumentsJsonBody<StepRequest>();
        return app;
    }
}

/// <summary>Anonymous readers see approved plans only; anyone signed in with a role sees every status.</summary>
public static class PlanVisibility
{
    public static bool CanSee(ClaimsPrincipal user, PlanStatus status) => status == PlanStatus.Approved || user.CanReadDrafts();
}
