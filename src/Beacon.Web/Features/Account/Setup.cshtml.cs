using Beacon.Web.Data;
using Beacon.Web.Features.Admin;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Account;

/// <summary>
/// 初次設定: while no account holds the administrator role, anyone who reaches the site may create the first
/// administrator (with a password of their own) and is signed in as it. From then on the page does not exist (404).
/// There is no default account or password.
/// </summary>
[EnableRateLimiting(Security.RateLimits.SignIn)]
public sealed class SetupModel(BeaconDb db, UserAdministration administration, UserManager<BeaconUser> users,
    SignInManager<BeaconUser> signIn, AuditScope audit) : PageModel
{
    // Two first-run forms posted at once must not both create an administrator.
    private static readonly SemaphoreSlim Once = new(1, 1);

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public bool Closed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await AdministratorExistsAsync(db, ct)) return Close();
        ViewData["Title"] = AdminText.T("setup.title");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ViewData["Title"] = AdminText.T("setup.title");
        var email = Email?.Trim();
        if (string.IsNullOrEmpty(email)) Errors["email"] = AdminText.T("users.missingEmail");
        if (string.IsNullOrEmpty(Password)) Errors["password"] = AdminText.T("setup.missingPassword");
        else if (Password != Confirm) Errors["confirm"] = AdminText.T("setup.mismatch");

        await Once.WaitAsync(ct);
        try
        {
            if (await AdministratorExistsAsync(db, ct)) return Close();
            if (Errors.Count == 0)
            {
                audit.UserName = email!;
                var (created, problems) = await administration.CreateAsync(new NewUser(email!, Roles.Administrator, Password), ct);
                foreach (var problem in problems)
                {
                    if (problem.Path == "password") Errors["password"] = AdminText.T("setup.passwordRule");
                    else Errors["email"] = AdminText.T("users.emailProblem", problem.MessageFor(Ui.English));
                }
                if (created is not null && await users.FindByEmailAsync(created.Email) is { } user)
                {
                    await signIn.SignInAsync(user, isPersistent: false);
                    return LocalRedirect("/admin/users");
                }
            }
        }
        finally
        {
            Once.Release();
        }
        Password = Confirm = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private IActionResult Close()
    {
        Closed = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Title"] = Ui.T("notFound.title");
        return Page();
    }

    public static Task<bool> AdministratorExistsAsync(BeaconDb db, CancellationToken ct) =>
        db.UserRoles.AnyAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Administrator), ct);
}
