using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Web.Features.Security;

/// <summary>How many attempts a client (one IP address) may make per minute; <c>RateLimits:*</c> in configuration.</summary>
public sealed class RateLimitSettings
{
    public int SignInPerMinute { get; set; } = 10;
    public int ImportPerMinute { get; set; } = 20;
}

/// <summary>
/// The named rate-limiting policies. An endpoint opts in with <c>.RequireRateLimiting(RateLimits.Import)</c>
/// (a Razor page with <c>[EnableRateLimiting(RateLimits.SignIn)]</c>); nothing else is limited.
/// </summary>
public static class RateLimits
{
    /// <summary>Signing in: guessing passwords.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Importing plan documents: each one is parsed, validated and written whole.</summary>
    public const string Import = "import";

    public const string Section = "RateLimits";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Registers the policies; <c>app.UseRateLimiter()</c> after <c>app.UseRouting()</c> applies them.</summary>
    public static IServiceCollection AddBeaconRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>().BindConfiguration(Section)
            .Validate(s => s.SignInPerMinute > 0 && s.ImportPerMinute > 0, "RateLimits:* must be positive numbers");
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only attempts count: showing the sign-in page does not use up the allowance.
            o.AddPolicy(SignIn, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("page")
                : PerClient(context, s => s.SignInPerMinute));
            o.AddPolicy(Import, context => PerClient(context, s => s.ImportPerMinute));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    // Fixed window, no queue: the attempt over the limit is refused at once rather than held.
    // Behind a reverse proxy the client address is the proxy's unless forwarded headers are applied (docs/security.md).
    private static RateLimitPartition<string> PerClient(HttpContext context, Func<RateLimitSettings, int> limit)
    {
        var settings = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitSettings>>().Value;
        var permits = limit(settings);
        return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : (int)Window.TotalSeconds;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var title = $"嘗試次數過多，請於 {seconds} 秒後再試 / too many attempts; try again in {seconds} seconds";
        if (!http.Request.Path.StartsWithSegments("/api") && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // A person at a form gets a page, not JSON.
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync($"<!DOCTYPE html><html lang=\"zh-Hant-TW\"><head><meta charset=\"utf-8\"><title>429</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main id=\"main\"><h1>{System.Net.WebUtility.HtmlEncode(title)}</h1><p><a href=\"/\">回到首頁 / Home</a></p></main></body></html>", ct);
            return;
        }
        await Shared.WriteAnswer.WriteAsync(http, StatusCodes.Status429TooManyRequests, title, new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }
}
