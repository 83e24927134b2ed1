using System.ComponentModel.DataAnnotations;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Web.Features.Account;

[EnableRateLimiting(Security.RateLimits.SignIn)]
public sealed class SignInModel(SignInManager<BeaconUser> signIn, PasswordSignIn passwords) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [FromQuery(Name = "ReturnUrl")] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() => ViewData["Title"] = Ui.T("account.signIn");

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = Ui.T("account.signIn");
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = Ui.T("account.missing");
            return Page();
        }
        var outcome = await passwords.SignInAsync(HttpContext, Email, Password, IdentityConstants.ApplicationScheme, HttpContext.RequestAborted);
        if (outcome.Verdict == SignInVerdict.SignedIn)
            return LocalRedirect(ReturnUrl is { Length: > 0 } back && Url.IsLocalUrl(back) ? back : "/");
        // One message for a wrong password, an unknown address and an account that may not sign in.
        if (outcome.Verdict == SignInVerdict.Slowed)
        {
            Error = Ui.T("account.slowed", outcome.RetryAfterSeconds);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        Error = Ui.T("account.failed");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
