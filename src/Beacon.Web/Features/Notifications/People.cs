using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Notifications;

/// <summary>A person as the rules see them, with their choices for notices.</summary>
public sealed record Recipient(Person Person, string Language, IReadOnlyCollection<string> EmailOff)
{
    public bool English => Language == "en";

    public bool WantsEmail(NoticeKind kind) => !EmailOff.Contains(kind.ToString());
}

/// <summary>Loads every account with its roles, organisation, divisions and preferences (three queries, whatever their number).</summary>
public static class People
{
    public static async Task<IReadOnlyList<Recipient>> LoadAsync(BeaconDb db, CancellationToken ct, string? userId = null)
    {
        var users = await db.Users.AsNoTracking().Where(u => userId == null || u.Id == userId)
            .Select(u => new { u.Id, u.Email, Organisation = u.Organisation == null ? null : u.Organisation.Code, u.Divisions })
            .ToListAsync(ct);
        var roles = (await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            where userId == null || ur.UserId == userId
                            select new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name);
        var preferences = await db.Set<NotificationPreference>().AsNoTracking().Where(p => userId == null || p.UserId == userId)
            .ToDictionaryAsync(p => p.UserId, ct);
        return [.. users.Select(u =>
        {
            var person = new Person(u.Id, u.Email ?? "", roles[u.Id].Select(RoleOf).OfType<Role>().ToHashSet(), u.Organisation, u.Divisions);
            var choice = preferences.GetValueOrDefault(u.Id);
            return new Recipient(person, choice?.Language ?? "zh-TW", choice?.EmailOff ?? []);
        })];
    }

    public static Role? RoleOf(string? name) => name switch
    {
        Roles.Administrator => Role.Administrator,
        Roles.Planner => Role.Planner,
        Roles.Reviewer => Role.Reviewer,
        Roles.AgencyEditor => Role.AgencyEditor,
        Roles.Viewer => Role.Viewer,
        _ => null,
    };
}
