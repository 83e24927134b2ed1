using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Shared;

/// <summary>Turns an unexpected error into an RFC 7807 answer; no stack trace reaches the user.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "內容太大 / request body too large" : "請求格式不正確 / bad request"),
            OperationCanceledException => (499, "請求已取消 / request cancelled"),
            _ => (StatusCodes.Status500InternalServerError, "系統發生錯誤，請稍後再試 / something went wrong, please try again"),
        };
        if (status >= 500) log.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title },
            Exception = exception,
        });
    }
}
