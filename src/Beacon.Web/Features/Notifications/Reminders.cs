using System.Text.Json;
using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Notifications;

/// <summary>
/// Computes the calendar's reminders due now (<see cref="ReminderRules"/>) and the planners' weekly summary, and writes
/// each as an event with its notices. A run is one transaction that writers take in turn (SQLite's BEGIN IMMEDIATE; a
/// PostgreSQL advisory lock), so a second instance computing at the same moment finds what the first wrote; and an
/// event's key is unique in the database, so running again — every few minutes, after a restart — never writes one twice.
/// </summary>
public sealed class Reminders(BeaconDb db, Notices notices, TimeProvider clock, IOptions<NotificationOptions> options)
{
    /// <summary>Writes what is due and not yet written; returns how many events it wrote.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        await using var transaction = await db.BeginTurnAsync(WriterTurn.Reminders, ct);
        var now = clock.GetUtcNow();
        var settings = options.Value.ReminderSettings;
        var written = 0;

        // Plans the agency still has to submit (open for its entries), against the deadline the planning office set (never a default).
        var open = WorkflowRules.Statuses(WorkflowRules.OpenForEntry);
        var awaiting = await (from p in db.Plans.AsNoTracking()
                              join c in db.EvaluationCalendars.AsNoTracking() on p.Year equals c.Year
                              where open.Contains(p.Status)
                              select new { p.Id, p.Year, c.SubmissionDeadline }).ToListAsync(ct);
        var due = ReminderRules.Due(now, settings, awaiting.Select(p => new PlanDeadline(p.Id, p.SubmissionDeadline, AwaitingAgency: true)));
        var keys = due.Select(r => r.Key).ToList();
        var done = (await db.Set<NoticeEvent>().AsNoTracking().Where(e => keys.Contains(e.Key)).Select(e => e.Key).ToListAsync(ct)).ToHashSet();
        foreach (var reminder in due.Where(r => !done.Contains(r.Key)))
        {
            var plan = await db.Plans.AsNoTracking().Include(p => p.Organisation).SingleAsync(p => p.Id == reminder.PlanId, ct);
            var kpis = (await PlanProgress.KpisAsync(db, [plan.Id], plan.Year, ct)).GetValueOrDefault(plan.Id) ?? [];
            var e = notices.PlanEvent(reminder.Kind, reminder.Key, plan, null);
            e.Actor = null;
            e.Deadline = reminder.Deadline;
            e.Details = JsonSerializer.Serialize(new ReminderDetails(kpis.Count,
                [.. ReminderRules.Missing(kpis).Select(k => new MissingKpi(k.Code, k.Name, k.Responsible))]), Notices.Json);
            await notices.AddAsync(e, new NoticeFacts(reminder.Kind, plan.Organisation.Code), ct);
            written += await SaveAsync(ct);
        }

        if (ReminderRules.WeeklySummaryDue(now, settings) is { } day)
        {
            var key = ReminderRules.WeeklySummaryKey(day);
            // The cycle whose dates fall in this year: last year's plans (as /calendar opens).
            var year = day.Year - 1;
            if (!await db.Set<NoticeEvent>().AnyAsync(e => e.Key == key, ct))
            {
                var (_, rows) = await PlanProgress.LoadAsync(db, year, day, ct);
                if (rows.Count > 0)
                {
                    var e = new NoticeEvent
                    {
                        Key = key, Kind = NoticeKind.WeeklySummary, At = now, Year = year,
                        Details = JsonSerializer.Serialize(new SummaryDetails(year, [.. rows.Select(r => new SummaryRow(
                            r.Organisation, r.Name, r.Status, r.Kpis.Count, r.Entered, r.Standing?.Kind, r.Standing?.Days ?? 0))]), Notices.Json),
                    };
                    await notices.AddAsync(e, new NoticeFacts(NoticeKind.WeeklySummary, null), ct);
                    written += await SaveAsync(ct);
                }
            }
        }
        await transaction.CommitAsync(ct);
        return written;
    }

    private async Task<int> SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return 1;
    }
}

/// <summary>Runs <see cref="Reminders"/> at start and then every <see cref="NotificationOptions.ReminderInterval"/>.</summary>
public sealed class ReminderService(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<ReminderService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Reminders) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<AuditScope>().UserName = "system";
                await scope.ServiceProvider.GetRequiredService<Reminders>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                log.LogError(e, "Computing reminders failed; trying again in {Interval}", options.Value.ReminderInterval);
            }
            try { await Task.Delay(options.Value.ReminderInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
