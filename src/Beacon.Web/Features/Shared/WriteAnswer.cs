using Beacon.Core;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Shared;

/// <summary>One problem of an answer's <c>errors</c> list: where (the wire path), and what in zh-TW and English.</summary>
public sealed record ProblemItem(string Path, string Message, string MessageEn);

/// <summary>
/// Every problem answer of the API, in one place: to a write, RFC 7807 problem details with the <c>errors</c> list, the
/// status from the outcome (<see cref="WriteOutcome.StatusCode"/>) and a title per status in zh-TW and English; to a
/// read that finds nothing or cannot be answered, and from what refuses a request before any endpoint, the same
/// document with its title.
/// </summary>
public static class WriteAnswer
{
    /// <summary>204 when done; otherwise the problem document of the refusal.</summary>
    public static IResult Of(WriteOutcome outcome, string notFoundZh, string notFoundEn)
    {
        if (!outcome.Found) return NotFound(notFoundZh, notFoundEn);
        return outcome.Succeeded ? Results.NoContent() : Refused(outcome);
    }

    /// <summary>The answer to a write in a plan year: "no plan for {org} in {year}" when the plan is not there.</summary>
    public static IResult Of(WriteOutcome outcome, string org, int year) =>
        Of(outcome, $"找不到 {org} {year} 年的計畫", $"no plan for {org} in {year}");

    public static IResult Refused(WriteOutcome outcome)
    {
        var status = outcome.StatusCode;
        var title = status switch
        {
            StatusCodes.Status403Forbidden => "沒有權限 / not allowed",
            StatusCodes.Status404NotFound => "找不到所指的項目，未儲存 / no such item; nothing was saved",
            StatusCodes.Status428PreconditionRequired => "請附上所依據的版本（version），未儲存 / send the version the change is based on; nothing was saved",
            StatusCodes.Status409Conflict when outcome.Locked => "計畫目前的狀態不允許此修改，未儲存 / the plan's status does not allow this change; nothing was saved",
            StatusCodes.Status409Conflict when outcome.Conflict => "與既有的資料衝突，未儲存 / in conflict with what exists; nothing was saved",
            StatusCodes.Status409Conflict => "資料已被他人更新，未儲存 / changed by someone else; nothing was saved",
            _ => "輸入有誤，未儲存任何資料 / invalid input; nothing was saved",
        };
        return Problem(status, title, outcome.Problems);
    }

    /// <summary>A problem document with a title and, when problems are given, the <c>errors</c> list.</summary>
    public static IResult Problem(int status, string title, IEnumerable<Problem>? problems = null) =>
        Results.Problem(Details(status, title, problems));

    /// <summary>A problem document titled in zh-TW and English ("找不到… / no …"): the refusals of reads (400, 404) and of a sign-in (401).</summary>
    public static IResult Bilingual(int status, string zh, string en) => Problem(status, $"{zh} / {en}");

    public static IResult NotFound(string zh, string en) => Bilingual(StatusCodes.Status404NotFound, zh, en);

    /// <summary>
    /// The same problem document written straight to the response, for what answers before any endpoint runs (a cookie
    /// write that is not JSON, a body too large, too many attempts): a client that accepts no JSON gets the title as text.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = status;
        var details = Details(status, title, null);
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>()) details.Extensions[key] = value;
        var written = await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
        if (!written) await context.Response.WriteAsync(title, context.RequestAborted);
    }

    private static ProblemDetails Details(int status, string title, IEnumerable<Problem>? problems)
    {
        var details = new ProblemDetails { Status = status, Title = title };
        if (problems is not null) details.Extensions["errors"] = problems.Select(p => new ProblemItem(p.Path, p.Message, p.MessageEn)).ToList();
        return details;
    }

    /// <summary>
    /// A body that is not JSON: 415 Unsupported Media Type, on every endpoint that reads one (the cookie check of
    /// API writes answers the same).
    /// </summary>
    public static IResult NotJson() => Problem(StatusCodes.Status415UnsupportedMediaType, NotJsonTitle);

    public const string NotJsonTitle = "請以 Content-Type: application/json 傳送（沒有內容時請送 {}） / send the body as Content-Type: application/json ({} when there is nothing to send)";

    /// <summary>A body that cannot be read (malformed JSON, a wrong type, invalid UTF-8): 400 naming the place.</summary>
    public static IResult Unreadable(IReadOnlyList<Problem> problems) =>
        Problem(StatusCodes.Status400BadRequest, "內容無法讀取，未儲存任何資料 / the body cannot be read; nothing was saved", problems);

    /// <summary>Declares the problem answers of a write endpoint in the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesWriteProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.ProducesProblem(status);
        return builder;
    }
}
