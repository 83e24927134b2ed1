using System.Diagnostics;
using System.Diagnostics.Metrics;
using Beacon.Web.Features.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Web.Features.Operations;

/// <summary>
/// The app's own instruments, on the meter <c>Beacon</c> (docs/deployment.md, "What to monitor"). Requests and their
/// durations come from ASP.NET Core's meters (<c>http.server.request.duration</c>); these add what only the app knows.
/// </summary>
public static class BeaconMetrics
{
    public const string MeterName = "Beacon";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Writes = Meter.CreateCounter<long>("beacon.writes", "{request}",
        "Write requests (POST, PUT, PATCH, DELETE) by outcome: saved, refused (4xx), conflict (409), failed (5xx)");

    private static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("beacon.conflicts", "{request}",
        "Writes refused with 409: changed by someone else since it was read, or not allowed in the plan's status");

    private static readonly Counter<long> Imports = Meter.CreateCounter<long>("beacon.imports", "{request}",
        "Plan imports by outcome: imported, checked (dry run), refused, conflict, failed");

    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>("beacon.sign_ins", "{attempt}",
        "Password sign-ins by outcome: signed-in, refused, slowed");

    private static readonly Histogram<double> Evaluations = Meter.CreateHistogram<double>("beacon.evaluation.duration", "s",
        "Time to evaluate one plan year (achievement, scores, lights, statistics)");

    /// <summary>Times one evaluation: <c>using var timing = BeaconMetrics.TimeEvaluation();</c></summary>
    public static EvaluationTiming TimeEvaluation() => new(Stopwatch.GetTimestamp());

    public readonly struct EvaluationTiming(long started) : IDisposable
    {
        public void Dispose() => Evaluations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    public static void SignIn(string outcome) => SignIns.Add(1, new KeyValuePair<string, object?>("beacon.outcome", outcome));

    /// <summary>
    /// Counts writes, conflicts and imports from each answer, whoever wrote the endpoint: put it before the exception
    /// handler, so a failure is counted with its final status. Sign-in attempts are counted apart (<see cref="SignIn"/>).
    /// </summary>
    public static IApplicationBuilder UseBeaconMetrics(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        finally
        {
            Record(context);
        }
    });

    private static void Record(HttpContext context)
    {
        var request = context.Request;
        if (!CookieApiWrites.IsWrite(request.Method) || context.GetEndpoint() is not { } endpoint) return;
        if (endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == RateLimits.SignIn) return;
        var status = context.Response.StatusCode;
        var area = request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ? "api" : "page";
        var outcome = status >= 500 ? "failed" : status == StatusCodes.Status409Conflict ? "conflict" : status >= 400 ? "refused" : "saved";
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "";
        Writes.Add(1, new("beacon.area", area), new("beacon.outcome", outcome), new("http.route", route));
        if (status == StatusCodes.Status409Conflict) Conflicts.Add(1, new KeyValuePair<string, object?>("http.route", route));
        if (route.EndsWith("/import", StringComparison.Ordinal))
        {
            var dryRun = string.Equals(request.Query["dryRun"], "true", StringComparison.OrdinalIgnoreCase);
            Imports.Add(1, new KeyValuePair<string, object?>("beacon.outcome", outcome switch
            {
                "saved" => dryRun ? "checked" : "imported",
                _ => outcome,
            }));
        }
    }
}
