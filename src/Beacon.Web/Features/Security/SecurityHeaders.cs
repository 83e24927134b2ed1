namespace Beacon.Web.Features.Security;

/// <summary>
/// The response headers every answer carries — pages, API, errors, static files, the OpenAPI document. The pages
/// have no inline script or style, so the policy allows nothing but the site's own files (and data: images).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IReadOnlyList<(string Name, string Value)> All { get; } =
    [
        ("Content-Security-Policy", ContentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ];

    /// <summary>
    /// Put it first in the pipeline. The headers are added as the response starts, so they survive the exception
    /// handler (which clears the headers of a failed response before writing its own) and reach static files too.
    /// A header an endpoint has set itself is left as it is.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            foreach (var (name, value) in All) headers.TryAdd(name, value);
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
