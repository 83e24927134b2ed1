using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Admin;

public sealed record UserRow(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, string? Organisation,
    IReadOnlyList<string> Divisions, DateTimeOffset? LockedUntil, string? Stamp, DateTimeOffset? SlowedUntil = null);

/// <summary>
/// 使用者管理: the accounts, a form to create one (the password is generated, shown once and never stored in clear),
/// and per account a change of role, organisation and divisions and an unlock. Every change writes an audit entry
/// in the same SaveChanges as the change.
/// </summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class UsersModel(BeaconDb db, UserAdministration administration, AuditScope audit, TimeProvider clock, PasswordSignIn passwords) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Organisation { get; set; }
    [BindProperty] public string? Divisions { get; set; }

    [FromQuery(Name = "saved")] public string? Saved { get; set; }
    [FromQuery(Name = "unlocked")] public string? Unlocked { get; set; }
    [FromQuery(Name = "unchanged")] public bool Unchanged { get; set; }

    public CreatedUser? Created { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    /// <summary>A refused change of an existing account, shown above the list.</summary>
    public string? ChangeError { get; private set; }
    public IReadOnlyList<UserRow> Users { get; private set; } = [];
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await PrepareAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var email = Email?.Trim();
        var role = Role?.Trim();
        if (string.IsNullOrEmpty(email)) Errors["email"] = AdminText.T("users.missingEmail");
        if (string.IsNullOrEmpty(role)) Errors["role"] = AdminText.T("users.missingRole");
        if (Errors.Count == 0)
        {
            var editor = role == Roles.AgencyEditor;
            var (created, problems) = await administration.CreateAsync(new NewUser(email!, role!,
                Organisation: editor && Organisation is { Length: > 0 } org ? org : null,
                Divisions: editor ? SplitDivisions(Divisions) : null,
                DisplayName: string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim()), ct);
            foreach (var problem in problems)
            {
                var field = problem.Path is "role" or "organisation" ? problem.Path : "email";
                var message = field == "email" ? AdminText.T("users.emailProblem", problem.MessageFor(Ui.English)) : problem.MessageFor(Ui.English);
                Errors[field] = Errors.TryGetValue(field, out var earlier) ? earlier + " " + message : message;
            }
            if (created is not null)
            {
                Created = created;
                Email = DisplayName = Role = Organisation = Divisions = null;
                // The one page that ever shows the password: keep it out of every cache.
                Response.Headers.CacheControl = "no-store";
            }
        }
        if (Errors.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        await PrepareAsync(ct);
        return Page();
    }

    /// <summary>Sets one account's role, and the organisation and divisions an agency editor is bound to.</summary>
    /// <remarks>
    /// The form carries the account's concurrency stamp as it was shown: a form opened before someone else changed the
    /// account (or before its owner's failed sign-ins, which Identity also records) is refused with the current values,
    /// instead of silently putting the old ones back.
    /// </remarks>
    public async Task<IActionResult> OnPostUpdateAsync(string id, string? stamp, string? role, string? organisation, string? divisions, CancellationToken ct)
    {
        var user = await db.Users.Include(u => u.Organisation).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return await RefuseAsync(AdminText.T("users.notFound"), StatusCodes.Status404NotFound, ct);
        if (string.IsNullOrEmpty(stamp) || stamp != user.ConcurrencyStamp) return await StaleAsync(user, ct);
        if (role is null || !Roles.All.Contains(role)) return await RefuseAsync(AdminText.T("users.unknownRole", role), StatusCodes.Status400BadRequest, ct);

        var editor = role == Roles.AgencyEditor;
        Organisation? bound = null;
        if (editor)
        {
            if (string.IsNullOrWhiteSpace(organisation))
                return await RefuseAsync(AdminText.T("users.editorNeedsOrganisation"), StatusCodes.Status400BadRequest, ct);
            bound = await db.Organisations.SingleOrDefaultAsync(o => o.Code == organisation.Trim(), ct);
            if (bound is null) return await RefuseAsync(AdminText.T("users.unknownOrganisation", organisation), StatusCodes.Status400BadRequest, ct);
        }
        var newDivisions = editor ? SplitDivisions(divisions) : [];

        var administratorRole = await db.Roles.SingleAsync(r => r.Name == Roles.Administrator, ct);
        var roles = await db.Roles.ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        var current = await db.UserRoles.Where(ur => ur.UserId == user.Id).ToListAsync(ct);
        var oldRoles = current.Select(ur => roles[ur.RoleId]).Order(StringComparer.Ordinal).ToList();
        if (oldRoles.Contains(Roles.Administrator) && role != Roles.Administrator
            && await db.UserRoles.CountAsync(ur => ur.RoleId == administratorRole.Id, ct) <= 1)
            return await RefuseAsync(AdminText.T("users.lastAdministrator", user.Email), StatusCodes.Status409Conflict, ct);

        var old = new Dictionary<string, object?>();
        var @new = new Dictionary<string, object?>();
        var roleChanged = !oldRoles.SequenceEqual([role]);
        if (roleChanged)
        {
            old["Role"] = string.Join(",", oldRoles);
            @new["Role"] = role;
            db.UserRoles.RemoveRange(current);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles.Single(r => r.Value == role).Key });
        }
        if (user.OrganisationId != bound?.Id)
        {
            old["Organisation"] = user.Organisation?.Code;
            @new["Organisation"] = bound?.Code;
            user.OrganisationId = bound?.Id;
            user.Organisation = bound;
        }
        if (!user.Divisions.SequenceEqual(newDivisions))
        {
            old["Divisions"] = user.Divisions.ToList();
            @new["Divisions"] = newDivisions;
            user.Divisions = [.. newDivisions];
        }
        if (@new.Count == 0) return Redirect("/admin/users?unchanged=true");

        // Signed-in sessions of this account pick up the new role at their next check instead of keeping the old one.
        user.SecurityStamp = Guid.NewGuid().ToString();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.AuditEntries.Add(Entry(user, roleChanged ? "role" : "update", bound?.Code ?? (string?)old.GetValueOrDefault("Organisation"), old, @new));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed between reading it above and saving: the stamp in the WHERE clause no longer matched.
            db.ChangeTracker.Clear();
            var now = await db.Users.Include(u => u.Organisation).SingleAsync(u => u.Id == id, ct);
            return await StaleAsync(now, ct);
        }
        return Redirect("/admin/users?saved=" + Uri.EscapeDataString(user.Email ?? user.Id));
    }

    /// <summary>409 with the account's current role, organisation and divisions; the list below shows them in a fresh form.</summary>
    private async Task<IActionResult> StaleAsync(BeaconUser user, CancellationToken ct)
    {
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name)
            .ToListAsync(ct);
        var none = AdminText.T("users.noOrganisation");
        return await RefuseAsync(AdminText.T("users.stale", user.Email,
            roles.Count == 0 ? none : string.Join("、", roles.Order(StringComparer.Ordinal).Select(r => AdminText.Role(r!))),
            user.Organisation?.Code ?? none,
            user.Divisions.Count == 0 ? none : string.Join("、", user.Divisions)), StatusCodes.Status409Conflict, ct);
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct)
    {
        var user = await db.Users.Include(u => u.Organisation).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return await RefuseAsync(AdminText.T("users.notFound"), StatusCodes.Status404NotFound, ct);
        // Failed sign-ins from unknown devices slow the account's sign-ins (PasswordSignIn): unlocking forgets them.
        var slowed = await passwords.SlowedAccountsAsync([user.Email ?? ""], ct);
        if (user.LockoutEnd is null && user.AccessFailedCount == 0 && slowed.Count == 0) return Redirect("/admin/users?unchanged=true");
        var old = new Dictionary<string, object?>();
        var @new = new Dictionary<string, object?>();
        if (slowed.Count > 0)
        {
            old["SignInsSlowedUntil"] = slowed.Values.Single().ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            @new["SignInsSlowedUntil"] = null;
            await passwords.ForgetAccountAsync(user.Email ?? "", ct);
        }
        if (user.LockoutEnd is { } end) { old["LockoutEnd"] = end.ToString("o", System.Globalization.CultureInfo.InvariantCulture); @new["LockoutEnd"] = null; }
        if (user.AccessFailedCount != 0) { old["AccessFailedCount"] = user.AccessFailedCount; @new["AccessFailedCount"] = 0; }
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.AuditEntries.Add(Entry(user, "unlock", user.Organisation?.Code, old, @new));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed between reading it above and saving (the stamp no longer matched): 409, as a role change.
            db.ChangeTracker.Clear();
            return await StaleAsync(await db.Users.Include(u => u.Organisation).SingleAsync(u => u.Id == id, ct), ct);
        }
        return Redirect("/admin/users?unlocked=" + Uri.EscapeDataString(user.Email ?? user.Id));
    }

    private AuditEntry Entry(BeaconUser user, string action, string? organisation, Dictionary<string, object?> old, Dictionary<string, object?> @new) => new()
    {
        At = clock.GetUtcNow(),
        UserName = audit.UserName,
        Action = action,
        Entity = Audit.AuditTrail.UserEntity,
        EntityKey = user.Id,
        Code = user.Email,
        OrganisationCode = organisation,
        OldValues = JsonSerializer.Serialize(old, Json),
        NewValues = JsonSerializer.Serialize(@new, Json),
    };

    private async Task<IActionResult> RefuseAsync(string message, int status, CancellationToken ct)
    {
        ChangeError = message;
        Email = DisplayName = Role = Organisation = Divisions = null; // the create form stays empty
        Response.StatusCode = status;
        await PrepareAsync(ct);
        return Page();
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        ViewData["Title"] = AdminText.T("users.title");
        ViewData["Breadcrumbs"] = new List<(string, string?)> { (Ui.T("nav.home"), "/"), (AdminText.T("users.title"), null) };
        Now = clock.GetUtcNow();
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Code).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .AsNoTracking().ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Include(u => u.Organisation).ToListAsync(ct);
        var slowed = await passwords.SlowedAccountsAsync(users.Select(u => u.Email ?? ""), ct);
        Users = [.. users
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .Select(u => new UserRow(u.Id, u.Email ?? u.UserName ?? u.Id, u.DisplayName,
                [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal)],
                u.Organisation?.Code, u.Divisions,
                u.LockoutEnd is { } end && end > Now ? end : null, u.ConcurrencyStamp,
                slowed.TryGetValue(u.Email ?? "", out var until) ? until : null))];
    }

    /// <summary>"成保組, 兒少組" (commas of either width, or 、) as a list without blanks or repeats.</summary>
    public static List<string> SplitDivisions(string? text) =>
        [.. (text ?? "").Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
