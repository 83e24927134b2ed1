using Beacon.Web.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Beacon.Web.Features.Security;

/// <summary>
/// An API write (POST, PUT, PATCH, DELETE under /api) that a sign-in cookie authenticates must be sent as
/// application/json, or it is refused with 415 before any endpoint sees it. A cross-site form can post text/plain,
/// form data or nothing at all without a CORS preflight, and the browser would attach the cookie; it cannot send
/// application/json. Bearer-token callers (scripts) are not browsers and may send an empty body.
/// </summary>
public static class CookieApiWrites
{
    /// <summary>Put it after <c>app.UseAuthentication()</c> (it needs to know how the caller signed in), before authorization.</summary>
    public static IApplicationBuilder UseJsonOnlyCookieApiWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && IsWrite(request.Method)
            && context.User.Identity?.IsAuthenticated == true
            && !AccountSetup.UsesBearer(request)
            && !Shared.JsonBody.IsJson(request.ContentType))
        {
            await Shared.WriteAnswer.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, Shared.WriteAnswer.NotJsonTitle);
            return;
        }
        await next(context);
    });

    public static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
