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
        api.MapPost("/token", async Task<IResult> (HttpRequest http, SignInManager<BeaconUser> signIn) =>
        {
            var body = await Shared.JsonBody.ReadAsync<TokenRequest>(http);
            if (body.Refusal is { } refusal) return refusal;
            var request = body.Value!;
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(request.Email ?? "", request.Password ?? "", isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded) return Results.Empty; // the bearer handler has written the token
            return result.IsLockedOut
                ? Shared.WriteAnswer.Bilingual(StatusCodes.Status401Unauthorized, "帳號已暫時鎖定，請稍後再試", "the account is locked for a while")
                : Shared.WriteAnswer.Bilingual(StatusCodes.Status401Unauthorized, "帳號或密碼錯誤", "wrong email or password");
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
