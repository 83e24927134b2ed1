using System.Globalization;
using System.Security.Claims;
using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Notifications;

/// <summary>One notice as GET /api/me/notifications gives it, in the request's language.</summary>
public sealed record NoticeDto(
    long Id, NoticeKind Kind, string Title, IReadOnlyList<string> Lines, IReadOnlyList<string> Items, string Url, DateTimeOffset At, bool Read,
    string? Organisation, int? Year, string? Kpi, EmailState Email);

/// <summary>The caller's notices, newest first, and how many are unread.</summary>
public sealed record NoticesDto(int Unread, IReadOnlyList<NoticeDto> Notices);

public static class NotificationSetup
{
    public static IServiceCollection AddBeaconNotifications(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<NotificationOptions>(config.GetSection(NotificationOptions.Section));
        services.AddSingleton<OutboxInstance>();
        services.AddScoped<Notices>();
        services.AddScoped<Reminders>();
        services.AddScoped<Outbox>();
        services.AddHostedService<ReminderService>();
        services.AddHostedService<SenderService>();
        return services;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/notifications", async (ClaimsPrincipal user, BeaconDb db, ChangeWatch watch, bool? unread, int? limit, CancellationToken ct) =>
            {
                var id = UserId(user);
                var take = Math.Clamp(limit ?? 50, 1, 500);
                var rows = await Inbox(db, id, unread == true).Take(take).ToListAsync(ct);
                var divisions = user.FindAll(Account.Permissions.DivisionClaim).Select(c => c.Value).ToList();
                return new NoticesDto(await UnreadAsync(db, watch, id, ct), [.. rows.Select(n =>
                {
                    var c = NoticeMessages.Compose(n.Event, Ui.English, divisions);
                    return new NoticeDto(n.Id, n.Event.Kind, c.Title, c.Lines, c.Items, c.Link, n.Event.At, n.ReadAt is not null,
                        n.Event.OrganisationCode, n.Event.Year, n.Event.KpiCode, n.EmailState);
                })]);
            })
            .RequireAuthorization().WithTags("Notifications").WithName("listMyNotifications")
            .WithSummary("The caller's notices, newest first (?unread=true for unread ones only, ?limit= up to 500, default 50), with the unread count; texts in the request's language (?culture=en)")
            .Produces<NoticesDto>().ProducesProblem(StatusCodes.Status401Unauthorized);

        // Following a notice marks it read and opens its page (the sign-in cookie is SameSite=Strict: no other site can do it for you).
        app.MapGet("/notifications/{id:long}", async (long id, ClaimsPrincipal user, BeaconDb db, TimeProvider clock, CancellationToken ct) =>
            {
                var me = UserId(user);
                var notice = await db.Set<Notice>().Include(n => n.Event).SingleOrDefaultAsync(n => n.Id == id && n.UserId == me, ct);
                if (notice is null) return Results.LocalRedirect("/notifications");
                notice.ReadAt ??= clock.GetUtcNow();
                await db.SaveChangesAsync(ct);
                return Results.LocalRedirect(NoticeMessages.Link(notice.Event));
            })
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    public static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>A person's notices, newest first (by id: SQLite cannot order a DateTimeOffset).</summary>
    public static IQueryable<Notice> Inbox(BeaconDb db, string userId, bool unreadOnly = false) =>
        db.Set<Notice>().AsNoTracking().Include(n => n.Event)
            .Where(n => n.UserId == userId && (!unreadOnly || n.ReadAt == null)).OrderByDescending(n => n.Id);

    /// <summary>The count in the header of every page a signed-in person opens: a compiled query, kept until the database changes.</summary>
    public static Task<int> UnreadAsync(BeaconDb db, ChangeWatch watch, string userId, CancellationToken ct) =>
        watch.KeptAsync(db, ("unread", userId), async () =>
        {
            await db.KeepConnectionOpenAsync(ct);
            return await CompiledQueries<Queries>.For(db).Unread(db, userId, ct);
        });

    private sealed class Queries
    {
        public readonly Func<BeaconDb, string, CancellationToken, Task<int>> Unread = EF.CompileAsyncQuery(
            (BeaconDb db, string userId, CancellationToken ct) => db.Set<Notice>().Count(n => n.UserId == userId && n.ReadAt == null));
    }

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
