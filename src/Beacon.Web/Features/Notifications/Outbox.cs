using Beacon.Core.Notifications;
using Beacon.Web.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Beacon.Web.Features.Notifications;

/// <summary>This app instance, as the owner of the outbox rows it claims.</summary>
public sealed class OutboxInstance
{
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
}

/// <summary>
/// Sends the e-mails of the notices that are due. A batch is claimed first — a lease of
/// <see cref="NotificationOptions.Lease"/> written on the rows, on PostgreSQL after <c>SELECT … FOR UPDATE SKIP LOCKED</c>
/// so instances never wait on each other's rows, on SQLite (one writer at a time) by a conditional UPDATE — then each
/// message is sent over one SMTP connection, its row's lease renewed just before, and its row marked sent by the claim's
/// owner only. A failure that may pass
/// (the server down, a 4xx answer) puts the row back with a doubled wait; a 5xx answer marks it failed for an
/// administrator. A process that dies holding a lease leaves its rows to be taken over when the lease runs out; the
/// Message-Id is fixed per notice, so a message sent just before such a death and sent again is recognisably the same.
/// </summary>
public sealed class Outbox(BeaconDb db, TimeProvider clock, IOptions<NotificationOptions> options, OutboxInstance instance, ILogger<Outbox> log)
{
    private NotificationOptions Options => options.Value;

    /// <summary>Sends one batch of what is due; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        if (!Options.EmailConfigured) return 0;
        var claim = $"{instance.Id}:{Guid.NewGuid():N}";
        var ids = await ClaimAsync(claim, ct);
        if (ids.Count == 0) return 0;
        var notices = await db.Set<Notice>().AsNoTracking().Include(n => n.Event).Where(n => ids.Contains(n.Id)).OrderBy(n => n.Id).ToListAsync(ct);
        var userIds = notices.Select(n => n.UserId).Distinct().ToList();
        var people = (await People.LoadAsync(db, ct)).Where(p => userIds.Contains(p.Person.Id)).ToDictionary(p => p.Person.Id);

        var sent = 0;
        using var smtp = new SmtpClient { Timeout = Options.Smtp.TimeoutSeconds * 1000 };
        foreach (var notice in notices)
        {
            // Someone who lost every role since may no longer read plans that are not published: nothing is sent.
            if (!people.TryGetValue(notice.UserId, out var person) || person.Person.Roles.Count == 0)
            {
                await FinishAsync(notice.Id, claim, EmailState.Off, "the account no longer has a role", ct);
                continue;
            }
            // A batch can take longer than the lease (a slow server, a busy machine): each row's lease is renewed
            // just before its message goes, and a row another instance has taken over since is left to it.
            if (!await RenewAsync(notice.Id, claim, ct)) continue;
            try
            {
                if (!smtp.IsConnected) await ConnectAsync(smtp, ct);
                await smtp.SendAsync(Message(notice, person), ct);
                await FinishAsync(notice.Id, claim, EmailState.Sent, null, ct);
                sent++;
            }
            catch (SmtpCommandException e) when (DeliveryRules.IsPermanent((int)e.StatusCode))
            {
                log.LogWarning("E-mail of notice {Id} to {Email} refused: {Status} {Message}", notice.Id, notice.Email, (int)e.StatusCode, e.Message);
                await FinishAsync(notice.Id, claim, EmailState.Failed, $"{(int)e.StatusCode} {e.Message}", ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("E-mail of notice {Id} to {Email} not sent, retrying later: {Message}", notice.Id, notice.Email, e.Message);
                await RetryLaterAsync(notice, claim, e is SmtpCommandException command ? $"{(int)command.StatusCode} {e.Message}" : e.Message, ct);
                if (!smtp.IsConnected) continue;
            }
        }
        if (smtp.IsConnected)
        {
            try { await smtp.DisconnectAsync(true, ct); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogDebug(e, "SMTP disconnect"); }
        }
        return sent;
    }

    private async Task<List<long>> ClaimAsync(string claim, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Options.Lease;
        var batch = Options.BatchSize;
        var notices = db.Set<Notice>();
        if (db.Database.IsNpgsql())
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var locked = await db.Database.SqlQuery<long>($"""
                SELECT "Id" AS "Value" FROM "Notice"
                WHERE "EmailState" = 'Pending' AND "NextAttemptAt" <= {now} AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                ORDER BY "Id" LIMIT {batch} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            if (locked.Count > 0)
                await notices.Where(n => locked.Contains(n.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(n => n.LeaseOwner, claim).SetProperty(n => n.LeaseUntil, until), ct);
            await tx.CommitAsync(ct);
            return locked;
        }
        var candidates = await notices.Where(n => n.EmailState == EmailState.Pending && n.NextAttemptAt <= now && (n.LeaseUntil == null || n.LeaseUntil < now))
            .OrderBy(n => n.Id).Select(n => n.Id).Take(batch).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        // The condition is checked again by the UPDATE itself: a row another writer claimed in between is left alone.
        await notices.Where(n => candidates.Contains(n.Id) && n.EmailState == EmailState.Pending && (n.LeaseUntil == null || n.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LeaseOwner, claim).SetProperty(n => n.LeaseUntil, until), ct);
        return await notices.Where(n => n.LeaseOwner == claim).Select(n => n.Id).ToListAsync(ct);
    }

    private async Task<bool> RenewAsync(long id, string claim, CancellationToken ct)
    {
        var until = clock.GetUtcNow().UtcDateTime + Options.Lease;
        return await db.Set<Notice>().Where(n => n.Id == id && n.LeaseOwner == claim && n.EmailState == EmailState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LeaseUntil, until), ct) == 1;
    }

    private Task FinishAsync(long id, string claim, EmailState state, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.Set<Notice>().Where(n => n.Id == id && n.LeaseOwner == claim).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.EmailState, state)
            .SetProperty(n => n.SentAt, state == EmailState.Sent ? now : null)
            .SetProperty(n => n.Attempts, n => n.Attempts + 1)
            .SetProperty(n => n.LastError, error)
            .SetProperty(n => n.LeaseOwner, (string?)null)
            .SetProperty(n => n.LeaseUntil, (DateTime?)null), ct);
    }

    private Task RetryLaterAsync(Notice notice, string claim, string error, CancellationToken ct)
    {
        var next = clock.GetUtcNow().UtcDateTime + DeliveryRules.Backoff(notice.Attempts + 1, Options.RetryFirst, Options.RetryLongest);
        var message = error.Length > 1000 ? error[..1000] : error;
        return db.Set<Notice>().Where(n => n.Id == notice.Id && n.LeaseOwner == claim).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Attempts, n => n.Attempts + 1)
            .SetProperty(n => n.NextAttemptAt, next)
            .SetProperty(n => n.LastError, message)
            .SetProperty(n => n.LeaseOwner, (string?)null)
            .SetProperty(n => n.LeaseUntil, (DateTime?)null), ct);
    }

    private async Task ConnectAsync(SmtpClient smtp, CancellationToken ct)
    {
        var s = Options.Smtp;
        var security = Enum.TryParse<SecureSocketOptions>(s.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.StartTls;
        await smtp.ConnectAsync(s.Host!, s.Port, security, ct);
        if (!string.IsNullOrEmpty(s.UserName)) await smtp.AuthenticateAsync(s.UserName, s.Password ?? "", ct);
    }

    private MimeMessage Message(Notice notice, Recipient person)
    {
        var english = person.English;
        var content = NoticeMessages.Compose(notice.Event, english, person.Person.Divisions);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Options.Smtp.From!));
        message.To.Add(MailboxAddress.Parse(notice.Email));
        message.Subject = $"[Beacon] {content.Title}";
        message.Date = notice.Event.At;
        var host = Uri.TryCreate(Options.BaseUrl, UriKind.Absolute, out var baseUri) ? baseUri.Host : "beacon";
        message.MessageId = $"notice-{notice.Id}@{host}";
        message.Headers.Add("Content-Language", english ? "en" : "zh-TW");
        message.Body = new BodyBuilder
        {
            TextBody = NoticeMessages.Text(content, english, Options),
            HtmlBody = NoticeMessages.Html(content, english, Options),
        }.ToMessageBody();
        return message;
    }

    /// <summary>An administrator sends a failed e-mail again (it goes back to the queue, due now).</summary>
    public Task<int> RetryFailedAsync(long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<Notice>().Where(n => n.Id == id && n.EmailState == EmailState.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.EmailState, EmailState.Pending)
            .SetProperty(n => n.NextAttemptAt, now), ct);
    }
}

/// <summary>Sends what is due every <see cref="NotificationOptions.SendInterval"/>, while e-mail is configured.</summary>
public sealed class SenderService(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<SenderService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.EmailConfigured)
        {
            log.LogInformation("E-mail notices are off: set Notifications:Smtp:Host, Notifications:Smtp:From and Notifications:BaseUrl to send them");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                sent = await scope.ServiceProvider.GetRequiredService<Outbox>().SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                log.LogError(e, "Sending notices failed; trying again in {Interval}", options.Value.SendInterval);
            }
            // A full batch: more may be waiting, so go on at once.
            if (sent >= options.Value.BatchSize) continue;
            try { await Task.Delay(options.Value.SendInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
