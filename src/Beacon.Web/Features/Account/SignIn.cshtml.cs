using System.ComponentModel.DataAnnotations;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Web.Features.Account;

[EnableRateLimiting(Security.RateLimits.SignIn)]
public sealed class SignInModel(SignInManager<BeaconUser> signIn) : PageModel
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
        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(ReturnUrl is { Length: > 0 } back && Url.IsLocalUrl(back) ? back : "/");
        Error = result.IsLockedOut ? Ui.T("account.lockedOut") : Ui.T("account.failed");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
