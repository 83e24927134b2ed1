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
            _ when DatabaseBusy(exception) => (StatusCodes.Status503ServiceUnavailable,
                "資料庫忙碌，未能及時完成，請重新載入後再試 / the database is too busy to answer in time: reload and try again"),
            _ => (StatusCodes.Status500InternalServerError, "系統發生錯誤，請稍後再試 / something went wrong, please try again"),
        };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // Many writers queued on one plan's row, or a server short of CPU: the request waited longer than the
            // database's command timeout. The write's transaction is rolled back; a retry with the version reloaded is safe.
            log.LogWarning(exception, "Database busy on {Path}", context.Request.Path);
            context.Response.Headers.RetryAfter = "5";
        }
        else if (status >= 500) log.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            // A value that did not bind: the framework's message names the parameter and the value (no internals).
            ProblemDetails = new ProblemDetails
            {
                Status = status, Title = title,
                Detail = exception is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } unbound ? unbound.Message : null,
            },
            Exception = exception,
        });
    }

    /// <summary>A command that timed out or a lock the database could not get in time (EF wraps them; the cause is inside).</summary>
    private static bool DatabaseBusy(Exception? exception) => exception switch
    {
        null => false,
        TimeoutException => true,
        Npgsql.PostgresException { SqlState: "55P03" or "57014" } => true, // lock_not_available, query_canceled (statement timeout)
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } => true, // SQLITE_BUSY, SQLITE_LOCKED
        _ => DatabaseBusy(exception.InnerException),
    };
}
