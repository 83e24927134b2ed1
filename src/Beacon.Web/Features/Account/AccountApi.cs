using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Api;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Beacon.Web.Features.Account;

public sealed record TokenRequest(string Email, string Password);

public sealed record Me(string Name, IReadOnlyList<string> Roles, string? Organisation, IReadOnlyList<string> Divisions);

public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Accounts");

        // The same identity as the pages, as a bearer token for scripts: Authorization: Bearer <accessToken>.
        api.MapPost("/token", async Task<IResult> (HttpContext http, PasswordSignIn passwords) =>
        {
            var body = await Shared.JsonBody.ReadAsync<TokenRequest>(http.Request);
            if (body.Refusal is { } refusal) return refusal;
            var request = body.Value!;
            var outcome = await passwords.SignInAsync(http, request.Email ?? "", request.Password ?? "", IdentityConstants.BearerScheme, http.RequestAborted);
            if (outcome.Verdict == SignInVerdict.SignedIn) return Results.Empty; // the bearer handler has written the token
            if (outcome.Verdict == SignInVerdict.Slowed)
            {
                http.Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                    title: $"登入失敗次數過多，請於 {outcome.RetryAfterSeconds} 秒後再試 / too many failed sign-ins; try again in {outcome.RetryAfterSeconds} seconds",
                    extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = outcome.RetryAfterSeconds });
            }
            // One answer for a wrong password, an unknown address and an account that may not sign in.
            return Shared.WriteAnswer.Bilingual(StatusCodes.Status401Unauthorized, "帳號或密碼錯誤", "wrong email or password");
        }).RequireRateLimiting(Security.RateLimits.SignIn).WithName("createToken").WithSummary("A bearer token for scripts (8 hours)")
          .DocumentsJsonBody<TokenRequest>()
          .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
          .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/me", (ClaimsPrincipal user) => new Me(Permissions.NameOf(user),
                [.. Roles.All.Where(user.IsInRole)], user.FindFirstValue(Permissions.OrganisationClaim),
                [.. user.FindAll(Permissions.DivisionClaim).Select(c => c.Value)]))
            .RequireAuthorization().WithName("getMe").WithSummary("Who is signed in, with roles and bindings").ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }
}
