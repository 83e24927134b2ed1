using System.Security.Cryptography;
using Beacon.Core;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Account;

public sealed record NewUser(string Email, string Role, string? Password = null, string? Organisation = null, IReadOnlyList<string>? Divisions = null, string? DisplayName = null);

public sealed record CreatedUser(string Email, string Role, string Password, bool PasswordGenerated);

/// <summary>Creates accounts (command line, first-run page, demo mode, administrators) and records them in the audit trail.</summary>
public sealed class UserAdministration(UserManager<BeaconUser> users, RoleManager<IdentityRole> roles, BeaconDb db, AuditScope audit, TimeProvider clock)
{
    public async Task<(CreatedUser? User, IReadOnlyList<Problem> Problems)> CreateAsync(NewUser request, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        if (!Roles.All.Contains(request.Role))
            problems.Add(new Problem("role", $"角色「{request.Role}」不存在：可用 {string.Join("、", Roles.All)}", $"there is no role '{request.Role}': use one of {string.Join(", ", Roles.All)}"));
        Organisation? organisation = null;
        if (request.Organisation is { Length: > 0 } code)
        {
            organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Code == code, ct);
            if (organisation is null) problems.Add(new Problem("organisation", $"找不到機關「{code}」", $"no organisation '{code}'"));
        }
        if (request.Role == Roles.AgencyEditor && organisation is null && problems.Count == 0)
            problems.Add(new Problem("organisation", "局處填報人員必須指定所屬機關", "an agency editor must be bound to an organisation"));
        if (problems.Count > 0) return (null, problems);

        await AccountSetup.EnsureRolesAsync(roles);
        var generated = request.Password is null;
        var password = request.Password ?? NewPassword();
        var user = new BeaconUser
        {
            UserName = request.Email,
            Email = request.Email,
            EmailConfirmed = true,
            DisplayName = request.DisplayName,
            OrganisationId = organisation?.Id,
            Divisions = [.. request.Divisions ?? []],
            CreatedAt = clock.GetUtcNow(),
        };
        // The account, its role and its audit entry are one change: all of them or none (Identity saves each step itself,
        // so the steps share one transaction).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
                return await RollBackAsync(transaction, [.. created.Errors.Select(e => new Problem(e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", e.Description, e.Description))], ct);
            var inRole = await users.AddToRoleAsync(user, request.Role);
            if (!inRole.Succeeded)
                return await RollBackAsync(transaction, [new Problem("role",
                    $"無法指定角色「{request.Role}」：{Describe(inRole)}；未建立帳號",
                    $"the role '{request.Role}' could not be given: {Describe(inRole)}; no account was created")], ct);
            db.AuditEntries.Add(new AuditEntry
            {
                At = clock.GetUtcNow(),
                UserName = audit.UserName,
                Action = "create",
                Entity = Features.Audit.AuditTrail.UserEntity,
                EntityKey = user.Id,
                Code = request.Email,
                OrganisationCode = organisation?.Code,
                NewValues = System.Text.Json.JsonSerializer.Serialize(new { request.Email, request.Role, Organisation = organisation?.Code, Divisions = user.Divisions }),
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Two creations of the same address at once: the second meets the unique index.
            return await RollBackAsync(transaction, [new Problem("email",
                $"帳號 {request.Email} 未建立：儲存失敗（{e.InnerException?.Message ?? e.Message}）",
                $"the account {request.Email} was not created: saving failed ({e.InnerException?.Message ?? e.Message})")], ct);
        }
        return (new CreatedUser(request.Email, request.Role, password, generated), []);
    }

    private async Task<(CreatedUser?, IReadOnlyList<Problem>)> RollBackAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, IReadOnlyList<Problem> problems, CancellationToken ct)
    {
        await transaction.RollbackAsync(ct);
        // What Identity saved is undone in the database; forget it here too, so a later save in this scope does not assume it.
        db.ChangeTracker.Clear();
        return (null, problems);
    }

    private static string Describe(IdentityResult result) => string.Join("; ", result.Errors.Select(e => e.Description));

    /// <summary>A random password that meets the rules: 20 characters of letters and digits, with both.</summary>
    public static string NewPassword()
    {
        const string letters = "abcdefghijkmnpqrstuvwxyz";
        const string digits = "23456789";
        const string all = letters + "ABCDEFGHJKLMNPQRSTUVWXYZ" + digits;
        var chars = RandomNumberGenerator.GetItems<char>(all, 18).ToList();
        chars.Add(letters[RandomNumberGenerator.GetInt32(letters.Length)]);
        chars.Add(digits[RandomNumberGenerator.GetInt32(digits.Length)]);
        return new string(chars.ToArray());
    }
}
