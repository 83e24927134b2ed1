using Beacon.Core.Notifications;

namespace Beacon.Web.Features.Notifications;

/// <summary>
/// The <c>Notifications</c> settings (README and docs/notifications.md). E-mail stays off until
/// <c>Smtp:Host</c>, <c>Smtp:From</c> and <c>BaseUrl</c> are set; the inbox works either way.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>The address people open Beacon at (https://beacon.example.gov.tw), for the links in e-mails.</summary>
    public string? BaseUrl { get; set; }
    /// <summary>Days before the submission deadline of the early reminder; 0 for none.</summary>
    public int ReminderDaysBefore { get; set; } = 7;
    /// <summary>The hour (Taipei time) from which a day's reminders and the weekly summary go out.</summary>
    public int ReminderHour { get; set; } = 8;
    public DayOfWeek WeeklySummaryDay { get; set; } = DayOfWeek.Monday;
    /// <summary>Whether this instance computes reminders (every instance may; each reminder is written once).</summary>
    public bool Reminders { get; set; } = true;
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often the sender looks for e-mails due.</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long a sender holds the rows it claimed; another instance takes them over after that.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan RetryFirst { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryLongest { get; set; } = TimeSpan.FromHours(1);
    public int BatchSize { get; set; } = 20;

    public bool EmailConfigured =>
        !string.IsNullOrWhiteSpace(Smtp.Host) && !string.IsNullOrWhiteSpace(Smtp.From) && !string.IsNullOrWhiteSpace(BaseUrl);

    public ReminderSettings ReminderSettings => new(ReminderDaysBefore, ReminderHour, WeeklySummaryDay);

    /// <summary>An absolute link for an e-mail.</summary>
    public string Link(string path) => (BaseUrl ?? "").TrimEnd('/') + path;
}

/// <summary>The SMTP server: host, port, TLS (None, StartTls, SslOnConnect, Auto), sender, and credentials when it needs them.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>"Beacon 績效管理 &lt;beacon@example.gov.tw&gt;" or a bare address.</summary>
    public string? From { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
}
