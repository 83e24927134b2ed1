using Beacon.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Data;

/// <summary>
/// Something that happened and that people are told of: a workflow step, a revision, a comment, a reminder of the
/// calendar, the weekly summary. Written in the same SaveChanges as the change itself (or, for a reminder, alone),
/// once: <see cref="Key"/> is unique — "step:12:5", "DeadlineOverdue:12:2023-02-01" — so a second writer of the same
/// event (a restart, another instance) is refused by the database.
/// </summary>
public sealed class NoticeEvent
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public NoticeKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The plan it is about (none for the weekly summary); kept as a number so the notice outlives a plan replaced by import.</summary>
    public int? PlanId { get; set; }
    public string? OrganisationCode { get; set; }
    public string? OrganisationName { get; set; }
    public int? Year { get; set; }
    public string? KpiCode { get; set; }
    public string? KpiName { get; set; }
    /// <summary>Who acted (their e-mail address), when a person did.</summary>
    public string? Actor { get; set; }
    /// <summary>The return comment, the comment written in a KPI's thread, the reason of a revision.</summary>
    public string? Comment { get; set; }
    public DateOnly? Deadline { get; set; }
    /// <summary>
    /// JSON facts shown in the message as they were when it happened: the KPIs still without an actual (a reminder),
    /// every organisation's standing (the weekly summary).
    /// </summary>
    public string? Details { get; set; }
    public List<Notice> Notices { get; set; } = [];
}

/// <summary>Where a notice's e-mail stands.</summary>
public enum EmailState
{
    /// <summary>No e-mail: the person turned this kind off, has no address, or e-mail is not configured.</summary>
    Off,
    /// <summary>Waiting to be sent, or to be retried at <see cref="Notice.NextAttemptAt"/>.</summary>
    Pending,
    Sent,
    /// <summary>Refused for good by the server (a 5xx answer); an administrator may send it again.</summary>
    Failed,
}

/// <summary>
/// One event told to one person: their inbox entry (read or not) and the outbox row of its e-mail — unique per
/// (event, person), so nobody is told of one event twice. A sender claims due rows with a lease
/// (<see cref="LeaseOwner"/> until <see cref="LeaseUntil"/>), so two instances never send the same row at once.
/// </summary>
public sealed class Notice
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public NoticeEvent Event { get; set; } = null!;
    public required string UserId { get; set; }
    /// <summary>The address at the time of the event.</summary>
    public required string Email { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public EmailState EmailState { get; set; }
    public int Attempts { get; set; }
    /// <summary>UTC; compared in SQL (which SQLite cannot do with a DateTimeOffset).</summary>
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? LeaseOwner { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>A person's choices: the language of their e-mails, and the kinds they do not want by e-mail (the inbox keeps everything).</summary>
public sealed class NotificationPreference
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>zh-TW (the default) or en.</summary>
    public string Language { get; set; } = "zh-TW";
    public List<string> EmailOff { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>
/// One comment in a KPI's thread between the planning office's reviewers and the agency (意見往返), beside the
/// reviewer's comment of the review and the agency's explanation of its self-assessment.
/// </summary>
public sealed class KpiComment
{
    public int Id { get; set; }
    public int KpiId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }
    public CommentSide Side { get; set; }
    public required string Text { get; set; }
}

public static class NotificationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<NoticeEvent>(e =>
        {
            e.HasIndex(x => x.Key).IsUnique();
            e.Property(x => x.Kind).HasConversion<string>();
            e.HasMany(x => x.Notices).WithOne(x => x.Event).HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Notice>(e =>
        {
            e.HasIndex(x => new { x.EventId, x.UserId }).IsUnique();
            e.HasIndex(x => new { x.UserId, x.ReadAt });
            e.HasIndex(x => new { x.EmailState, x.NextAttemptAt });
            e.Property(x => x.EmailState).HasConversion<string>();
            e.HasOne<BeaconUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<NotificationPreference>(e =>
        {
            e.HasIndex(x => x.UserId).IsUnique();
            e.HasOne<BeaconUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            BeaconDb.StringList(e.Property(x => x.EmailOff));
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<KpiComment>(e =>
        {
            e.HasIndex(x => x.KpiId);
            e.Property(x => x.Side).HasConversion<string>();
            e.HasOne<Kpi>().WithMany().HasForeignKey(x => x.KpiId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
