using Beacon.Core.Calendar;
using Beacon.Core.Notifications;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;
using Beacon.Web.Features.Calendar;
using Beacon.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Notifications;

/// <summary>One organisation's plan of a year against the calendar: status, KPIs entered, the day it was submitted and its standing.</summary>
public sealed record PlanProgressRow(
    int PlanId, string Organisation, string Name, int Year, PlanStatus Status, IReadOnlyList<KpiEntryFact> Kpis,
    DateOnly? SubmittedOn, Standing? Standing)
{
    public int Entered => Kpis.Count(k => !k.Missing);

    /// <summary>The agency still has it: open for its entries (a draft, or returned).</summary>
    public bool AwaitingAgency => WorkflowRules.OpenForEntry(Status);
}

/// <summary>Every plan of a year with its KPIs' entry state and its standing against the calendar, in a fixed number of queries.</summary>
public static class PlanProgress
{
    public static async Task<(CalendarView Calendar, IReadOnlyList<PlanProgressRow> Rows)> LoadAsync(BeaconDb db, int year, DateOnly today, CancellationToken ct, int? planId = null)
    {
        var calendar = await CalendarStore.ReadAsync(db, year, ct);
        var plans = await db.Plans.AsNoTracking().Where(p => p.Year == year && (planId == null || p.Id == planId))
            .Select(p => new { p.Id, p.Organisation.Code, p.Organisation.Name, p.Status }).ToListAsync(ct);
        var ids = plans.Select(p => p.Id).ToList();
        var kpis = await KpisAsync(db, ids, year, ct);
        // The day of the latest submission (Taipei); ordered in memory, as SQLite cannot order a DateTimeOffset.
        var submits = (await db.PlanSteps.AsNoTracking().Where(s => ids.Contains(s.PlanId) && s.Action == nameof(WorkflowAction.Submit))
                .Select(s => new { s.PlanId, s.At }).ToListAsync(ct))
            .GroupBy(s => s.PlanId).ToDictionary(g => g.Key, g => ReminderRules.TaipeiDay(g.Max(s => s.At)));
        var deadline = calendar[MilestoneKind.SubmissionDeadline].Date;
        return (calendar, [.. plans.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p =>
        {
            var awaiting = WorkflowRules.OpenForEntry(p.Status);
            DateOnly? submitted = awaiting ? null : submits.TryGetValue(p.Id, out var on) ? on : null;
            // A plan with the reviewers that was never submitted here (a published document loaded as approved) has no standing.
            var standing = awaiting || submitted is not null ? ReminderRules.StandingOf(today, deadline, submitted) : null;
            return new PlanProgressRow(p.Id, p.Code, p.Name, year, p.Status, kpis.GetValueOrDefault(p.Id) ?? [], submitted, standing);
        })]);
    }

    /// <summary>
    /// Each KPI of the plans with whether its year-end actual of <paramref name="year"/> is entered (for a KPI printed in
    /// parts: every part's), or the reason there is none; in plan order.
    /// </summary>
    public static async Task<Dictionary<int, List<KpiEntryFact>>> KpisAsync(BeaconDb db, IReadOnlyCollection<int> planIds, int year, CancellationToken ct)
    {
        var rows = await db.Kpis.AsNoTracking().Where(k => planIds.Contains(k.Objective.PlanId))
            .Select(k => new
            {
                k.Objective.PlanId, ObjectivePosition = k.Objective.Position, k.Position, k.Code, k.Name, k.Responsible,
                Values = k.Values.Where(v => v.Year == year && v.Kind == ValueKind.Actual && v.Period == null).Select(v => v.Form).ToList(),
                Parts = k.Parts.Select(p => p.Values.Count(v => v.Year == year && v.Kind == ValueKind.Actual && v.Period == null && v.Form != ValueForm.Missing)).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        return rows.GroupBy(r => r.PlanId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ObjectivePosition).ThenBy(r => r.Position)
            .Select(r => new KpiEntryFact(r.Code, r.Name, r.Responsible,
                HasActual: r.Values.Any(f => f != ValueForm.Missing) || (r.Parts.Count > 0 && r.Parts.All(n => n > 0)),
                HasReason: r.Values.Any(f => f == ValueForm.Missing)))
            .ToList());
    }
}
