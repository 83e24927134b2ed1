using Beacon.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Beacon.Web.Features.Account;

public static class AccountSetup
{
    public const string Scheme = "Beacon";

    /// <summary>
    /// ASP.NET Core Identity: cookie sign-in for pages, bearer tokens for scripts (POST /api/token), one identity
    /// behind both. Passwords of 12+ characters with letters and digits. Failed sign-ins slow later ones
    /// (<see cref="PasswordSignIn"/>) instead of locking the account.
    /// </summary>
    public static IServiceCollection AddBeaconAccounts(this IServiceCollection services)
    {
        services.AddIdentity<BeaconUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                // Failures never lock an account (PasswordSignIn slows them instead); a lockout end set on an account
                // still keeps it out.
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<BeaconDb>()
            .AddClaimsPrincipalFactory<BeaconClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultAuthenticateScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                UsesBearer(context.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8));

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "beacon.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/sign-in";
            o.AccessDeniedPath = "/account/denied";
            // The API answers 401 / 403 instead of redirecting a script to the sign-in page.
            o.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden),
            };
        });
        services.AddScoped<SecurityStampCheck>();
        services.AddScoped<PasswordSignIn>();
        services.AddOptions<SignInSettings>().BindConfiguration(SignInSettings.Section)
            .Validate(s => s.AccountFailures > 0 && s.AddressFailures > 0 && s.DeviceFailures > 0 && s.FirstDelaySeconds > 0
                && s.MaxDelaySeconds >= s.FirstDelaySeconds && s.ForgetAfterHours > 0, "SignIn:* must be positive numbers (MaxDelaySeconds at least FirstDelaySeconds)");
        // Like the sign-in cookie: Secure whenever the request is HTTPS (directly or as the trusted proxy says).
        services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Antiforgery would send X-Frame-Options: SAMEORIGIN with every form; the app's DENY (SecurityHeaders) stands.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>A request that authenticates with a bearer token (Authorization: Bearer …) rather than the cookie.</summary>
    public static bool UsesBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Creates the five roles when missing.</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }
}
