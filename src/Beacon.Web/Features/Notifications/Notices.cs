using System.Globalization;
using System.Text.Json;
using Beacon.Core.Notifications;
using Beacon.Web.Data;
using Beacon.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Notifications;

/// <summary>
/// Writes the events people are told of, with one notice per recipient (its inbox entry and e-mail outbox row), into
/// the caller's unit of work: they commit in the caller's SaveChanges, with the change itself, or not at all. Who
/// receives what is <see cref="NoticeRules"/>; whether an e-mail goes out is the person's choice and the settings.
/// </summary>
public sealed class Notices(BeaconDb db, TimeProvider clock, AuditScope audit, IOptions<NotificationOptions> options)
{
    /// <summary>A workflow step was taken on <paramref name="plan"/> (its organisation loaded, its version already raised).</summary>
    public async Task StepTakenAsync(Plan plan, PlanStatus from, PlanStatus to, WorkflowAction action, string? comment, CancellationToken ct = default)
    {
        if (NoticeRules.KindOfStep(to) is not { } k) return;
        await AddAsync(PlanEvent(k, $"step:{plan.Id}:{plan.Version}:{action}", plan, comment), new NoticeFacts(k, plan.Organisation.Code, audit.UserName), ct);
    }

    /// <summary>
    /// A revision (修正) of <paramref name="plan"/> was opened: call it in the unit of work that opens it, before its
    /// SaveChanges. <paramref name="revision"/> names the revision uniquely for this plan (its number or id).
    /// </summary>
    public Task RevisionOpenedAsync(Plan plan, string revision, string? reason, CancellationToken ct = default) =>
        AddAsync(PlanEvent(NoticeKind.RevisionOpened, $"revision-opened:{plan.Id}:{revision}", plan, reason),
            new NoticeFacts(NoticeKind.RevisionOpened, plan.Organisation.Code, audit.UserName), ct);

    /// <summary>A revision of <paramref name="plan"/> was approved; as <see cref="RevisionOpenedAsync"/>.</summary>
    public Task RevisionApprovedAsync(Plan plan, string revision, string? note, CancellationToken ct = default) =>
        AddAsync(PlanEvent(NoticeKind.RevisionApproved, $"revision-approved:{plan.Id}:{revision}", plan, note),
            new NoticeFacts(NoticeKind.RevisionApproved, plan.Organisation.Code, audit.UserName), ct);

    /// <summary>A comment was written in a KPI's thread: the other side is told.</summary>
    public async Task CommentAddedAsync(Plan plan, Kpi kpi, KpiComment comment, CancellationToken ct = default)
    {
        var reviewers = await db.Set<KpiComment>().AsNoTracking()
            .Where(c => c.KpiId == kpi.Id && c.Side == CommentSide.Reviewer).Select(c => c.UserName).Distinct().ToListAsync(ct);
        var e = PlanEvent(NoticeKind.CommentReply, $"comment:{Guid.NewGuid():N}", plan, comment.Text);
        e.KpiCode = kpi.Code;
        e.KpiName = kpi.Name;
        await AddAsync(e, new NoticeFacts(NoticeKind.CommentReply, plan.Organisation.Code, comment.UserName, kpi.Responsible, comment.Side, reviewers), ct);
    }

    internal NoticeEvent PlanEvent(NoticeKind kind, string key, Plan plan, string? comment) => new()
    {
        Key = key,
        Kind = kind,
        At = clock.GetUtcNow(),
        PlanId = plan.Id,
        OrganisationCode = plan.Organisation.Code,
        OrganisationName = plan.Organisation.Name,
        Year = plan.Year,
        Actor = audit.UserName,
        Comment = comment,
    };

    /// <summary>Adds the event and a notice for each recipient to the unit of work (nothing is saved here).</summary>
    internal async Task<NoticeEvent> AddAsync(NoticeEvent e, NoticeFacts facts, CancellationToken ct)
    {
        var people = await People.LoadAsync(db, ct);
        var chosen = NoticeRules.Recipients(facts, people.Select(p => p.Person)).Select(p => p.Id).ToHashSet();
        var mail = options.Value.EmailConfigured;
        var now = clock.GetUtcNow();
        foreach (var r in people.Where(p => chosen.Contains(p.Person.Id)))
            e.Notices.Add(new Notice
            {
                UserId = r.Person.Id,
                Email = r.Person.Email,
                EmailState = mail && r.Person.Email.Length > 0 && r.WantsEmail(e.Kind) ? EmailState.Pending : EmailState.Off,
                NextAttemptAt = now.UtcDateTime,
            });
        db.Add(e);
        return e;
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What a reminder stores of its plan: the KPIs still without an actual or a reason, and how many the plan has.</summary>
public sealed record ReminderDetails(int Kpis, IReadOnlyList<MissingKpi> Missing);

public sealed record MissingKpi(string Code, string Name, IReadOnlyList<string> Responsible);

/// <summary>What the weekly summary stores: every organisation's plan of the year and where it stands.</summary>
public sealed record SummaryDetails(int Year, IReadOnlyList<SummaryRow> Rows);

public sealed record SummaryRow(string Organisation, string Name, PlanStatus Status, int Kpis, int Entered, StandingKind? Standing, int Days);
